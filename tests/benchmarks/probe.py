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


def _run_as_the_command(content: str, progress: str, learner: str) -> None:
    """What `course --learner ... --progress ...` does (course.tui.run), headless."""
    from textual.app import App

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
        result["t_open"] = time.monotonic()
        self.app.open_lesson(lesson_id)

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


if __name__ == "__main__":
    kind, args = sys.argv[1], json.loads(sys.argv[2]) if len(sys.argv) > 2 else []
    {"bare": bare, "markdown": markdown, "markdown_open": markdown_open, "course": course, "lesson": lesson,
     "navigate": navigate}[kind](*args)
    result["kind"] = kind
    sys.stdout.write(json.dumps(result) + "\n")
