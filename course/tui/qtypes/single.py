"""The answer widget of `single` questions (course/qtypes/single.py holds the rest of the type)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import RadioButton, RadioSet

from course.progress.models import Response
from course.qtypes.fields import ChoiceQuestion
from course.tui.quiz.answers import AnswerWidget, ChoiceButton, choose_button, letter, pressed_name
from course.tui.safe import one_line


class SingleAnswer(AnswerWidget):
    HINT = "Choose one answer with its number, or ↑ ↓ and Space, then press a to answer."

    def compose(self) -> ComposeResult:
        assert isinstance(self.question, ChoiceQuestion)
        options = self.question.option_by_key()
        with RadioSet(id="choice"):
            for i, key in enumerate(self.played.option_order):
                yield ChoiceButton(Text(f"{letter(i)}. {one_line(options[key].text)}"), name=key)

    def response(self) -> Response:
        return pressed_name(self.query_one(RadioSet))

    def show(self, response: Response) -> None:
        for button in self.query(RadioButton):
            button.value = button.name == response

    def choose(self, number: int) -> bool:
        return choose_button(self.query_one(RadioSet), number)


WIDGET = ("single", SingleAnswer)
