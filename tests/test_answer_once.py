"""An answer counts once: with two windows open on one learner (the app, `course --plain`, a `course serve`
tab, each its own copy of the engine), a question that shows right or wrong after each answer keeps the
first answer to arrive, whichever window sends the second, and whatever either window's clock says. On a
quiz whose feedback comes at the end, the last answer to arrive stands until the attempt is submitted."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

import course.quizrun
from course.content.models import ChoiceQuestion
from course.progress import AnswerAlreadyRecordedError, ProgressStore
from course.progress.models import utc_now
from course.quizrun import QuizSession
from tests.content_support import loaded
from tests.plain_support import Piped, plain_env, right_answer
from tests.tui_support import FIXTURE, make_app, sync, text_of

COURSE = loaded(FIXTURE)
HOUR = timedelta(hours=1)


def window(progress: Path):
    """One copy of the course open on learner Pat (as each front end opens its own)."""
    return ProgressStore(progress, COURSE.id).open("Pat")


def single_keys() -> tuple[str, str]:
    """(right, wrong) option keys of the basics quiz's one-answer question."""
    question = COURSE.quiz("basics-quiz").question("q-single")
    assert isinstance(question, ChoiceQuestion)
    right = [key for key, option in question.option_by_key().items() if option.correct]
    wrong = [key for key, option in question.option_by_key().items() if not option.correct]
    return right[0], wrong[0]


def clock_at(monkeypatch: pytest.MonkeyPatch, offset: timedelta) -> None:
    """The clock the quiz engine stamps answers with, `offset` away from the real time."""
    monkeypatch.setattr(course.quizrun, "utc_now", lambda: utc_now() + offset)


def two_windows(progress: Path, quiz_id: str) -> tuple[QuizSession, QuizSession]:
    first = QuizSession.start(COURSE, COURSE.quiz(quiz_id), window(progress))
    second = QuizSession.resume(COURSE, COURSE.quiz(quiz_id), window(progress))
    assert second is not None and second.attempt.id == first.attempt.id
    return first, second


def index_of(session: QuizSession, key: str) -> int:
    return next(i for i, played in enumerate(session.questions) if played.key == key)


@pytest.mark.parametrize("skew", [-HOUR, timedelta(0), HOUR], ids=["second-clock-behind", "same-clock", "second-clock-ahead"])
def test_a_second_answer_from_another_window_is_refused_and_the_first_stands(tmp_path, monkeypatch, skew):
    right, wrong = single_keys()
    first, second = two_windows(tmp_path, "basics-quiz")
    at = index_of(first, "q-single")
    first.answer(at, wrong)  # wrong in one window...
    clock_at(monkeypatch, skew)
    with pytest.raises(AnswerAlreadyRecordedError) as refused:
        second.answer(at, right)  # ...then, having read the right answer, again in the other
    assert refused.value.answer.response == wrong
    assert second.answer_for(at).response == wrong  # the second window now shows the answer that counts
    assert not second.result_for(at).correct
    stored = window(tmp_path).attempt("basics-quiz", first.attempt.id)
    assert [(a.question, a.response) for a in stored.answers] == [("q-single", wrong)]


def test_a_skip_from_another_window_does_not_undo_an_answer(tmp_path):
    right, _ = single_keys()
    first, second = two_windows(tmp_path, "basics-quiz")
    at = index_of(first, "q-single")
    first.answer(at, right)
    with pytest.raises(AnswerAlreadyRecordedError):
        second.answer(at, None)
    assert window(tmp_path).attempt("basics-quiz", first.attempt.id).answers[0].response == right


def test_a_skipped_question_can_still_be_answered(tmp_path):
    right, _ = single_keys()
    first, second = two_windows(tmp_path, "basics-quiz")
    at = index_of(first, "q-single")
    first.answer(at, None)
    assert second.answer(at, right).correct


@pytest.mark.parametrize("skew", [-HOUR, HOUR], ids=["later-clock-behind", "later-clock-ahead"])
def test_with_feedback_at_the_end_the_last_answer_to_arrive_stands_whatever_the_clocks(tmp_path, monkeypatch, skew):
    first, second = two_windows(tmp_path, "more-quiz")
    at = index_of(first, "labour")
    clock_at(monkeypatch, -skew)
    first.answer(at, False)
    clock_at(monkeypatch, skew)
    second.answer(at, True)  # arrives later; its clock says two hours before or after the first
    stored = window(tmp_path).attempt("more-quiz", first.attempt.id)
    assert [(a.question, a.response) for a in stored.answers] == [("labour", True)]
    clock_at(monkeypatch, -skew)
    first.answer(at, False)  # and changed back from the first window: the latest arrival again
    stored = window(tmp_path).attempt("more-quiz", first.attempt.id)
    assert [(a.question, a.response) for a in stored.answers] == [("labour", False)]


