"""A review round: the questions due, one at a time, with the quiz's answer widgets and its feedback; each
answer is rated and rescheduled (course.review) and saved at once. Esc leaves; what is answered is kept."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.console import Group, RenderableType
from rich.markdown import Markdown
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widget import AwaitMount
from textual.widgets import Input, Static

from course.content.models import TYPE_NAMES
from course.progress import ProgressSaveError
from course.progress.models import Response
from course.quizrun import right_answer_of
from course.review import next_time
from course.tui import commands as cmd
from course.tui.commands import bindings
from course.tui.quiz.answers import AnswerWidget, answer_widget, type_into
from course.tui.quiz.confirm import check_and_answer
from course.tui.quiz.screen import feedback_text
from course.tui.safe import clean, one_line
from course.tui.shared import save, save_failed, shared
from course.tui.widgets import Footer, SaveWarning, StatusLine, TopBar, say
from course.tui.widgets.reader import Reader

if TYPE_CHECKING:

    from course.quizrun import PlayedQuestion
    from course.review import ReviewDeck, Reviewed

_MARKS = {"good": "✓ right", "hard": "◐ partly right", "again": "✗ wrong"}


class ReviewScreen(Screen[None]):
    CSS_PATH = "../quiz/quiz.tcss"  # the quiz's layout and feedback box
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
        self.index = 0
        self.results: list[Reviewed] = []
        self.widget: AnswerWidget | None = None
        self._mounting: AwaitMount | None = None  # how to wait for the shown widget's mount
        self.answered = False

    @property
    def done(self) -> bool:
        return self.index >= len(self.questions)

    def compose(self) -> ComposeResult:
        yield TopBar("Review", "")
        yield SaveWarning()
        with Reader(id="question"):
            yield Static(id="prompt", markup=False)
            yield Static(id="hint", markup=False)
            yield Static(id="feedback", markup=False)
        yield StatusLine()
        yield Footer()

    def on_mount(self) -> None:
        self.show_question()

    # -- showing ---------------------------------------------------------------------------------

    def _where(self) -> str:
        right = sum(1 for r in self.results if r.rating == "good")
        shown = min(self.index + 1, len(self.questions))
        return f"{shown} / {len(self.questions)} · {right} right"

    def show_question(self) -> None:
        if self.widget is not None:
            self.set_focus(None)
            self.widget.remove()
            self.widget = None
        self.answered = False
        self.query_one(TopBar).set_where(self._where())
        feedback = self.query_one("#feedback", Static)
        feedback.update("")
        feedback.remove_class("-shown")
        if self.done:
            self._show_summary()
            return
        played = self.questions[self.index]
        head = Text()
        head.append(f"Review question {self.index + 1} of {len(self.questions)}", style="bold")
        head.append(f"  ·  {TYPE_NAMES.get(played.question.type, played.question.type)}")
        head.append(f"\nfrom “{one_line(played.source.title)}”", style="dim")
        parts: list[RenderableType] = [head, Text(""), Markdown(clean(played.question.prompt))]
        self.query_one("#prompt", Static).update(Group(*parts))
        self.widget = answer_widget(played)
        mounting = self._mounting = self.query_one(Reader).mount(self.widget, after="#prompt")
        self.query_one("#hint", Static).update(Text(self.widget.HINT, style="italic"))
        self.query_one(Reader).scroll_home(animate=False)
        self.call_after_refresh(self._focus_answer, mounting)
        self.refresh_bindings()

    async def _focus_answer(self, mounting: AwaitMount) -> None:
        await mounting
        widget = self.widget
        if widget is not None and widget.is_attached and not widget.TYPED and not self.answered:
            widget.focus_first()

    def _show_summary(self) -> None:
        counts = {rating: sum(1 for r in self.results if r.rating == rating) for rating in _MARKS}
        text = Text()
        text.append("Round finished", style="bold")
        text.append(f"  ·  {len(self.results)} of {len(self.questions)} answered\n\n")
        for rating, words in _MARKS.items():
            text.append(f"  {words}: {counts[rating]}\n")
        left = len(self.deck.due())
        upcoming = self.deck.next_due()
        text.append("\n")
        if left:
            text.append(f"{left} more question{'s are' if left != 1 else ' is'} due: press Esc, then r, for another round.")
        elif upcoming is not None:
            text.append(f"Nothing else is due. The next review is {next_time(upcoming, self.deck.now())}.")
        self.query_one("#prompt", Static).update(text)
        self.query_one("#hint", Static).update(Text("Press Esc to go back to the course map.", style="italic"))
        self.refresh_bindings()

    # -- keys ------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:  # noqa: ARG002 (Textual's signature)
        widget = self.widget
        if action == cmd.TYPE_ANSWER.action:
            return bool(widget and widget.TYPED and not widget.disabled and not self.answered)
        if action in (cmd.ANSWER.action, "choose"):
            return not self.done and not self.answered
        if action == cmd.NEXT_Q.action:
            return self.answered
        return True

    async def _ready(self) -> AnswerWidget | None:
        """The shown answer widget once it is mounted (None when there is none, or the round has moved on):
        a key pressed right after `n` waits here for the next question's widget (see QuizScreen._ready)."""
        widget, mounting = self.widget, self._mounting
        if widget is None:
            return None
        if mounting is not None:
            await mounting  # an AwaitMount may be awaited more than once
        return widget if widget is self.widget and widget.is_attached else None

    async def action_type_answer(self) -> None:
        widget = await self._ready()
        if widget is not None and widget.TYPED and not widget.disabled:
            widget.focus_first()

    def action_page_question(self, direction: int) -> None:
        reader = self.query_one("#question", Reader)
        if direction > 0:
            reader.scroll_page_down(animate=False)
        else:
            reader.scroll_page_up(animate=False)

    async def action_choose(self, number: int) -> None:
        widget = await self._ready()
        if widget is None or self.answered:
            return
        if widget.TYPED:
            boxes = widget.query(Input)
            if boxes:
                type_into(boxes.first(), str(number))
        elif not widget.choose(number):
            say(self, f"There is no option {number} here.")

    def action_choose_hint(self) -> None:
        say(self, "Press an option's number (1 to 9) to choose it; with all-that-apply, press it again to untick.")

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        await self.action_answer()

    async def action_answer(self) -> None:
        widget = await self._ready()
        if widget is None or self.answered:
            return
        check_and_answer(self, widget, self.index, self._answer, "Choose or type an answer first.")

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
        found = shared(self).course.resolve_section(played.source, played.question.section)
        reread = f"{one_line(found[0].title)} › {one_line(found[1].title)}" if found else None
        text = feedback_text(reviewed.result, right_answer_of(played), played.question.explanation, reread)
        text.append("\nNext review: ", style="bold")
        text.append(f"{next_time(reviewed.card.due, self.deck.now())} ({_MARKS[reviewed.rating]})")
        feedback = self.query_one("#feedback", Static)
        feedback.update(text)
        feedback.add_class("-shown")
        last = self.index >= len(self.questions) - 1
        then = "press n to see how the round went" if last else "press n for the next question"
        self.query_one("#hint", Static).update(Text(f"Saved: {then}.", style="italic"))
        self.query_one(TopBar).set_where(self._where())
        self.refresh_bindings()
        self.call_after_refresh(self._show_feedback)

    def _show_feedback(self) -> None:
        reader = self.query_one("#question", Reader)
        region = self.query_one("#hint").virtual_region_with_margin.union(
            self.query_one("#feedback").virtual_region_with_margin
        )
        taller = region.height > reader.scrollable_content_region.height
        reader.scroll_to_region(region, animate=False, top=taller, immediate=True)

    def action_next_question(self) -> None:
        if not self.answered:
            say(self, "Answer this question first (a), or press Esc to leave the round.")
            return
        self.index += 1
        self.show_question()
