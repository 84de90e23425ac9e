"""Snapshots of the main screens at 60×20, the smallest terminal the course is made for: nothing that
matters is cut off, and long lines wrap under themselves."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from course.content import load_course
from course.progress import ProgressStore
from course.tui.app import CourseApp
from tests.test_tui_snapshots import FIXTURE, make_app, still

SMALL = (60, 20)

pytestmark = pytest.mark.usefixtures("fixed_seed")


async def _lesson(pilot: Pilot) -> None:
    await pilot.pause()
    pilot.app.open_lesson("basics", "where-work-happens")
    await pilot.pause()
    await still(pilot)


async def _results(pilot: Pilot) -> None:
    await pilot.pause()
    pilot.app.open_quiz("basics-quiz")
    await pilot.pause()
    await pilot.press("space", "a", "n", "down", "space", "a", "S", "y")
    await pilot.pause()
    await still(pilot)


async def _help(pilot: Pilot) -> None:
    await pilot.pause()
    await pilot.press("question_mark")
    await still(pilot)


@pytest.mark.parametrize("screen", ["map", "lesson", "results", "help"])
def test_screen_at_60_by_20(snap_compare, tmp_path: Path, screen: str) -> None:
    before = {"map": still, "lesson": _lesson, "results": _results, "help": _help}[screen]
    assert snap_compare(make_app(tmp_path), terminal_size=SMALL, run_before=before)


def test_welcome_at_60_by_20(snap_compare, tmp_path: Path) -> None:
    course = load_course(FIXTURE)
    app = CourseApp(course, ProgressStore(tmp_path / "progress", course.id), None)
    assert snap_compare(app, terminal_size=SMALL, run_before=still)
