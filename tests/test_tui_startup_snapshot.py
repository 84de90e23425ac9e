"""The start-up snapshot: the map is painted from it only when every file it was made from is unchanged;
a changed lesson, quiz or progress file, a new file or a corrupt snapshot means the slow start; while the
course loads behind the snapshot, actions that need the course wait for it."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from textual.widgets import OptionList

from course.tui import run
from course.tui.app import CourseApp
from course.tui.lesson.screen import LessonScreen
from course.tui.map.screen import MapScreen
from course.tui.startup import SNAPSHOT_FILE, fresh_snapshot, open_course
from tests.tui_support import FIXTURE, SIZE, sync, text_of, wait_until


@pytest.fixture
def course_dir(tmp_path: Path) -> Path:
    content = tmp_path / "course"
    shutil.copytree(FIXTURE, content)
    return content


@pytest.fixture
def started(monkeypatch):
    """Every app `course` runs, not run: whether it started from a snapshot or with the course loaded."""
    seen: list[str] = []

    def fake_run(self, *args, **kwargs):
        seen.append("snapshot" if self.snapshot is not None and not self.loaded else "loaded")
        if not self.loaded:  # what the app does once the map is painted: load, then carry on
            from course.tui.startup import Opened

            result = self._load()
            assert isinstance(result, Opened)
            self.course, self.store, self.learner = result.course, result.store, result.learner
            self.start_inputs, self.loaded = result.inputs, True

    monkeypatch.setattr(CourseApp, "run", fake_run)
    return seen


def start(content: Path, progress: Path) -> None:
    assert run(str(content), "Ana", str(progress)) == 0


def test_the_snapshot_is_used_when_nothing_changed(course_dir, tmp_path, started):
    progress = tmp_path / "progress"
    start(course_dir, progress)
    assert (progress / SNAPSHOT_FILE).is_file()
    snapshot = fresh_snapshot(str(course_dir), "Ana", str(progress))
    assert snapshot is not None and snapshot.view.learner == "Ana"
    assert [m.id for m in snapshot.view.modules][:1] == ["lesson:basics"]
    start(course_dir, progress)
    start(course_dir, progress)
    assert started == ["loaded", "snapshot", "snapshot"]


def _later(path: Path) -> None:
    """Make sure a rewrite shows in the mtime even on a coarse clock."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))


def change_lesson(content: Path, progress: Path) -> None:
    lesson = next((content / "lessons").glob("*.md"))
    lesson.write_text(lesson.read_text("utf-8").replace("Outsourcing", "Outsorcing", 1), "utf-8")  # same size
    _later(lesson)


def change_quiz(content: Path, progress: Path) -> None:
    quiz = next((content / "quizzes").glob("*.toml"))
    quiz.write_text(quiz.read_text("utf-8") + "\n", "utf-8")


def add_lesson(content: Path, progress: Path) -> None:
    source = next((content / "lessons").glob("*.md"))
    (content / "lessons" / "zz-extra.md").write_text(source.read_text("utf-8").replace("id = \"basics\"",
                                                                                        "id = \"extra\""), "utf-8")


def change_progress(content: Path, progress: Path) -> None:
    summary = progress / "Ana" / "learner.toml"
    summary.write_text(summary.read_text("utf-8") + "\n", "utf-8")


def change_course_toml(content: Path, progress: Path) -> None:
    toml = content / "course.toml"
    toml.write_text(toml.read_text("utf-8").replace("Test course", "Test cours2"), "utf-8")
    _later(toml)


def corrupt_snapshot(content: Path, progress: Path) -> None:
    (progress / SNAPSHOT_FILE).write_bytes(b"\x00\xff{not json")


def truncate_snapshot(content: Path, progress: Path) -> None:
    path = progress / SNAPSHOT_FILE
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def wrong_shape_snapshot(content: Path, progress: Path) -> None:
    import json

    path = progress / SNAPSHOT_FILE
    data = json.loads(path.read_text("utf-8"))
    data["view"]["modules"] = [{"id": 3}]
    path.write_text(json.dumps(data), "utf-8")


