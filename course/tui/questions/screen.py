"""What a quiz and a review round do alike: one question at a time in the `Reader`, its prompt, its answer
widget and the hint under it; number keys choosing, `a` (or Enter in a box) answering, the feedback box
brought into view; every key waiting for the shown widget's mount. The quiz (course.tui.quiz.screen) and the
review round (course.tui.review.screen) say what differs: what a question's head says, whether a question
is still open, what to press next, and what answering does.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.console import Group, RenderableType
from rich.markdown import Markdown
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import AwaitMount, Widget
from textual.widgets import Input, Static

from course.content.models import TYPE_NAMES
from course.tui.quiz.answers import AnswerWidget, type_into
from course.tui.quiz.confirm import check_and_answer
from course.tui.safe import clean, listed, one_line
from course.tui.shared import shared
from course.tui.widgets import Footer, Notices, SaveWarning, StatusLine, TopBar, say
from course.tui.widgets.reader import Reader
from course.tui.wording import cbm_text, certainty_said, score_of

if TYPE_CHECKING:
    from course.content.models import Question
    from course.progress.models import Response
    from course.quizrun import PlayedQuestion
    from course.scoring import ScoreResult

QUESTION_CSS = Path(__file__).with_name("question.tcss")
"""The rules both screens use: the question screen loads them itself, before the screen's own CSS_PATH."""


def feedback_text(
    result: ScoreResult,
    right_answer: str,
    explanation: str,
    reread: str | None,
    cbm: tuple[float, int | None] | None = None,
) -> Text:
    """Right or wrong in symbols AND words, never by colour alone; on a quiz with confidence-based marking
    (`cbm`: the mark and the certainty said), the CBM mark too."""
    text = Text()
    if result.correct:
        text.append("✓ Correct", style="bold")
    elif result.score > 0:
        text.append("◐ Partly right", style="bold")
    else:
        text.append("✗ Not right", style="bold")
    text.append(f" — {score_of(result.score, result.points)}\n")
    if cbm is not None:
        mark, certainty = cbm
        text.append("CBM mark ", style="bold")
        text.append(f"{cbm_text(mark)}: you were {certainty_said(certainty)}")
        text.append(". Sure of a wrong answer: worth rereading.\n" if mark < 0 else ".\n")
    for line in result.feedback:
        text.append("• " + clean(line) + "\n")
    if not result.correct:
        text.append("Right answer: ", style="bold")
        text.append(listed(right_answer) + "\n")
    text.append("Why: ", style="bold")
    text.append(clean(explanation))
    if reread:
        text.append("\nReread: ", style="bold")
        text.append(reread)
    return text


def type_name(question: Question) -> str:
    """The question's type as the head of a question names it ("One answer", ...)."""
    return TYPE_NAMES.get(question.type, question.type)


