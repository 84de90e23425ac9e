"""The answer widget of `ordering` questions (course/qtypes/ordering.py holds the rest of the type)."""

from __future__ import annotations

from typing import TypeGuard

from textual.app import ComposeResult

from course.progress.models import Response
from course.qtypes.ordering import OrderingQuestion
from course.tui.quiz.answers import AnswerWidget, OrderList


def _is_order(response: Response, count: int) -> TypeGuard[list[int]]:
    """Whether `response` is an ordering of `count` items: each position 0 .. count - 1 once."""
    return isinstance(response, list) and sorted(response) == list(range(count))


class OrderingAnswer(AnswerWidget):
    HINT = "Highlight an item with ↑ ↓ and move it with Shift+↑ / Shift+↓ (or K / J); then press a to answer."

    def compose(self) -> ComposeResult:
        assert isinstance(self.question, OrderingQuestion)
        order = list(self.played.item_order) or list(range(len(self.question.items)))
        yield OrderList(list(self.question.items), order, id="order")

    def response(self) -> Response:
        """The order put together, or None while the learner has moved nothing: the shuffled order shown at
        the start is not an answer (every other type asks the learner to choose first, too)."""
        items = self.query_one(OrderList)
        return list(items.item_order) if items.touched else None

    def problem(self) -> str | None:
        if self.query_one(OrderList).touched:
            return None
        return ("Put the items in order first: move one with Shift+↑ / Shift+↓ (or K / J), then press a. "
                "Or press s to skip.")

    def show(self, response: Response) -> None:
        items = self.query_one(OrderList)
        if _is_order(response, len(items.item_texts)):
            items.item_order = list(response)
            items.touched = True
            if items.is_mounted:
                items.redraw(0)


WIDGET = ("ordering", OrderingAnswer)
