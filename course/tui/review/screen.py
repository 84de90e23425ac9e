"""A review round: the questions due, one at a time, with the quiz's answer widgets and its feedback; each
answer is rated and rescheduled (course.review) and saved at once. Esc leaves; what is answered is kept."""

from __future__ import annotations

from pathlib import PurePath
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import Static

from course.progress import ProgressSaveError
from course.quizrun import right_answer_of
from course.review import next_time
from course.review_load import day_done_words
from course.tui import commands as cmd
from course.tui.commands import bindings
from course.tui.questions.screen import QuestionScreen, feedback_text, type_name
from course.tui.quiz.answers import answer_widget
from course.tui.safe import one_line
from course.tui.shared import save, save_failed
from course.tui.widgets import TopBar, say
from course.tui.widgets.reader import Reader

if TYPE_CHECKING:
    from course.progress.models import Response
    from course.quizrun import PlayedQuestion
    from course.review import ReviewDeck, Reviewed

_MARKS = {"good": "✓ right", "hard": "◐ partly right", "again": "✗ wrong"}


class ReviewScreen(QuestionScreen):
    CSS_PATH: ClassVar[list[str | PurePath]] = ["review.tcss"]  # its own rules; the question screen adds the shared ones
    COMMAND_SET = (cmd.ANSWER, cmd.TYPE_ANSWER, cmd.CHOOSE, cmd.NEXT_Q, cmd.PAGE_DOWN_Q, cmd.PAGE_UP_Q, cmd.GO_MAP)
    BINDINGS: ClassVar[list[BindingType]] = [
        *bindings(cmd.ANSWER, cmd.TYPE_ANSWER, cmd.NEXT_Q, cmd.PAGE_DOWN_Q, cmd.PAGE_UP_Q),
        Binding("escape", "app.go_map", "Leave", tooltip="Back to the course map; the answers given are kept."),
        *[Binding(str(n), f"choose({n})", show=False) for n in range(1, 10)],
    ]

    def __init__(self, deck: ReviewDeck, keys: list[str], seed: int) -> None:
        super().__init__()
        self.deck = deck
        self.seed = seed
        self.questions: list[PlayedQuestion] = [p for key in keys if (p := deck.played(key, seed)) is not None]
        self.results: list[Reviewed] = []
        self.answered = False

    @property
    def done(self) -> bool:
        return self.index >= len(self.questions)

    @property
    def title_text(self) -> str:
        return "Review"

    def on_mount(self) -> None:
        self.show_question()

    # -- showing ---------------------------------------------------------------------------------

    def _where(self) -> str:
        right = sum(1 for r in self.results if r.rating == "good")
        shown = min(self.index + 1, len(self.questions))
        return f"{shown} / {len(self.questions)} · {right} right"

    def _question_closed(self) -> bool:
        return self.answered

    def _what_next(self) -> str:
        last = self.index >= len(self.questions) - 1
        return "Press n to see how the round went." if last else "Press n for the next question."

    def show_question(self) -> None:
        if self.widget is not None:
            self.set_focus(None)
            self._forget(self.widget)
            self.widget = None
        self.answered = False
        self.query_one(TopBar).set_where(self._where())
        self._show_feedback_box(None)
        if self.done:
            self._show_summary()
            return
        played = self.questions[self.index]
        head = Text()
        head.append(f"Review question {self.index + 1} of {len(self.questions)}", style="bold")
        head.append(f"  ·  {type_name(played.question)}")
        head.append(f"\nfrom “{one_line(played.source.title)}”", style="dim")
        self._show_prompt(head, played.question.prompt)
        self.widget = answer_widget(played)
        self._mount_widget(self.widget)
        self._show_hint(self.widget.HINT)
        self.query_one(Reader).scroll_home(animate=False)
        self.call_after_refresh(self._focus_answer, self.widget)
        self.refresh_bindings()

    def _show_summary(self) -> None:
        counts = {rating: sum(1 for r in self.results if r.rating == rating) for rating in _MARKS}
        text = Text()
        text.append("Round finished", style="bold")
        text.append(f"  ·  {len(self.results)} of {len(self.questions)} answered\n\n")
        for rating, words in _MARKS.items():
            text.append(f"  {words}: {counts[rating]}\n")
        waiting = self.deck.queue()
        left = len(waiting.keys)
        upcoming = self.deck.next_due()
        text.append("\n")
        if left:
            text.append(f"{left} more question{'s are' if left != 1 else ' is'} due: press Esc, then r, for another round.")
        elif done := day_done_words(waiting):
            text.append(done)
        elif upcoming is not None:
            text.append(f"Nothing else is due. The next review is {next_time(upcoming, self.deck.now())}.")
        self.query_one("#prompt", Static).update(text)
        self._show_hint("Press Esc to go back to the course map.")
        self.refresh_bindings()

    # -- keys ------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:  # noqa: ARG002 (Textual's signature)
        widget = self.widget
        if action == cmd.TYPE_ANSWER.action:
            return bool(widget and widget.TYPED and not widget.disabled and not self.answered)
        if action == cmd.ANSWER.action:
            return not self.done and not self.answered
        if action == "choose":  # on an answered question, a number key says what to press next
            return not self.done
        if action == cmd.NEXT_Q.action:
            return self.answered
        return True

    def _take(self, index: int, response: Response) -> None:
        self._answer(index, response)

    def _answer(self, index: int, response: Response) -> None:
        if index != self.index or self.answered or self.done:
            return
        played = self.questions[index]
        try:
            reviewed = self.deck.answer(played.key, played.question, response)
        except ProgressSaveError as error:
            save_failed(self, error)
            return
        save(self, lambda: None)  # clears an earlier save warning now that saving works
        self.results.append(reviewed)
        self.answered = True
        assert self.widget is not None
        self.widget.disabled = True
        self.set_focus(None)
        text = feedback_text(reviewed.result, right_answer_of(played), played.question.explanation,
                             self._reread(played))
        text.append("\nNext review: ", style="bold")
        text.append(f"{next_time(reviewed.card.due, self.deck.now())} ({_MARKS[reviewed.rating]})")
        self._show_feedback_box(text)
        then = self._what_next()
        self._show_hint(f"Saved: {then[0].lower()}{then[1:]}")
        self.query_one(TopBar).set_where(self._where())
        self.refresh_bindings()
        self.call_after_refresh(self._show_feedback)

    def action_next_question(self) -> None:
        if not self.answered:
            say(self, "Answer this question first (a), or press Esc to leave the round.")
            return
        self.index += 1
        self.show_question()
