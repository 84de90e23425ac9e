"""Confidence-based marking in the app: after each answer a small prompt asks how sure the learner is (1, 2
or 3 from the keyboard, Esc to go back), the feedback shows the CBM mark, and the results show accuracy and the
CBM average side by side and mark the answers that were sure but wrong. Snapshots at 80×24 and 60×20."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.pilot import Pilot

from course.tui.app import CourseApp
from course.tui.quiz.certainty import AskCertainty
from course.tui.quiz.screen import QuizScreen
from course.tui.results.screen import ResultsScreen
from tests.test_tui_snapshots import make_app as make_snapshot_app
from tests.test_tui_snapshots import still
from tests.tui_support import FIXTURE, make_app, sync, text_of

SIZES = [pytest.param((60, 20), id="60x20"), pytest.param((80, 24), id="80x24")]
SINGLE, MULTIPLE, TRUE_FALSE, SHORT = 0, 1, 2, 5  # questions of the basics quiz, in file order

pytestmark = pytest.mark.usefixtures("fixed_seed")


def cbm_course(tmp_path: Path, feedback: str = "immediate") -> Path:
    """The test course with confidence-based marking on its basics quiz."""
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    quiz = root / "quizzes/basics.toml"
    text = quiz.read_text(encoding="utf-8")
    quiz.write_text(text.replace('feedback = "immediate"\n', f'feedback = "{feedback}"\nconfidence = true\n', 1),
                    encoding="utf-8")
    return root


async def open_quiz(pilot: Pilot, app: CourseApp, question: int = 0) -> QuizScreen:
    await pilot.pause()
    app.open_quiz("basics-quiz", question=question)
    await pilot.pause()
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, QuizScreen) and screen.index == question
    return screen


@sync
async def test_answering_asks_how_sure_and_saves_the_certainty_with_the_answer(tmp_path: Path) -> None:
    app = make_app(tmp_path / "progress", "ana", cbm_course(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        quiz = await open_quiz(pilot, app)
        assert "how sure you are" in text_of(app, "#prompt")  # the quiz says so before the first question
        await pilot.press("1", "a")
        await pilot.pause()
        assert isinstance(app.screen, AskCertainty)
        assert "Your answer: Outsourcing" in text_of(app, "#certainty-answer")
        assert quiz.session.answer_for(SINGLE) is None  # nothing is taken before the learner says how sure
        await pilot.press("3")
        await pilot.pause()
        await pilot.pause()
        assert app.screen is quiz
        answer = quiz.session.answer_for(SINGLE)
        assert answer is not None and answer.response == "a" and answer.certainty == 3 and answer.correct
        feedback = text_of(app, "#feedback")
        assert "✓ Correct" in feedback and "CBM mark +3: you were very sure (3)" in feedback


@sync
async def test_esc_on_the_prompt_goes_back_to_the_question_without_answering(tmp_path: Path) -> None:
    app = make_app(tmp_path / "progress", "ana", cbm_course(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        quiz = await open_quiz(pilot, app, TRUE_FALSE)
        await pilot.press("1", "a")  # True: wrong
        await pilot.pause()
        assert isinstance(app.screen, AskCertainty)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is quiz and quiz.index == TRUE_FALSE
        assert quiz.session.answer_for(TRUE_FALSE) is None and not quiz.locked
        await pilot.press("a", "2")  # the choice is still there; this time fairly sure
        await pilot.pause()
        await pilot.pause()
        answer = quiz.session.answer_for(TRUE_FALSE)
        assert answer is not None and answer.certainty == 2 and not answer.correct
        feedback = text_of(app, "#feedback")
        assert "CBM mark −2: you were fairly sure (2). Sure of a wrong answer" in feedback


@sync
async def test_enter_in_a_text_box_answers_through_the_prompt_too(tmp_path: Path) -> None:
    app = make_app(tmp_path / "progress", "ana", cbm_course(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        quiz = await open_quiz(pilot, app, SHORT)
        await pilot.press("enter", *"SLA", "enter")
        await pilot.pause()
        assert isinstance(app.screen, AskCertainty)
        await pilot.press("1")
        await pilot.pause()
        await pilot.pause()
        answer = quiz.session.answer_for(SHORT)
        assert answer is not None and answer.response == "SLA" and answer.certainty == 1
        assert "CBM mark +1: you were not very sure (1)" in text_of(app, "#feedback")


@sync
async def test_with_feedback_at_the_end_the_certainty_is_said_but_no_mark_until_the_results(tmp_path: Path) -> None:
    app = make_app(tmp_path / "progress", "ana", cbm_course(tmp_path, feedback="end"))
    async with app.run_test(size=(80, 24)) as pilot:
        quiz = await open_quiz(pilot, app)
        await pilot.press("2", "a", "2")  # wrong, fairly sure
        await pilot.pause()
        await pilot.pause()
        answer = quiz.session.answer_for(SINGLE)
        assert answer is not None and answer.certainty == 2
        assert "You said: fairly sure (2)." in text_of(app, "#hint")
        assert "CBM" not in text_of(app, "#feedback")  # right or wrong is not shown before the end
        await pilot.press("1", "a", "3")  # changed: right, very sure
        await pilot.pause()
        await pilot.pause()
        answer = quiz.session.answer_for(SINGLE)
        assert answer is not None and answer.certainty == 3 and answer.correct
        assert "You said: very sure (3)." in text_of(app, "#hint")


@sync
async def test_a_quiz_without_confidence_answers_at_once(tmp_path: Path) -> None:
    app = make_app(tmp_path / "progress", "ana", FIXTURE)
    async with app.run_test(size=(80, 24)) as pilot:
        quiz = await open_quiz(pilot, app)
        await pilot.press("1", "a")
        await pilot.pause()
        assert app.screen is quiz
        answer = quiz.session.answer_for(SINGLE)
        assert answer is not None and answer.certainty is None
        assert "CBM" not in text_of(app, "#feedback")


async def answer_and_submit(pilot: Pilot, app: CourseApp) -> None:
    """Right and very sure; half right and fairly sure; wrong and very sure; the rest skipped; submitted."""
    await open_quiz(pilot, app)
    for keys in (("1", "a", "3"), ("n", "1", "a", "2"), ("n", "1", "a", "3")):
        await pilot.press(*keys)
        await pilot.pause()
        await pilot.pause()
    await pilot.press("S")
    await pilot.pause()
    await pilot.press("y")
    await pilot.pause()
    await pilot.pause()


@sync
async def test_results_show_accuracy_and_the_cbm_average_and_mark_the_sure_mistakes(tmp_path: Path) -> None:
    app = make_app(tmp_path / "progress", "ana", cbm_course(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_and_submit(pilot, app)
        screen = app.screen
        assert isinstance(screen, ResultsScreen)
        score = text_of(app, "#score")
        # 1 + 0.5 of 7 points; CBM (3 + 1 - 6 + 0 * 4) / 7.
        assert "Accuracy 21% · CBM average −0.29" in score
        assert "1.5 of 7 points · pass mark 70% · 1 sure but wrong" in score
        assert "the CBM average (−6 to +3) also weighs how sure you were" in score
        rows = [str(screen.query_one("#review").get_option_at_index(i).prompt) for i in range(4)]
        assert [row.split()[:4] for row in rows] == [
            ["✓", "1.", "right", "+3"],
            ["◐", "2.", "partly", "right"],
            ["✗", "3.", "sure,", "wrong"],
            ["–", "4.", "skipped", "0"],
        ]
        assert "+1" in rows[1] and "−6" in rows[2]
        # The review opens on the first question missed; the sure mistake says so.
        await pilot.press("down")
        await pilot.pause()
        detail = text_of(app, "#detail-text")
        assert "Question 3: ✗ sure, wrong" in detail and "CBM mark −6: you were very sure (3)." in detail
        assert "You were sure of a wrong answer" in detail


# ---------------------------------------------------------------------------- snapshots


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_the_certainty_prompt(snap_compare, tmp_path: Path, size) -> None:
    async def run_before(pilot: Pilot) -> None:
        await open_quiz(pilot, pilot.app)  # type: ignore[arg-type]
        await pilot.press("1", "a")
        await pilot.pause()
        await still(pilot)

    assert snap_compare(make_snapshot_app(tmp_path, cbm_course(tmp_path)), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_the_feedback_with_its_cbm_mark(snap_compare, tmp_path: Path, size) -> None:
    async def run_before(pilot: Pilot) -> None:
        await open_quiz(pilot, pilot.app, TRUE_FALSE)  # type: ignore[arg-type]
        await pilot.press("1", "a", "3")
        await pilot.pause()
        await pilot.pause()
        await still(pilot)

    assert snap_compare(make_snapshot_app(tmp_path, cbm_course(tmp_path)), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_the_results(snap_compare, tmp_path: Path, size) -> None:
    async def run_before(pilot: Pilot) -> None:
        await answer_and_submit(pilot, pilot.app)  # type: ignore[arg-type]
        await still(pilot)

    assert snap_compare(make_snapshot_app(tmp_path, cbm_course(tmp_path)), terminal_size=size, run_before=run_before)
