"""Learners whose quiz answers are days old, for the spaced-review tests: answers are written with the time
the test chooses, through the same progress calls the quiz uses."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from course.content import Course, load_course
from course.progress import Answer, LearnerProgress, ProgressStore
from course.progress.models import Response
from course.quizrun import select_keys
from course.review import ReviewDeck
from course.scoring import right_response, score

T0 = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
"""The fixed start of every review test's clock."""

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "tui_course"

WRONG: dict[str, Response] = {
    "q-single": "b", "q-multiple": ["c"], "q-tf": True, "q-match": ["Offshoring", "Domestic outsourcing"],
    "q-order": [2, 1, 0], "q-short": "NDA", "q-numeric": 7, "labour": False, "hidden": "b",
}
PARTLY: dict[str, Response] = {"q-multiple": ["a"], "q-match": ["Domestic outsourcing", ""], "q-order": [1, 0, 2]}


class Clock:
    """A clock a test moves by hand."""

    def __init__(self, start: datetime = T0) -> None:
        self.time = start

    def __call__(self) -> datetime:
        return self.time

    def advance(self, **delta: float) -> datetime:
        self.time += timedelta(**delta)
        return self.time


def response_for(course: Course, key: str, how: str) -> Response:
    """A right, partly right or wrong response to the question of a card key (`quiz/question`)."""
    quiz_id, _, qid = key.rpartition("/")
    question = course.quizzes[quiz_id].question(qid)
    assert question is not None
    if how == "right":
        return right_response(question)
    if how == "wrong" and question.type == "true_false":
        return not right_response(question)
    return (PARTLY if how == "partly" else WRONG)[qid]


def open_learner(progress: Path, course: Course, name: str = "Ana") -> LearnerProgress:
    return ProgressStore(progress, course.id).open(name)


def take_quiz(
    learner: LearnerProgress, course: Course, quiz_id: str, how: dict[str, str], at: datetime,
    *, finish: bool = True, practice: bool = False,
) -> None:
    """Answer the quiz's questions named in `how` ("right", "partly", "wrong"), one minute apart from `at`."""
    quiz = course.quizzes[quiz_id]
    keys = list(how) if practice else select_keys(course, quiz, 1)
    attempt = learner.start_attempt(quiz_id, keys, 1, practice=practice)
    for minute, (qid, kind) in enumerate(how.items()):
        question = quiz.question(qid)
        assert question is not None
        response = response_for(course, f"{quiz_id}/{qid}", kind)
        result = score(question, response)
        answer = Answer(question=qid, response=response, score=result.score, points=result.points,
                        answered_at=at + timedelta(minutes=minute), correct=result.correct)
        attempt = learner.record_answer(attempt, answer)
    if finish:
        earned = sum(a.score for a in attempt.answers)
        total = sum(q.points for q in quiz.questions)
        learner.finish_attempt(attempt, earned, total, earned / total >= quiz.pass_mark)


BASICS_RESULTS = {
    "q-single": "right", "q-multiple": "partly", "q-tf": "wrong", "q-match": "right",
    "q-order": "right", "q-short": "wrong", "q-numeric": "right",
}
"""A first go at the basics quiz: four right, one partly right, two wrong."""


def learner_with_due_cards(progress: Path, content: Path = FIXTURE, days: float = 3, name: str = "Ana") -> Callable[[], datetime]:
    """A learner who took the basics quiz `days` ago (BASICS_RESULTS) and has its review cards; returns a
    clock set to now."""
    course = load_course(content)
    learner = open_learner(progress, course, name)
    now = datetime.now(UTC)
    take_quiz(learner, course, "basics-quiz", BASICS_RESULTS, now - timedelta(days=days))
    clock = Clock(now)
    ReviewDeck(learner, course, now=clock).refresh()
    return clock


def deck(learner: LearnerProgress, course: Course, clock: Callable[[], datetime]) -> ReviewDeck:
    made = ReviewDeck(learner, course, now=clock)
    made.refresh()
    return made
