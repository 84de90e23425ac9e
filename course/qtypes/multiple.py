"""`multiple`: several answers may be picked (choose all that apply). A response is the list of the keys picked."""

from __future__ import annotations

import math
from itertools import combinations
from typing import Literal

from pydantic import Field, model_validator

from course.qtypes import gifttext as gift
from course.qtypes.base import Refused, Response, ScoreResult, Shown, result, typed_numbers
from course.qtypes.choice import ChoiceType
from course.qtypes.fields import (
    _CHOICES_SCHEMA,
    _RIGHT_OPTION,
    MAX_CHOICES,
    WEIGHT_SUM_TOLERANCE,
    ChoiceQuestion,
    Option,
)


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




class MultipleType(ChoiceType[MultipleQuestion]):
    name = "multiple"
    label = "choose all that apply"
    model = MultipleQuestion
    order = 20
    interaction_type = "choice"
    template = '''\
# ---------------------------------------------------------------- multiple: several right options
# Each right option picked earns 1/R of the points, each wrong one costs 1/W; never below zero.
# Or give every option a weight (-1..1; those of the right options add up to 1), as Moodle does.
[[questions]]
id = "multiple-example"
type = "multiple"
prompt = "Which of these are even numbers?"
explanation = "2 and 4 divide by two; 3 does not."

[[questions.options]]
text = "2"
correct = true

[[questions.options]]
text = "3"

[[questions.options]]
text = "4"
correct = true

'''

    def score(self, question: MultipleQuestion, response: Response) -> ScoreResult:
        if not isinstance(response, list):
            return result(question, 0.0, [])
        credits = question.credit_by_key()
        picked = [k for k in dict.fromkeys(k for k in response if isinstance(k, str)) if k in credits]
        # Moodle's rule: the credits of the options picked are added up, then kept within 0..1.
        fully_right = set(question.correct_keys()) <= set(picked) and all(credits[k] >= 0 for k in picked)
        # Every right option and nothing that costs is exact, whatever floating point says. Anything else is held
        # just under full marks whatever its sum, so a small cost can never raise a score held there.
        fraction = 1.0 if fully_right else min(sum(credits[k] for k in picked), 1.0 - 1e-6)
        return result(question, fraction, self.option_feedback(question, picked))

    def response_problem(self, question: MultipleQuestion, response: Response) -> str | None:
        keys = question.option_keys()
        valid = isinstance(response, list) and bool(response) and all(isinstance(k, str) and k in keys for k in response)
        if valid and isinstance(response, list) and len(set(response)) == len(response):
            return None
        return (f"an all-that-apply question takes a list of its options' keys, each once ({', '.join(keys)}), "
                f"got {self.quoted(response)}")

    def right_response(self, question: MultipleQuestion) -> Response:
        return question.correct_keys()

    def guess_score(self, question: MultipleQuestion) -> float | None:
        """Each non-empty set of options equally likely (as Moodle's multichoice); None past ten options."""
        keys = question.option_keys()
        if len(keys) > 10:
            return None
        fractions = [
            self.score(question, list(combo)).fraction
            for size in range(1, len(keys) + 1)
            for combo in combinations(keys, size)
        ]
        return math.fsum(fractions) / len(fractions)

    def describe_right_answer(self, question: MultipleQuestion, shown: Shown) -> str:
        if question.weighted:
            return "; ".join(f"{o.text} ({self.percent(c)})" for o, c in self.credited(question, shown) if o.correct)
        return self.describe_response(question, self.right_response(question), shown, False)

    def plain_expected(self, question: MultipleQuestion, shown: Shown) -> str:
        count = len(shown.option_order)
        return (f"Type the numbers of every option that applies, from 1 to {count}, separated by spaces "
                "(for example: 1 3).")

    def parse(self, question: MultipleQuestion, shown: Shown, typed: str) -> Response | Refused:
        numbers = typed_numbers(typed)
        count = len(shown.option_order)
        if numbers is None:
            return Refused(f"“{typed.strip()}” is not a list of option numbers. {self.plain_expected(question, shown)}")
        wrong = [n for n in numbers if not 1 <= n <= count]
        if wrong:
            return Refused(f"There is no option {wrong[0]}. {self.plain_expected(question, shown)}")
        chosen = set(numbers)
        return [key for n, key in enumerate(shown.option_order, 1) if n in chosen]

    def xapi_patterns(self, question: MultipleQuestion) -> list[str] | None:
        return ["[,]".join(question.correct_keys())]

    def xapi_response(self, question: MultipleQuestion, response: Response) -> str | None:
        keys = question.option_keys()
        picked = [k for k in dict.fromkeys(response) if k in keys] if isinstance(response, list) else []
        return "[,]".join(str(k) for k in picked) or None

    def gift(self, question: MultipleQuestion, notes: list[str]) -> list[str]:
        lines = []
        for option, credit in zip(question.options, question.credits(), strict=True):
            if not gift.is_moodle_grade(credit):
                notes.append(
                    f"weight {gift.percent(credit)} of {option.text!r} is not one of Moodle's grades: Moodle imports "
                    "it only with 'Match grades: nearest grade' (see docs/authoring.md)"
                )
            lines.append(f"~{gift.percent(credit)}{gift.escape(option.text)}{gift.feedback(option.feedback)}")
        return lines


TYPE = MultipleType()