class QuestionScreen(Screen[None]):
    """The shared part of the quiz and review screens (see the module's docstring)."""

    NOTHING_CHOSEN: ClassVar[str] = "Choose or type an answer first."
    """What `a` says with nothing chosen or typed."""
    NOTHING_TYPED: ClassVar[str] = "Type an answer first."
    """What Enter says in an empty text box."""

    def __init__(self) -> None:
        super().__init__()
        if QUESTION_CSS not in self.css_path:  # the shared rules first, then the screen's own file
            self.css_path = [QUESTION_CSS, *self.css_path]
        self.index = 0
        self.widget: AnswerWidget | None = None  # the shown question's answer widget
        self._mounting: dict[AnswerWidget, AwaitMount] = {}  # how to wait for each mounted widget's mount
        self._last_part: Widget | None = None  # the part of the shown answer widget the learner was last in

    # -- what each screen says -------------------------------------------------------------------

    @property
    def title_text(self) -> str:
        raise NotImplementedError

    def _question_closed(self) -> bool:
        """Whether the shown question takes no more answer (it is answered and its feedback is shown)."""
        raise NotImplementedError

    def _what_next(self) -> str:
        """What to press after an answer, as a sentence."""
        raise NotImplementedError

    def _take(self, index: int, response: Response) -> None:
        """Answer question `index` with `response` (checked by `check_and_answer`)."""
        raise NotImplementedError

    # -- showing ---------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TopBar(self.title_text, "")
        yield SaveWarning()
        with Reader(id="question"):
            yield Static(id="prompt", markup=False)
            yield Static(id="hint", markup=False)
            yield Static(id="feedback", markup=False)
        yield Notices()  # notifications, here rather than laid over the answer widgets
        yield StatusLine()
        yield Footer()

    def _show_prompt(self, head: Text, prompt: str, before: list[RenderableType] | None = None) -> None:
        """The question's head line(s), a blank line and its prompt (Markdown), after `before` if given."""
        parts: list[RenderableType] = [*(before or []), head, Text(""), Markdown(clean(prompt))]
        self.query_one("#prompt", Static).update(Group(*parts))

    def _show_hint(self, hint: str) -> None:
        self.query_one("#hint", Static).update(Text(hint, style="italic"))

    def _show_feedback_box(self, text: Text | None) -> None:
        """The feedback box with `text`, or hidden (None)."""
        feedback = self.query_one("#feedback", Static)
        feedback.update(text if text is not None else "")
        feedback.set_class(text is not None, "-shown")

    def _reread(self, played: PlayedQuestion) -> str | None:
        """Lesson › section that teaches the question, when the course has it."""
        found = shared(self).course.resolve_section(played.source, played.question.section)
        return f"{one_line(found[0].title)} › {one_line(found[1].title)}" if found else None

    def _mount_widget(self, widget: AnswerWidget) -> AwaitMount:
        """Mount an answer widget under the prompt; keys wait for it with `_ready`."""
        mounting = self._mounting[widget] = self.query_one(Reader).mount(widget, after="#prompt")
        return mounting

    def _forget(self, widget: AnswerWidget) -> None:
        """Remove an answer widget (a key waiting for it finds it gone and does nothing)."""
        self._mounting.pop(widget, None)
        widget.remove()

    async def _mounted(self, widget: AnswerWidget) -> None:
        mounting = self._mounting.get(widget)
        if mounting is not None:
            await mounting  # an AwaitMount may be awaited more than once

    async def _ready(self) -> AnswerWidget | None:
        """The shown answer widget once it is mounted (None when there is none, or the learner has moved on).
        A key pressed right after a move can come in before the new question's widget has its parts: the
        key's action waits for them here, and later keys wait behind it, so none is lost or misapplied."""
        widget = self.widget
        if widget is None:
            return None
        await self._mounted(widget)
        return widget if widget is self.widget and widget.is_attached else None

    async def _focus_answer(self, widget: AnswerWidget) -> None:
        """Once the shown widget is mounted: focus it, if it is open (on a text or number question the cursor
        goes into its box, see `AnswerWidget.TYPED`)."""
        await self._mounted(widget)
        if widget is self.widget and widget.is_attached and not widget.disabled:
            widget.focus_first()

    def _show_feedback(self, tries: int = 5) -> None:
        """Scroll the hint and the feedback under it into view; when both are taller than the view, from
        their top. Waits for the feedback to be laid out (an answer given with Enter in a text box comes in
        before that)."""
        reader = self.query_one("#question", Reader)
        hint, feedback = self.query_one("#hint"), self.query_one("#feedback")
        if not feedback.display:
            return
        if feedback.size.width == 0 and tries > 0:
            self.call_after_refresh(self._show_feedback, tries - 1)
            return
        region = hint.virtual_region_with_margin.union(feedback.virtual_region_with_margin)
        taller = region.height > reader.scrollable_content_region.height
        reader.scroll_to_region(region, animate=False, top=taller, immediate=True)

    # -- keys ------------------------------------------------------------------------------------

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
        if widget is None:
            return
        if self._question_closed():
            say(self, f"This question is answered. {self._what_next()}")
        elif widget.TYPED and not widget.disabled:
            # A number key on a text or number question goes into its box, and starts the answer there.
            boxes = widget.query(Input)
            if boxes:
                type_into(boxes.first(), str(number))  # the keys typed next go into the box, Enter answers
        elif not widget.choose(number):
            say(self, f"There is no option {number} here.")

    def action_choose_hint(self) -> None:
        say(self, "Press an option's number (1 to 9) to choose it; with all-that-apply, press it again to untick.")

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        await self.action_answer()

    async def action_answer(self) -> None:
        widget = await self._ready()
        if widget is None:
            return
        if self._question_closed():
            say(self, f"This question is answered. {self._what_next()}")
            return
        empty = self.NOTHING_CHOSEN if not isinstance(self.focused, Input) else self.NOTHING_TYPED
        check_and_answer(self, widget, self.index, self._take, empty, kept=self._back_in_answer)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Remember the part of the answer widget the learner goes into (a cloze's gap): the part itself, not
        what it holds (a list's drop-down)."""
        widget = self.widget
        if widget is None or widget not in event.widget.ancestors:
            return
        part = event.widget
        for ancestor in event.widget.ancestors:
            if ancestor is widget:
                break
            if isinstance(ancestor, Widget) and ancestor.focusable:
                part = ancestor
        self._last_part = part

    def _back_in_answer(self) -> None:
        """After the learner chose to keep answering in the box that asked first: the focus goes back to the
        part of the answer they were last in (the gap they were on, even after Esc took them out of it), so
        that Tab goes on from there rather than from the first gap."""
        widget, part = self.widget, self._last_part
        if (widget is not None and part is not None and not widget.disabled and not self._question_closed()
                and part.is_attached and widget in part.ancestors and part.focusable):
            self.set_focus(part)
