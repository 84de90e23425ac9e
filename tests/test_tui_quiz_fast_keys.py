"""Keys pressed with no pause between them, right after a move to a question whose answer widget is still
being mounted: each key waits for the widget and takes effect (nothing is lost and nothing crashes)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, RadioButton, SelectionList

from course.tui.app import CourseApp
from course.tui.quiz.answers import AnswerWidget
from course.tui.quiz.screen import QuizScreen
from course.tui.review.screen import ReviewScreen
from tests.review_support import learner_with_due_cards
from tests.test_tui_cbm import cbm_course
from tests.test_tui_review import answer_shown
from tests.tui_support import make_app, press_at_once, sync

SMALL = (60, 20)
# The basics quiz of the test course, in file order: one question of each type.
SINGLE, MULTIPLE, TRUE_FALSE, MATCHING, ORDERING, SHORT, NUMERIC = range(7)

pytestmark = pytest.mark.usefixtures("fixed_seed")


async def open_quiz(pilot: Pilot, app: CourseApp) -> QuizScreen:
    await pilot.pause()
    app.open_quiz("basics-quiz")
    await pilot.pause()
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, QuizScreen) and screen.index == 0
    return screen


def chosen(widget: AnswerWidget) -> list[str]:
    """The names of the chosen radio buttons, or the ticked keys of an all-that-apply list."""
    lists = widget.query(SelectionList)
    if lists:
        return [str(value) for value in lists.first(SelectionList).selected]
    return [str(button.name) for button in widget.query(RadioButton) if button.value]


def moves_to(target: int) -> list[str]:
    """From the first question to `target` the fast way: n, then s (skip) for the rest; the first question
    by going two ahead and two back."""
    if target == SINGLE:
        return ["n", "s", "p", "p"]
    return ["n", *["s"] * (target - 1)]


@pytest.mark.parametrize("target", [SINGLE, MULTIPLE, TRUE_FALSE])
@sync
async def test_a_number_right_after_moving_chooses_its_option_on_the_new_question(tmp_path: Path, target: int) -> None:
    app = make_app(tmp_path / "progress", "ana")
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_quiz(pilot, app)
        await press_at_once(pilot, *moves_to(target), "1")
        assert screen.index == target
        assert screen.widget is screen.answer_widgets[target]
        assert len(chosen(screen.widget)) == 1  # option 1 is chosen
        await press_at_once(pilot, "a")
        answer = screen.session.answer_for(target)
        assert answer is not None and answer.response is not None


@sync
async def test_n_s_1_then_a_answers_the_true_false_question(tmp_path: Path) -> None:
    app = make_app(tmp_path / "progress", "ana")
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_quiz(pilot, app)
        await press_at_once(pilot, "n", "s", "1", "a")
        assert app.screen is screen and screen.index == TRUE_FALSE
        answer = screen.session.answer_for(TRUE_FALSE)
        assert answer is not None and answer.response is True  # 1 is True


@pytest.mark.parametrize(("target", "box"), [(SHORT, "#text"), (NUMERIC, "#number")])
@sync
async def test_digits_right_after_moving_go_into_the_text_box_and_enter_answers(
    tmp_path: Path, target: int, box: str
) -> None:
    app = make_app(tmp_path / "progress", "ana")
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_quiz(pilot, app)
        await pilot.press(*["n"] * (target - 2))
        await pilot.pause()
        await press_at_once(pilot, "n", "s", "4", "2", "enter")
        assert screen.index == target
        assert screen.query_one(box, Input).value == "42"
        answer = screen.session.answer_for(target)
        assert answer is not None and str(answer.response) == "42"


@pytest.mark.parametrize(("target", "box"), [(SHORT, "#text"), (NUMERIC, "#number")])
@sync
async def test_enter_right_after_moving_goes_into_the_text_box(tmp_path: Path, target: int, box: str) -> None:
    app = make_app(tmp_path / "progress", "ana")
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_quiz(pilot, app)
        await pilot.press(*["n"] * (target - 2))
        await pilot.pause()
        await press_at_once(pilot, "n", "s", "enter", "7")
        assert screen.index == target
        field = screen.query_one(box, Input)
        assert field.has_focus and field.value == "7"


@pytest.mark.parametrize("target", [MATCHING, ORDERING])
@sync
async def test_a_right_after_moving_to_a_question_without_numbers_reads_the_new_widget(
    tmp_path: Path, target: int, notices: list[tuple[str, str]]
) -> None:
    app = make_app(tmp_path / "progress", "ana")
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_quiz(pilot, app)
        await pilot.press(*["n"] * (target - 2))
        await pilot.pause()
        await press_at_once(pilot, "n", "s", "a")
        assert app.screen is screen and screen.index == target
        # Nothing is matched or moved yet: nothing is taken, and the learner is told what to do first.
        assert screen.session.answer_for(target) is None
        said = "in order first" if target == ORDERING else "Choose or type an answer first"
        assert any(said in notice for _, notice in notices), notices


@sync
async def test_flag_right_after_moving_flags_the_question_shown(tmp_path: Path) -> None:
    app = make_app(tmp_path / "progress", "ana")
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_quiz(pilot, app)
        await press_at_once(pilot, "n", "s", "f", "1")
        assert screen.index == TRUE_FALSE
        assert screen.session.is_flagged(TRUE_FALSE) and not screen.session.is_flagged(MULTIPLE)
        assert chosen(screen.answer_widgets[TRUE_FALSE]) == ["true"]


@sync
async def test_esc_then_n_leaves_the_box_and_moves_on(tmp_path: Path) -> None:
    app = make_app(tmp_path / "progress", "ana")
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_quiz(pilot, app)
        await pilot.press(*["n"] * SHORT, "enter")
        await pilot.pause()
        await press_at_once(pilot, "o", "k", "escape", "n")
        assert screen.index == NUMERIC  # n went to the quiz, not into the box
        assert screen.answer_widgets[SHORT].query_one(Input).value == "ok"
        number = screen.query_one("#number", Input)
        assert app.focused is number and number.value == ""  # the cursor is in the new question's box


@sync
async def test_the_certainty_right_after_the_answer_is_taken_on_a_confidence_quiz(tmp_path: Path) -> None:
    app = make_app(tmp_path / "progress", "ana", cbm_course(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_quiz(pilot, app)
        await press_at_once(pilot, "n", "s", "2", "a", "3")
        assert app.screen is screen and screen.index == TRUE_FALSE
        answer = screen.session.answer_for(TRUE_FALSE)
        assert answer is not None and answer.response is False and answer.certainty == 3


@sync
async def test_in_a_review_round_digits_right_after_n_are_the_next_answer(tmp_path: Path) -> None:
    learner_with_due_cards(tmp_path)
    app = make_app(tmp_path, "Ana")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        app.open_review(seed=3)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        kinds = [played.question.type for played in screen.questions]
        start = next(i for i in range(len(kinds) - 1) if kinds[i + 1] in ("short", "numeric"))
        while screen.index < start:
            await answer_shown(pilot)
            await pilot.press("n")
        await answer_shown(pilot)
        await press_at_once(pilot, "n", "4", "2", "enter")
        assert app.screen is screen and screen.index == start + 1
        assert screen.widget is not None and screen.widget.query_one(Input).value == "42"
        assert screen.answered and len(screen.results) == start + 2  # answered with 42, not with 4
