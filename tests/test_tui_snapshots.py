"""Snapshots of every screen at 80×24: course map, lesson, each question type, results and help."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from course.content import load_course
from course.progress import ProgressStore
from course.tui.app import CourseApp
from tests.content_support import loaded

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "tui_course"
SIZE = (80, 24)


pytestmark = pytest.mark.usefixtures("fixed_seed")


def make_app(tmp_path: Path, content: Path = FIXTURE) -> CourseApp:
    course = loaded(content)  # the test process's one load of the fixture, a copy (content_support.loaded)
    store = ProgressStore(tmp_path / "progress", course.id)
    app = CourseApp(course, store, store.open("Snap"))
    app.animation_level = "none"
    return app


async def still(pilot: Pilot) -> None:
    """No blinking cursor, no animation: the same picture every run."""
    pilot.app.animation_level = "none"
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    await pilot.pause()


def test_course_map(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(make_app(tmp_path), terminal_size=SIZE, run_before=still)


def test_lesson(snap_compare, tmp_path: Path) -> None:
    async def open_lesson(pilot: Pilot) -> None:
        await pilot.pause()
        pilot.app.open_lesson("basics", "where-work-happens")
        await pilot.pause()
        await still(pilot)

    assert snap_compare(make_app(tmp_path), terminal_size=SIZE, run_before=open_lesson)


def test_lesson_first_section_with_objectives(snap_compare, tmp_path: Path) -> None:
    async def open_lesson(pilot: Pilot) -> None:
        await pilot.pause()
        pilot.app.open_lesson("basics")
        await pilot.pause()
        await still(pilot)

    assert snap_compare(make_app(tmp_path), terminal_size=SIZE, run_before=open_lesson)


@pytest.mark.parametrize(
    "index, kind",
    [(0, "single"), (1, "multiple"), (2, "true_false"), (3, "matching"), (4, "ordering"), (5, "short"),
     (6, "numeric")],
)
def test_question(snap_compare, tmp_path: Path, index: int, kind: str) -> None:
    async def open_question(pilot: Pilot) -> None:
        await pilot.pause()
        pilot.app.open_quiz("basics-quiz")
        await pilot.pause()
        screen = pilot.app.screen
        assert screen.session.questions[index].question.type == kind
        screen.show_question(index)
        await pilot.pause()
        await still(pilot)

    assert snap_compare(make_app(tmp_path), terminal_size=SIZE, run_before=open_question)


def test_immediate_feedback(snap_compare, tmp_path: Path) -> None:
    async def answer_wrong(pilot: Pilot) -> None:
        await pilot.pause()
        pilot.app.open_quiz("basics-quiz")
        await pilot.pause()
        await pilot.press("down", "space", "a")
        await still(pilot)

    assert snap_compare(make_app(tmp_path), terminal_size=SIZE, run_before=answer_wrong)


def test_results(snap_compare, tmp_path: Path) -> None:
    async def finish(pilot: Pilot) -> None:
        await pilot.pause()
        pilot.app.open_quiz("basics-quiz")
        await pilot.pause()
        await pilot.press("space", "a", "n", "down", "space", "a", "S", "y")
        await pilot.pause()
        await still(pilot)

    assert snap_compare(make_app(tmp_path), terminal_size=SIZE, run_before=finish)


def test_help(snap_compare, tmp_path: Path) -> None:
    async def help_(pilot: Pilot) -> None:
        await pilot.pause()
        await pilot.press("question_mark")
        await still(pilot)

    assert snap_compare(make_app(tmp_path), terminal_size=SIZE, run_before=help_)


def test_welcome(snap_compare, tmp_path: Path) -> None:
    course = load_course(FIXTURE)
    app = CourseApp(course, ProgressStore(tmp_path / "progress", course.id), None)
    assert snap_compare(app, terminal_size=SIZE, run_before=still)
