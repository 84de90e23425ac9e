"""The content models: what a lesson, a quiz and each question type hold.

Every model forbids unknown keys, so a typo such as `pass_mak` is reported rather than ignored.
Rules that involve one question (one right answer, enough options...) are checked here; rules that
span files (duplicate ids, references between lessons and quizzes) are checked in `validate`.
"""

from __future__ import annotations

import math
import re
import unicodedata
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from course.content.slugs import SLUG_MAX, SLUG_RE, is_slug

Slug = Annotated[str, Field(min_length=1, max_length=64)]

# Limits an author can rely on (docs/authoring.md, "Limits"). A question's choices are all laid out on the
# quiz screen at once: past MAX_CHOICES the screen would take seconds to draw, past WARN_CHOICES a learner
# scrolls through them on a 24-line terminal.
MAX_CHOICES = 50
WARN_CHOICES = 20

# The same rules, said to JSON Schema (the models enforce them with their own messages).
_SLUG_SCHEMA: dict[str, Any] = {"pattern": SLUG_RE.pattern, "maxLength": SLUG_MAX}
_TEXT_SCHEMA: dict[str, Any] = {"pattern": r"\S"}  # not empty, not only spaces


def _whole_number(value: object) -> object:
    """1.0 is the whole number 1, as it is for JSON Schema's "integer"; strings and booleans stay refused."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


WholeNumber = Annotated[int, BeforeValidator(_whole_number)]
PositiveWholeNumber = Annotated[int, Field(ge=1), BeforeValidator(_whole_number)]
Text = Annotated[str, Field(json_schema_extra=_TEXT_SCHEMA)]
SlugId = Annotated[str, Field(json_schema_extra=_SLUG_SCHEMA)]
_CHOICES_SCHEMA: dict[str, Any] = {"minItems": 2}  # the most is Field(max_length=MAX_CHOICES)


def _check_slug(value: str, what: str = "id") -> str:
    if not is_slug(value):
        raise ValueError(
            f"{what} {value!r} is not a slug: use lower-case letters, digits and single hyphens "
            "(for example 'cost-quiz')"
        )
    return value


def _check_text(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


def _check_optional_text(value: str | None) -> str | None:
    return None if value is None else _check_text(value)


class Strict(BaseModel):
    """Content as written: no string is turned into a number or a boolean, no number into a string,
    and `nan` or `inf` are never a number (they would make a question impossible to answer)."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=False, strict=True, allow_inf_nan=False
    )


# --------------------------------------------------------------------------- questions


class Option(Strict):
    text: Text
    correct: bool = False
    # The fraction of the question's points this option earns when picked (Moodle's answer grade).
    # `single`: 0..1 for a partly right option (a fully right one says `correct = true`).
    # `multiple`: -1..1; when any option has one, the question is scored by weights (see docs/authoring.md).
    weight: float | None = Field(
        default=None, ge=-1, le=1,
        description="Fraction of the points earned when picked: single 0..1 (partly right), multiple -1..1",
    )
    feedback: str | None = None
    pinned: bool = False
    id: SlugId | None = None

    _text = field_validator("text")(_check_text)

    @field_validator("id")
    @classmethod
    def _slug(cls, v: str | None) -> str | None:
        return None if v is None else _check_slug(v, "option id")


# The item-writing rules of `course check` (course.content.lint), by the id an author names in `lint_ok`.
LINT_RULES = (
    "longest-option",
    "shortest-option",
    "absolute-words",
    "of-the-above",
    "negative-stem",
    "true-false-balance",
    "one-short-answer",
    "several-right-single",
    "wrong-option-count",
    "answer-in-sibling",
    "short-answer-forms",
    "cue-guesser",
)
LintRule = Literal[
    "longest-option", "shortest-option", "absolute-words", "of-the-above", "negative-stem", "true-false-balance",
    "one-short-answer", "several-right-single", "wrong-option-count", "answer-in-sibling", "short-answer-forms",
    "cue-guesser",
]
_TAGS_SCHEMA: dict[str, Any] = {"uniqueItems": True}


