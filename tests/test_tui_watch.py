"""Live preview (`course --watch`): the running app reloads when a course file changes, keeps the learner's
place, shows new problems, ignores progress files and stops watching when it quits."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pexpect
from textual.widgets import OptionList
from textual.worker import WorkerState

from course.content import load_course
from course.progress import ProgressStore
from course.tui.app import CourseApp
from course.tui.lesson.screen import LessonScreen
from course.tui.map.screen import MapScreen
from course.tui.quiz.screen import QuizScreen
from course.tui.watch import is_course_file
from course.tui.widgets.section_view import SectionView
from tests.screen import screen_lines
from tests.test_tui_e2e import command
from tests.tui_support import FIXTURE, SIZE, plain, sync, text_of, wait_until


def watched_app(content: Path, progress: Path) -> CourseApp:
    course = load_course(content)
    store = ProgressStore(progress, course.id)
    return CourseApp(course, store, store.open("ana"), watch=True)


def copy_course(tmp_path: Path) -> Path:
    content = tmp_path / "course"
    shutil.copytree(FIXTURE, content)
    return content


async def watcher_started(pilot, app: CourseApp) -> None:
    """Wait until the file watcher is in place, so that the files the test writes next are seen."""
    assert await wait_until(pilot, lambda: app.watching)


def module_titles(app: CourseApp) -> list[str]:
    modules = app.screen.query("#modules")
    if not modules:
        return []
    shown = modules.first(OptionList)
    return [plain(shown.get_option_at_index(i).prompt) for i in range(shown.option_count)]


def on_screen(app: CourseApp) -> str:
    return "\n".join(screen_lines(app))


def retitle(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@sync
async def test_a_changed_lesson_title_shows_on_the_map_and_the_highlight_stays(tmp_path: Path) -> None:
    content = copy_course(tmp_path)
    app = watched_app(content, tmp_path / "progress")
    async with app.run_test(size=SIZE) as pilot:
        await watcher_started(pilot, app)
        modules = app.screen.query_one("#modules", OptionList)
        modules.highlighted = 1  # the learner moved down to the second module
        await pilot.pause()
        map_screen = app.screen
        retitle(content / "lessons" / "02-more.md", "More on costs", "Costs, revised")
        assert await wait_until(pilot, lambda: "Costs, revised" in on_screen(app)), on_screen(app)
        assert "Costs, revised" in module_titles(app)[1]
        assert app.screen is map_screen and isinstance(app.screen, MapScreen)
        assert app.screen.query_one("#modules", OptionList).highlighted == 1
        assert app.focused is app.screen.query_one("#modules", OptionList)


@sync
async def test_a_broken_quiz_file_shows_as_a_problem_on_the_map(tmp_path: Path) -> None:
    content = copy_course(tmp_path)
    app = watched_app(content, tmp_path / "progress")
    async with app.run_test(size=SIZE) as pilot:
        await watcher_started(pilot, app)
        assert not app.screen.query("#problems")
        (content / "quizzes" / "more.toml").write_text('id = "more-quiz"\ntitle = [\n', encoding="utf-8")
        assert await wait_until(pilot, lambda: bool(app.screen.query("#problems")))
        assert "quizzes/more.toml" in text_of(app, "#problems Static")
        # The file fixed: the problem goes away again.
        shutil.copy(FIXTURE / "quizzes" / "more.toml", content / "quizzes" / "more.toml")
        assert await wait_until(pilot, lambda: not app.screen.query("#problems"))


@sync
async def test_a_lesson_being_read_is_reloaded_at_the_same_section(tmp_path: Path) -> None:
    content = copy_course(tmp_path)
    app = watched_app(content, tmp_path / "progress")
    async with app.run_test(size=SIZE) as pilot:
        await watcher_started(pilot, app)
        app.open_lesson("basics")
        await pilot.pause()
        await pilot.press("n")  # to the second section
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LessonScreen) and screen.index == 1
        retitle(content / "lessons" / "01-basics.md", "Basics of sending work out", "Basics, rewritten")

        def reloaded() -> bool:
            return isinstance(app.screen, LessonScreen) and app.screen.lesson.title == "Basics, rewritten"

        assert await wait_until(pilot, reloaded)
        await pilot.pause()
        assert app.screen.index == 1
        assert "Basics, rewritten" in text_of(app, ".topbar .title")
        assert "Section 2 of" in on_screen(app)
        assert len(app.screen_stack) == 3  # the map beneath, as before
        await pilot.press("escape")  # back on the map, which shows the new title too
        await pilot.pause()
        assert isinstance(app.screen, MapScreen) and "Basics, rewritten" in module_titles(app)[0]


@sync
async def test_progress_files_do_not_trigger_a_reload(tmp_path: Path) -> None:
    content = copy_course(tmp_path)
    app = watched_app(content, content / "progress")  # progress kept inside the course folder
    async with app.run_test(size=SIZE) as pilot:
        await watcher_started(pilot, app)
        loaded = app.course
        app.open_lesson("basics")  # saves the learner's place into content/progress
        await pilot.pause()
        await pilot.press("n")
        (content / "progress" / "notes.toml").write_text("x = 1\n", encoding="utf-8")
        (content / "lessons" / ".01-basics.md.swp").write_text("swap\n", encoding="utf-8")
        await pilot.pause(1.5)
        assert any((content / "progress").rglob("learner.toml"))
        assert app.course is loaded
        # A real change still reloads (so the watcher was running all along).
        retitle(content / "lessons" / "02-more.md", "More on costs", "Costs again")
        assert await wait_until(pilot, lambda: app.course is not loaded)


@sync
async def test_watching_stops_when_the_app_quits(tmp_path: Path) -> None:
    content = copy_course(tmp_path)
    app = watched_app(content, tmp_path / "progress")
    async with app.run_test(size=SIZE) as pilot:
        await watcher_started(pilot, app)
        (worker,) = [w for w in app.workers if w.name == "watch course files"]
        assert worker.state == WorkerState.RUNNING
        await pilot.press("ctrl+q")
    assert app._stop_watching.is_set()
    assert worker.state in (WorkerState.SUCCESS, WorkerState.CANCELLED)


def test_which_files_are_course_files(tmp_path: Path) -> None:
    root = tmp_path.resolve()
    yes = ["course.toml", "lessons/01-a.md", "quizzes/a.toml", "quizzes/sub/b.toml"]
    no = [
        "progress/ana/learner.toml", "progress/.last-learner", "lessons/.01-a.md.swp", "lessons/01-a.md~",
        "lessons/#01-a.md#", "lessons/notes.txt", "README.md", "other/course.toml", "lessons",
    ]
    assert [p for p in yes if not is_course_file(root, str(root / p))] == []
    assert [p for p in no if is_course_file(root, str(root / p))] == []
    assert not is_course_file(root, str(tmp_path.parent / "elsewhere" / "lessons" / "a.md"))


@sync
async def test_the_scroll_position_in_a_long_section_is_kept(tmp_path: Path) -> None:
    content = copy_course(tmp_path)
    lesson = content / "lessons" / "01-basics.md"
    long_text = "\n\n".join(f"Paragraph {n} of a long section." for n in range(60))
    lesson.write_text(
        lesson.read_text(encoding="utf-8").replace("- one\n", f"{long_text}\n\n- one\n"), encoding="utf-8"
    )
    app = watched_app(content, tmp_path / "progress")
    async with app.run_test(size=SIZE) as pilot:
        await watcher_started(pilot, app)
        app.open_lesson("basics")
        await pilot.pause()
        reader = app.screen.query_one(SectionView)
        reader.scroll_to(y=40, animate=False)
        await pilot.pause()
        assert reader.scroll_y == 40
        retitle(lesson, "Basics of sending work out", "Basics, once more")
        assert await wait_until(pilot, lambda: "Basics, once more" in on_screen(app))
        await pilot.pause()
        assert app.screen.query_one(SectionView).scroll_y == 40
        assert "By the end of this lesson" not in on_screen(app)  # the top of the section is scrolled away


@sync
async def test_a_quiz_in_progress_is_left_alone_and_the_map_shows_the_change_after(tmp_path: Path) -> None:
    content = copy_course(tmp_path)
    app = watched_app(content, tmp_path / "progress")
    async with app.run_test(size=SIZE) as pilot:
        await watcher_started(pilot, app)
        app.open_quiz("basics-quiz")
        await pilot.pause()
        quiz_screen = app.screen
        assert isinstance(quiz_screen, QuizScreen)
        quiz_screen.show_question(1)
        await pilot.pause()
        loaded = app.course
        retitle(content / "lessons" / "02-more.md", "More on costs", "Costs, later")
        (content / "quizzes" / "more.toml").write_text('id = "more-quiz"\ntitle = [\n', encoding="utf-8")
        assert await wait_until(pilot, lambda: app.course is not loaded and bool(app.course.problems))
        await pilot.pause()
        assert app.screen is quiz_screen and quiz_screen.index == 1
        app.action_go_map()
        await pilot.pause()
        assert await wait_until(pilot, lambda: "Costs, later" in on_screen(app))
        assert await wait_until(pilot, lambda: "quizzes/more.toml" in on_screen(app))  # the map beneath was rebuilt


def test_new_course_and_watch_in_a_real_terminal(tmp_path: Path) -> None:
    """`course new course`, then `course --content DIR --watch`: an edit shows up, Ctrl+Q ends it cleanly.
    Twice: the second start paints the map from the start-up snapshot and loads the course behind it."""
    program, args = command()
    root = tmp_path / "demo"
    progress = tmp_path / "progress"
    env = {**os.environ, "COURSE_PROGRESS_DIR": str(progress), "TERM": "xterm-256color"}
    env.pop("TEXTUAL", None)
    made = subprocess.run([program, *args, "new", "course", str(root)], env=env, capture_output=True, check=False)
    assert made.returncode == 0, made.stderr
    title = "First lesson"
    for run in (1, 2):
        child = pexpect.spawn(
            program, [*args, "--content", str(root), "--learner", "ana", "--watch"],
            env=env, dimensions=(24, 80), encoding="utf-8", timeout=20,
        )
        try:
            child.expect(title)
            child.expect("press c")
            new_title = f"Edited in run {run}"
            lesson = root / "lessons" / "first-lesson.md"
            retitle(lesson, f'title = "{title}"', f'title = "{new_title}"')
            # The watcher starts once the course is loaded, which the screen does not show: an edit made
            # before then is not seen, so the same text is written again until the edit shows.
            for _ in range(10):
                if child.expect([new_title, pexpect.TIMEOUT], timeout=2) == 0:
                    break
                lesson.write_text(lesson.read_text(encoding="utf-8"), encoding="utf-8")
            else:
                raise AssertionError(f"{new_title!r} never showed")
            title = new_title
            child.send("\x11")  # ctrl+q
            child.expect(pexpect.EOF)
        finally:
            child.close(force=True)
        assert child.exitstatus == 0, child.before
        assert (progress / ".map-snapshot.json").is_file()  # so the second run starts from it
