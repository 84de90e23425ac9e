"""`short`: a typed answer, matched ignoring case, punctuation, runs of spaces, a leading article and the
number of the last word; a space between two words counts (course.qtypes.textmatch). A response is the text typed."""

from __future__ import annotations

import unicodedata
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from course.qtypes import gifttext as gift
from course.qtypes.base import (
    AnswerTerms,
    GiftSkip,
    QuestionType,
    Refused,
    Response,
    ScoreResult,
    Shown,
    partly,
    percent,
    result,
)
from course.qtypes.fields import QuestionBase, Strict, Text, WholeNumber, _check_text
from course.qtypes.textmatch import best_answer

MAX_TEXT = 200  # characters of a typed answer, as the app's answer box

class ShortAnswer(Strict):
    text: Text
    weight: float = Field(default=1.0, ge=0, le=1)
    feedback: str | None = None
    # `*` in the text stands for any text, none included (Moodle's wildcard); `text = "*"` matches anything.
    wildcard: bool = Field(default=False, description="`*` in the text stands for any text (Moodle's wildcard)")

    _text = field_validator("text")(_check_text)

    @model_validator(mode="after")
    def _not_only_punctuation(self) -> ShortAnswer:
        # Answers are compared ignoring punctuation and spaces; one made only of those could never match.
        if self.wildcard and "*" in self.text:
            return self
        if not any(
            not unicodedata.category(ch).startswith(("P", "Z")) and not ch.isspace()
            for ch in unicodedata.normalize("NFKC", self.text)
        ):
            raise ValueError("an accepted answer needs letters or digits; punctuation and spaces are ignored")
        return self


def answers_from_strings(value: object) -> object:
    """`answers = ["SLA", ...]`: each string is an answer's text (worth full points)."""
    if isinstance(value, list):
        return [{"text": a} if isinstance(a, str) else a for a in value]
    return value


_FULL_ANSWER: dict[str, Any] = {
    "anyOf": [{"type": "string"}, {"not": {"required": ["weight"]}}, {"properties": {"weight": {"const": 1}}}]
}


def answers_may_be_strings(schema: dict[str, Any]) -> None:
    """Said to JSON Schema: `answers = ["SLA", ...]` is taken as well as [[questions.answers]] tables."""
    schema["items"] = {"anyOf": [{"type": "string", "pattern": r"\S"}, schema["items"]]}


def _answers_schema(schema: dict[str, Any]) -> None:
    schema["contains"] = _FULL_ANSWER  # one answer worth full points
    answers_may_be_strings(schema)


class ShortQuestion(QuestionBase):
    type: Literal["short"]
    answers: list[ShortAnswer] = Field(json_schema_extra=lambda schema: _answers_schema(schema))
    fuzzy: WholeNumber = Field(default=0, ge=0, le=3)

    _plain_strings = field_validator("answers", mode="before")(answers_from_strings)

    @model_validator(mode="after")
    def _some_answer(self) -> ShortQuestion:
        if not any(a.weight >= 1 for a in self.answers):
            raise ValueError(
                "answers: a short-answer question needs at least one answer worth full points (weight 1, the default)"
            )
        return self




def typed_text(typed: str) -> Response | Refused:
    """A typed answer as it is kept: without surrounding spaces, at most MAX_TEXT characters."""
    text = typed.strip()
    if len(text) > MAX_TEXT:
        return Refused(f"That answer has {len(text)} characters; an answer has at most {MAX_TEXT}.")
    return text


def describe_accepted(answers: list[ShortAnswer]) -> str:
    """The answers worth full points (and those worth part, with their share) in words."""
    full = " / ".join(a.text for a in answers if a.weight >= 1) or answers[0].text
    return full + partly([f"{a.text} ({percent(a.weight)})" for a in answers if 0 < a.weight < 1 and not a.wildcard])


def full_mark_texts(answers: list[ShortAnswer]) -> tuple[str, ...]:
    """The answers worth full points that are texts a learner types as written (not a wildcard pattern)."""
    return tuple(a.text for a in answers if a.weight >= 1 and not (a.wildcard and "*" in a.text))


def canonical(answers: list[ShortAnswer]) -> str:
    """The first answer worth full points: the form a right answer is said in when one is enough."""
    return max(answers, key=lambda a: a.weight).text


def listable(answers: list[ShortAnswer]) -> list[str]:
    """The full-mark answers xAPI can list as fill-in responses (no wildcard, nothing xAPI reads as syntax)."""
    return [t for t in full_mark_texts(answers) if "[,]" not in t and not t.startswith("{")]


