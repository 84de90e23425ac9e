"""Asking how sure the learner is, with each answer to a quiz with confidence-based marking: 1, 2 or 3 from
the keyboard (the marks of each are shown), Esc to go back to the question without answering."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from course.scoring import CBM_MARKS, CERTAINTIES, CERTAINTY_WORDS
from course.tui.safe import one_line
from course.tui.wording import cbm_text


def certainty_line(certainty: int) -> str:
    """`1 not very sure   right +1 · wrong  0`: a certainty and what it earns, right and wrong."""
    right, wrong = CBM_MARKS[certainty]
    return f"{certainty}  {CERTAINTY_WORDS[certainty]:<14} right {cbm_text(right):>2} · wrong {cbm_text(wrong):>2}"


class AskCertainty(ModalScreen[int | None]):
    """How sure are you? The answer to it is 1, 2 or 3; None when the learner goes back (Esc)."""

    CSS_PATH = "quiz.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        *[Binding(str(c), f"choose({c})", f"{CERTAINTY_WORDS[c].capitalize()}") for c in CERTAINTIES],
        Binding("escape", "choose(0)", "Back", tooltip="Back to the question; nothing is answered."),
    ]

    def __init__(self, answer: str) -> None:
        super().__init__()
        self.answer = answer  # the answer in words, shown so that the learner sees what they are judging

    def compose(self) -> ComposeResult:
        with Vertical(id="certainty"):
            question = Text()
            question.append("How sure are you of this answer?", style="bold")
            question.append(f"\nYour answer: {one_line(self.answer, 100)}")
            yield Static(question, id="certainty-answer", markup=False)
            with Vertical(id="certainty-buttons"):
                for certainty in CERTAINTIES:
                    yield Button(certainty_line(certainty), id=f"certainty-{certainty}", compact=True)
            yield Static(
                Text("Press 1, 2 or 3 (Esc: back to the question). Unsure? 1 never costs a mark.", style="italic"),
                id="certainty-keys", markup=False,
            )

    def on_mount(self) -> None:
        self.query_one("#certainty-1", Button).focus()  # Enter takes the choice that never costs a mark

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(int(str(event.button.id).rpartition("-")[2]))

    def action_choose(self, certainty: int) -> None:
        self.dismiss(certainty if certainty in CERTAINTIES else None)
