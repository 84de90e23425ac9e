"""One measured run in a fresh interpreter: `python probe.py <kind> <json args>`; prints one JSON line.

The parent passes BENCH_T0 (time.monotonic() just before it started this process, CLOCK_MONOTONIC is
system-wide on Linux), so "ready" times include interpreter start-up and imports. Kinds:

  bare      a bare Textual app showing one line
  course    the course app, opened on the course map (as `course --learner ...` does)
  lesson    the course app, opened straight into a lesson (first paint of its first section); also
            reports "open", from the request to open the lesson in the running app to its first paint
  markdown  a bare Textual app with MarkdownViewer showing the same lesson text
  markdown_open  a running bare app mounting a MarkdownViewer with that text (request to paint)
  navigate  the course app on a long exam: times of moving between questions at the start and the end
            (headless, through Pilot; kept for reference)

Kinds run in a real terminal (tmux, see apps.py), which write their result to a file instead:

  bare_tty  the bare Textual app, not headless (`?` changes its line); it runs until its tmux session is killed
  keys_tty  key press to paint: the course app on a long exam ("course") or a bare app whose key handler
            updates one Static ("floor"). A thread hands key events to the app's driver, as the driver's
            input thread does, timestamping each; the driver's output is watched for the text the move
            must show (the question's header and, for the course, its answer widget). The time is from the
            key to the end of the write that completes that text. The next key is sent after a pause, so
            that each move starts from an idle app.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path

T0 = float(os.environ.get("BENCH_T0", time.monotonic()))
SIZE = (100, 30)
result: dict = {}


def peak_rss() -> int:
    """Peak resident memory of this program, in bytes.

    VmHWM belongs to this program's address space; ru_maxrss is not used where VmHWM exists because on
    Linux it survives exec, so a child would report its parent's peak when the parent was bigger.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux


def ready(app) -> None:
    now = time.monotonic()
    result["ready"] = now - T0
    if "t_open" in result:  # something was opened in the running app: time from the request to paint
        result["open"] = now - result.pop("t_open")
    result["maxrss"] = peak_rss()
    app.exit()


def bare() -> None:
    from textual.app import App
    from textual.widgets import Static

    class Bare(App):
        def compose(self):
            yield Static("Hello, learner.")

        def on_mount(self) -> None:
            self.call_after_refresh(ready, self)

    Bare().run(headless=True, size=SIZE)


def markdown(path: str) -> None:
    from textual.app import App
    from textual.widgets import MarkdownViewer

    text = Path(path).read_text("utf-8").split("+++\n", 2)[2]

    class Viewer(App):
        def compose(self):
            yield MarkdownViewer(text, show_table_of_contents=True)

        def on_ready(self) -> None:
            self.call_after_refresh(ready, self)

    Viewer().run(headless=True, size=SIZE)


def markdown_open(path: str) -> None:
    """A running bare app that then mounts a MarkdownViewer with the lesson: request to paint."""
    from textual.app import App
    from textual.widgets import MarkdownViewer, Static

    text = Path(path).read_text("utf-8").split("+++\n", 2)[2]

    class Viewer(App):
        def compose(self):
            yield Static("Hello, learner.")

        async def on_ready(self) -> None:
            result["t_open"] = time.monotonic()
            await self.mount(MarkdownViewer(text, show_table_of_contents=True))
            self.call_after_refresh(ready, self)

    Viewer().run(headless=True, size=SIZE)


def _course_app(content: str, progress: str, learner: str):
    """What `course.tui.run` does before `app.run()`."""
    from course.content import load_course
    from course.locations import content_dir, progress_dir
    from course.progress import ProgressStore
    from course.tui.app import CourseApp

    course = load_course(content_dir(content))
    store = ProgressStore(progress_dir(course.root, course.id, progress), course.id)
    return CourseApp(course, store, store.open(learner))


def _run_as_the_command(content: str, progress: str, learner: str, headless: bool = True) -> None:
    """What `course --learner ... --progress ...` does (course.tui.run), headless unless asked."""
    from textual.app import App

    if headless:
        run_app = App.run
        App.run = lambda self, *args, **kwargs: run_app(self, headless=True, size=SIZE)
    from course.tui import run

    run(content or None, learner, progress)


