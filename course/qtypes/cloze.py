"""`cloze`: a passage with gaps (Moodle's embedded answers). Each gap is a short answer, a number or a choice,
scored on its own; the question earns the weighted share of its gaps that are right.

    text = "Outsourcing moves work to {{1}}; offshoring moves it to {{2}}."

    [[questions.gaps]]              # gap {{1}}: the first [[questions.gaps]] table, and so on
    kind = "short"                  # short, numeric or choice
    answers = ["another company"]   # as a `short` question's answers (strings or tables)

A response is a list of strings, one per gap in order: the text typed, the number typed, or the key of the
option chosen ("" for a gap left blank).
"""

from __future__ import annotations

import math
import re
from typing import Literal

from pydantic import Field, field_validator, model_validator

from course.qtypes.base import (
    AnswerTerms,
    PlainPart,
    QuestionType,
    Refused,
    Response,
    ScoreResult,
    Shown,
    letter,
    result,
    xapi_number,
)
from course.qtypes.fields import MAX_CHOICES, Option, QuestionBase, Strict, Text, _check_text, keys_of
from course.qtypes.numeric import parse_number, typed_number_problem
from course.qtypes.short import (
    MAX_TEXT,
    ShortAnswer,
    answers_from_strings,
    answers_may_be_strings,
    describe_accepted,
    full_mark_texts,
    listable,
)
from course.qtypes.textmatch import best_answer
from course.words import plural

GAP_RE = re.compile(r"\{\{\s*(\d+)\s*\}\}")
MAX_GAPS = 20
GapKind = Literal["short", "numeric", "choice"]


class Gap(Strict):
    """One gap of a cloze passage: `kind` says which of the other keys it takes."""

    kind: GapKind = Field(description="short (typed words), numeric (a number) or choice (one of the options)")
    weight: float = Field(default=1.0, gt=0, description="what the gap counts for against the others (default 1)")
    answers: list[ShortAnswer] = Field(default=[], json_schema_extra=answers_may_be_strings)  # short
    answer: float | None = None  # numeric
    tolerance: float = Field(default=0.0, ge=0)  # numeric
    options: list[Option] = Field(default=[], max_length=MAX_CHOICES)  # choice

    _plain_strings = field_validator("answers", mode="before")(answers_from_strings)

    @model_validator(mode="after")
    def _fits_its_kind(self) -> Gap:
        given = {"answers": bool(self.answers), "answer": self.answer is not None or bool(self.tolerance),
                 "options": bool(self.options)}
        needs = {"short": "answers", "numeric": "answer", "choice": "options"}[self.kind]
        extra = [key for key, present in given.items() if present and key != needs and not (
            self.kind == "numeric" and key == "answer")]
        if extra:
            raise ValueError(f"a {self.kind} gap takes `{needs}`, not `{extra[0]}`")
        if self.kind == "short" and not any(a.weight >= 1 for a in self.answers):
            raise ValueError("answers: a short gap needs at least one answer worth full points (weight 1, the default)")
        if self.kind == "numeric" and self.answer is None:
            raise ValueError("answer: a numeric gap needs `answer` (with an optional `tolerance`)")
        if self.kind == "choice":
            if len(self.options) < 2:
                raise ValueError("options: a choice gap needs at least two options")
            if not any(o.correct for o in self.options):
                raise ValueError("options: a choice gap needs one option with correct = true")
        return self

    def option_keys(self) -> list[str]:
        return keys_of(self.options)

    def option_by_key(self) -> dict[str, Option]:
        return dict(zip(self.option_keys(), self.options, strict=True))

    def credit(self, option: Option) -> float:
        return 1.0 if option.correct else max(0.0, option.weight or 0.0)

    def fraction(self, given: str) -> float:
        """What the gap's answer `given` earns, 0..1."""
        if not given.strip():
            return 0.0
        if self.kind == "short":
            best = best_answer(self.answers, given)
            return best.weight if best else 0.0
        if self.kind == "numeric":
            value = parse_number(given)
            assert self.answer is not None
            eps = 1e-9 * max(1.0, abs(self.answer))
            return 1.0 if value is not None and abs(value - self.answer) <= self.tolerance + eps else 0.0
        options = self.option_by_key()
        return self.credit(options[given]) if given in options else 0.0

    def feedback(self, given: str) -> str | None:
        """The feedback of the answer or option `given` matched, if it has one."""
        if self.kind == "short" and given.strip():
            best = best_answer(self.answers, given)
            return best.feedback if best else None
        if self.kind == "choice":
            options = self.option_by_key()
            return options[given].feedback if given in options else None
        return None

    def right(self) -> str:
        if self.kind == "short":
            return max(self.answers, key=lambda a: a.weight).text
        if self.kind == "numeric":
            assert self.answer is not None
            return f"{self.answer:g}"
        return next(k for k, o in self.option_by_key().items() if o.correct)

    def said(self, given: str) -> str:
        """An answer to the gap as the learner reads it (a choice by its option's text)."""
        if self.kind == "choice":
            options = self.option_by_key()
            return options[given].text if given in options else given
        return given

    def terms(self) -> AnswerTerms | None:
        """The gap's answer as texts (a number is none): typed words, or the right options among the others."""
        if self.kind == "short":
            return AnswerTerms(full_mark_texts(self.answers))
        if self.kind == "choice":
            return AnswerTerms.picked_from(self.options)
        return None

    def right_brief(self) -> str:
        """The right answer said once: a short gap's first accepted form, a number with its tolerance."""
        return self.said(self.right()) if self.kind == "short" else self.right_said()

    def asks(self) -> str:
        """What to type in the gap, in a few words."""
        if self.kind == "choice":
            return f"a letter from a to {letter(len(self.options) - 1)}"
        return "a number" if self.kind == "numeric" else "words"

    def verdict(self, number: int, given: str) -> str:
        """The gap's answer, right or wrong, in one sentence for plain mode."""
        if not given.strip():
            return f"Gap {number}: left empty; right: {self.right_brief()}."
        earned = self.fraction(given)
        said = self.said(given)
        if earned >= 1:
            return f"Gap {number}: {said}, right."
        return f"Gap {number}: {said}, {'partly right' if earned > 0 else 'wrong'}; right: {self.right_brief()}."

    def right_said(self) -> str:
        if self.kind == "short":
            return describe_accepted(self.answers)
        if self.kind == "numeric":
            tolerance = f" (± {self.tolerance:g})" if self.tolerance else ""
            return f"{self.said(self.right())}{tolerance}"
        return " or ".join(o.text for o in self.options if o.correct)


