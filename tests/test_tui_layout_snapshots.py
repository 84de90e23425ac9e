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


async def open_basics(pilot: Pilot, question: int | None = None, pauses: int = 1) -> None:
    """Open the basics quiz (at `question`), then let the app take `pauses` turns."""
    await pilot.pause()
    pilot.app.open_quiz("basics-quiz", question=question)
    for _ in range(pauses):
        await pilot.pause()


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
        await open_basics(pilot)
        await still(pilot)

    assert snap_compare(make_app(tmp_path, long_title_course(tmp_path)), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_a_notification_on_a_matching_question_covers_no_list(snap_compare, tmp_path: Path, size) -> None:
    """Shown above the status line, in the layout: the matching lists move up, none is covered."""

    async def run_before(pilot: Pilot) -> None:
        await open_basics(pilot, question=3, pauses=2)
        pilot.app.notify("Complete the lesson “More on costs”. Pass the final quiz (75% needed).",
                         title="No certificate yet", severity="warning", markup=False)
        await pilot.pause()
        await pilot.pause()
        await still(pilot)

    assert snap_compare(make_app(tmp_path), terminal_size=size, run_before=run_before)


SIX_PAIRS = """[[questions.pairs]]
item = "Own office abroad"
match = "Offshoring"

[[questions.pairs]]
item = "A provider's bankruptcy halts the service"
match = "Risk"

[[questions.pairs]]
item = "Data protection rules of two countries apply to the same records"
match = "Legal and regulatory"

[[questions.pairs]]
item = "Setup costs are expected to be repaid within a year"
match = "Cost"

[[questions.pairs]]
item = "A hint that a task is urgent is missed by a partner used to plain orders"
match = "Culture"
"""


def six_pair_course(tmp_path: Path) -> Path:
    """The test course with a matching question of six pairs, some items long enough to wrap."""
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    quiz = root / "quizzes/basics.toml"
    text = quiz.read_text(encoding="utf-8")
    last = '[[questions.pairs]]\nitem = "Own office abroad"\nmatch = "Offshoring"\n'
    assert last in text
    quiz.write_text(text.replace(last, SIX_PAIRS, 1), encoding="utf-8")
    return root


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_a_matching_question_of_six_pairs(snap_compare, tmp_path: Path, size) -> None:
    """At 80×24 every item, its list and the hint under them are in view; at 60×20 the list in focus is."""

    async def run_before(pilot: Pilot) -> None:
        await open_basics(pilot, question=3, pauses=2)
        await still(pilot)

    assert snap_compare(make_app(tmp_path, six_pair_course(tmp_path)), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_a_practice_rounds_results_give_no_verdict(snap_compare, tmp_path: Path, size) -> None:
    """A practice round: its score, with no ✓ PASSED or ✗ NOT PASSED above "does not count"."""

    async def run_before(pilot: Pilot) -> None:
        await open_basics(pilot)
        await pilot.press("space", "a", "n", "down", "space", "a", "S", "y")
        await pilot.pause()
        await pilot.pause()
        await pilot.press("m")  # practise the ones missed
        await pilot.pause()
        await pilot.pause()
        await pilot.press("1", "a", "S", "y")
        await pilot.pause()
        await pilot.pause()
        await still(pilot)

    assert snap_compare(make_app(tmp_path), terminal_size=size, run_before=run_before)