def _check_tags(value: list[str]) -> list[str]:
    for tag in value:
        if not is_slug(tag):
            raise ValueError(
                f"tag {tag!r} is not a slug: use lower-case letters, digits and single hyphens "
                "(for example 'scenario')"
            )
    if len(set(value)) != len(value):
        raise ValueError("each tag must be different")
    return value


def _check_lint_ok(value: list[str]) -> list[str]:
    if len(set(value)) != len(value):
        raise ValueError("each rule id must be different")
    return value


Tags = Annotated[list[SlugId], Field(json_schema_extra=_TAGS_SCHEMA)]
LintOk = Annotated[
    list[LintRule],
    Field(json_schema_extra=_TAGS_SCHEMA, description="item-writing warnings silenced here, by rule id"),
]
LintReason = Annotated[
    Text | None,
    Field(description="why the rules in lint_ok are silenced here, for the next author"),
]


TYPE_NAMES = {
    "single": "one answer",
    "multiple": "choose all that apply",
    "true_false": "true or false",
    "matching": "matching",
    "ordering": "put in order",
    "short": "short answer",
    "numeric": "a number",
}
"""Each question type as a learner is told it (the app's and the plain mode's question headings)."""

class QuestionBase(Strict):
    id: SlugId
    prompt: Text
    points: float = Field(default=1.0, ge=0)
    explanation: Text
    section: str | None = None
    feedback_wrong: str | None = None
    tags: Tags = []
    lint_ok: LintOk = []
    lint_reason: LintReason = None

    _prompt = field_validator("prompt", "explanation")(_check_text)
    _lint_reason = field_validator("lint_reason")(_check_optional_text)
    _tags = field_validator("tags")(_check_tags)
    _lint_ok = field_validator("lint_ok")(_check_lint_ok)

    @field_validator("id")
    @classmethod
    def _slug(cls, v: str) -> str:
        return _check_slug(v, "question id")

    @property
    def has_options(self) -> bool:
        return False


class ChoiceQuestion(QuestionBase):
    options: list[Option] = Field(max_length=MAX_CHOICES, json_schema_extra=_CHOICES_SCHEMA)

    @model_validator(mode="after")
    def _options(self) -> ChoiceQuestion:
        if len(self.options) < 2:
            raise ValueError("options: a choice question needs at least two options")
        keys = self.option_keys()
        for index, key in enumerate(keys):
            if key in keys[:index]:
                raise ValueError(
                    f"options[{index}].id: option id {key!r} is used twice in this question; "
                    "option ids must be unique within the question"
                )
        return self

    def option_keys(self) -> list[str]:
        """Stable keys of the options: their `id`, or a, b, c... by position."""
        return [o.id or _letter(i) for i, o in enumerate(self.options)]

    def option_by_key(self) -> dict[str, Option]:
        return dict(zip(self.option_keys(), self.options, strict=True))

    def correct_keys(self) -> list[str]:
        return [k for k, o in zip(self.option_keys(), self.options, strict=True) if o.correct]

    def credits(self) -> list[float]:
        """What picking each option earns, as a fraction of the points (negative: what it costs)."""
        raise NotImplementedError

    def credit_by_key(self) -> dict[str, float]:
        return dict(zip(self.option_keys(), self.credits(), strict=True))

    @property
    def has_options(self) -> bool:
        return True


def _letter(i: int) -> str:
    letters = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        letters = chr(ord("a") + r) + letters
    return letters


# Weights written as percentages (33.33333%) add up to 1 only within this.
WEIGHT_SUM_TOLERANCE = 1e-3
_RIGHT_OPTION: dict[str, Any] = {"required": ["correct"], "properties": {"correct": {"const": True}}}


