"""`numeric`: a number, with a tolerance or a range, or several accepted numbers each with a weight. A response
is a number (or a text that reads as one)."""

from __future__ import annotations

import math
from typing import Any, Literal

from pydantic import ConfigDict, Field, model_validator

from course.qtypes import gifttext as gift
from course.qtypes.base import QuestionType, Refused, Response, ScoreResult, Shown, partly, percent, result, xapi_number
from course.qtypes.fields import QuestionBase, Strict


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
    answers: list[NumericAnswer] = Field(default=[])

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




def typed_number_problem(typed: str) -> str | None:
    """Why a number a learner typed cannot be taken as it stands, in words (None when it can).

    `parse_number` reads a comma as a thousands separator, which would turn a decimal comma (`8,5`) into
    another answer (85): a typed comma is refused rather than guessed at.
    """
    value = typed.strip()
    if not value:
        return None
    if "," in value:
        return f"“{value}” has a comma: write decimals with a point (8.5) and no thousands separator."
    if parse_number(value) is None:
        return f"“{value}” is not a number: type it in digits, such as 6 or 8.5."
    return None


def parse_number(response: Response) -> float | None:
    if isinstance(response, bool):
        return None
    if isinstance(response, (int, float)):
        return float(response) if math.isfinite(response) else None
    if isinstance(response, str):
        text = response.strip().replace(",", "").replace("_", "").replace(" ", "")
        try:
            value = float(text)
        except ValueError:
            return None
        return value if math.isfinite(value) else None
    return None


def typed_number(typed: str) -> Response | Refused:
    """A typed number as it is kept (a whole number as an int), or why it is not one."""
    problem = typed_number_problem(typed)
    if problem is not None:
        return Refused(problem)
    number = parse_number(typed.strip())
    if number is None:  # typed_number_problem said it is one
        return Refused(f"“{typed.strip()}” is not a number: type it in digits, such as 6 or 8.5.")
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def accepted_text(accepted: NumericAnswer, unit: str) -> str:
    if accepted.answer is not None:
        tol = f" (± {accepted.tolerance:g})" if accepted.tolerance else ""
        return f"{accepted.answer:g}{unit}{tol}"
    return f"between {accepted.min:g} and {accepted.max:g}{unit}"


def _gift_value(accepted: NumericAnswer) -> str:
    if accepted.other:
        return "*"
    if accepted.answer is not None:
        tolerance = f":{gift.number(accepted.tolerance)}" if accepted.tolerance else ""
        return f"{gift.number(accepted.answer)}{tolerance}"
    assert accepted.min is not None and accepted.max is not None
    return f"{gift.number(accepted.min)}..{gift.number(accepted.max)}"


class NumericType(QuestionType[NumericQuestion]):
    name = "numeric"
    label = "a number"
    model = NumericQuestion
    order = 70
    interaction_type = "numeric"
    template = '''\
# ---------------------------------------------------------------- numeric: a number
[[questions]]
id = "numeric-example"
type = "numeric"
prompt = "How many question types are there?"
explanation = "{types_and}."
answer = {count}                    # the right number...
tolerance = 0                 # ...give or take this much (default 0)
# min = 6.5                   # or, instead of answer and tolerance, a range: min...
# max = 7.5                   # ...and max
unit = "types"                # optional: shown beside the input

# ---------------------------------------------------------------- numeric, with several answers
[[questions]]
id = "numeric-answers-example"
type = "numeric"
prompt = "How many days does a leap year have?"
explanation = "366: February has a 29th day."
# Instead of answer/tolerance or min/max: accepted numbers, each with a weight; the best that matches counts.

[[questions.answers]]
answer = 366                  # a number (with an optional tolerance), or min and max
weight = 1                    # fraction of the points it earns, 0..1 (default 1)

[[questions.answers]]
min = 364.5
max = 365.5
weight = 0.5
feedback = "That is a common year."   # optional: shown when this answer counts

[[questions.answers]]
other = true                  # optional, last: any other number, for its weight and feedback
weight = 0
feedback = "Count February's extra day."

'''

    def score(self, question: NumericQuestion, response: Response) -> ScoreResult:
        value = parse_number(response)
        if value is None:
            return result(question, 0.0, [])
        accepted = question.best_match(value)
        if accepted is None:
            return result(question, 0.0, [])
        return result(question, accepted.weight, [accepted.feedback] if accepted.feedback else [])

    def response_problem(self, question: NumericQuestion, response: Response) -> str | None:
        if parse_number(response) is not None:
            return None
        return f"a numeric question takes a number (or text that reads as one), got {self.quoted(response)}"

    def right_response(self, question: NumericQuestion) -> Response:
        low, high = question.bounds()
        best = next(a for a in question.accepted() if a.weight >= 1 and not a.other)
        return best.answer if best.answer is not None else (low + high) / 2

    def guess_score(self, question: NumericQuestion) -> float | None:
        return 0.0  # a typed answer is not guessed from a list

    def describe_response(self, question: NumericQuestion, response: Response, shown: Shown, marked: bool) -> str:
        value = parse_number(response)
        text = str(response) if value is None else f"{value:g}"
        return f"{text} {question.unit}" if question.unit else text

    def describe_right_answer(self, question: NumericQuestion, shown: Shown) -> str:
        unit = f" {question.unit}" if question.unit else ""
        accepted = question.accepted()
        full = " or ".join(accepted_text(a, unit) for a in accepted if a.weight >= 1 and not a.other)
        part = [f"{accepted_text(a, unit)} ({percent(a.weight)})" for a in accepted if 0 < a.weight < 1 and not a.other]
        return full + partly(part)

    def plain_lines(self, question: NumericQuestion, shown: Shown) -> list[tuple[str, str]]:
        return [("The answer is in", question.unit + ".")] if question.unit else []

    def plain_expected(self, question: NumericQuestion, shown: Shown) -> str:
        return "Type a number in digits, such as 6 or 8.5."

    def parse(self, question: NumericQuestion, shown: Shown, typed: str) -> Response | Refused:
        return typed_number(typed)

    def typed_form(self, question: NumericQuestion, shown: Shown, response: Response) -> str:
        return str(response)

    def xapi_patterns(self, question: NumericQuestion) -> list[str] | None:
        patterns = []
        for accepted in question.accepted():
            if accepted.other or accepted.weight < 1:
                continue
            low, high = accepted.bounds()
            patterns.append(xapi_number(low) if low == high else f"{xapi_number(low)}[:]{xapi_number(high)}")
        return patterns

    def xapi_response(self, question: NumericQuestion, response: Response) -> str | None:
        value = parse_number(response)
        return None if value is None else xapi_number(value)

    def gift(self, question: NumericQuestion, notes: list[str]) -> list[str]:
        if question.unit:
            notes.append(f"unit {question.unit!r} has no GIFT form (Moodle's units are set in the question editor)")
        if not question.answers:
            return ["#" + _gift_value(question.accepted()[0])]
        lines = []
        for accepted in gift.best_first(question.answers, notes):
            if accepted.other and accepted.weight == 0:
                lines.append(f"~{gift.feedback(accepted.feedback)}")  # Moodle: feedback for any other number
                continue
            weight = "" if accepted.weight >= 1 else gift.percent(accepted.weight)
            if weight and not gift.is_moodle_grade(accepted.weight):
                notes.append(f"weight {weight} is not one of Moodle's grades (see docs/authoring.md)")
            lines.append(f"={weight}{_gift_value(accepted)}{gift.feedback(accepted.feedback)}")
        return ["#", *lines]


TYPE = NumericType()