class ShortType(QuestionType[ShortQuestion]):
    name = "short"
    label = "short answer"
    model = ShortQuestion
    order = 60
    interaction_type = "fill-in"
    lint_rules = ("one-short-answer", "short-answer-forms")
    template = '''\
# ---------------------------------------------------------------- short: a typed answer
[[questions]]
id = "short-example"
type = "short"
prompt = "Which command validates a course?"
explanation = "`course check` lists every problem with its file and line."
fuzzy = 1                     # typing mistakes allowed against answers of 5+ characters, 0..3 (default 0)
# answers = ["course check", "check"]   # the short form: accepted answers, each worth full points

[[questions.answers]]
text = "course check"         # an accepted answer (case, punctuation and extra spaces are ignored)

[[questions.answers]]
text = "*check"
wildcard = true               # optional: each * in the text stands for any text, none included (default false)
weight = 0.5                  # fraction of the points it earns, 0..1 (default 1)
feedback = "Yes: run it as `course check`."   # optional: shown when this answer is given

'''

    def score(self, question: ShortQuestion, response: Response) -> ScoreResult:
        if not isinstance(response, str):
            return result(question, 0.0, [])
        best = best_answer(question.answers, response, question.fuzzy)
        if best is None:
            return result(question, 0.0, [])
        return result(question, best.weight, [best.feedback] if best.feedback else [])

    def response_problem(self, question: ShortQuestion, response: Response) -> str | None:
        if isinstance(response, str) and response.strip():
            return None
        return f"a short-answer question takes the text typed (not blank), got {self.quoted(response)}"

    def right_response(self, question: ShortQuestion) -> Response:
        return max(question.answers, key=lambda a: a.weight).text

    def guess_score(self, question: ShortQuestion) -> float | None:
        return 0.0  # a typed answer is not guessed from a list

    def answer_terms(self, question: ShortQuestion) -> list[AnswerTerms]:
        return [AnswerTerms(full_mark_texts(question.answers))]

    def describe_response(self, question: ShortQuestion, response: Response, shown: Shown, marked: bool) -> str:
        return str(response)

    def describe_right_answer(self, question: ShortQuestion, shown: Shown) -> str:
        return describe_accepted(question.answers)

    def brief_right_answer(self, question: ShortQuestion, shown: Shown) -> str:
        return canonical(question.answers)

    def plain_expected(self, question: ShortQuestion, shown: Shown) -> str:
        return "Type your answer in words."

    def parse(self, question: ShortQuestion, shown: Shown, typed: str) -> Response | Refused:
        return typed_text(typed)

    def typed_form(self, question: ShortQuestion, shown: Shown, response: Response) -> str:
        return str(response)

    def xapi_patterns(self, question: ShortQuestion) -> list[str] | None:
        return listable(question.answers) or None

    def xapi_response(self, question: ShortQuestion, response: Response) -> str | None:
        return response.strip() or None if isinstance(response, str) else None

    def gift(self, question: ShortQuestion, notes: list[str]) -> list[str]:
        if question.fuzzy:
            notes.append(
                f"fuzzy = {question.fuzzy} (typing mistakes allowed) has no GIFT form: Moodle wants exact answers"
            )
        lines: list[str] = []
        written: set[str] = set()
        ordered = gift.best_first(question.answers, notes)
        # Moodle takes the first answer that matches: each answer's forms come after the answers of its weight
        # and before any answer worth less (a `*` for every other answer, say).
        for weight in sorted({a.weight for a in ordered}, reverse=True):
            group = [a for a in ordered if a.weight == weight]
            for accepted in group:
                lines.append(_short_line(accepted, accepted.text, notes))
                written.add(accepted.text.strip().casefold())
            for accepted in group:
                wildcard = accepted.wildcard and "*" in accepted.text
                for form in gift.moodle_forms(accepted.text, wildcard)[1:]:
                    if form.casefold() not in written:
                        lines.append(_short_line(accepted, form, notes))
                        written.add(form.casefold())
        return lines


def _short_line(accepted: ShortAnswer, form: str, notes: list[str]) -> str:
    if "->" in form:
        raise GiftSkip(f"the answer {accepted.text!r} contains `->`: GIFT would read a matching question")
    text = gift.text_answer(form, notes)
    if not accepted.wildcard:
        text = text.replace("*", "\\*")  # Moodle: `*` is a wildcard in short answers, `\*` a star
    weight = "" if accepted.weight >= 1 else gift.percent(accepted.weight)
    if weight and not gift.is_moodle_grade(accepted.weight):
        notes.append(f"weight {weight} is not one of Moodle's grades (see docs/authoring.md)")
    return f"={weight}{text}{gift.feedback(accepted.feedback)}"


TYPE = ShortType()
