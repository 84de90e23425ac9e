"""Taking a quiz: one question at a time.

The current question's answer widget is shown; its neighbours' widgets are kept mounted and hidden, so
that moving to the next or previous question only swaps which one is displayed. Widgets further away are
removed, so a long exam keeps at most three mounted.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import TYPE_CHECKING, ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, OptionList, RadioSet, Select, SelectionList

from course.progress import AnswerAlreadyRecordedError, AttemptSubmittedError, ProgressSaveError
from course.quizrun import right_answer_of
from course.scoring import describe_response
from course.tui import commands as cmd
from course.tui.commands import bindings
from course.tui.messages import ShowResults
from course.tui.questions.screen import QUESTION_CSS, QuestionScreen, feedback_text, type_name
from course.tui.quiz.answers import AnswerWidget, answer_widget
from course.tui.safe import clean
from course.tui.shared import save, save_failed
from course.tui.widgets import TopBar, say
from course.tui.widgets.reader import Reader
from course.tui.wording import certainty_said, points

if TYPE_CHECKING:
    from course.progress.models import Response
    from course.quizrun import QuizSession

__all__ = ["QuizScreen", "feedback_text"]  # feedback_text: the question screen's, where it was first written


class QuizScreen(QuestionScreen):
    CSS_PATH: ClassVar[list[str | PurePath]] = [QUESTION_CSS, "quiz.tcss"]
    NOTHING_CHOSEN = "Choose or type an answer first, or press s to skip."
    NOTHING_TYPED = "Type an answer first, or press Ctrl+N to move on without one."
    """Said instead in a text box, where s is typed."""
    COMMAND_SET = (*cmd.QUIZ[:-2], cmd.GO_MAP)
    BINDINGS: ClassVar[list[BindingType]] = [
        *bindings(*(command for command in cmd.QUIZ[:-2] if command is not cmd.CHOOSE)),
        Binding("escape", "app.go_map", "Map", tooltip="Back to the course map; this attempt is kept."),
        # The options' labels are their numbers, and each number chooses its option (see cmd.CHOOSE).
        *[Binding(str(n), f"choose({n})", show=False) for n in range(1, 10)],
    ]

    def __init__(self, session: QuizSession) -> None:
        super().__init__()
        self.session = session
        self.index = session.position
        self._kept: dict[int, AnswerWidget] = {}  # question index -> its mounted answer widget
        self._pending_drafts: dict[int, Response] = {}  # question index -> a draft not saved yet

    @property
    def title_text(self) -> str:
        prefix = "Practice: " if self.session.attempt.practice else ""
        return prefix + self.session.quiz.title

    def on_mount(self) -> None:
        self.show_question(self.index)

    # -- showing a question ----------------------------------------------------------------------

    @property
    def answered(self) -> bool:
        return self.session.is_answered(self.index)

    @property
    def locked(self) -> bool:
        return self.session.locked_after_answer and self.answered

    def _question_closed(self) -> bool:
        return self.locked

    def _status(self) -> str:
        total = len(self.session.questions)
        answered = total - len(self.session.unanswered())
        flag = " · ⚑ flagged" if self.session.is_flagged(self.index) else ""
        return f"{self.index + 1} / {total} · {answered} answered{flag}"

    def show_question(self, index: int) -> None:
        self.index = index
        self._update_head()

        previous = self.widget
        if previous is not None:
            # Blur first: hiding or removing the focused widget makes Textual move focus itself, later, and
            # that could land after (and undo) the focus given to the new question's widget below.
            self.set_focus(None)
            previous.display = False
            self._keep_draft(previous)
            if self._has_unsaved_choice(previous):
                self._drop(previous)  # coming back shows what is saved, as a fresh widget would
        widget = self._kept.get(index)
        if widget is None:
            widget = self._mount_answer(index)
        widget.display = True
        self.widget = widget
        self._refresh_feedback()
        self.query_one(Reader).scroll_home(animate=False)
        self.call_later(self._focus_answer, widget)

    @property
    def answer_widgets(self) -> dict[int, AnswerWidget]:
        """The answer widgets mounted now, by question index: the current one and its hidden neighbours."""
        return dict(self._kept)

    def _mount_answer(self, index: int, hidden: bool = False) -> AnswerWidget:
        widget = answer_widget(self.session.questions[index])
        widget.display = not hidden
        self._kept[index] = widget
        self._mount_widget(widget)
        saved = self.session.shown_response(index)
        if saved is not None:
            self.call_later(self._show_saved, widget, saved)
        return widget

    async def _show_saved(self, widget: AnswerWidget, response: Response) -> None:
        await self._mounted(widget)
        if widget.is_attached:
            widget.show(response)

    def _drop(self, widget: AnswerWidget) -> None:
        for index, kept in list(self._kept.items()):
            if kept is widget:
                del self._kept[index]
        self._forget(widget)

    def _index_of(self, widget: AnswerWidget) -> int | None:
        return next((i for i, kept in self._kept.items() if kept is widget), None)

    def _has_unsaved_choice(self, widget: AnswerWidget) -> bool:
        """Whether the learner changed this widget without answering (what a fresh widget would not show: the
        saved answer, or else the kept draft)."""
        index = self._index_of(widget)
        if index is None or not widget.is_mounted:
            return True
        saved = self.session.shown_response(index)
        try:
            return widget.response() != saved
        except Exception:  # not fully mounted yet: a fresh one is the safe choice
            return True

    # -- drafts: what was chosen or typed without answering ---------------------------------------

    DRAFT_SECONDS = 0.5
    """How long after the last change a draft is saved (a move, leaving or quitting saves it at once)."""
    _draft_timer: Timer | None = None

    def _keep_draft(self, widget: AnswerWidget) -> None:
        """Keep what the learner chose or typed on an unanswered question without answering it: it is there
        again after a move, leaving the quiz or a restart (an answered question shows its answer)."""
        index = self._index_of(widget)
        if index is None or not widget.is_mounted:
            return
        try:
            response = widget.response()
        except Exception:  # not fully mounted yet: it holds nothing the learner chose
            return
        self._pending_drafts.pop(index, None)
        self._save_draft(index, response)

    def _save_draft(self, index: int, response: Response) -> None:
        if self.session.finished or self.session.is_answered(index):
            return
        if response != self.session.draft_for(index):
            save(self, self.session.keep_draft, index, response)

    def _flush_drafts(self) -> None:
        """Save the drafts noted since the last save (see `_draft_changed`)."""
        pending, self._pending_drafts = self._pending_drafts, {}
        for index, response in pending.items():
            self._save_draft(index, response)

    @on(Input.Changed)
    @on(RadioSet.Changed)
    @on(SelectionList.SelectedChanged)
    @on(Select.Changed)
    @on(OptionList.OptionHighlighted)
    def _draft_changed(self, event: Message) -> None:
        """An answer widget changed: note what it holds now, and save it shortly. Noted as it changes, since
        once the app is quitting the widgets can no longer be read."""
        control = getattr(event, "control", None)
        widget = next((node for node in control.ancestors_with_self if isinstance(node, AnswerWidget)), None) \
            if isinstance(control, Widget) else None
        index = self._index_of(widget) if widget is not None else None
        if widget is None or index is None or self.session.is_answered(index):
            return
        try:
            self._pending_drafts[index] = widget.response()
        except Exception:  # not fully mounted yet: nothing the learner chose
            return
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(self.DRAFT_SECONDS, self._flush_drafts)

    def _keep_neighbours(self) -> None:
        """After the move is painted: mount the neighbours (hidden), remove widgets further away."""
        if not self.is_attached:
            return
        here = self.index
        for index, widget in list(self._kept.items()):
            if abs(index - here) > 1 and widget is not self.widget:
                self._drop(widget)
        for index in (here + 1, here - 1):
            if 0 <= index < len(self.session.questions) and index not in self._kept:
                self._mount_answer(index, hidden=True)

    def _update_head(self) -> None:
        session, index = self.session, self.index
        question = session.questions[index].question
        self.query_one(TopBar).set_where(self._status())
        head = Text()
        head.append(f"Question {index + 1} of {len(session.questions)}", style="bold")
        head.append(f"  ·  {points(question.points)}  ·  {type_name(question)}")
        if session.is_flagged(index):
            head.append("  ·  ⚑ flagged", style="bold")
        before: list[RenderableType] = [self._intro(), Text("")] if index == 0 else []
        self._show_prompt(head, question.prompt, before)

    def _intro(self) -> Text:
        """Shown with the first question: what the quiz is and how it is marked."""
        quiz, attempt = self.session.quiz, self.session.attempt
        intro = Text()
        if quiz.description and not attempt.practice:
            intro.append(clean(quiz.description).strip() + "\n", style="italic")
        rules = [
            "practice round: it does not count" if attempt.practice else f"pass mark {quiz.pass_mark:.0%}",
            "right or wrong shown after each answer" if quiz.feedback == "immediate"
            else "right or wrong shown when you submit",
        ]
        if quiz.confidence:
            rules.append("say how sure you are with each answer (confidence-based marking)")
        if quiz.max_attempts is not None and not attempt.practice:
            used = self.session.learner.summary.quizzes.get(quiz.id)
            rules.append(f"attempt {(used.attempts if used else 0) + 1} of {quiz.max_attempts}")
        intro.append(" · ".join(rules).capitalize(), style="dim")
        return intro

    async def _focus_answer(self, widget: AnswerWidget) -> None:
        """Focus the shown widget once it is mounted (see QuestionScreen), then prepare the neighbours."""
        await super()._focus_answer(widget)
        self.refresh_bindings()
        self.call_after_refresh(self._keep_neighbours)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:  # noqa: ARG002 (Textual's signature)
        """Enter goes into the answer box only on a text or number question that is open."""
        if action == cmd.TYPE_ANSWER.action:
            widget = self.widget
            return bool(widget and widget.TYPED and not widget.disabled and widget.display)
        return True

    def _what_next(self) -> str:
        """What to press after an answer: the next question, or after the last one, submitting."""
        if self.index >= len(self.session.questions) - 1:
            return "That was the last question: press S to submit the quiz (p goes back)."
        return "Press n for the next question."

    def _refresh_feedback(self) -> None:
        assert self.widget is not None
        if self.locked:
            self.widget.disabled = True
            self._show_hint(f"Answered. {self._what_next()}")
            self._show_feedback_box(self._feedback_for(self.index))
            return
        self.widget.disabled = False
        extra = ""
        if self.answered:
            extra = "  Your answer is saved; you can change it until you submit."
            answer = self.session.answer_for(self.index)
            if self.session.confidence and answer is not None:
                extra += f" You said: {certainty_said(answer.certainty)}."
        self._show_hint(self.widget.HINT + extra)
        self._show_feedback_box(None)

    def _feedback_for(self, index: int) -> Text:
        played = self.session.questions[index]
        result = self.session.result_for(index)
        reread = self._reread(played)
        mark = self.session.cbm_for(index)
        answer = self.session.answer_for(index)
        cbm = (mark, answer.certainty if answer else None) if mark is not None else None
        return feedback_text(result, right_answer_of(played), played.question.explanation, reread, cbm)

    # -- answering -------------------------------------------------------------------------------

    def _take(self, index: int, response: Response) -> None:
        self._ask_certainty_or_answer(index, response)

    def _ask_certainty_or_answer(self, index: int, response: Response) -> None:
        """On a quiz with confidence-based marking, ask how sure the learner is first (Esc there takes
        nothing: the learner is back on the question)."""
        if not self.session.confidence:
            self._answer(index, response)
            return
        from course.tui.quiz.certainty import AskCertainty

        def answer_when_sure(certainty: int | None) -> None:
            if certainty is not None:
                self.call_after_refresh(self._answer, index, response, certainty)

        played = self.session.questions[index]
        said = describe_response(played.question, response, option_order=played.option_order,
                                 item_order=played.item_order)
        self.app.push_screen(AskCertainty(said), answer_when_sure)

    def _answer(self, index: int, response: Response, certainty: int | None = None) -> None:
        if index != self.index or self.locked:
            return
        try:
            self.session.answer(self.index, response, certainty)
        except AttemptSubmittedError as error:
            self.notify(f"{error} Here are its results.", title="Already submitted", severity="warning",
                        timeout=10, markup=False)
            self._finish()  # finishing again keeps the finish on disk: the results are the submitted ones
            return
        except AnswerAlreadyRecordedError as error:
            self.notify(f"{error} Shown here: the answer that counts and its feedback.", title="Already answered",
                        severity="warning", timeout=10, markup=False)
            self._show_recorded(error.answer.response)
            return
        except ProgressSaveError as error:
            save_failed(self, error)
            return
        self._answered(certainty)

    def _show_recorded(self, response: Response) -> None:
        """The answer recorded first (in another window) in place of the one just chosen, and its feedback."""
        if self.widget is not None and self.widget.is_attached:
            self.widget.show(response)
        self._answered()

    def _answered(self, certainty: int | None = None) -> None:
        save(self, lambda: None)  # clears an earlier save warning now that saving works
        self.query_one(TopBar).set_where(self._status())
        self._refresh_feedback()
        self.set_focus(None)  # the letter keys are the quiz's again, whatever the answer widget was
        self.refresh_bindings()
        if self.session.locked_after_answer:
            # Once the feedback is laid out: bring it into view, its top first when it is taller than the view.
            self.call_after_refresh(self._show_feedback)
        elif certainty is not None:
            say(self, f"Answer saved; you were {certainty_said(certainty)}. {self._what_next()}")
        else:
            say(self, f"Answer saved. {self._what_next()}")

    # -- moving ----------------------------------------------------------------------------------

    def _go(self, index: int) -> None:
        if index == self.index:
            return
        self.show_question(index)
        # Where the learner is only matters for resuming: it is saved once the move is on screen (a
        # save waits for the disk), and only if the learner is still there by then. A failed save
        # warns; the move has happened on screen and the position is saved at the next good save.
        self.call_after_refresh(self._save_position, index)

    def _save_position(self, index: int) -> None:
        if index == self.index and self.session.position != index:
            open_before = not self.locked
            save(self, self.session.move, index)
            answer = self.session.answer_for(index)
            if open_before and self.locked and index == self.index and answer is not None:
                # Saving the move read the attempt from disk: another window has answered this question.
                self.notify("This question was answered in another window: that answer counts, and its feedback "
                            "is shown.", title="Already answered", markup=False)
                self._show_recorded(answer.response)

    _left = False

    def leave(self) -> None:
        """Called once as the learner leaves (before the map shows, so it shows what this leaves behind)."""
        if self._left:
            return
        self._left = True
        if self.widget is not None:
            self._keep_draft(self.widget)  # what was chosen without answering is there again next time
        self._flush_drafts()  # and what was noted as it changed (quitting, the widgets cannot be read)
        self._save_position(self.index)  # a move made just before leaving is kept too
        save(self, self.session.leave)  # opened and left untouched: not counted as started

    def on_unmount(self) -> None:
        self.leave()  # when the app quits on this screen (leaving for the map has done it already)

    def _advance(self, step: int) -> None:
        target = self.index + step
        if 0 <= target < len(self.session.questions):
            self._go(target)
        elif target >= len(self.session.questions):
            missing = len(self.session.unanswered())
            more = f" {missing} unanswered." if missing else " All questions answered."
            say(self, f"That was the last question.{more} Press S to submit.")

    def action_next_question(self) -> None:
        self._advance(1)

    def action_prev_question(self) -> None:
        self._advance(-1)

    def action_skip(self) -> None:
        self._advance(1)

    def action_next_open(self) -> None:
        total = len(self.session.questions)
        for step in range(1, total + 1):
            i = (self.index + step) % total
            if not self.session.is_answered(i) or self.session.is_flagged(i):
                self._go(i)
                return
        say(self, "Every question is answered and none is flagged. Press S to submit.")

    def action_flag(self) -> None:
        try:
            flagged = self.session.toggle_flag(self.index)
        except ProgressSaveError as error:
            save_failed(self, error)
            return
        say(self, "⚑ Flagged: press u to come back to it." if flagged else "Flag removed.")
        self._update_head()

    def action_submit(self) -> None:
        from course.tui.quiz.confirm import ConfirmSubmit

        unanswered = self.session.unanswered()
        if unanswered:
            self.app.push_screen(ConfirmSubmit([i + 1 for i in unanswered]), self._confirmed)
        else:
            self._finish()

    def _confirmed(self, submit: bool | None) -> None:
        if submit:
            self._finish()

    def _finish(self) -> None:
        try:
            self.session.finish()
        except ProgressSaveError as error:
            save_failed(self, error)
            return
        self.post_message(ShowResults(self.session))