def course(content: str, progress: str, learner: str) -> None:
    import gc

    gc.disable()  # as course.tui.run does first, before the hook below imports the app's modules
    from course.tui.map.screen import MapScreen

    original = MapScreen.on_mount

    def on_mount(self) -> None:
        original(self)
        self.call_after_refresh(ready, self.app)

    MapScreen.on_mount = on_mount
    _run_as_the_command(content, progress, learner)


def lesson(content: str, progress: str, learner: str, lesson_id: str) -> None:
    import gc

    gc.disable()  # as course.tui.run does first, before the hooks below import the app's modules
    from course.tui.lesson.screen import LessonScreen
    from course.tui.map.screen import MapScreen

    map_mount, lesson_mount = MapScreen.on_mount, LessonScreen.on_mount

    def on_map(self) -> None:
        map_mount(self)

        def open_lesson() -> None:  # once the course is loaded (at once without a start-up snapshot)
            result["t_open"] = time.monotonic()
            self.app.open_lesson(lesson_id)

        self.app.when_loaded(open_lesson)

    def on_lesson(self) -> None:
        lesson_mount(self)
        self.call_after_refresh(ready, self.app)

    MapScreen.on_mount, LessonScreen.on_mount = on_map, on_lesson
    _run_as_the_command(content, progress, learner)


def navigate(content: str, progress: str, learner: str, quiz_id: str, moves: int) -> None:
    import asyncio

    from course.tui.quiz.screen import QuizScreen

    app = _course_app(content, progress, learner)

    async def main() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            app.open_quiz(quiz_id)
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, QuizScreen), screen
            total = len(screen.session.questions)

            async def timed_move(step: int) -> float:
                start = time.perf_counter()
                if step > 0:
                    screen.action_next_question()
                else:
                    screen.action_prev_question()
                await pilot.pause()
                return time.perf_counter() - start

            for where, first in (("first", 0), ("last", total - 2)):
                screen._go(first)
                await pilot.pause()
                times = []
                for _ in range(moves):
                    times.append(await timed_move(1))  # q1 -> q2 (or q199 -> q200)
                    times.append(await timed_move(-1))
                result[where] = times
            result["questions"] = total
            app.exit()

    asyncio.run(main())


def bare_tty() -> None:
    from textual.app import App
    from textual.widgets import Static

    class Bare(App):
        def compose(self):
            yield Static("Hello, learner.")

        def on_key(self, event) -> None:  # `?` answered: the floor of `course` answering `?` with its help
            if event.character == "?":
                self.query_one(Static).update("Key answered.")

    Bare().run()


_ESCAPES = None


def _plain(data: str) -> str:
    """Terminal output without its control sequences (cursor moves, colours)."""
    global _ESCAPES
    if _ESCAPES is None:
        import re

        _ESCAPES = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")
    return _ESCAPES.sub("\n", data)


class KeyDriver:
    """Sends keys to a running app the way its driver's input thread does, and times each to its paint."""

    def __init__(self, app, moves: list[tuple[str, object]], gap: float, out: str) -> None:
        self.app = app
        self.moves = moves  # (key, what the paint must show: a list of texts, or a callable giving one)
        self.gap = gap
        self.out = out
        self.times: list[float] = []
        self._wanted: list[str] = []
        self._seen = ""
        self._t0 = 0.0
        self._painted = None
        self.goto = None  # called (in the app's thread) for a ("goto", index) step

    def install(self) -> None:
        import threading

        self._painted = threading.Event()
        driver = self.app._driver
        write = driver.write

        trace = os.environ.get("BENCH_TRACE")

        def watched(data: str) -> None:
            write(data)
            if trace and self._wanted:
                result.setdefault("trace", []).append(
                    [round((time.monotonic() - self._t0) * 1000, 1), len(data),
                     [text in _plain(data) for text in self._wanted]])
            if self._wanted and not self._painted.is_set():
                self._seen += _plain(data)
                if all(text in self._seen for text in self._wanted):
                    self.times.append(time.monotonic() - self._t0)
                    self._painted.set()

        driver.write = watched
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        from textual import events

        driver = self.app._driver
        try:
            time.sleep(self.gap * 3)
            for key, want in self.moves:
                if key == "goto":
                    self.app.call_from_thread(self.goto, want)
                    time.sleep(self.gap * 3)
                    continue
                self._painted.clear()
                self._seen = ""
                self._wanted = list(want() if callable(want) else want)
                self._t0 = time.monotonic()
                driver.process_message(events.Key(key, key if len(key) == 1 else None))
                if not self._painted.wait(10):
                    raise RuntimeError(f"no paint showing {self._wanted!r} within 10 s of key {key!r}")
                self._wanted = []
                time.sleep(self.gap)
            result["times"] = self.times
        except BaseException as error:  # reported to the parent through the result file
            result["error"] = repr(error)
        finally:
            Path(self.out).write_text(json.dumps(result), "utf-8")
            self.app.call_from_thread(self.app.exit)