def _single_options_schema(schema: dict[str, Any]) -> None:
    """One right option at least; a partly right option's weight is from 0 up to (not including) 1, and an
    option with correct = true has none."""
    schema.update(_CHOICES_SCHEMA, contains=_RIGHT_OPTION)
    schema["items"] = {
        **schema["items"],
        "properties": {"weight": {"minimum": 0, "exclusiveMaximum": 1}},
        "not": {"required": ["correct", "weight"], "properties": {"correct": {"const": True}}},
    }


class SingleQuestion(ChoiceQuestion):
    """One answer is picked. Any option with `correct = true` earns full points; an option with a
    `weight` between 0 and 1 earns that fraction (Moodle's one-answer multiple choice)."""

    type: Literal["single"]
    options: list[Option] = Field(
        max_length=MAX_CHOICES, json_schema_extra=lambda schema: _single_options_schema(schema)
    )

    @model_validator(mode="after")
    def _one_right(self) -> SingleQuestion:
        for index, option in enumerate(self.options):
            if option.weight is None:
                continue
            if option.correct:
                raise ValueError(
                    f"options[{index}].weight: an option with correct = true earns full points; "
                    "remove `weight`, or `correct` to give partial credit"
                )
            if not 0 <= option.weight < 1:
                raise ValueError(
                    f"options[{index}].weight: in a single-choice question a weight is partial credit, "
                    f"from 0 up to (not including) 1 (found {option.weight:g}); mark a fully right option "
                    "with correct = true"
                )
        if not any(o.correct for o in self.options):
            raise ValueError(
                "options: a single-choice question needs at least one option with correct = true (found 0)"
            )
        return self

    def credits(self) -> list[float]:
        return [1.0 if o.correct else (o.weight or 0.0) for o in self.options]


class MultipleQuestion(ChoiceQuestion):
    """Several answers may be picked. Without weights each right option earns 1/R and each wrong one
    costs 1/W; with weights (Moodle's) the weights of the options picked are added up."""

    type: Literal["multiple"]
    options: list[Option] = Field(
        max_length=MAX_CHOICES, json_schema_extra={**_CHOICES_SCHEMA, "contains": _RIGHT_OPTION}
    )

    @model_validator(mode="after")
    def _some_right(self) -> MultipleQuestion:
        if not any(o.correct for o in self.options):
            raise ValueError("options: a multiple-choice question needs at least one option with correct = true")
        if self.weighted:
            for index, option in enumerate(self.options):
                weight = option.weight if option.weight is not None else 0.0
                if option.correct and weight <= 0:
                    raise ValueError(
                        f"options[{index}].weight: when options have weights, each right option (correct = true) "
                        "needs a weight above 0"
                    )
                if not option.correct and weight > 0:
                    raise ValueError(
                        f"options[{index}].weight: an option with a weight above 0 earns points: mark it "
                        "correct = true, or make its weight 0 or negative"
                    )
            total = sum(o.weight or 0.0 for o in self.options if o.correct)
            if abs(total - 1) > WEIGHT_SUM_TOLERANCE:
                raise ValueError(
                    f"options: the weights of the right options must add up to 1 (found {total:g})"
                )
        return self

    @property
    def weighted(self) -> bool:
        return any(o.weight is not None for o in self.options)

    def credits(self) -> list[float]:
        if self.weighted:
            return [o.weight or 0.0 for o in self.options]
        right = sum(o.correct for o in self.options)
        wrong = len(self.options) - right
        return [1 / right if o.correct else -1 / wrong for o in self.options]


class TrueFalseQuestion(QuestionBase):
    type: Literal["true_false"]
    answer: bool
    feedback_true: str | None = None
    feedback_false: str | None = None


class Pair(Strict):
    item: Text
    match: Text

    _texts = field_validator("item", "match")(_check_text)


