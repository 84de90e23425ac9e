"""An ordering question left as shown is not answered: `a` asks the learner to put the items in order first,
as every other type asks to choose first; once an item is moved, `a` takes the order."""

from __future__ import annotations

from pathlib import Path

import pytest

from course.tui.quiz.answers import OrderList
from tests.tui_support import SIZE, make_app, open_quiz_question, order_items, sync

pytestmark = pytest.mark.usefixtures("fixed_seed")

ORDERING = 4  # the ordering question of the test course's basics quiz


@sync
async def test_a_on_an_untouched_ordering_question_asks_first(tmp_path: Path) -> None:
    app = make_app(tmp_path / "progress", "Di")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_quiz_question(pilot, app, "basics-quiz", ORDERING)
        await pilot.press("a")
        await pilot.pause()
        assert screen.session.answer_for(ORDERING) is None  # nothing recorded, nothing scored
        assert any("in order first" in str(n.message) for n in app._notifications), list(app._notifications)
        await order_items(pilot, app)
        await pilot.press("a")
        await pilot.pause()
        answer = screen.session.answer_for(ORDERING)
        assert answer is not None and answer.response == [0, 1, 2] and answer.correct


@sync
async def test_an_item_moved_and_moved_back_is_an_answer(tmp_path: Path) -> None:
    """The learner who finds the order shown right can still give it: any move counts as touching it."""
    app = make_app(tmp_path / "progress", "Di")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_quiz_question(pilot, app, "basics-quiz", ORDERING)
        shown = list(screen.query_one(OrderList).item_order)
        await pilot.press("J", "K", "a")
        await pilot.pause()
        answer = screen.session.answer_for(ORDERING)
        assert answer is not None and answer.response == shown