def test_a_submission_scores_the_answers_as_recorded_not_as_one_window_last_saw_them(tmp_path):
    first, second = two_windows(tmp_path, "more-quiz")
    labour, hidden = index_of(first, "labour"), index_of(first, "hidden")
    first.answer(labour, False)
    first.answer(hidden, "a")  # Coordination: right
    second.answer(labour, True)  # the other window puts it right; the first never saw it
    finished = first.finish()
    assert finished.earned == 2.0 and finished.score == 1.0 and finished.passed
    assert {a.question: a.response for a in finished.answers} == {"labour": True, "hidden": "a"}


@pytest.mark.usefixtures("fixed_seed")
def test_plain_mode_in_another_process_is_refused_and_shows_the_recorded_answer(tmp_path):
    progress = tmp_path / "progress"
    _, wrong = single_keys()
    app_window = QuizSession.start(COURSE, COURSE.quiz("basics-quiz"), window(progress))
    at = index_of(app_window, "q-single")
    assert at == 0
    plain = Piped(["--plain", "--learner", "Pat"], plain_env(progress))
    plain.until_prompt()
    shown = plain.type("t 1")  # the same attempt, resumed at its first question
    assert "Question 1 of 7," in shown and "Which one moves" in shown
    app_window.answer(at, wrong)  # answered wrongly in the app meanwhile
    shown = plain.type(right_answer(shown))
    assert "This question was already answered (in another window), so this answer was not saved" in shown
    assert "The answer that counts: 2." in shown  # option 2, Offshoring
    assert "Not right" in shown and "Right answer: Outsourcing" in shown
    status, _, _ = plain.finish(["q", "q"])
    assert status == 0
    stored = window(progress).attempt("basics-quiz", app_window.attempt.id)
    assert [(a.question, a.response) for a in stored.answers] == [("q-single", wrong)]


@sync
async def test_the_app_refuses_an_answer_given_first_in_another_window_and_shows_that_one(tmp_path: Path) -> None:
    from course.tui.quiz.screen import QuizScreen

    right, wrong = single_keys()
    progress = tmp_path / "progress"
    app = make_app(progress, "Pat")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_quiz("basics-quiz", question=0)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        assert screen.session.questions[0].key == "q-single"
        other = QuizSession.resume(COURSE, COURSE.quiz("basics-quiz"), window(progress))  # plain mode, say
        assert other is not None and other.attempt.id == screen.session.attempt.id
        other.answer(0, wrong)
        order = screen.session.questions[0].option_order
        await pilot.press(str(order.index(right) + 1), "a")  # the right option, answered
        await pilot.pause()
        await pilot.pause()
        assert screen.widget.response() == wrong  # the answer that counts is the one shown
        assert screen.widget.disabled
        feedback = text_of(app, "#feedback")
        assert "Not right" in feedback and "Right answer" in feedback
        notices = [n.message for n in app._notifications]
        assert any("already answered (in another window)" in message for message in notices), notices
    stored = window(progress).attempt("basics-quiz", screen.session.attempt.id)
    assert [(a.question, a.response) for a in stored.answers] == [("q-single", wrong)]


@sync
async def test_moving_to_a_question_answered_in_another_window_shows_that_answer_and_its_feedback(tmp_path: Path) -> None:
    from course.tui.quiz.screen import QuizScreen

    progress = tmp_path / "progress"
    app = make_app(progress, "Pat")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_quiz("basics-quiz", question=0)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        assert screen.session.questions[1].key == "q-multiple"
        other = QuizSession.resume(COURSE, COURSE.quiz("basics-quiz"), window(progress))
        assert other is not None
        other.answer(1, ["c"])  # Bad weather, answered (wrongly) in plain mode, say
        await pilot.press("n")  # the app learns of it as it saves the move
        for _ in range(5):
            await pilot.pause()
        assert screen.index == 1
        assert screen.widget is not None and screen.widget.response() == ["c"] and screen.widget.disabled
        assert "Not right" in text_of(app, "#feedback")
        assert any("answered in another window" in n.message for n in app._notifications)