def keys_tty(  # noqa: C901 - one terminal session driven step by step; split, it would only pass state around
    which: str, content: str, progress: str, learner: str, quiz_id: str, positions: list[int], moves: int
) -> None:
    """Move back and forth `moves` times at each 0-based position (position -> position + 1 -> position).
    `which` "lesson": the sections of lesson `quiz_id` with `n` / `p` instead of a quiz's questions."""
    if which == "lesson":
        _lesson_keys(content, progress, learner, quiz_id, positions, moves)
        return
    if which == "review":
        _review_keys(content, progress, learner, quiz_id, moves)
        return
    if which == "floor":
        from textual.app import App
        from textual.widgets import Static

        total = 200

        class Floor(App):
            index = 0

            def compose(self):
                yield Static(self._text(), id="head")

            def _text(self) -> str:
                return f"Question {self.index + 1} of {total}"

            def on_key(self, event) -> None:
                self.index += 1 if event.key == "n" else -1 if event.key == "p" else 0
                self.query_one("#head", Static).update(self._text())

            def on_mount(self) -> None:
                self.call_after_refresh(start)

        app = Floor()

        def start() -> None:
            app.index = 0
            plan = back_and_forth(positions, moves)
            run_plan(app, plan, lambda i: [f"Question {i + 1} of {total}"], lambda i: setattr(app, "index", i))

        app.run()
        return

    import gc

    gc.disable()
    from course.content.models import TYPE_NAMES  # noqa: F401  (imported before timing)
    from course.tui.map.screen import MapScreen
    from course.tui.quiz.answers import AnswerWidget
    from course.tui.quiz.screen import QuizScreen
    from course.tui.safe import one_line

    def expected(screen, index: int) -> list[str]:
        played = screen.session.questions[index]
        question = played.question
        texts = [f"Question {index + 1} of {len(screen.session.questions)}"]
        kind = question.type
        if kind in ("single", "multiple"):
            options = question.option_by_key()
            texts.append(one_line(options[played.option_order[0]].text)[:20])
        elif kind == "matching":
            order = played.item_order or tuple(range(len(question.pairs)))
            texts.append(("1. " + one_line(question.pairs[order[0]].item))[:20])
        elif kind == "ordering":
            order = list(played.item_order) or list(range(len(question.items)))
            texts.append(("1. " + one_line(question.items[order[0]]))[:20])
        elif kind == "true_false":
            texts.append("True")
        elif kind == "short":
            texts.append("Your answer")
        elif kind == "numeric":
            texts.append("A number")
        return texts

    map_mount = MapScreen.on_mount

    def on_map(self) -> None:
        map_mount(self)
        self.app.when_loaded(lambda: self.app.open_quiz(quiz_id))

    quiz_mount = QuizScreen.on_mount
    focus_first = AnswerWidget.focus_first

    def focus_all_but_boxes(self) -> None:
        # The app puts the cursor in a text or number question's box, where n and p are typed; the timed keys
        # are the quiz's moves, so the boxes are left as after Esc.
        if not self.TYPED:
            focus_first(self)

    AnswerWidget.focus_first = focus_all_but_boxes

    def on_quiz(self) -> None:
        quiz_mount(self)
        screen = self
        plan = back_and_forth(positions, moves)
        self.call_after_refresh(run_plan, self.app, plan, lambda i: expected(screen, i),
                                lambda i: (screen.set_focus(None), screen._go(i)))

    MapScreen.on_mount, QuizScreen.on_mount = on_map, on_quiz
    _run_as_the_command(content, progress, learner, headless=False)