class MatchingQuestion(QuestionBase):
    type: Literal["matching"]
    pairs: list[Pair] = Field(max_length=MAX_CHOICES, json_schema_extra=_CHOICES_SCHEMA)
    distractors: list[str] = []

    @model_validator(mode="after")
    def _pairs(self) -> MatchingQuestion:
        if len(self.pairs) < 2:
            raise ValueError("pairs: a matching question needs at least two pairs")
        if len(self.pairs) + len(self.distractors) > MAX_CHOICES:
            raise ValueError(
                f"pairs: a matching question can have at most {MAX_CHOICES} matches, distractors included "
                f"(found {len(self.pairs) + len(self.distractors):,}); split it into several questions"
            )
        items = [p.item for p in self.pairs]
        if len(set(items)) != len(items):
            raise ValueError("pairs: each item must be different")
        # Items may share a match (as in Moodle); a distractor is a match that belongs to no item.
        matches = {p.match for p in self.pairs}
        if len(set(self.distractors)) != len(self.distractors) or matches & set(self.distractors):
            raise ValueError("distractors: each distractor must differ from the matches and from the other distractors")
        return self

    def choices(self) -> list[str]:
        """Every match a learner can pick from, each once: the right ones, then the distractors."""
        return list(dict.fromkeys([p.match for p in self.pairs] + list(self.distractors)))


class OrderingQuestion(QuestionBase):
    type: Literal["ordering"]
    items: list[Text] = Field(max_length=MAX_CHOICES, json_schema_extra={**_CHOICES_SCHEMA, "uniqueItems": True})

    @model_validator(mode="after")
    def _items(self) -> OrderingQuestion:
        if len(self.items) < 2:
            raise ValueError("items: an ordering question needs at least two items")
        if len(set(self.items)) != len(self.items):
            raise ValueError("items: each item must be different")
        for item in self.items:
            _check_text(item)
        return self


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


_FULL_ANSWER: dict[str, Any] = {
    "anyOf": [{"type": "string"}, {"not": {"required": ["weight"]}}, {"properties": {"weight": {"const": 1}}}]
}


class ShortQuestion(QuestionBase):
    type: Literal["short"]
    answers: list[ShortAnswer] = Field(json_schema_extra={"contains": _FULL_ANSWER})
    fuzzy: WholeNumber = Field(default=0, ge=0, le=3)

    @field_validator("answers", mode="before")
    @classmethod
    def _plain_strings(cls, v: object) -> object:
        if isinstance(v, list):
            return [{"text": a} if isinstance(a, str) else a for a in v]
        return v

    @model_validator(mode="after")
    def _some_answer(self) -> ShortQuestion:
        if not any(a.weight >= 1 for a in self.answers):
            raise ValueError(
                "answers: a short-answer question needs at least one answer worth full points (weight 1, the default)"
            )
        return self


def _check_value_or_range(
    answer: float | None, low: float | None, high: float | None, prefix: str = ""
) -> None:
    has_range = low is not None or high is not None
    if answer is None and not has_range:
        raise ValueError(f"{prefix}a numeric answer needs `answer` (with an optional `tolerance`) or `min` and `max`")
    if answer is not None and has_range:
        raise ValueError(f"{prefix}give either `answer` and `tolerance`, or `min` and `max`, not both")
    if has_range and (low is None or high is None):
        raise ValueError(f"{prefix}a numeric range needs both `min` and `max`")
    if low is not None and high is not None and low > high:
        raise ValueError(f"{prefix}`min` must not be greater than `max`")


def _bounds(answer: float | None, tolerance: float, low: float | None, high: float | None) -> tuple[float, float]:
    if answer is not None:
        return answer - tolerance, answer + tolerance
    assert low is not None and high is not None
    return low, high


