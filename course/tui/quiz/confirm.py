"""Asking before a quiz with unanswered questions is submitted."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConfirmSubmit(ModalScreen[bool]):
    CSS_PATH = "quiz.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "choose(True)", "Submit"),
        Binding("n,escape", "choose(False)", "Keep answering"),
    ]

    def __init__(self, unanswered: list[int]) -> None:
        super().__init__()
        self.unanswered = unanswered

    def compose(self) -> ComposeResult:
        numbers = ", ".join(str(n) for n in self.unanswered[:20]) + ("…" if len(self.unanswered) > 20 else "")
        count = len(self.unanswered)
        text = Text()
        text.append(f"{count} question{'s are' if count != 1 else ' is'} not answered", style="bold")
        text.append(f" (question{'s' if count != 1 else ''} {numbers}).\n")
        text.append("Unanswered questions score 0. Submit the quiz anyway?")
        with Vertical(id="confirm"):
            yield Static(text, markup=False)
            with Horizontal(id="confirm-buttons"):
                yield Button("Submit (y)", id="yes", variant="warning")
                yield Button("Keep answering (n)", id="no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_choose(self, submit: bool) -> None:
        self.dismiss(submit)
