"""A matching answer with items left without a match asks before it is taken, as an empty answer is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Select

from course.tui.quiz.confirm import ConfirmAnswer
from course.tui.quiz.screen import QuizScreen
from tests.tui_support import LONG, make_app, open_long, sync, text_of

SIZE = (80, 24)
MATCHING = 2  # the fixture quiz's four-pair matching question

pytestmark = pytest.mark.usefixtures("fixed_seed")


async def open_matching(pilot, app) -> QuizScreen:
    return await open_long(pilot, app, MATCHING)


async def pick_first_match(pilot, app) -> None:
    select = app.focused
    assert isinstance(select, Select)
    await pilot.press("enter", "down", "enter")
    await pilot.pause()
    assert isinstance(select.value, str)


@sync
async def test_a_matching_answer_with_items_unmatched_asks_first(tmp_path: Path) -> None:
    app = make_app(tmp_path / "progress", "ana", LONG)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_matching(pilot, app)
        await pick_first_match(pilot, app)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmAnswer)
        assert app.screen.doubt.startswith("3 items have no match")
        await pilot.press("n")  # keep matching: nothing is saved
        await pilot.pause()
        assert app.screen is screen and screen.session.answer_for(MATCHING) is None
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("y")  # answer anyway
        await pilot.pause()
        await pilot.pause()
        answer = screen.session.answer_for(MATCHING)
        assert answer is not None and answer.response.count("") == 3


@sync
async def test_a_matching_answer_with_every_item_matched_is_taken_at_once(tmp_path: Path) -> None:
    app = make_app(tmp_path / "progress", "ana", LONG)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_matching(pilot, app)
        for _ in range(4):
            await pick_first_match(pilot, app)
            await pilot.press("tab")
        await pilot.press("a")
        await pilot.pause()
        assert app.screen is screen
        answer = screen.session.answer_for(MATCHING)
        assert answer is not None and "" not in answer.response


@sync
async def test_the_matching_hint_says_it_asks_first(tmp_path: Path) -> None:
    app = make_app(tmp_path / "progress", "ana", LONG)
    async with app.run_test(size=SIZE) as pilot:
        await open_matching(pilot, app)
        assert "asked first" in text_of(app, "#hint")
