"""The answer widget of `true_false` questions (course/qtypes/true_false.py holds the rest of the type)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import RadioButton, RadioSet

from course.progress.models import Response
from course.tui.quiz.answers import AnswerWidget, ChoiceButton, choose_button, letter, pressed_name


class TrueFalseAnswer(AnswerWidget):
    HINT = "Choose True (1) or False (2), or use ↑ ↓ and Space, then press a to answer."

    def compose(self) -> ComposeResult:
        with RadioSet(id="choice"):
            yield ChoiceButton(Text(f"{letter(0)}. True"), name="true")
            yield ChoiceButton(Text(f"{letter(1)}. False"), name="false")

    def response(self) -> Response:
        pressed = pressed_name(self.query_one(RadioSet))
        return None if pressed is None else pressed == "true"

    def show(self, response: Response) -> None:
        for button in self.query(RadioButton):
            button.value = response is not None and (button.name == "true") == response

    def choose(self, number: int) -> bool:
        return choose_button(self.query_one(RadioSet), number)


WIDGET = ("true_false", TrueFalseAnswer)