class ClozeQuestion(QuestionBase):
    type: Literal["cloze"]
    text: Text = Field(description="the passage; {{1}}, {{2}}... mark its gaps, in the order of [[questions.gaps]]")
    gaps: list[Gap] = Field(min_length=1, max_length=MAX_GAPS)

    _text = field_validator("text")(_check_text)

    @model_validator(mode="after")
    def _gaps_numbered(self) -> ClozeQuestion:
        numbers = [int(n) for n in GAP_RE.findall(self.text)]
        for number in numbers:
            if not 1 <= number <= len(self.gaps):
                raise ValueError(
                    f"text: gap {{{{{number}}}}} has no [[questions.gaps]] table (there are {len(self.gaps)}: "
                    f"number the gaps from {{{{1}}}} to {{{{{len(self.gaps)}}}}})"
                )
        for number in set(numbers):
            if numbers.count(number) > 1:
                raise ValueError(f"text: gap {{{{{number}}}}} is in the passage {numbers.count(number)} times")
        for index in range(len(self.gaps)):
            if index + 1 not in numbers:
                raise ValueError(f"gaps[{index}]: the passage has no {{{{{index + 1}}}}} for this gap")
        if numbers != sorted(numbers):
            raise ValueError("text: number the gaps in reading order ({{1}} first, then {{2}}...)")
        return self

    def pieces(self) -> list[str | int]:
        """The passage as text and gap indexes (0-based), in reading order."""
        out: list[str | int] = []
        at = 0
        for found in GAP_RE.finditer(self.text):
            out += [self.text[at:found.start()], int(found.group(1)) - 1]
            at = found.end()
        return [*out, self.text[at:]]

    def filled(self, fill: list[str]) -> str:
        """The passage with each gap replaced by `fill[index]`, in brackets."""
        return "".join(part if isinstance(part, str) else f"[{fill[part]}]" for part in self.pieces())


def _given(question: ClozeQuestion, response: Response) -> list[str]:
    """One answer per gap ("" for none), whatever shape a stored response has."""
    values = response if isinstance(response, list) else []
    given = [value if isinstance(value, str) else "" for value in values[: len(question.gaps)]]
    return given + [""] * (len(question.gaps) - len(given))


def _fits(gap: Gap, value: str) -> bool:
    """Whether one gap's part of a response is one the gap takes: blank, or an option's key, a number or words."""
    if not value or gap.kind == "short":
        return True
    if gap.kind == "numeric":
        return parse_number(value) is not None
    return value in gap.option_keys()


