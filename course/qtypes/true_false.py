"""`true_false`: a statement the learner says is true or false. A response is a bool."""

from __future__ import annotations

from typing import Literal

from course.qtypes import gifttext as gift
from course.qtypes.base import QuestionType, Refused, Response, ScoreResult, Shown, result
from course.qtypes.fields import QuestionBase


class TrueFalseQuestion(QuestionBase):
    type: Literal["true_false"]
    answer: bool
    feedback_true: str | None = None
    feedback_false: str | None = None




_TRUE = {"1", "true", "t", "yes"}
_FALSE = {"2", "false", "f", "no"}


class TrueFalseType(QuestionType[TrueFalseQuestion]):
    name = "true_false"
    label = "true or false"
    model = TrueFalseQuestion
    order = 30
    interaction_type = "true-false"
    template = '''\
# ---------------------------------------------------------------- true_false
[[questions]]
id = "true-false-example"
type = "true_false"
prompt = "A quiz file is written in TOML."
answer = true                 # the right answer
explanation = "Quizzes are TOML files in quizzes/; lessons are Markdown files in lessons/."
feedback_true = "Yes."        # optional: shown to a learner who answers true
feedback_false = "It is TOML."   # optional: shown to a learner who answers false

'''
    gift_inline = True

    def score(self, question: TrueFalseQuestion, response: Response) -> ScoreResult:
        if not isinstance(response, bool):
            return result(question, 0.0, [])
        chosen = question.feedback_true if response else question.feedback_false
        return result(question, 1.0 if response == question.answer else 0.0, [chosen] if chosen else [])

    def response_problem(self, question: TrueFalseQuestion, response: Response) -> str | None:
        return None if isinstance(response, bool) else f"a true/false question takes true or false, got {self.quoted(response)}"

    def right_response(self, question: TrueFalseQuestion) -> Response:
        return question.answer

    def guess_score(self, question: TrueFalseQuestion) -> float | None:
        return 0.5

    def describe_response(self, question: TrueFalseQuestion, response: Response, shown: Shown, marked: bool) -> str:
        return "True" if response is True else "False" if response is False else "?"

    def option_rows(self, question: TrueFalseQuestion) -> list[tuple[str, str, bool, float]] | None:
        return [
            (key, key.capitalize(), value == question.answer, 1.0 if value == question.answer else 0.0)
            for key, value in (("true", True), ("false", False))
        ]

    def plain_lines(self, question: TrueFalseQuestion, shown: Shown) -> list[tuple[str, str]]:
        return [("1.", "True"), ("2.", "False")]

    def plain_expected(self, question: TrueFalseQuestion, shown: Shown) -> str:
        return "Type 1 for True or 2 for False."

    def parse(self, question: TrueFalseQuestion, shown: Shown, typed: str) -> Response | Refused:
        word = typed.strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
        return Refused(f"“{typed.strip()}” is neither 1 (True) nor 2 (False). {self.plain_expected(question, shown)}")

    def typed_form(self, question: TrueFalseQuestion, shown: Shown, response: Response) -> str:
        return "1" if response is True else "2"

    def xapi_patterns(self, question: TrueFalseQuestion) -> list[str] | None:
        return ["true" if question.answer else "false"]

    def xapi_response(self, question: TrueFalseQuestion, response: Response) -> str | None:
        return ("true" if response else "false") if isinstance(response, bool) else None

    def gift(self, question: TrueFalseQuestion, notes: list[str]) -> list[str]:
        # Moodle: the first feedback is for a learner who answers wrongly, the second for one who is right.
        wrong, right = (
            (question.feedback_false, question.feedback_true)
            if question.answer
            else (question.feedback_true, question.feedback_false)
        )
        text = "TRUE" if question.answer else "FALSE"
        if right and right.strip():
            text += f"#{gift.escape(wrong or '')}#{gift.escape(right)}"
        elif wrong and wrong.strip():
            text += f"#{gift.escape(wrong)}"
        return [text]


TYPE = TrueFalseType()
