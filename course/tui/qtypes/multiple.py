"""The answer widget of `multiple` questions (course/qtypes/multiple.py holds the rest of the type)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import SelectionList
from textual.widgets.selection_list import Selection

from course.progress.models import Response
from course.qtypes.multiple import MultipleQuestion
from course.tui.quiz.answers import AnswerWidget, CheckList
from course.tui.safe import one_line


class MultipleAnswer(AnswerWidget):
    HINT = "Tick every answer that applies with its number, or ↑ ↓ and Space, then press a to answer."

    def compose(self) -> ComposeResult:
        assert isinstance(self.question, MultipleQuestion)
        options = self.question.option_by_key()
        yield CheckList(
            *[Selection(Text(one_line(options[key].text)), key) for key in self.played.option_order],
            id="choices",
        )

    def response(self) -> Response:
        chosen = set(self.query_one(SelectionList).selected)
        return [key for key in self.played.option_order if key in chosen] or None

    def show(self, response: Response) -> None:
        selection = self.query_one(SelectionList)
        selection.deselect_all()
        for key in response if isinstance(response, list) else []:
            if key in self.played.option_order:
                selection.select(key)

    def choose(self, number: int) -> bool:
        if not 1 <= number <= len(self.played.option_order):
            return False
        selection = self.query_one(SelectionList)
        selection.toggle(self.played.option_order[number - 1])
        selection.highlighted = number - 1
        return True


WIDGET = ("multiple", MultipleAnswer)
