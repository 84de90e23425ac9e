"""What the quiz and the review round share (course.tui.questions): a number key or `a` on a question that
is answered, with its feedback shown, says so and what to press next, in both screens alike."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from course.scoring import right_response
from course.tui.app import CourseApp
from course.tui.quiz.screen import QuizScreen
from course.tui.review.screen import ReviewScreen
from course.tui.widgets import StatusLine
from tests.review_support import learner_with_due_cards
from tests.tui_support import make_app, press_at_once, sync, text_of

ANSWERED = "This question is answered. Press n for the next question."


@sync
async def test_a_number_key_on_an_answered_quiz_question_says_what_to_press(tmp_path: Path) -> None:
    app = make_app(tmp_path / "progress", "ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_quiz("basics-quiz", question=0)  # feedback after each answer: an answer locks the question
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        screen.widget.show(right_response(screen.session.questions[0].question))
        await pilot.press("a")
        await pilot.pause()
        assert text_of(app, "#feedback").startswith("✓ Correct")
        await pilot.press("2")
        await pilot.pause()
        assert screen.query_one(StatusLine).said == ANSWERED
        assert screen.session.result_for(0).correct  # the key changed nothing


async def review_round(pilot: Pilot, app: CourseApp) -> ReviewScreen:
    """A review round opened, with the right answer put into its first question (not answered yet)."""
    await pilot.pause()
    app.open_review(seed=2)
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ReviewScreen)
    screen.widget.show(right_response(screen.questions[0].question))
    return screen


@pytest.mark.parametrize("at_once", [False, True], ids=["keys-one-by-one", "keys-queued-at-once"])
@sync
async def test_a_number_key_on_an_answered_review_question_says_what_to_press(tmp_path: Path, at_once: bool) -> None:
    """The review round used to drop the key without a word: pressed once the feedback shows, or queued
    right behind `a` before that is handled. The answer counts; the key changes nothing."""
    learner_with_due_cards(tmp_path)
    app = make_app(tmp_path, "Ana")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await review_round(pilot, app)
        if at_once:
            await press_at_once(pilot, "a", "2")
        else:
            await pilot.press("a")
            await pilot.pause()
            assert text_of(app, "#feedback").startswith("✓ Correct")
            await pilot.press("2")
        await pilot.pause()
        assert screen.query_one(StatusLine).said == ANSWERED
        assert [r.rating for r in screen.results] == ["good"]
        assert screen.widget.response() == right_response(screen.questions[0].question)