_ANY_VALUE: dict[str, Any] = {"anyOf": [{"required": ["answer"]}, {"required": ["min"]}, {"required": ["max"]}]}
_OTHER: dict[str, Any] = {"required": ["other"], "properties": {"other": {"const": True}}}
_FULL_NUMBER: dict[str, Any] = {
    "anyOf": [{"not": {"required": ["weight"]}}, {"properties": {"weight": {"const": 1}}}],
    "not": _OTHER,
}
_VALUE_FORMS: list[dict[str, Any]] = [
    {"required": ["answer"], "not": {"anyOf": [{"required": ["min"]}, {"required": ["max"]}]}},
    {"required": ["min", "max"], "not": {"required": ["answer"]}},
]
_NO_ANSWERS: dict[str, Any] = {"properties": {"answers": {"maxItems": 0}}}
# Said to JSON Schema: `answer` (and `tolerance`), or `min` and `max`, or a list of `answers` with one worth
# full points; an answer of the list is a number, a range, or `other = true`.
_NUMERIC_SCHEMA: dict[str, Any] = {
    "oneOf": [
        *({**form, "allOf": [_NO_ANSWERS]} for form in _VALUE_FORMS),
        {
            "required": ["answers"],
            "properties": {"answers": {"minItems": 1, "contains": _FULL_NUMBER}, "tolerance": {"const": 0}},
            "not": _ANY_VALUE,
        },
    ]
}
_NUMERIC_ANSWER_SCHEMA: dict[str, Any] = {
    "oneOf": [
        {**_OTHER, "not": _ANY_VALUE},
        *({**form, "allOf": [{"not": _OTHER}]} for form in _VALUE_FORMS),
    ]
}


class NumericAnswer(Strict):
    """One accepted number of a numeric question with several answers (`[[questions.answers]]`)."""

    model_config = ConfigDict(json_schema_extra=_NUMERIC_ANSWER_SCHEMA)

    answer: float | None = None
    tolerance: float = Field(default=0.0, ge=0)
    min: float | None = None
    max: float | None = None
    # any other number (Moodle's catch-all `*`): only its weight and feedback count
    other: bool = Field(default=False, description="Any other number (the last answer): its weight and feedback")
    weight: float = Field(default=1.0, ge=0, le=1, description="Fraction of the points this answer earns")
    feedback: str | None = None

    @model_validator(mode="after")
    def _value_or_range(self) -> NumericAnswer:
        if self.other:
            if self.answer is not None or self.min is not None or self.max is not None:
                raise ValueError("an answer with other = true matches any number: leave out `answer`, `min` and `max`")
            return self
        _check_value_or_range(self.answer, self.min, self.max)
        return self

    def bounds(self) -> tuple[float, float]:
        if self.other:
            return -math.inf, math.inf
        return _bounds(self.answer, self.tolerance, self.min, self.max)


class NumericQuestion(QuestionBase):
    model_config = ConfigDict(json_schema_extra=_NUMERIC_SCHEMA)

    type: Literal["numeric"]
    answer: float | None = None
    tolerance: float = Field(default=0.0, ge=0)
    min: float | None = None
    max: float | None = None
    unit: str | None = None
    # Several accepted numbers, each with a weight and feedback; the best that matches counts.
    answers: list[NumericAnswer] = []

    @model_validator(mode="after")
    def _value_or_range(self) -> NumericQuestion:
        if self.answers:
            if self.answer is not None or self.min is not None or self.max is not None or self.tolerance:
                raise ValueError(
                    "give either `answer`/`tolerance` or `min`/`max`, or a list of [[questions.answers]], not both"
                )
            for index, accepted in enumerate(self.answers[:-1]):
                if accepted.other:
                    raise ValueError(
                        f"answers[{index}].other: the answer for any other number must be the last one "
                        "(answers after it could never match)"
                    )
            if not any(a.weight >= 1 and not a.other for a in self.answers):
                raise ValueError(
                    "answers: a numeric question needs at least one answer worth full points (weight 1, the default)"
                )
            return self
        _check_value_or_range(self.answer, self.min, self.max)
        return self

    def accepted(self) -> list[NumericAnswer]:
        """Every accepted number, in the order they are tried (one when the question has no `answers`)."""
        if self.answers:
            return list(self.answers)
        return [NumericAnswer(answer=self.answer, tolerance=self.tolerance, min=self.min, max=self.max)]

    def bounds(self) -> tuple[float, float]:
        """The range of the first answer worth full points."""
        best = next(a for a in self.accepted() if a.weight >= 1 and not a.other)
        return best.bounds()

    def best_match(self, value: float) -> NumericAnswer | None:
        """The answer that counts for `value`: of those that hold it, the one worth most (the first of equals)."""
        best: NumericAnswer | None = None
        for accepted in self.accepted():
            if not accepted.other:
                low, high = accepted.bounds()
                eps = 1e-9 * max(1.0, abs(low), abs(high))
                if not low - eps <= value <= high + eps:
                    continue
            if best is None or accepted.weight > best.weight:
                best = accepted
        return best


