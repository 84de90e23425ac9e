"""The score a certificate states, worked out again from the final-exam attempt's answers with the course's own
scoring (the quiz session's totals), never read from the attempt's `score` field. An attempt that cannot be
trusted to say what it says is refused with the reason: no answers, numbers that are not finite or outside
0..1, a stored score that disagrees with its answers, questions that are not the ones the exam asks for that
attempt's seed, or a score below the pass mark."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from course.content import Course, Quiz
    from course.progress import Attempt, LearnerProgress

# Stored scores are written from the same sums, so they agree to the last bits; a little room for rounding.
_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Rescored:
    """A passing final-exam attempt whose answers give the score it states."""

    attempt: Attempt
    earned: float
    total: float
    passed_on: datetime

    @property
    def score(self) -> float:
        return self.earned / self.total


@dataclass(frozen=True)
class Refused:
    """Why this attempt gives no certificate, in a sentence."""

    attempt_id: str
    reason: str

    def __str__(self) -> str:
        return f"The final-exam attempt {self.attempt_id} gives no certificate: {self.reason}."


def _finite(value: float | None) -> bool:
    return value is not None and not isinstance(value, bool) and math.isfinite(value)


def _stored_problem(attempt: Attempt) -> str | None:
    """What is wrong with the numbers the attempt file states, or None."""
    for field in ("score", "earned", "total"):
        value = getattr(attempt, field)
        if value is None:
            return f"it has no {field}"
        if not _finite(value):
            return f"its {field} is {value!r}, not a number"
    assert attempt.score is not None
    if not 0.0 <= attempt.score <= 1.0:
        return f"its score is {attempt.score!r}, outside 0 to 1"
    return None


def rescore(course: Course, exam: Quiz, learner: LearnerProgress, attempt: Attempt) -> Rescored | Refused:
    """Check a finished, graded attempt that says it passed against its answers."""
    from course.quizrun import QuizSession, select_keys

    def refuse(reason: str) -> Refused:
        return Refused(attempt.id, reason)

    if attempt.practice or attempt.finished_at is None:
        return refuse("it is a practice round or was never submitted")
    if not any(answer.response is not None for answer in attempt.answers):
        return refuse("it has no answers")
    if (problem := _stored_problem(attempt)) is not None:
        return refuse(problem)
    if attempt.questions != select_keys(course, exam, attempt.seed):
        return refuse("its questions are not the ones the final exam asks with that attempt's seed "
                      "(the exam was changed since, or the file was edited)")
    session = QuizSession(course, exam, learner, attempt)
    earned, total = session.totals()
    if not (_finite(earned) and _finite(total)) or total <= 0 or not 0.0 <= earned <= total:
        return refuse("its answers give no score out of a positive total")
    score = earned / total
    assert attempt.score is not None and attempt.earned is not None and attempt.total is not None
    if (abs(score - attempt.score) > _TOLERANCE or abs(earned - attempt.earned) > _TOLERANCE
            or abs(total - attempt.total) > _TOLERANCE):
        return refuse(f"it states a score of {attempt.score:.0%} ({attempt.earned:g} of {attempt.total:g} points) "
                      f"but its answers give {score:.0%} ({earned:g} of {total:g})")
    if score < exam.pass_mark - 1e-9:
        return refuse(f"its answers give {score:.0%}, below the {exam.pass_mark:.0%} needed")
    return Rescored(attempt, earned, total, attempt.finished_at)
