"""The answer widget of `matching` questions (course/qtypes/matching.py holds the rest of the type)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Select, Static

from course.progress.models import Response
from course.qtypes.matching import MatchingQuestion
from course.tui.quiz.answers import AnswerWidget
from course.tui.safe import one_line

COMPACT_FROM = 4
"""From this many pairs on, the lists are drawn compact (one line each)."""


class MatchingAnswer(AnswerWidget):
    HINT = ("Pick a match for each item (Enter opens a list, Tab moves on), then press a to answer; "
            "with an item left without a match you are asked first.")

    def compose(self) -> ComposeResult:
        assert isinstance(self.question, MatchingQuestion)
        choices = [(Text(one_line(c)), c) for c in self.played.choice_order]
        order = self.played.item_order or tuple(range(len(self.question.pairs)))
        # Four pairs or more: each list one line high, without its frame, so that every item and the hint
        # under them fit at 80×24 (six framed lists took 18 lines and pushed the last item below the fold).
        compact = len(order) >= COMPACT_FROM
        for shown, index in enumerate(order):
            pair = self.question.pairs[index]
            with Horizontal(classes="pair -compact" if compact else "pair"):
                yield Static(Text(f"{shown + 1}. {one_line(pair.item)}"), classes="item", markup=False)
                yield Select(choices, prompt="Choose a match", id=f"pair-{index}", classes="match", compact=compact)

    def response(self) -> Response:
        assert isinstance(self.question, MatchingQuestion)
        values = []
        for index in range(len(self.question.pairs)):
            value = self.query_one(f"#pair-{index}", Select).value
            values.append(value if isinstance(value, str) else "")
        return values if any(values) else None

    def doubt(self) -> str | None:
        response = self.response()
        missing = sum(1 for value in response if value == "") if isinstance(response, list) else 0
        if not missing:
            return None
        items = f"{missing} item{'s' if missing != 1 else ''} {'have' if missing != 1 else 'has'}"
        return f"{items} no match: {'they score' if missing != 1 else 'it scores'} 0. Answer anyway?"

    def show(self, response: Response) -> None:
        if not isinstance(response, list):
            return
        for index, chosen in enumerate(response):
            selects = self.query(f"#pair-{index}")
            if selects and isinstance(chosen, str) and chosen in self.played.choice_order:
                selects.first(Select).value = chosen


WIDGET = ("matching", MatchingAnswer)
