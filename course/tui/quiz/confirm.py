"""Asking first: before a quiz with unanswered questions is submitted, and before a matching answer with
items left without a match is taken."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

if TYPE_CHECKING:
    from textual.screen import Screen

    from course.progress.models import Response
    from course.tui.quiz.answers import AnswerWidget


class Confirm(ModalScreen[bool]):
    """A yes-or-no question; No has the focus, so that Enter keeps things as they are."""

    CSS_PATH = "quiz.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "choose(True)", "Yes"),
        Binding("n,escape", "choose(False)", "No"),
    ]
    YES = "Yes (y)"
    NO = "No (n)"

    def message(self) -> Text:
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Static(self.message(), markup=False)
            with Horizontal(id="confirm-buttons"):
                yield Button(self.YES, id="yes", variant="warning")
                yield Button(self.NO, id="no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_choose(self, submit: bool) -> None:
        self.dismiss(submit)


class ConfirmSubmit(Confirm):
    """Asked before a quiz with unanswered questions is submitted."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "choose(True)", "Submit"),
        Binding("n,escape", "choose(False)", "Keep answering"),
    ]
    YES = "Submit (y)"
    NO = "Keep answering (n)"

    def __init__(self, unanswered: list[int]) -> None:
        super().__init__()
        self.unanswered = unanswered

    def message(self) -> Text:
        numbers = ", ".join(str(n) for n in self.unanswered[:20]) + ("…" if len(self.unanswered) > 20 else "")
        count = len(self.unanswered)
        text = Text()
        text.append(f"{count} question{'s are' if count != 1 else ' is'} not answered", style="bold")
        text.append(f" (question{'s' if count != 1 else ''} {numbers}).\n")
        text.append("Unanswered questions score 0. Submit the quiz anyway?")
        return text


class ConfirmAnswer(Confirm):
    """Asked before an answer that may not be what the learner meant is taken (a matching answer with items
    left without a match)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "choose(True)", "Answer anyway"),
        Binding("n,escape", "choose(False)", "Keep answering"),
    ]
    YES = "Answer anyway (y)"
    NO = "Keep answering (n)"

    def __init__(self, doubt: str) -> None:
        super().__init__()
        self.doubt = doubt

    def message(self) -> Text:
        return Text(self.doubt)


def check_and_answer(screen: Screen[Any], widget: AnswerWidget, index: int, answer: Callable[[int, Response], None],
                     empty: str, kept: Callable[[], None] | None = None) -> None:
    """The steps before an answer is taken, in a quiz and in a review round alike: say what is wrong with the
    input (`empty` when nothing is chosen or typed), ask first when the answer may not be what the learner
    meant, then call `answer(index, response)` (once the screen is back, when it asked), or `kept()` when the
    learner chose to keep answering."""
    problem = widget.problem()
    if problem is not None:
        screen.notify(problem, title="Not answered", severity="warning", markup=False)
        return
    response = widget.response()
    if response is None:
        screen.notify(empty, severity="warning")
        return
    doubt = widget.doubt()
    if doubt is None:
        answer(index, response)
        return

    def when_back(sure: bool | None) -> None:
        if sure:
            screen.call_after_refresh(answer, index, response)
        elif kept is not None:
            screen.call_after_refresh(kept)

    screen.app.push_screen(ConfirmAnswer(doubt), when_back)