def _lesson_keys(content: str, progress: str, learner: str, lesson_id: str, positions: list[int], moves: int) -> None:
    """Key press to paint of a lesson's section moves: each section of the benchmark's lesson begins with
    "Paragraph N begins", which must be on screen with the top bar's "Section N of M"."""
    import gc

    gc.disable()
    from course.tui.lesson.screen import LessonScreen
    from course.tui.map.screen import MapScreen

    def expected(screen, index: int) -> list[str]:
        return [f"Section {index + 1} of {len(screen.lesson.sections)}", f"Paragraph {index + 1} begins"]

    map_mount = MapScreen.on_mount

    def on_map(self) -> None:
        map_mount(self)
        self.app.when_loaded(lambda: self.app.open_lesson(lesson_id))

    lesson_mount = LessonScreen.on_mount

    def on_lesson(self) -> None:
        lesson_mount(self)
        screen = self
        plan = back_and_forth(positions, moves)
        self.call_after_refresh(run_plan, self.app, plan, lambda i: expected(screen, i), screen._show)

    MapScreen.on_mount, LessonScreen.on_mount = on_map, on_lesson
    _run_as_the_command(content, progress, learner, headless=False)


def _review_keys(content: str, progress: str, learner: str, quiz_id: str, moves: int) -> None:
    """Key press to paint of `n` in a review round: the learner answered quiz `quiz_id` right 30 days ago, so
    its questions are due; each question is answered in the app's thread (not timed), then `n` is timed to the
    paint of the next question's head, "Review question N of M"."""
    import gc
    from datetime import UTC, datetime, timedelta

    gc.disable()
    from course.content import load_course
    from course.locations import content_dir, progress_dir
    from course.progress import Answer, ProgressStore
    from course.quizrun import select_keys
    from course.scoring import right_response, score
    from course.tui.map.screen import MapScreen
    from course.tui.review.screen import ReviewScreen

    course = load_course(content_dir(content))
    taker = ProgressStore(progress_dir(course.root, course.id, progress), course.id).open(learner)
    quiz = course.quizzes[quiz_id]
    attempt = taker.start_attempt(quiz_id, select_keys(course, quiz, 1), 1)
    then = datetime.now(UTC) - timedelta(days=30)
    for minute, question in enumerate(quiz.questions):
        response = right_response(question)
        result = score(question, response)
        attempt = taker.record_answer(attempt, Answer(
            question=question.id, response=response, score=result.score, points=result.points,
            answered_at=then + timedelta(minutes=minute), correct=result.correct))
    taker.finish_attempt(attempt, float(len(quiz.questions)), float(len(quiz.questions)), True)

    map_mount = MapScreen.on_mount

    def on_map(self) -> None:
        map_mount(self)
        self.app.when_loaded(lambda: self.app.open_review(seed=7))

    review_mount = ReviewScreen.on_mount

    def on_review(self) -> None:
        review_mount(self)
        screen = self
        total = len(screen.questions)
        steps = min(moves * 2, total - 1)
        plan: list[tuple[str, int]] = []
        for index in range(steps):
            plan += [("goto", index), ("n", index + 1)]

        def answer(index: int) -> None:  # the question shown is answered right, as the learner would
            played = screen.questions[index]
            screen._answer(index, right_response(played.question))

        self.call_after_refresh(run_plan, self.app, plan,
                                lambda i: [f"Review question {i + 1} of {total}"], answer)

    MapScreen.on_mount, ReviewScreen.on_mount = on_map, on_review
    _run_as_the_command(content, progress, learner, headless=False)


def back_and_forth(positions: list[int], moves: int) -> list[tuple[str, int]]:
    """A plan that goes to each position, then moves on and back `moves` times (n to position + 1, p back)."""
    plan: list[tuple[str, int]] = []
    for position in positions:
        plan.append(("goto", position))
        for _ in range(moves):
            plan += [("n", position + 1), ("p", position)]
    return plan


def run_plan(app, plan, expect, goto) -> None:
    """Time a plan of ("goto", i) steps (not timed: put the app at question i) and (key, i) steps (a key
    press that must paint what `expect(i)` gives)."""
    steps = [(key, index if key == "goto" else (lambda i=index: expect(i))) for key, index in plan]
    driver = KeyDriver(app, steps, gap=float(os.environ.get("BENCH_GAP", "0.15")), out=os.environ["BENCH_OUT"])
    driver.goto = goto
    driver.install()


if __name__ == "__main__":
    kind, args = sys.argv[1], json.loads(sys.argv[2]) if len(sys.argv) > 2 else []
    {"bare": bare, "markdown": markdown, "markdown_open": markdown_open, "course": course, "lesson": lesson,
     "navigate": navigate, "bare_tty": bare_tty, "keys_tty": keys_tty}[kind](*args)
    result["kind"] = kind
    sys.stdout.write(json.dumps(result) + "\n")
