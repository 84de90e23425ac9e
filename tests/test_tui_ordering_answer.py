"""An ordering question left as shown is not answered: `a` asks the learner to put the items in order first,
as every other type asks to choose first; once an item is moved, `a` takes the order."""

from __future__ import annotations

from pathlib import Path

import pytest

from course.tui.quiz.answers import OrderList
from course.tui.quiz.screen import QuizScreen
from tests.tui_support import SIZE, make_app, order_items, sync

pytestmark = pytest.mark.usefixtures("fixed_seed")

ORDERING = 4  # the ordering question of the test course's basics quiz


@sync
async def test_a_on_an_untouched_ordering_question_asks_first(tmp_path: Path) -> None:
    app = make_app(tmp_path / "progress", "Di")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_quiz("basics-quiz", question=ORDERING)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen) and screen.index == ORDERING
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
        await pilot.pause()
        app.open_quiz("basics-quiz", question=ORDERING)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        shown = list(screen.query_one(OrderList).item_order)
        await pilot.press("J", "K", "a")
        await pilot.pause()
        answer = screen.session.answer_for(ORDERING)
        assert answer is not None and answer.response == shown
