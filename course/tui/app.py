"""The app: holds the course, the store and the learner, and moves between screens."""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.reactive import var

from course.progress import FutureFormatError, ProgressSaveError
from course.tui import commands as cmd
from course.tui.commands import bindings
from course.tui.map.screen import MapScreen
from course.tui.messages import (
    ChooseLearner,
    OpenLesson,
    OpenQuiz,
    SavedAgain,
    SaveFailed,
    ShowResults,
)
from course.tui.palette import CourseCommands
from course.tui.shared import save as save_through
from course.tui.themes import THEMES, markdown_styles

if TYPE_CHECKING:
    from course.content import Course
    from course.progress import LearnerProgress, ProgressStore
    from course.quizrun import QuizSession


class CourseApp(App[int]):
    """The screens post messages (course.tui.messages) and read the course, store and learner through
    course.tui.shared; they never import this module."""

    CSS_PATH = "app.tcss"
    TITLE = "Course"
    BINDINGS = bindings(cmd.HELP, cmd.QUIT, cmd.THEME)
    COMMANDS = {CourseCommands}

    save_problem: var[str | None] = var(None)
    """The last save failure, shown as a warning on every screen until a save works again."""

    def __init__(
        self,
        course: Course,
        store: ProgressStore,
        learner: LearnerProgress | None,
        *,
        start_message: str | None = None,
    ) -> None:
        super().__init__()
        self.course = course
        self.store = store
        self.learner = learner
        self.start_message = start_message
        self.title = course.title
        for theme in THEMES:
            self.register_theme(theme)
        self._markdown_theme_pushed = False

    # -- start -----------------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.call_after_refresh(_collect_garbage_again)
        self._apply_learner_theme()
        self._sync_markdown_theme()
        if self.learner is not None:
            self.push_screen(MapScreen())
        else:
            from course.tui.welcome.screen import WelcomeScreen

            self.push_screen(WelcomeScreen(first_run=True))
        if self.start_message:
            self.notify(self.start_message, title="Progress", severity="error", timeout=15, markup=False)
        self.show_notices()

    def show_notices(self) -> None:
        if self.learner is None:
            return
        for notice in self.learner.notices:
            self.notify(notice, title="Progress", severity="warning", timeout=20, markup=False)
        self.learner.notices.clear()

    # -- themes ----------------------------------------------------------------------------------

    def _apply_learner_theme(self) -> None:
        wanted = self.learner.summary.theme if self.learner else None
        if wanted and wanted in self.available_themes and wanted != self.theme:
            self.theme = wanted

    def watch_theme(self, theme: str) -> None:
        self._sync_markdown_theme()
        if self.learner is not None and self.learner.summary.theme != theme and self.is_running:
            self.save(self.learner.set_theme, theme)

    def _sync_markdown_theme(self) -> None:
        if self._markdown_theme_pushed:
            self.console.pop_theme()
        self.console.push_theme(markdown_styles(self.current_theme))
        self._markdown_theme_pushed = True
        for screen in self.screen_stack:
            refresh = getattr(screen, "restyle", None)
            if refresh:
                refresh()

    # -- saving ----------------------------------------------------------------------------------

    def save(self, write: Callable[..., Any], *args: Any, **kwargs: Any) -> bool:
        """Run one save through the engine; on failure warn (persistently) and let the learner go on."""
        return save_through(self, write, *args, **kwargs)

    def on_save_failed(self, message: SaveFailed) -> None:
        self.save_failed(message.error)

    def on_saved_again(self, message: SavedAgain) -> None:
        if self.save_problem is not None:
            self.save_problem = None
            self.notify("Your progress is being saved again.", title="Saved", timeout=4)

    def save_failed(self, error: Exception) -> None:
        self.save_problem = str(error)
        self.notify(
            f"{error}\nYou can keep working; the app tries again at the next save.",
            title="Progress not saved",
            severity="error",
            timeout=10,
            markup=False,
        )

    # -- learners --------------------------------------------------------------------------------

    def on_choose_learner(self, message: ChooseLearner) -> None:
        self.set_learner(message.learner)

    def set_learner(self, learner: LearnerProgress) -> None:
        from course.progress import write_last_learner

        self.learner = learner
        try:
            write_last_learner(self.store.root, learner.name)
        except ProgressSaveError as error:
            self.save_failed(error)
        self._apply_learner_theme()
        self.show_notices()
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.switch_screen(MapScreen())

    def action_switch_learner(self) -> None:
        from course.tui.welcome.screen import WelcomeScreen

        self.push_screen(WelcomeScreen(first_run=False))

    # -- content ---------------------------------------------------------------------------------

    def action_reload_course(self) -> None:
        """Read the course folder again: new, changed and removed files show on a fresh course map."""
        from course.content import load_course

        course = load_course(self.course.root)
        self.course = course
        self.title = course.title
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.switch_screen(MapScreen())
        problems = len(course.problems)
        found = f"; {problems} problem{'s' if problems != 1 else ''} in the files" if problems else ""
        self.notify(
            f"{len(course.lessons)} lessons and {len(course.quizzes)} quizzes{found}.",
            title="Course reloaded", timeout=5, markup=False,
        )

    # -- navigation ------------------------------------------------------------------------------

    def _to_map(self) -> None:
        """Pop back to the course map (the screen above the app's blank base screen)."""
        while len(self.screen_stack) > 2 and not isinstance(self.screen, MapScreen):
            self.pop_screen()
        if not isinstance(self.screen, MapScreen):
            self.switch_screen(MapScreen())

    def action_go_map(self) -> None:
        self._to_map()

    def on_open_lesson(self, message: OpenLesson) -> None:
        self.open_lesson(message.lesson, message.section, stack=message.stack)

    def on_open_quiz(self, message: OpenQuiz) -> None:
        self.open_quiz(message.quiz, only=message.only, question=message.question)

    def on_show_results(self, message: ShowResults) -> None:
        self.show_results(message.session)

    def open_lesson(self, lesson_id: str, section: str | None = None, *, stack: bool = False) -> None:
        from course.tui.lesson.screen import LessonScreen

        lesson = self.course.lesson(lesson_id)
        if lesson is None or self.learner is None:
            self.notify("That lesson is not in the course any more.", severity="warning")
            return
        if not stack:
            self._to_map()
        self.push_screen(LessonScreen(lesson, section))

    def open_quiz(self, quiz_id: str, *, only: list[str] | None = None, question: int | None = None) -> None:
        """Resume the quiz's unfinished attempt or start one (a practice round with `only`)."""
        from course.quizrun import QuizSession, QuizUnavailable

        quiz = self.course.quiz(quiz_id)
        if quiz is None or self.learner is None:
            self.notify("That quiz is not in the course any more.", severity="warning")
            return
        try:
            if only is not None:
                session = QuizSession.start(self.course, quiz, self.learner, only=only)
            else:
                try:
                    session = QuizSession.resume_or_start(self.course, quiz, self.learner)
                except FutureFormatError as error:
                    # The unfinished attempt was saved by a newer version: leave its file alone, start afresh.
                    self.notify(
                        f"{error} It is left untouched; a new attempt starts here.",
                        title=quiz.title, severity="warning", timeout=15, markup=False,
                    )
                    session = QuizSession.start(self.course, quiz, self.learner)
        except QuizUnavailable as error:
            self.notify(str(error), title=quiz.title, severity="warning", timeout=10, markup=False)
            return
        except ProgressSaveError as error:
            self.save_failed(error)
            return
        self.show_quiz(session, question)

    def show_quiz(self, session: QuizSession, question: int | None = None) -> None:
        from course.progress import Resume
        from course.tui.quiz.screen import QuizScreen

        if question is not None:
            self.save(session.move, question)
        if self.learner is not None and not session.attempt.practice:
            self.save(
                self.learner.set_resume,
                Resume(kind="quiz", quiz=session.quiz.id, attempt=session.attempt.id, question=session.position),
            )
        self._to_map()
        self.push_screen(QuizScreen(session))

    def show_results(self, session: QuizSession) -> None:
        from course.tui.results.screen import ResultsScreen

        self._to_map()
        self.push_screen(ResultsScreen(session))

    def action_help(self) -> None:
        from course.tui.help.screen import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(getattr(self.screen, "COMMAND_SET", ())))


def _collect_garbage_again() -> None:
    """After the first screen: keep start-up objects out of future collections, collect as usual."""
    gc.freeze()
    gc.enable()
