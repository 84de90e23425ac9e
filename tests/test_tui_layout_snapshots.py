"""Snapshots, at 80×24 and 60×20, of what a learner's terminal must fit: a long quiz title beside the
counter, the help's first line, a long matching question, a practice round's results."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.test_tui_snapshots import FIXTURE, make_app, still

SIZES = [(80, 24), (60, 20)]
LONG_TITLE = "Risk: what can go wrong when work is sent out, and how to guard against it"

pytestmark = pytest.mark.usefixtures("fixed_seed")


def long_title_course(tmp_path: Path) -> Path:
    """The test course with a quiz title far longer than the top line."""
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    quiz = root / "quizzes/basics.toml"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace('title = "Basics quiz"', f'title = "{LONG_TITLE}"', 1),
                    encoding="utf-8")
    return root


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_a_long_quiz_title_ends_before_the_counter(snap_compare, tmp_path: Path, size) -> None:
    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()
        pilot.app.open_quiz("basics-quiz")
        await pilot.pause()
        await still(pilot)

    assert snap_compare(make_app(tmp_path, long_title_course(tmp_path)), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_a_notification_on_a_matching_question_covers_no_list(snap_compare, tmp_path: Path, size) -> None:
    """Shown above the status line, in the layout: the matching lists move up, none is covered."""

    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()
        pilot.app.open_quiz("basics-quiz", question=3)
        await pilot.pause()
        await pilot.pause()
        pilot.app.notify("Complete the lesson “More on costs”. Pass the final quiz (75% needed).",
                         title="No certificate yet", severity="warning", markup=False)
        await pilot.pause()
        await pilot.pause()
        await still(pilot)

    assert snap_compare(make_app(tmp_path), terminal_size=size, run_before=run_before)