Question = Annotated[
    (
        SingleQuestion
        | MultipleQuestion
        | TrueFalseQuestion
        | MatchingQuestion
        | OrderingQuestion
        | ShortQuestion
        | NumericQuestion
    ),
    Field(discriminator="type"),
]

QUESTION_TYPES = ("single", "multiple", "true_false", "matching", "ordering", "short", "numeric")

# --------------------------------------------------------------------------- quizzes


class Draw(Strict):
    from_: str = Field(alias="from")
    count: WholeNumber = Field(ge=1)
    # Only questions having every one of these tags are drawn.
    tags: Tags = []

    _tags = field_validator("tags")(_check_tags)

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class QuizSettings(Strict):
    """Everything in a quiz file but its questions and draws."""

    id: SlugId
    title: Text
    lesson: str | None = None
    description: str | None = None
    pass_mark: float = Field(default=0.7, ge=0, le=1)
    shuffle_questions: bool = False
    shuffle_options: bool = False
    max_attempts: PositiveWholeNumber | None = None
    feedback: Literal["immediate", "end"] = "immediate"
    # Confidence-based marking: with each answer the learner says how sure they are (1, 2 or 3), and the
    # results add a CBM average to the score (course.scoring.cbm_mark; docs/authoring.md, "Confidence").
    confidence: bool = Field(
        default=False, description="Ask how sure the learner is (1, 2 or 3) with each answer and mark by certainty"
    )
    lint_ok: LintOk = []
    lint_reason: LintReason = None

    _title = field_validator("title")(_check_text)
    _lint_reason = field_validator("lint_reason")(_check_optional_text)
    _lint_ok = field_validator("lint_ok")(_check_lint_ok)

    @field_validator("id")
    @classmethod
    def _slug(cls, v: str) -> str:
        return _check_slug(v, "quiz id")


def quiz_rules(question_ids: list[object], has_draw: bool) -> list[tuple[list[str | int], str]]:
    """Rules over a quiz's questions as a whole: (field path, message) for each one broken.

    Also used by the loader on a quiz whose questions do not all validate, so that these are reported
    in the same run as the questions' own problems.
    """
    found: list[tuple[list[str | int], str]] = []
    if not question_ids and not has_draw:
        found.append(([], "a quiz needs at least one [[questions]] entry or one [[draw]]"))
    seen: set[str] = set()
    for index, qid in enumerate(question_ids):
        if isinstance(qid, str):
            if qid in seen:
                found.append((["questions", index, "id"], f"question id {qid!r} is used twice in this quiz"))
            seen.add(qid)
    return found


_HAS_QUESTIONS_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"required": ["questions"], "properties": {"questions": {"minItems": 1}}},
        {"required": ["draw"], "properties": {"draw": {"minItems": 1}}},
    ]
}


