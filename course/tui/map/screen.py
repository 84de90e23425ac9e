"""The course map: every module with its status, overall progress, the next step and content problems."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import OptionList, ProgressBar, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from course.tui import commands as cmd
from course.tui.commands import bindings
from course.tui.map.view import MapView, Problem
from course.tui.messages import MapPainted, OpenLesson, OpenQuiz, OpenReview
from course.tui.safe import one_line
from course.tui.shared import save_failed, shared
from course.tui.widgets import Footer, RecordsStatus, SaveWarning, StatusLine, TopBar, say

if TYPE_CHECKING:
    from course.content import Course
    from course.progress import LearnerProgress


TOAST_WIDTH = 60  # a notification's width (Textual's Toast: 60 columns, at most half the screen)...
TOAST_FRAME = 3  # ...less its padding (one column each side) and its coloured left edge


def shown_path(path: Path) -> str:
    """A path as a learner reads it: under their home folder, starting with ~."""
    try:
        return "~/" + Path(path).resolve().relative_to(Path.home()).as_posix()
    except (ValueError, RuntimeError):
        return str(path)


class ModuleList(OptionList):
    """The modules of the course, two lines each."""


class MapScreen(Screen[None]):
    CSS_PATH = "map.tcss"
    COMMAND_SET = cmd.MAP
    BINDINGS: ClassVar[list[BindingType]] = bindings(cmd.CONTINUE, cmd.TAKE_QUIZ, cmd.REVIEW, cmd.SWITCH_LEARNER,
                                                     cmd.RELOAD, cmd.CERTIFICATE)
    _course: Course | None = None  # the course shown; the app may load a newer one (reload, --watch)

    def compose(self) -> ComposeResult:
        self._course = shared(self).course
        view = shared(self).map_view()
        learner = view.learner if view else ""
        yield TopBar(view.course_title if view else self.app.title, f"Learner: {one_line(learner, 30)}")
        yield SaveWarning()
        # Everything is filled in here, so that the first frame shows the whole map.
        with Horizontal(id="overview"):
            yield ProgressBar(total=1, show_eta=False, id="progress")
            yield Static(Text(view.sentence) if view else "", id="progress-words", markup=False)
        yield Static(self._next_text(view) if view else "", id="next", markup=False)
        yield Static("", id="review-due", markup=False)
        yield ModuleList(*(self._options(view) if view else []), id="modules")
        problems = view.problems if view else ()
        if problems:
            errors = sum(1 for p in problems if p.is_error)
            counts = [
                f"{n} {word}{'s' if n != 1 else ''}"
                for n, word in ((errors, "error"), (len(problems) - errors, "warning"))
                if n
            ]
            with VerticalScroll(id="problems") as box:
                box.border_title = f"⚠ {' and '.join(counts)} in the course files"
                box.border_subtitle = "the rest of the course works" if errors else "the course works"
                yield Static(self._problems_text(problems), markup=False)
        yield RecordsStatus(id="records")
        yield StatusLine()
        yield Footer()
        self._composed_for = view

    @staticmethod
    def _problems_text(problems: Sequence[Problem]) -> Text:
        text = Text()
        for i, problem in enumerate(problems):
            if i:
                text.append("\n")
            where = problem.file + (f":{problem.line}" if problem.line else "")
            text.append(one_line(where), style="bold")
            text.append(f" {problem.severity}:", style="bold red" if problem.is_error else "bold yellow")
            if problem.field:
                text.append(f" {one_line(problem.field)}:")
            text.append(f" {one_line(problem.message)}")
        return text

    def on_mount(self) -> None:
        view = self._composed_for
        if view is not None:
            self._view = view
            self.query_one(ProgressBar).update(total=max(view.total, 1), progress=view.done)
            modules = self.query_one(ModuleList)
            if modules.option_count:
                modules.highlighted = view.target if view.target is not None else 0
        self.query_one(ModuleList).focus()
        # After the first frame: the review cards are brought up to date from the quiz attempts on disk; and
        # every minute, since questions come due while the map is open.
        self.call_after_refresh(self._show_review_due)
        self.set_interval(60, self._show_review_due)
        if not shared(self).loaded:
            # Painted from the start-up snapshot: now the app may load the course behind it.
            self.call_after_refresh(self.app.post_message, MapPainted())

    _shown_once = False

    async def on_screen_resume(self) -> None:
        if self._course is not None and self._course is not shared(self).course:
            await self.rebuild()  # the course was reloaded while another screen was shown
        elif self._shown_once:  # back from a lesson or a quiz: the learner's progress may have changed
            self.refresh_status()
        self._shown_once = True  # the first time, compose has just filled everything in

    async def rebuild(self, said: str | None = None) -> None:
        """Show the course the app holds now (after a reload), keeping the highlighted module; `said` goes on
        the status line of the new map."""
        if not self._has_widgets():  # the map is being taken down (the app closing): nothing to show any more
            return
        chosen = self._highlighted()
        if not await self._recomposed():
            return
        self.refresh_status(focus_next=True)
        modules = self.query_one(ModuleList)
        if chosen is not None:
            with contextlib.suppress(OptionDoesNotExist):  # if that module is gone, the next step stays highlighted
                modules.highlighted = modules.get_option_index(":".join(chosen))
        modules.focus()
        if said:
            say(self, said)

    async def _recomposed(self) -> bool:
        """Compose the map again; False when the screen is no longer there to show it.

        Recomposing removes the map's widgets, then mounts new ones only if the screen is still attached.
        When the app starts closing or another screen replaces this one during the removal (a reload that
        lands as the learner quits, or as a new map takes this one's place), the screen is left without its
        widgets, and anything that looks for them (the progress bar, the module list) would fail: there is
        nothing to show then, so nothing more is done. The same when the app had started closing before the
        rebuild came: Textual's recompose then does nothing (the screen is being taken down), and its widgets
        are gone or going with it."""
        await self.recompose()
        return self.is_attached and self._has_widgets()

    def _has_widgets(self) -> bool:
        """Whether the map's widgets are there (not yet composed again, or taken down as the screen closes)."""
        return bool(self.query(ModuleList)) and bool(self.query(ProgressBar))

    # -- status ----------------------------------------------------------------------------------

    async def course_loaded(self) -> None:
        """The course has been loaded (the map may have been painted from a start-up snapshot)."""
        self._course = shared(self).course
        view = shared(self).map_view()
        shown = getattr(self, "_composed_for", None)
        if view is not None and shown is not None and (
            view.problems != shown.problems or view.course_title != shown.course_title or view.learner != shown.learner
        ):
            if not await self._recomposed():
                return
            self.query_one(ModuleList).focus()
        elif view is not None and view == shown:
            self._view = view  # the snapshot showed just this: nothing to redraw
            return
        self.refresh_status(focus_next=view is not None and view != shown)

    def refresh_status(self, focus_next: bool = False) -> None:
        view: MapView | None = shared(self).map_view()
        if view is None or not self.is_attached or not self._has_widgets():  # closing: its widgets may be gone
            return
        self._view = view
        bar = self.query_one(ProgressBar)
        bar.update(total=max(view.total, 1), progress=view.done)
        self.query_one("#progress-words", Static).update(Text(view.sentence))
        self.query_one("#next", Static).update(self._next_text(view))
        self._show_review_due()

        modules = self.query_one(ModuleList)
        keep = modules.highlighted
        options = self._options(view)
        modules.set_options(options)
        if not options:
            return
        if focus_next or keep is None:
            modules.highlighted = view.target if view.target is not None else 0
        else:
            modules.highlighted = min(keep, len(options) - 1)

    _due = 0

    def _show_review_due(self) -> None:
        """"Review: N questions due today (limit ...)" while any are, "done for today" while the daily limits
        hold due ones back, nothing otherwise (and `r` only while some are due)."""
        if not self.is_attached or not self.query("#review-due"):  # closing: its widgets may be gone
            return
        from course.review_load import waiting_words  # not at import: the map paints before the engine loads

        waiting = shared(self).review_queue()
        due = len(waiting.keys) if waiting is not None else 0
        said = waiting_words(waiting) if waiting is not None else None
        line = self.query_one("#review-due", Static)
        line.set_class(said is not None, "-shown")
        text = Text()
        if said is not None:
            text.append("↻ Review: ", style="bold")
            text.append(said)
            if due:
                text.append("   press r", style="bold")
        line.update(text)
        if due != self._due:
            self._due = due
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:  # noqa: ARG002 (Textual's signature)
        """Review is offered (key, footer, palette) only while questions are due."""
        if action == cmd.REVIEW.action:
            return self._due > 0
        return True

    def action_review(self) -> None:
        self.post_message(OpenReview())

    @staticmethod
    def _next_text(view: MapView) -> Text:
        nxt = Text()
        nxt.append("▶ Next: ", style="bold")
        nxt.append(one_line(view.next_label))
        if view.next_kind != "done":
            nxt.append("   press c", style="bold")
        if view.certificate_ready:
            nxt.append("\n★ Certificate ready: press g", style="bold")
        return nxt

    def _options(self, view: MapView) -> list[Option]:
        return [
            Option(self._module_text(m.number, m.title, m.symbol, list(m.words), m.is_next), id=m.id)
            for m in view.modules
        ]

    @staticmethod
    def _module_text(number: int | None, title: str, symbol: str, words: list[str], is_next: bool) -> Table:
        """Two columns, so that a title or a status too long for the line wraps under itself (a hanging
        indent), never back to the first column."""
        body = Text()
        body.append(one_line(title), style="bold")
        if is_next:
            body.append("  ◀ next step", style="bold reverse")
        body.append("\n")
        body.append(" · ".join(w for w in words if w), style="italic")
        grid = Table.grid(expand=True)
        grid.add_column(no_wrap=True, width=7 if number is not None and number > 9 else 6)
        grid.add_column(ratio=1)
        marker = Text(f" {symbol} ", style="bold")
        if number is not None:
            marker.append(f"{number}.")
        grid.add_row(marker, body)
        return grid

    # -- actions ---------------------------------------------------------------------------------

    def _highlighted(self) -> tuple[str, str] | None:
        modules = self.query_one(ModuleList)
        if modules.highlighted is None:
            return None
        option = modules.get_option_at_index(modules.highlighted)
        kind, _, ident = (option.id or "").partition(":")
        return kind, ident

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        chosen = self._highlighted()
        if chosen is None:
            return
        kind, ident = chosen
        # Posted at once, even while the course loads behind a snapshot: the app opens it once loaded.
        if kind == "lesson":
            self.post_message(OpenLesson(ident))
        else:
            self.post_message(OpenQuiz(ident))

    def action_take_quiz(self) -> None:
        chosen = self._highlighted()
        if chosen is None:
            return
        kind, ident = chosen
        if kind == "exam":
            self.post_message(OpenQuiz(ident))
            return
        view = getattr(self, "_view", None)
        line = next((m for m in view.modules if m.id == f"lesson:{ident}"), None) if view else None
        if line is None or line.quiz is None:
            self.notify("This lesson has no quiz.", severity="warning")
            return
        self.post_message(OpenQuiz(line.quiz))

    def action_certificate(self) -> None:
        """Make the learner's certificate in a thread (writing a PDF takes a fraction of a second), or say
        what is left to do."""
        state = shared(self)
        learner = state.learner if state.loaded else None
        if learner is None:
            say(self, "Your progress is still loading: press g again in a moment.")
            return
        self.run_worker(partial(self._make_certificate, state.course, learner), thread=True, group="certificate",
                        exclusive=True, exit_on_error=False)

    def _make_certificate(self, course: Course, learner: LearnerProgress) -> None:
        from course.certificate import CertificateError, NotYet, default_path, issue
        from course.progress import ProgressSaveError

        try:
            issued = issue(course, learner, default_path(course, learner))
        except CertificateError as error:
            self.app.call_from_thread(self.notify, str(error), title="Certificate", severity="error", markup=False)
            return
        except ProgressSaveError as error:
            self.app.call_from_thread(save_failed, self, error)
            return
        if isinstance(issued, NotYet):
            self.app.call_from_thread(self._not_yet, str(issued))
            return
        where, code = shown_path(issued.path), issued.text.code
        signed = (f"Signed by {issued.text.issuer}: the credential is attached and beside it" if issued.signed
                  else "Not signed: there is no issuer key on this computer")
        self.app.call_from_thread(self._saved, where, code, signed)

    def _saved(self, where: str, code: str, signed: str) -> None:
        """Where the certificate went: on the status line, and in full in a notification, the path on lines of
        its own that break only after a `/` (a toast folds a long word wherever the line ends)."""
        from course.tui.wording import path_lines  # not at start-up: its module reads the scoring rules

        say(self, f"Certificate saved to {where} (code {code})", 15)
        width = min(TOAST_WIDTH, self.app.size.width // 2) - TOAST_FRAME
        self.notify(f"Saved to\n{path_lines(where, width)}\nVerification code: {code}\n{signed}",
                    title="Certificate", markup=False, timeout=15)

    def _not_yet(self, left: str) -> None:
        say(self, "No certificate yet: see what is left to do.")
        self.notify(left, title="No certificate yet", severity="warning", markup=False, timeout=15)

    def action_continue(self) -> None:
        view = getattr(self, "_view", None)
        step = view.step if view else None
        if step is None or step.kind == "done":
            say(self, "Nothing left to continue: pick any module to review it.")
            return
        if step.kind == "quiz" and step.quiz:
            self.post_message(OpenQuiz(step.quiz))
        elif step.lesson:
            self.post_message(OpenLesson(step.lesson, step.section))
