"""The answer widget of `short` questions (course/qtypes/short.py holds the rest of the type)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input

from course.progress.models import Response
from course.tui.quiz.answers import AnswerInput, AnswerWidget


class ShortAnswer(AnswerWidget):
    HINT = ("Type your answer and press Enter. Ctrl+N moves on; Esc leaves the box, so that the letter keys "
            "work again.")
    TYPED = True

    def compose(self) -> ComposeResult:
        yield AnswerInput(placeholder="Your answer", id="text", max_length=200)

    def response(self) -> Response:
        value = self.query_one(Input).value
        return value if value.strip() else None

    def show(self, response: Response) -> None:
        self.query_one(Input).value = "" if response is None else str(response)


WIDGET = ("short", ShortAnswer)