class Quiz(QuizSettings):
    model_config = ConfigDict(json_schema_extra=_HAS_QUESTIONS_SCHEMA)

    questions: list[Question] = []
    draw: list[Draw] = []
    # Set by the loader, not by authors.
    path: Path | None = Field(default=None, exclude=True)

    @model_validator(mode="after")
    def _has_questions(self) -> Quiz:
        broken = quiz_rules([q.id for q in self.questions], bool(self.draw))
        if broken:
            loc, message = broken[0]
            head = "".join(f"[{p}]" if isinstance(p, int) else ("." if i else "") + p for i, p in enumerate(loc))
            raise ValueError(f"{head}: {message}" if head else message)
        return self

    @property
    def is_exam(self) -> bool:
        return self.lesson is None

    def question(self, qid: str) -> Question | None:
        for q in self.questions:
            if q.id == qid:
                return q
        return None


# --------------------------------------------------------------------------- lessons


class LessonMeta(Strict):
    """The front matter of a lesson file."""

    id: SlugId
    title: Text
    order: WholeNumber
    summary: Text
    objectives: list[Text] = Field(min_length=1)
    quiz: str | None = None
    minutes: PositiveWholeNumber | None = None

    _texts = field_validator("title", "summary")(_check_text)

    @field_validator("id")
    @classmethod
    def _slug(cls, v: str) -> str:
        return _check_slug(v, "lesson id")

    @field_validator("objectives")
    @classmethod
    def _objectives(cls, v: list[str]) -> list[str]:
        for o in v:
            _check_text(o)
        return v


# An adult reads plain instructional text at about this pace (docs/authoring.md, "Lessons").
WORDS_PER_MINUTE = 200