@pytest.mark.parametrize("change", [change_lesson, change_quiz, add_lesson, change_progress, change_course_toml,
                                    corrupt_snapshot, truncate_snapshot, wrong_shape_snapshot])
def test_a_change_or_a_bad_snapshot_means_the_slow_start(course_dir, tmp_path, started, change):
    progress = tmp_path / "progress"
    start(course_dir, progress)
    assert fresh_snapshot(str(course_dir), "Ana", str(progress)) is not None
    change(course_dir, progress)
    assert fresh_snapshot(str(course_dir), "Ana", str(progress)) is None
    start(course_dir, progress)
    assert started == ["loaded", "loaded"]
    # ... and the start writes a snapshot that matches the files again.
    assert fresh_snapshot(str(course_dir), "Ana", str(progress)) is not None


def test_other_options_do_not_use_the_snapshot(course_dir, tmp_path, started):
    progress = tmp_path / "progress"
    start(course_dir, progress)
    assert fresh_snapshot(str(course_dir), "Ben", str(progress)) is None
    assert fresh_snapshot(str(course_dir), None, str(progress)) is None


def app_loading_behind_its_snapshot(course_dir: Path, progress: Path):
    """An app started from a fresh snapshot, whose load waits until the event returned is set."""
    opened = open_course(str(course_dir), "Ana", str(progress))
    app = CourseApp(opened.course, opened.store, opened.learner)
    app.start_inputs = opened.inputs
    assert app.write_snapshot()
    snapshot = fresh_snapshot(str(course_dir), "Ana", str(progress))
    assert snapshot is not None

    release = threading.Event()

    def slow_load():
        assert release.wait(20)
        return open_course(str(course_dir), "Ana", str(progress))

    return CourseApp(None, None, None, snapshot=snapshot.view, load=slow_load), snapshot, release


@sync
async def test_the_map_shows_the_snapshot_and_actions_wait_for_the_load(course_dir, tmp_path) -> None:
    app, snapshot, release = app_loading_behind_its_snapshot(course_dir, tmp_path / "progress")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MapScreen) and not app.loaded
        assert "Ana" in text_of(app, ".topbar .where")
        assert "Next:" in text_of(app, "#next")
        modules = app.screen.query_one(OptionList)
        assert modules.option_count == len(snapshot.view.modules)
        await pilot.press("enter")  # open the highlighted lesson: it must wait for the course
        await pilot.pause()
        assert isinstance(app.screen, MapScreen) and app.course is None
        release.set()
        await wait_until(pilot, lambda: isinstance(app.screen, LessonScreen))
        assert app.loaded and app.course is not None and app.learner is not None
        assert isinstance(app.screen, LessonScreen)


@sync
async def test_help_opened_while_the_course_loads_stays_over_the_one_map(course_dir, tmp_path) -> None:
    from course.tui.help.screen import HelpScreen

    app, _, release = app_loading_behind_its_snapshot(course_dir, tmp_path / "progress")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")  # a key pressed at once, as the learner sees the map
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen) and not app.loaded
        release.set()
        await wait_until(pilot, lambda: app.loaded)
        await pilot.pause()
        assert app.loaded and isinstance(app.screen, HelpScreen)
        assert [type(screen) for screen in app.screen_stack].count(MapScreen) == 1
        await pilot.press("escape")
        assert isinstance(app.screen, MapScreen)
        assert app.screen._course is app.course  # the map under help was told of the load, as one on top is


@sync
async def test_a_load_that_refuses_ends_the_app_with_its_reason(course_dir, tmp_path) -> None:
    from course.tui.startup import Refused

    progress = tmp_path / "progress"
    opened = open_course(str(course_dir), "Ana", str(progress))
    view = __import__("course.tui.map.view", fromlist=["build"]).build(opened.course, opened.learner.summary, "Ana")
    app = CourseApp(None, None, None, snapshot=view, load=lambda: Refused(1, "course: no way"))
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(40):
            await pilot.pause(0.05)
            if app.refused is not None:
                break
    assert app.refused is not None and app.refused.status == 1 and app.return_code == 1
