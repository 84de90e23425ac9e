"""The app: holds the course, the store and the learner, and moves between screens."""

from __future__ import annotations

import asyncio
import gc
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App
from textual.binding import BindingType
from textual.command import Provider
from textual.reactive import var

from course.tui import commands as cmd
from course.tui.commands import bindings
from course.tui.map.screen import MapScreen
from course.tui.messages import (
    ChooseLearner,
    OpenLesson,
    OpenQuiz,
    OpenReview,
    SaveFailed,
    ShowResults,
)
from course.tui.palette import CourseCommands
from course.tui.shared import save as save_through
from course.tui.themes import THEMES, markdown_styles
from course.words import plural

if TYPE_CHECKING:
    from textual import events
    from textual.notifications import SeverityLevel

    from course.content import Course
    from course.progress import LearnerProgress, ProgressStore
    from course.quizrun import QuizSession
    from course.review import ReviewDeck
    from course.review_load import Queue
    from course.tui.map.view import MapView
    from course.tui.records import RecordsSync
    from course.tui.startup import Asking, Opened, Refused


class CourseApp(App[int]):
    """The screens post messages (course.tui.messages) and read the course, store and learner through
    course.tui.shared; they never import this module."""

    CSS_PATH = "app.tcss"
    TITLE = "Course"
    BINDINGS: ClassVar[list[BindingType]] = bindings(cmd.HELP, cmd.QUIT, cmd.THEME)
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {CourseCommands}

    save_problem: var[str | None] = var(None)
    """The last save failure, shown as a warning on every screen until a save works again."""

    records_status: var[str | None] = var(None)
    """How far sending records to the course's LRS got ("12 records waiting to send"); None with no LRS."""

    def __init__(
        self,
        course: Course | None,
        store: ProgressStore | None,
        learner: LearnerProgress | None,
        *,
        start_message: str | None = None,
        snapshot: MapView | None = None,
        asking: Asking | None = None,
        load: Callable[[], Opened | Refused] | None = None,
        watch: bool = False,
    ) -> None:
        """Either with the course loaded, or with `load` (run in a thread once the first screen is painted:
        the map from `snapshot`, or the question who is learning from `asking`): until it has run, actions
        that need the course wait for it (see `when_loaded`). With `watch`, the course is reloaded whenever
        one of its files changes (live preview)."""
        # NO_COLOR (no-color.org): Textual alone turns every colour into a grey, which is still colour; with
        # ANSI colours allowed it strips the colours instead, and styles (bold, reverse...) are all that is left.
        super().__init__(ansi_color=True if "NO_COLOR" in os.environ else None)
        self.watch_files = watch
        self._stop_watching = asyncio.Event()
        self.watching = False  # True once the file watcher (--watch) is in place
        self.course = course
        self.store = store
        self.learner = learner
        self.start_message = start_message
        self.snapshot = snapshot
        self.asking = asking
        self._load = load
        self.loaded = course is not None
        self.refused: Refused | None = None  # set when loading found that `course` must stop
        self.start_inputs: dict[str, Any] = {}  # what the course was loaded from, for the next start-up snapshot
        self._after_load: list[Callable[[], Any]] = []
        self._loading = False
        self.title = (course.title if course is not None else snapshot.course_title if snapshot
                      else asking.course_title if asking else self.TITLE)
        for theme in THEMES:
            self.register_theme(theme)
        self._markdown_theme_pushed = False
        self.records_sync: RecordsSync | None = None
        self._deck: ReviewDeck | None = None

    # -- start -----------------------------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        """A character that comes back here unused while a text box has the focus was typed before the box
        had it: the app sends each key to the widget focused when the key comes in, so keys typed fast right
        after one that goes into a box (a number key on a text question) went where the focus was before. It
        goes into the box, as it would have a moment later (a box takes every character it is sent itself)."""
        from textual import events
        from textual.widgets import Input

        box = self.focused
        if event.character is None or not event.is_printable or not isinstance(box, Input) or box.disabled:
            return
        event.stop()
        event.prevent_default()
        box.post_message(events.Key(event.key, event.character))  # behind what the box has still to do

    def on_mount(self) -> None:
        self._apply_learner_theme()
        self._sync_markdown_theme()
        self.when_loaded(self._start_records_sync)
        if self.watch_files:
            self.when_loaded(self._start_watching)
        if not self.loaded:
            # Painted from the snapshot, or asking who is learning; the screen starts the load once painted.
            if self.asking is not None:
                from course.tui.welcome.screen import WelcomeScreen

                self.push_screen(WelcomeScreen(first_run=True, asking=self.asking))
            else:
                self.push_screen(MapScreen())
            return
        self.call_after_refresh(_collect_garbage_again)
        self._first_screen()
        self.call_after_refresh(self._keep_snapshot)

    def _first_screen(self) -> None:
        if self.learner is not None:
            # The map painted from the snapshot may have screens over it already (help, opened by a key
            # pressed while the course was loading): it stays the map under them.
            if not any(isinstance(screen, MapScreen) for screen in self.screen_stack):
                self.push_screen(MapScreen())
        else:
            from course.tui.welcome.screen import WelcomeScreen

            # Not when already asking (painted before the course was loaded), perhaps under help.
            if not any(isinstance(screen, WelcomeScreen) for screen in self.screen_stack):
                if isinstance(self.screen, MapScreen):
                    self.switch_screen(WelcomeScreen(first_run=True))
                else:
                    self.push_screen(WelcomeScreen(first_run=True))
        if self.start_message:
            self.notify(self.start_message, title="Progress", severity="error", timeout=15, markup=False)
        self.show_notices()

    def on_map_painted(self) -> None:
        """Load the course in a thread, once the map is painted (a thread started earlier would hold the
        interpreter while the first screen is being drawn)."""
        if self.loaded or self._load is None or self._loading:
            return
        self._loading = True
        self.run_worker(self._load_in_thread, thread=True, exit_on_error=False, group="load")

    def _load_in_thread(self) -> None:
        assert self._load is not None
        try:
            result: Any = self._load()
        except Exception as error:  # shown to the learner, as a crash would be
            result = error
        # Textual types the callback as Callable[..., T | Awaitable[T]], which mypy cannot solve for a coroutine.
        self.call_from_thread(self._loaded, result)  # type: ignore[arg-type]

    async def _loaded(self, result: Opened | Refused | Exception) -> None:
        from course.tui.startup import Refused

        if isinstance(result, Exception):
            # Raised here it would go back to the worker's thread, and be lost with it: raised by the app's
            # own loop, it ends the app and is shown, as a crash is.
            self.call_later(_raise, result)
            return
        if isinstance(result, Refused):
            self.refused = result
            self.exit(return_code=result.status)
            return
        self.course, self.store, self.learner = result.course, result.store, result.learner
        self.start_message = result.message
        self.start_inputs = result.inputs
        self.title = self.course.title
        self.loaded = True
        self._apply_learner_theme()
        from course.tui.welcome.screen import WelcomeScreen

        # The first screen painted before the load may have others over it (help, opened meanwhile).
        for screen in self.screen_stack:
            if self.learner is not None and isinstance(screen, MapScreen):
                await screen.course_loaded()
        self._first_screen()
        for screen in self.screen_stack:
            if isinstance(screen, WelcomeScreen):  # asked before the load: a learner chosen meanwhile opens now
                await screen.course_loaded()
        waiting, self._after_load = self._after_load, []
        for callback in waiting:
            callback()
        _collect_garbage_again()
        self._keep_snapshot()

    def loaded_course(self) -> Course:
        """The course, for code that runs only once it is loaded (see `when_loaded`)."""
        if self.course is None:
            raise RuntimeError("the course is not loaded yet: run this through when_loaded")
        return self.course

    def loaded_store(self) -> ProgressStore:
        """The progress store, for code that runs only once the course is loaded (see `when_loaded`)."""
        if self.store is None:
            raise RuntimeError("the progress store is not open yet: run this through when_loaded")
        return self.store

    def when_loaded(self, callback: Callable[[], Any]) -> None:
        """Run `callback` now if the course is loaded, else as soon as it is (in the order asked)."""
        if self.loaded:
            callback()
        else:
            self._after_load.append(callback)

    def _keep_snapshot(self) -> None:
        """Write the start-up snapshot for the next `course`, in a thread (it never delays a screen)."""
        if self.learner is not None and self.store is not None and self.start_inputs:
            self.run_worker(self.write_snapshot, thread=True, exit_on_error=False, group="snapshot")

    def write_snapshot(self) -> bool:
        """Keep what the course map shows now for the next start-up (see course.tui.startup)."""
        from course.tui.map.view import build
        from course.tui.startup import progress_stats, write_snapshot

        learner, store, course, inputs = self.learner, self.store, self.course, self.start_inputs
        if learner is None or store is None or course is None or not inputs:
            return False
        progress = progress_stats(store.root, learner.name)  # before the view: see write_snapshot
        try:
            view = build(course, learner.summary, learner.name)
        except RuntimeError:  # the summary changed under a thread's feet: the next write will do
            return False
        return write_snapshot(inputs, store.root, learner.name, view, progress)

    def map_view(self) -> MapView | None:
        """What the course map shows: from the course once loaded, from the snapshot until then."""
        if not self.loaded:
            return self.snapshot
        if self.learner is None or self.course is None:
            return None
        from course.tui.map.view import build

        return build(self.course, self.learner.summary, self.learner.name)

    def show_notices(self) -> None:
        """What the engine had to say on opening the learner's progress (called once per learner opened)."""
        from course.status import gone_work

        if self.learner is None:
            return
        if self.course is not None:
            self.learner.notices.extend(gone_work(self.course, self.learner.summary))
        for notice in self.learner.notices:
            self.notify(notice, title="Progress", severity="warning", timeout=20, markup=False)
        self.learner.notices.clear()

    # -- records for a learning record store ----------------------------------------------------

    def _start_records_sync(self) -> None:
        """With an LRS configured, send the records in the background now, every minute, and after each
        quiz or lesson; without one nothing happens (and nothing is shown)."""
        from course.lrs import configured_lrs

        try:  # an unusable [xapi] setting or LRS address (XapiSettingsError is a ValueError)
            url = configured_lrs(self.loaded_course())
            if url is None:
                return  # the client and urllib's HTTP machinery are not even imported
            from course.lrs import LrsClient

            client = LrsClient.from_env(url)
        except ValueError as error:
            self.records_status = f"records not sent: {error}"
            return
        from course.tui.records import RecordsSync

        self.records_sync = RecordsSync(self, client, self._show_records_status)
        self.records_sync.start(
            lambda: (self.loaded_course(), self.loaded_store().root, self.learner.name if self.learner else None)
        )

    def _show_records_status(self, text: str) -> None:
        self.records_status = text

    def sync_records(self) -> None:
        """Send what waits now (after a quiz or a lesson), if an LRS is configured."""
        if self.records_sync is not None:
            self.records_sync.run()

    # -- themes ----------------------------------------------------------------------------------

    def _apply_learner_theme(self) -> None:
        if self.learner is not None:
            wanted = self.learner.summary.theme
        else:
            wanted = self.snapshot.theme if self.snapshot is not None and not self.loaded else None
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

    # -- notifications ---------------------------------------------------------------------------

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """A notification, as Textual's (a toast), and also in the layout of a screen that shows them there:
        the quiz and review screens hide their toasts, which would lie over the answer widgets, and show
        notifications above their status line instead (see widgets.Notices). Thread-safe, as Textual's."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)
        shown_for = self.NOTIFICATION_TIMEOUT if timeout is None else timeout
        self.call_later(self._notify_in_layout, message, title, severity, shown_for, markup)

    def _notify_in_layout(self, message: str, title: str, severity: SeverityLevel, timeout: float,
                          markup: bool, tries: int = 3) -> None:
        from textual.app import ScreenStackError

        from course.tui.widgets import Notices

        try:
            screen = self.screen
        except ScreenStackError:  # closing: nothing to show it on
            return
        notices = screen.query(Notices)
        if notices:
            notices.first().add(message, title, severity, timeout, markup)
        elif not screen.is_mounted and tries > 0:  # a screen just pushed: ask again once it has its widgets
            screen.call_later(self._notify_in_layout, message, title, severity, timeout, markup, tries - 1)

    # -- saving ----------------------------------------------------------------------------------

    def save(self, write: Callable[..., Any], *args: Any, **kwargs: Any) -> bool:
        """Run one save through the engine; on failure warn (persistently) and let the learner go on."""
        return save_through(self, write, *args, **kwargs)

    def on_save_failed(self, message: SaveFailed) -> None:
        self.save_failed(message.error)

    def on_saved_again(self) -> None:
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
        from course.progress import ProgressSaveError, write_last_learner

        self.learner = learner
        try:
            write_last_learner(self.loaded_store().root, learner.name)
        except ProgressSaveError as error:
            self.save_failed(error)
        self._apply_learner_theme()
        self.show_notices()
        self.sync_records()  # the new learner's records, and their status
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.switch_screen(MapScreen())

    def action_switch_learner(self) -> None:
        self.when_loaded(self._switch_learner)

    def _switch_learner(self) -> None:
        from course.tui.welcome.screen import WelcomeScreen

        self.push_screen(WelcomeScreen(first_run=False))

    # -- content ---------------------------------------------------------------------------------

    def _start_watching(self) -> None:
        self.run_worker(self._watch_course_files(), name="watch course files", group="watch", exclusive=True)

    async def _watch_course_files(self) -> None:
        """Live preview (--watch): reload whenever a lesson, quiz or course.toml changes on disk."""
        from course.tui.watch import course_changes

        def ready() -> None:
            self.watching = True

        async for _changed in course_changes(self.loaded_course().root, self._stop_watching, ready):
            self._reload_course()

    def on_unmount(self) -> None:
        self._stop_watching.set()  # the watcher's thread sees it within a few milliseconds

    def action_reload_course(self) -> None:
        """Read the course folder again and show it where the learner is: the course map keeps the module
        highlighted, a lesson stays at its section and scroll position; a quiz or its results stay as they
        are, and the map beneath shows the new course when the learner returns to it."""
        self.when_loaded(self._reload_course)

    def _reload_course(self) -> None:
        from course.content import load_course
        from course.status import shown_quizzes
        from course.tui.lesson.screen import LessonScreen
        from course.tui.startup import content_stats

        root = self.loaded_course().root
        before = content_stats(root)
        course = load_course(root)
        if self.start_inputs:
            same = before == content_stats(course.root)
            self.start_inputs = {**self.start_inputs, "content": before} if same else {}
        self.course = course
        self.title = course.title
        problems = len(course.problems)
        found = f", {plural(problems, 'problem')}" if problems else ""
        quizzes = plural(len(shown_quizzes(course)), "quiz", "quizzes")
        said = f"{plural(len(course.lessons), 'lesson')}, {quizzes}{found}."
        screen = self.screen
        if isinstance(screen, MapScreen):
            # Said on the map's status line, which covers nothing: a notification would cover the problems box.
            screen.call_later(screen.rebuild, f"Course reloaded: {said}")
            return
        if isinstance(screen, LessonScreen):
            lesson = course.lesson(screen.lesson.id)
            if lesson is None:
                self._to_map()
            else:
                section, scroll = screen.place()
                self.switch_screen(LessonScreen(lesson, section, scroll=scroll))
        self.notify(said, title="Course reloaded", timeout=5, markup=False)

    # -- navigation ------------------------------------------------------------------------------

    def _to_map(self) -> None:
        """Pop back to the course map (the screen above the app's blank base screen)."""
        from course.tui.quiz.screen import QuizScreen

        for screen in self.screen_stack:
            if isinstance(screen, QuizScreen):
                screen.leave()
        while len(self.screen_stack) > 2 and not isinstance(self.screen, MapScreen):
            self.pop_screen()
        if not isinstance(self.screen, MapScreen):
            self.switch_screen(MapScreen())
        self.sync_records()  # back from a lesson or a quiz: there may be records to send

    def action_go_map(self) -> None:
        self._to_map()

    def on_open_lesson(self, message: OpenLesson) -> None:
        self.when_loaded(lambda: self.open_lesson(message.lesson, message.section, stack=message.stack))

    def on_open_quiz(self, message: OpenQuiz) -> None:
        self.when_loaded(lambda: self.open_quiz(message.quiz, only=message.only, question=message.question))

    def on_show_results(self, message: ShowResults) -> None:
        self.show_results(message.session)

    def open_lesson(self, lesson_id: str, section: str | None = None, *, stack: bool = False) -> None:
        from course.tui.lesson.screen import LessonScreen

        lesson = self.loaded_course().lesson(lesson_id)
        if lesson is None or self.learner is None:
            self.notify("That lesson is not in the course any more.", severity="warning")
            return
        if not stack:
            self._to_map()
        self.push_screen(LessonScreen(lesson, section))

    def open_quiz(self, quiz_id: str, *, only: list[str] | None = None, question: int | None = None) -> None:
        """Resume the quiz's unfinished attempt or start one (a practice round with `only`)."""
        from course.progress import FutureFormatError, ProgressSaveError
        from course.quizrun import QuizSession, QuizUnavailable

        course = self.loaded_course()
        quiz = course.quiz(quiz_id)
        if quiz is None or self.learner is None:
            self.notify("That quiz is not in the course any more.", severity="warning")
            return
        try:
            if only is not None:
                session = QuizSession.start(course, quiz, self.learner, only=only)
            else:
                try:
                    session = QuizSession.resume_or_start(course, quiz, self.learner)
                except FutureFormatError as error:
                    # The unfinished attempt was saved by a newer version: leave its file alone, start afresh.
                    self.notify(
                        f"{error} It is left untouched; a new attempt starts here.",
                        title=quiz.title, severity="warning", timeout=15, markup=False,
                    )
                    session = QuizSession.start(course, quiz, self.learner)
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
        if notice := session.gone_notice():
            self.notify(notice, title=session.quiz.title, severity="warning", timeout=12, markup=False)

    # -- spaced review ---------------------------------------------------------------------------

    def review_deck(self) -> ReviewDeck | None:
        """The learner's review cards for the course shown, brought up to date with their quiz answers (and
        what the engine had to say about them shown); None before the course is loaded or on a failed read."""
        if not self.loaded or self.learner is None or self.course is None:
            return None
        # Imported only once the course is loaded: they pull in pydantic and fsrs, which must stay out of the
        # first frame (tests/test_startup_imports.py guards it).
        from course.progress import ProgressSaveError
        from course.review import ReviewDeck

        deck = self._deck
        if deck is None or deck.learner is not self.learner or deck.course is not self.course:
            deck = self._deck = ReviewDeck(self.learner, self.course)
        try:
            deck.refresh()
        except ProgressSaveError as error:
            self.save_failed(error)
            return None
        for notice in deck.notices:
            self.notify(notice, title="Review", severity="warning", timeout=20, markup=False)
        deck.notices.clear()
        return deck

    def review_due(self) -> int:
        waiting = self.review_queue()
        return len(waiting.keys) if waiting is not None else 0

    def review_queue(self) -> Queue | None:
        """The review questions offered now, within today's limits, and how many those limits hold back."""
        deck = self.review_deck()
        return deck.queue() if deck is not None else None

    def on_open_review(self, _message: OpenReview) -> None:
        self.when_loaded(self.open_review)

    def open_review(self, seed: int | None = None) -> None:
        """A round of the questions due now (the order drawn from `seed`)."""
        import secrets

        from course.tui.review.screen import ReviewScreen
        from course.tui.widgets import say

        deck = self.review_deck()
        if deck is None:
            return
        seed = secrets.randbelow(2**31) if seed is None else seed
        keys = deck.round(seed)
        if not keys:
            from course.review_load import day_done_words

            upcoming = deck.next_due()
            when = f" The next is due {upcoming.astimezone():%a %d %b, %H:%M}." if upcoming else ""
            say(self.screen, day_done_words(deck.queue()) or f"No review questions are due now.{when}")
            return
        self._to_map()
        self.push_screen(ReviewScreen(deck, keys, seed))

    def show_results(self, session: QuizSession) -> None:
        from course.tui.results.screen import ResultsScreen

        self._to_map()
        self.push_screen(ResultsScreen(session))

    def action_help(self) -> None:
        from course.tui.help.screen import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(getattr(self.screen, "COMMAND_SET", ())))


def _raise(error: Exception) -> None:
    raise error


def _collect_garbage_again() -> None:
    """After the first screen: keep start-up objects out of future collections, collect as usual."""
    gc.freeze()
    gc.enable()