class Section(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    body: str  # Markdown of the section, heading included
    line: int  # 1-based line of the heading in the file


class Lesson(BaseModel):
    model_config = ConfigDict(frozen=True)

    meta: LessonMeta
    intro: str  # Markdown before the first section
    sections: list[Section]
    path: Path | None = None
    body_line: int = 1  # 1-based line where the body starts

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def title(self) -> str:
        return self.meta.title

    def section(self, sid: str) -> Section | None:
        for s in self.sections:
            if s.id == sid:
                return s
        return None

    def section_index(self, sid: str | None) -> int:
        for i, s in enumerate(self.sections):
            if s.id == sid:
                return i
        return 0

    @property
    def markdown(self) -> str:
        return "\n\n".join([self.intro, *(s.body for s in self.sections)]).strip() + "\n"

    @property
    def words(self) -> int:
        return len(self.markdown.split())

    @property
    def estimated_minutes(self) -> int:
        """Reading time from the word count: WORDS_PER_MINUTE, rounded up, at least 1."""
        return max(1, math.ceil(self.words / WORDS_PER_MINUTE))

    @property
    def minutes(self) -> int:
        """The reading time shown: `minutes` as written, or else the estimate from the word count."""
        return self.meta.minutes if self.meta.minutes is not None else self.estimated_minutes


# --------------------------------------------------------------------------- problems and the course


class Problem(BaseModel):
    """One thing wrong in a content file, said so that an author can fix it."""

    model_config = ConfigDict(frozen=True)

    file: str  # path relative to the course folder
    line: int | None = None
    field: str | None = None  # e.g. "questions[2].options"
    message: str
    # An error keeps the file (or the part of it) out of the course; a warning is something an author
    # will want to fix before learners see it, but the course works as it is.
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        field = f" {self.field}:" if self.field else ""
        return f"{where}: {self.severity}:{field} {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


# --------------------------------------------------------------------------- learning records (xAPI)


def http_url_problem(value: str) -> str | None:
    """Why `value` is not an absolute http(s) URL, or None when it is one."""
    try:
        parts = urlsplit(value)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname or any(c.isspace() for c in value):
        return f"{value!r} is not an http(s) URL such as 'https://example.org/courses'"
    return None


def activity_base_problem(value: str) -> str | None:
    """Why `value` cannot start the IRIs of a course's activities, or None when it can."""
    problem = http_url_problem(value)
    if problem is None and (urlsplit(value).query or urlsplit(value).fragment or "?" in value or "#" in value):
        problem = f"{value!r} has a query or a fragment; activity ids are made by adding paths to it"
    return problem


# An RFC 5646 language tag as xAPI wants it for `context.language` and language maps: `en`, `fr`, `pt-BR`.
LANGUAGE_TAG_RE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")


def language_problem(value: str) -> str | None:
    if LANGUAGE_TAG_RE.fullmatch(value):
        return None
    return f"{value!r} is not a language tag such as 'en', 'fr' or 'pt-BR'"


def _raise_if(problem: str | None) -> None:
    if problem is not None:
        raise ValueError(problem)


class XapiTable(Strict):
    """The `[xapi]` table of course.toml: how the course names its learning records for a Learning Record
    Store (docs/xapi.md). Every key is optional; the environment can override each one."""

    home_page: str | None = Field(default=None, description="http(s) URL of the learners' accounts (account.homePage)")
    activity_base: str | None = Field(default=None, description="http(s) URL that every activity id starts with")
    lrs: str | None = Field(default=None, description="URL of the Learning Record Store's xAPI endpoint")
    language: str = Field(default="en", description="language of the course (RFC 5646 tag)")
    emails: str | None = Field(
        default=None, description="TOML file mapping learner names to email addresses (relative to the course folder)"
    )

    @field_validator("home_page", "lrs")
    @classmethod
    def _url(cls, v: str | None) -> str | None:
        if v is not None:
            _raise_if(http_url_problem(v))
        return v

    @field_validator("activity_base")
    @classmethod
    def _base(cls, v: str | None) -> str | None:
        if v is not None:
            _raise_if(activity_base_problem(v))
        return v

    @field_validator("language")
    @classmethod
    def _language(cls, v: str) -> str:
        _raise_if(language_problem(v))
        return v

    @field_validator("emails")
    @classmethod
    def _emails(cls, v: str | None) -> str | None:
        if v is not None:
            _check_text(v)
        return v


class Course(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    id: str
    title: str
    root: Path
    lessons: list[Lesson]  # in course order
    quizzes: dict[str, Quiz]
    problems: list[Problem] = []
    xapi: XapiTable = XapiTable()  # the [xapi] table of course.toml
    final_quiz: str | None = None  # course.toml's `final_quiz`: the exam a certificate needs (see final_exam)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    def lesson(self, lid: str) -> Lesson | None:
        for lesson in self.lessons:
            if lesson.id == lid:
                return lesson
        return None

    def quiz(self, qid: str) -> Quiz | None:
        return self.quizzes.get(qid)

    def quiz_for(self, lesson: Lesson) -> Quiz | None:
        return self.quizzes.get(lesson.meta.quiz) if lesson.meta.quiz else None

    @property
    def exams(self) -> list[Quiz]:
        return [q for q in self.quizzes.values() if q.is_exam]

    @property
    def final_exam(self) -> Quiz | None:
        """The quiz a certificate needs passed: course.toml's `final_quiz`, else the course's only final exam
        (a quiz of no lesson); None when it names none and the course has no exam, or several."""
        if self.final_quiz is not None:
            return self.quizzes.get(self.final_quiz)
        exams = self.exams
        return exams[0] if len(exams) == 1 else None

    def resolve_section(self, quiz: Quiz, ref: str | None) -> tuple[Lesson, Section] | None:
        """The lesson section a question points to (`slug` or `lesson#slug`)."""
        if not ref:
            return None
        lesson_id, _, sid = ref.rpartition("#")
        lesson_id = lesson_id or (quiz.lesson or "")
        lesson = self.lesson(lesson_id)
        if lesson is None:
            return None
        section = lesson.section(sid)
        return (lesson, section) if section else None
