"""The answer widget of `numeric` questions (course/qtypes/numeric.py holds the rest of the type)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Static

from course.progress.models import Response
from course.qtypes.numeric import NumericQuestion, parse_number, typed_number_problem
from course.tui.quiz.answers import AnswerInput, AnswerWidget
from course.tui.safe import one_line


class NumericAnswer(AnswerWidget):
    HINT = ("Type a number and press Enter. Ctrl+N moves on; Esc leaves the box, so that the letter keys "
            "work again.")
    TYPED = True

    def compose(self) -> ComposeResult:
        assert isinstance(self.question, NumericQuestion)
        with Horizontal(classes="numeric"):
            # A plain box, not Textual's number box: that one drops what it does not accept ("8,5" became
            # "85", "six" nothing). Whatever is typed stays, and `problem()` says why it is not a number.
            yield AnswerInput(placeholder="A number", id="number", max_length=40)
            if self.question.unit:
                yield Static(Text(one_line(self.question.unit)), classes="unit", markup=False)

    def problem(self) -> str | None:
        return typed_number_problem(self.query_one(Input).value)

    def response(self) -> Response:
        value = self.query_one(Input).value.strip()
        number = parse_number(value) if value else None
        if number is None:
            return value or None
        return int(number) if number.is_integer() and abs(number) < 2**53 else number

    def show(self, response: Response) -> None:
        self.query_one(Input).value = "" if response is None else str(response)


WIDGET = ("numeric", NumericAnswer)
