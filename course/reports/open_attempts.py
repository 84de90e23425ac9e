"""Open attempts: quiz attempts started and not finished, read from a learner's progress folder.

An open attempt makes no event (course.events: only what is final is one), so a learning record store
never holds it; the class report shows open attempts only when it reads progress folders. Practice rounds
are left out: they count for nothing, and a learner may leave one whenever they like.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from course.progress.reading import LearnerRecord


@dataclass(frozen=True)
class OpenAttempt:
    learner: str
    quiz: str
    attempt: str
    started_at: datetime
    last_active: datetime  # the latest answer in it, or its start
    answered: int  # questions answered so far
    questions: int  # questions in the attempt
    position: int  # the question the learner is on (1 is the first)
    question: str  # that question's key


def open_attempts(record: LearnerRecord) -> list[OpenAttempt]:
    """The learner's graded attempts that are started and not finished, oldest first."""
    found = []
    for attempt in record.attempts:
        if attempt.finished_at is not None or attempt.practice or not attempt.questions:
            continue
        answered = [a for a in attempt.answers if a.response is not None]
        last = max([attempt.started_at, *(a.answered_at for a in attempt.answers)])
        position = min(max(attempt.position, 0), len(attempt.questions) - 1)
        found.append(
            OpenAttempt(
                learner=record.name, quiz=attempt.quiz, attempt=attempt.id, started_at=attempt.started_at,
                last_active=last, answered=len(answered), questions=len(attempt.questions),
                position=position + 1, question=attempt.questions[position],
            )
        )
    return sorted(found, key=lambda a: (a.started_at, a.quiz))
