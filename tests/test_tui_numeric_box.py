"""A number box keeps what was typed: a comma or a word is refused with a reason, never changed into
another answer."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from tests.tui_support import SIZE, make_app, sync

pytestmark = pytest.mark.usefixtures("fixed_seed")


async def _numeric_question(pilot, app):
    await pilot.pause()
    app.open_quiz("basics-quiz")
    await pilot.pause()
    screen = app.screen
    last = len(screen.session.questions) - 1
    assert screen.session.questions[last].question.type == "numeric"
    screen.show_question(last)
    await pilot.pause()
    return screen, last


@pytest.mark.parametrize(
    "typed, reason",
    [("8,5", "has a comma"), ("1,000", "has a comma"), ("six", "is not a number"), ("4 apples", "is not a number")],
)
@sync
async def test_what_is_not_a_number_is_refused_with_a_reason_and_kept(
    tmp_path: Path, notices: list[tuple[str, str]], typed: str, reason: str
) -> None:
    app = make_app(tmp_path / "progress", "ana")
    async with app.run_test(size=SIZE) as pilot:
        screen, last = await _numeric_question(pilot, app)
        await pilot.press("enter", *typed, "enter")
        await pilot.pause()
        assert app.screen.query_one("#number", Input).value == typed  # nothing dropped or changed
        assert screen.session.attempt.answer_for(screen.session.questions[last].key) is None  # nothing saved
        assert any(severity == "warning" and reason in message and typed in message for severity, message in notices)


@sync
async def test_a_number_with_a_point_is_answered(tmp_path: Path) -> None:
    app = make_app(tmp_path / "progress", "ana")
    async with app.run_test(size=SIZE) as pilot:
        screen, last = await _numeric_question(pilot, app)
        await pilot.press("enter", *"2.5", "enter")
        await pilot.pause()
        answer = screen.session.attempt.answer_for(screen.session.questions[last].key)
        assert answer is not None and answer.response == 2.5