class ClozeType(QuestionType[ClozeQuestion]):
    name = "cloze"
    label = "fill in the gaps"
    model = ClozeQuestion
    order = 80
    interaction_type = "fill-in"
    gift_skip = "cloze questions have no GIFT form (GIFT has no embedded answers)"
    template = '''\
# ---------------------------------------------------------------- cloze: a passage with gaps
# Each gap is scored on its own: the question earns the weighted share of its gaps that are right.
[[questions]]
id = "cloze-example"
type = "cloze"
prompt = "Fill in the gaps."
text = "A lesson is written in {{1}}; a quiz question may hold up to {{2}} options, shown {{3}}."   # {{n}}: gap n
explanation = "Lessons are Markdown files in lessons/; a question has at most 50 options."

[[questions.gaps]]            # gap {{1}}: the first gaps table, and so on
kind = "short"                # short: typed words, matched as a short answer's are
answers = ["Markdown"]        # accepted answers (strings, or tables with text, weight, wildcard, feedback)

[[questions.gaps]]
kind = "numeric"              # numeric: a number
answer = 50
tolerance = 0                 # give or take this much (default 0)
weight = 2                    # what the gap counts for against the others (default 1)

[[questions.gaps]]
kind = "choice"               # choice: one of the options, from a list
options = [{ text = "on one screen", correct = true }, { text = "one by one" }]   # as a single question's options
'''

    def score(self, question: ClozeQuestion, response: Response) -> ScoreResult:
        given = _given(question, response)
        total = math.fsum(gap.weight for gap in question.gaps)
        earned = math.fsum(gap.weight * gap.fraction(value) for gap, value in zip(question.gaps, given, strict=True))
        every = all(gap.fraction(value) >= 1 for gap, value in zip(question.gaps, given, strict=True))
        fraction = 1.0 if every else min(earned / total, 1.0 - 1e-6)
        feedback = [fb for gap, value in zip(question.gaps, given, strict=True) if (fb := gap.feedback(value))]
        return result(question, fraction, feedback)

    def response_problem(self, question: ClozeQuestion, response: Response) -> str | None:
        gaps = question.gaps
        if (
            isinstance(response, list) and len(response) == len(gaps) and any(response)
            and all(isinstance(value, str) and _fits(gap, value) for gap, value in zip(gaps, response, strict=True))
        ):
            return None
        return (f"a cloze question takes a list of {len(gaps)} texts, one per gap (\"\" for none, at least one "
                f"given; a choice gap's option key, a numeric gap's number), got {self.quoted(response)}")

    def right_response(self, question: ClozeQuestion) -> Response:
        return [gap.right() for gap in question.gaps]

    def guess_score(self, question: ClozeQuestion) -> float | None:
        """A typed gap is not guessed (0); a choice gap by any of its options equally likely."""
        total = math.fsum(gap.weight for gap in question.gaps)
        guessed = math.fsum(
            gap.weight * math.fsum(gap.credit(o) for o in gap.options) / len(gap.options)
            for gap in question.gaps if gap.kind == "choice"
        )
        return guessed / total

    def printed_texts(self, question: ClozeQuestion) -> list[tuple[str, str]]:
        options = [("options", o.text) for gap in question.gaps for o in gap.options]
        return [("passage", question.text), *options]

    def answer_terms(self, question: ClozeQuestion) -> list[AnswerTerms]:
        return [terms for gap in question.gaps if (terms := gap.terms()) is not None]

    def describe_response(self, question: ClozeQuestion, response: Response, shown: Shown, marked: bool) -> str:
        given = _given(question, response)
        said = []
        for gap, value in zip(question.gaps, given, strict=True):
            text = gap.said(value) if value.strip() else "…"
            if marked:
                text += " ✓" if gap.fraction(value) >= 1 else f" ✗ (right: {gap.right_said()})"
            said.append(text)
        return question.filled(said)

    def describe_right_answer(self, question: ClozeQuestion, shown: Shown) -> str:
        return question.filled([gap.right_said() for gap in question.gaps])

    def unanswered_parts(self, question: ClozeQuestion, response: Response) -> int:
        return sum(1 for value in _given(question, response) if not value.strip())

    def unanswered_doubt(self, question: ClozeQuestion, response: Response) -> str | None:
        blank = self.unanswered_parts(question, response)
        if not blank:
            return None
        return f"{plural(blank, 'gap')} {'are' if blank != 1 else 'is'} empty and {'score' if blank != 1 else 'scores'} 0. Answer anyway?"

    def in_words(self, described: str) -> str:
        said = described.replace(" ✓]", " (right)]").replace(" ✗ (right: ", " (wrong; right: ")
        return said.replace("[…", "[empty")  # a gap left blank, as a screen reader should say it

    def plain_lines(self, question: ClozeQuestion, shown: Shown) -> list[tuple[str, str]]:
        return [("", question.filled([f"gap {i + 1}" for i in range(len(question.gaps))]))]

    def plain_expected(self, question: ClozeQuestion, shown: Shown) -> str:
        choice = " (a choice by its letter)" if any(gap.kind == "choice" for gap in question.gaps) else ""
        return (f"The {len(question.gaps)} gaps are asked one at a time: type each one's answer{choice}, or press "
                "Enter to leave it empty; you can change any gap before the answer counts.")

    def one_line(self, question: ClozeQuestion) -> str:
        """How every gap is typed on one line."""
        example = " | ".join({"short": "words", "numeric": "6", "choice": "a"}[gap.kind] for gap in question.gaps)
        return f"type the {len(question.gaps)} gaps in order, separated by |, for example: {example}"

    def plain_parts(self, question: ClozeQuestion, shown: Shown) -> list[PlainPart]:
        count = len(question.gaps)
        return [PlainPart(f"gap {number} of {count}", gap.asks(),
                          tuple((f"{letter(i)}.", o.text) for i, o in enumerate(gap.options)))
                for number, gap in enumerate(question.gaps, 1)]

    def parse_part(self, question: ClozeQuestion, shown: Shown, index: int, typed: str) -> str | Refused:
        gap, number, part = question.gaps[index], index + 1, typed.strip()
        if len(part) > MAX_TEXT:
            return Refused(f"Gap {number} has {len(part)} characters; a gap takes at most {MAX_TEXT}.")
        if "|" in part:
            return Refused(f"Gap {number}: a gap's answer cannot hold a |; type this gap's answer alone.")
        if gap.kind == "numeric" and (problem := typed_number_problem(part)):
            return Refused(f"Gap {number}: {problem}")
        if gap.kind == "choice" and part:
            keys = {letter(i): key for i, key in enumerate(gap.option_keys())}
            if part.lower() not in keys:
                return Refused(f"Gap {number}: there is no option {part}; type a letter from a to "
                               f"{letter(len(keys) - 1)}.")
            part = keys[part.lower()]
        return part

    def from_parts(self, question: ClozeQuestion, shown: Shown, parts: list[str]) -> Response | Refused:
        if len(parts) != len(question.gaps) or not any(parts):
            return Refused("Every gap is empty: give at least one, or skip the question.")
        return list(parts)

    def part_verdicts(self, question: ClozeQuestion, shown: Shown, response: Response) -> list[str]:
        given = _given(question, response)
        return [gap.verdict(number, value) for number, (gap, value) in enumerate(zip(question.gaps, given, strict=True), 1)]

    def brief_right_answer(self, question: ClozeQuestion, shown: Shown) -> str:
        return question.filled([gap.right_brief() for gap in question.gaps])

    def parse(self, question: ClozeQuestion, shown: Shown, typed: str) -> Response | Refused:
        parts = typed.split("|")
        if len(parts) != len(question.gaps):
            return Refused(f"That is {len(parts)} gap{'s' if len(parts) != 1 else ''}; the passage has "
                           f"{len(question.gaps)}: {self.one_line(question)}.")
        response: list[str] = []
        for index, part in enumerate(parts):
            value = self.parse_part(question, shown, index, part)
            if isinstance(value, Refused):
                return value
            response.append(value)
        return self.from_parts(question, shown, response)

    def typed_form(self, question: ClozeQuestion, shown: Shown, response: Response) -> str:
        typed = []
        for gap, value in zip(question.gaps, _given(question, response), strict=True):
            if gap.kind == "choice" and value in gap.option_keys():
                value = letter(gap.option_keys().index(value))
            typed.append(value)
        return " | ".join(typed)

    def xapi_patterns(self, question: ClozeQuestion) -> list[str] | None:
        rights = []
        for gap in question.gaps:
            if gap.kind == "short":
                texts = listable(gap.answers)
                if not texts:
                    return None
                rights.append(texts[0])
            else:
                rights.append(gap.right() if gap.kind == "choice" else xapi_number(gap.answer or 0.0))
        return ["[,]".join(rights)]

    def xapi_response(self, question: ClozeQuestion, response: Response) -> str | None:
        given = _given(question, response)
        if not any(value.strip() for value in given):
            return None
        values = []
        for gap, value in zip(question.gaps, given, strict=True):
            number = parse_number(value) if gap.kind == "numeric" else None
            values.append(xapi_number(number) if number is not None else value.strip().replace("[,]", ","))
        return "[,]".join(values)


TYPE = ClozeType()
