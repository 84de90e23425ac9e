"""The same progress files in both front ends: a learner who leaves a quiz in `course --plain` continues at
the same question in the full app (`c` on the map), and the other way round."""

from __future__ import annotations

import io
import tomllib

import pytest

from course.plain import run as run_plain
from course.tui.quiz.screen import QuizScreen
from tests.tui_support import FIXTURE, SIZE, make_app, sync, text_of

pytestmark = pytest.mark.usefixtures("fixed_seed")


def plain_session(progress, typed: str, learner: str = "Pat") -> str:
    out = io.StringIO()
    code = run_plain(str(FIXTURE), learner, str(progress), stdin=io.StringIO(typed), stdout=out)
    assert code == 0, out.getvalue()
    return out.getvalue()


@pytest.mark.parametrize("ending", ["q\nq\n", ""], ids=["leaves-with-q", "input-ends"])
@sync
async def test_left_mid_quiz_in_plain_mode_the_app_continues_at_the_same_question(tmp_path, ending):
    progress = tmp_path / "progress"
    shown = plain_session(progress, "t 1\n1\n1 2\n" + ending)
    assert "Question 3 of 7, 1 point, true or false." in shown
    if ending:
        assert "You left the quiz; your attempt is kept." in shown
    summary = tomllib.loads((progress / "Pat" / "learner.toml").read_text(encoding="utf-8"))
    assert summary["resume"]["kind"] == "quiz" and summary["resume"]["quiz"] == "basics-quiz"

    app = make_app(progress, "Pat")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Continue the quiz “Basics quiz”" in text_of(app, "#next")
        await pilot.press("c")
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        assert screen.index == 2
        assert screen.session.is_answered(0) and screen.session.is_answered(1)
        assert not screen.session.is_answered(2)
        assert screen.session.result_for(0).correct and screen.session.result_for(1).correct


@sync
async def test_left_mid_quiz_in_the_app_plain_mode_continues_at_the_same_question(tmp_path):
    progress = tmp_path / "progress"
    app = make_app(progress, "Pat")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("t")  # the first lesson's quiz
        await pilot.pause()
        await pilot.press("1", "a")  # option 1, answered
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("s")  # question 2 skipped
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen) and app.screen.index == 2
        await pilot.press("ctrl+q")

    shown = plain_session(progress, "c\np\np\nq\nq\n")
    quiz = shown[shown.index("Quiz: Basics quiz. 7 questions."):]
    assert quiz.split("\n\n")[1].startswith("Question 3 of 7, 1 point, true or false.")
    first = quiz[quiz.index("Question 1 of 7, 1 point, one answer."):]
    assert "You answered: 1.\nCorrect: 1 of 1 point." in first  # shown right, and locked as in the app
    assert "Question 2 of 7, 1 point, choose all that apply." in quiz


@sync
async def test_a_lesson_left_in_plain_mode_continues_at_its_section_in_the_app(tmp_path):
    from course.tui.lesson.screen import LessonScreen

    progress = tmp_path / "progress"
    shown = plain_session(progress, "c\n\nb\nq\n")
    assert "Section 2 of 3: Where work happens" in shown
    app = make_app(progress, "Pat")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Where work happens" in text_of(app, "#next")
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.index == 1


@sync
async def test_reopening_a_quiz_makes_it_the_place_to_continue_again(tmp_path):
    """A lesson opened in between moved the place to continue; opening the quiz again moves it back, as the
    app does, so the app's `c` opens the quiz at its question rather than the lesson."""
    progress = tmp_path / "progress"
    plain_session(progress, "t 1\n1\nq\n2\nb\nt 1\nq\nq\n")
    summary = tomllib.loads((progress / "Pat" / "learner.toml").read_text(encoding="utf-8"))
    assert summary["resume"]["kind"] == "quiz" and summary["resume"]["question"] == 1
    app = make_app(progress, "Pat")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen) and app.screen.index == 1
