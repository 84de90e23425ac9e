"""`single`: one answer is picked from the options. A response is the option's key (`"a"`, or the option's `id`)."""

from __future__ import annotations

import math
from typing import Any, Literal

from pydantic import Field, model_validator

from course.qtypes import gifttext as gift
from course.qtypes.base import Refused, Response, ScoreResult, Shown, result, typed_numbers
from course.qtypes.choice import ChoiceType
from course.qtypes.fields import _CHOICES_SCHEMA, _RIGHT_OPTION, MAX_CHOICES, ChoiceQuestion, Option


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




class SingleType(ChoiceType[SingleQuestion]):
    name = "single"
    label = "one answer"
    model = SingleQuestion
    order = 10
    interaction_type = "choice"
    lint_rules = ("several-right-single",)
    template = '''\
# ---------------------------------------------------------------- single: one right option
[[questions]]
id = "single-example"         # slug, unique in this quiz
type = "single"               # {types}
prompt = "Which of these is a single-choice question?"   # the question (Markdown; not empty)
explanation = "Exactly one option is right."   # why the right answer is right, shown after answering
points = 1                    # points the question is worth, a number >= 0 (default 1)
feedback_wrong = "Look again at the options."  # optional: shown when the answer is not fully right
# section = "first-section"   # optional: the lesson section that teaches it, "slug" or "lesson-id#slug"
# tags = ["scenario"]         # optional: slugs a final exam's [[draw]] can pick questions by
# lint_ok = ["longest-option"]   # optional: item-writing warnings of `course check` to silence here
# lint_reason = "The full name is the point."   # optional: why they are silenced, for the next author

[[questions.options]]
text = "This one"             # what the learner reads
correct = true                # picking it earns full points; at least one option is correct
feedback = "Right."           # optional: shown when the learner picks this option

[[questions.options]]
text = "Nearly this one"
weight = 0.5                  # optional: partly right, picking it earns this fraction of the points (0 to <1)

[[questions.options]]
text = "Not this one"
# id = "c"                    # optional slug; default a, b, c... by position

[[questions.options]]
text = "None of these"
pinned = true                 # stays in place when options are shuffled (default false)

'''

    def score(self, question: SingleQuestion, response: Response) -> ScoreResult:
        if not isinstance(response, str):
            return result(question, 0.0, [])
        # The option's credit: 1 for any option marked correct, its weight (0..1) for a partly right one.
        credit = question.credit_by_key().get(response, 0.0)
        return result(question, credit, self.option_feedback(question, [response]))

    def response_problem(self, question: SingleQuestion, response: Response) -> str | None:
        keys = question.option_keys()
        if isinstance(response, str) and response in keys:
            return None
        return f"a one-answer question takes the key of one of its options ({', '.join(keys)}), got {self.quoted(response)}"

    def right_response(self, question: SingleQuestion) -> Response:
        return question.correct_keys()[0]

    def guess_score(self, question: SingleQuestion) -> float | None:
        """Each option equally likely."""
        return math.fsum(max(0.0, c) for c in question.credits()) / len(question.options)

    def describe_right_answer(self, question: SingleQuestion, shown: Shown) -> str:
        rows = self.credited(question, shown)
        full = " or ".join(o.text for o, c in rows if c >= 1)
        return full + self.partly([f"{o.text} ({self.percent(c)})" for o, c in rows if 0 < c < 1])

    def plain_expected(self, question: SingleQuestion, shown: Shown) -> str:
        return f"Type the number of one option, from 1 to {len(shown.option_order)}."

    def parse(self, question: SingleQuestion, shown: Shown, typed: str) -> Response | Refused:
        numbers = typed_numbers(typed)
        count = len(shown.option_order)
        if numbers is None or len(numbers) != 1:
            return Refused(f"“{typed.strip()}” is not one option's number. {self.plain_expected(question, shown)}")
        if not 1 <= numbers[0] <= count:
            return Refused(f"There is no option {numbers[0]}. {self.plain_expected(question, shown)}")
        return shown.option_order[numbers[0] - 1]

    def xapi_patterns(self, question: SingleQuestion) -> list[str] | None:
        return [key for key, credit in question.credit_by_key().items() if credit >= 1]

    def xapi_response(self, question: SingleQuestion, response: Response) -> str | None:
        return response if isinstance(response, str) and response in question.option_keys() else None

    def gift(self, question: SingleQuestion, notes: list[str]) -> list[str]:
        lines = []
        # GIFT reads answers without any `~` as a short answer: when every option is right, the second and
        # later ones are written `~%100%`, which Moodle reads as fully right too.
        all_right = all(o.correct for o in question.options)
        for index, (option, credit) in enumerate(zip(question.options, question.credits(), strict=True)):
            text = gift.text_answer(option.text, notes)
            if option.correct:
                marker = "~%100%" if all_right and index else "="
                lines.append(f"{marker}{text}{gift.feedback(option.feedback)}")
                continue
            if credit > 0 and not gift.is_moodle_grade(credit):
                notes.append(f"weight {gift.percent(credit)} is not one of Moodle's grades (see docs/authoring.md)")
            weight = gift.percent(credit) if credit > 0 or option.text.lstrip().startswith("%") else ""
            lines.append(f"~{weight}{text}{gift.feedback(option.feedback)}")
        return lines


TYPE = SingleType()
