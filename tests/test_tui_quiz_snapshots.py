"""Snapshots of a long quiz question at 60×20 and 80×24: the options wrapped, then the feedback in view."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from course.tui.app import CourseApp
from tests.test_tui_snapshots import make_app as make_snapshot_app
from tests.test_tui_snapshots import still
from tests.tui_support import LONG

SIZES = [pytest.param((60, 20), id="60x20"), pytest.param((80, 24), id="80x24")]

pytestmark = pytest.mark.usefixtures("fixed_seed")


def make_app(tmp_path: Path) -> CourseApp:
    return make_snapshot_app(tmp_path, LONG)


async def open_question(pilot: Pilot, question: int) -> None:
    await pilot.pause()
    pilot.app.open_quiz("cases-quiz", question=question)
    await pilot.pause()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("question", [0, 1], ids=["one-answer", "all-that-apply"])
def test_long_choice_question(snap_compare, tmp_path: Path, size, question: int) -> None:
    async def run_before(pilot: Pilot) -> None:
        await open_question(pilot, question)
        await still(pilot)

    assert snap_compare(make_app(tmp_path), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_long_choice_question_with_feedback(snap_compare, tmp_path: Path, size) -> None:
    async def run_before(pilot: Pilot) -> None:
        await open_question(pilot, 0)
        await pilot.press("down", "space", "a")  # B: wrong
        await pilot.pause()
        await pilot.pause()
        await still(pilot)

    assert snap_compare(make_app(tmp_path), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_text_question_with_the_box_entered(snap_compare, tmp_path: Path, size) -> None:
    """Arriving puts the cursor in the box, so letters go there; the footer shows the keys that work in the
    box: Enter answers, Esc leaves, Ctrl+N moves on."""

    async def run_before(pilot: Pilot) -> None:
        await open_question(pilot, 3)
        await pilot.press(*"due")
        await still(pilot)

    assert snap_compare(make_app(tmp_path), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_matching_asks_before_a_partial_answer(snap_compare, tmp_path: Path, size) -> None:
    async def run_before(pilot: Pilot) -> None:
        await open_question(pilot, 2)
        await pilot.press("enter", "down", "enter", "a")
        await pilot.pause()
        await still(pilot)

    assert snap_compare(make_app(tmp_path), terminal_size=size, run_before=run_before)
