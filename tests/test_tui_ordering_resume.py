"""An answered ordering question, opened again after a restart, shows the order the learner saved."""

from __future__ import annotations

from pathlib import Path

import pytest

from course.tui.quiz.answers import OrderList
from course.tui.quiz.screen import QuizScreen
from tests.tui_support import SIZE, make_app, order_items, sync

pytestmark = pytest.mark.usefixtures("fixed_seed")

ORDERING = 4  # the ordering question of the test course's basics quiz
ITEMS = ["Define the scope", "Sign the contract", "Track KPIs"]  # as written in the quiz, the right order


@sync
async def test_saved_order_is_shown_again_after_a_restart(tmp_path: Path) -> None:
    progress = tmp_path / "progress"
    app = make_app(progress, "Di")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_quiz("basics-quiz", question=ORDERING)
        await pilot.pause()
        first_shown = list(app.screen.query_one(OrderList).item_order)
        assert first_shown != [0, 1, 2]  # the order shown at the start is never already right
        await order_items(pilot, app)
        await pilot.press("a")
        await pilot.pause()
        answer = app.screen.session.answer_for(ORDERING)
        assert answer is not None and answer.response == [0, 1, 2]
        await pilot.press("ctrl+q")

    again = make_app(progress, "Di")
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        again.open_quiz("basics-quiz", question=ORDERING)  # resumes the attempt
        await pilot.pause()
        await pilot.pause()
        screen = again.screen
        assert isinstance(screen, QuizScreen) and screen.index == ORDERING
        items = screen.query_one(OrderList)
        assert items.item_order == [0, 1, 2]
        shown = [str(items.get_option_at_index(i).prompt) for i in range(len(ITEMS))]
        assert shown == [f"{n}. {text}" for n, text in enumerate(ITEMS, 1)]
