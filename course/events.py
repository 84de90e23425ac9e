"""What happened in a course, as a stream of events: the one shape that learners' progress folders and a
Learning Record Store both reduce to.

xAPI statements are made from events (course.xapi), and class reports and item analysis are computed from
events (course.reports), so a report read back from an LRS equals the report over the progress folders the
statements came from. Only what is final is an event: a completed lesson, a finished quiz attempt and each
answer in it, a completed course. An attempt still in progress makes no event until it is finished, so an
event never changes once it has happened.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from course.content.models import Course
from course.progress import ProgressStore
from course.progress.models import Response
from course.progress.reading import LearnerRecord


@dataclass(frozen=True, slots=True)
class LessonCompleted:
    learner: str
    lesson: str
    at: datetime
    seconds: float  # time spent reading the lesson until it was completed


@dataclass(frozen=True, slots=True)
class QuestionAnswered:
    learner: str
    quiz: str
    attempt: str
    practice: bool
    question: str  # the question's key, as the attempt stores it
    response: Response  # never None: a skipped question makes no event
    score: float
    points: float
    correct: bool
    at: datetime
    certainty: int | None = None  # how sure the learner said they were (1 to 3), on a confidence-marked quiz


@dataclass(frozen=True, slots=True)
class QuizFinished:
    learner: str
    quiz: str
    attempt: str
    practice: bool
    started_at: datetime
    at: datetime  # when it was finished
    score: float  # earned / total, 0..1
    earned: float
    total: float
    passed: bool


@dataclass(frozen=True, slots=True)
class CourseCompleted:
    learner: str
    at: datetime  # when the last lesson was completed or the last quiz passed


Event = LessonCompleted | QuestionAnswered | QuizFinished | CourseCompleted


def learner_events(course: Course, record: LearnerRecord) -> list[Event]:
    """One learner's events, oldest first."""
    events: list[Event] = []
    name = record.name
    for lesson_id, state in record.summary.lessons.items():
        if state.completed_at is not None:
            # The time it took to complete it: reading it again later adds to `seconds` but changes no
            # event (a record sent to an LRS never changes). Files from before `seconds_to_complete` give
            # `seconds` as it stands.
            spent = state.seconds if state.seconds_to_complete is None else state.seconds_to_complete
            events.append(LessonCompleted(name, lesson_id, state.completed_at, spent))
    first_pass: dict[str, datetime] = {}
    for attempt in record.attempts:
        if attempt.finished_at is None:
            continue
        for answer in attempt.answers:
            if answer.response is None:
                continue
            events.append(
                QuestionAnswered(
                    name, attempt.quiz, attempt.id, attempt.practice, answer.question, answer.response,
                    answer.score, answer.points, answer.correct, answer.answered_at, answer.certainty,
                )
            )
        passed = bool(attempt.passed)
        events.append(
            QuizFinished(
                name, attempt.quiz, attempt.id, attempt.practice, attempt.started_at, attempt.finished_at,
                attempt.score or 0.0, attempt.earned or 0.0, attempt.total or 0.0, passed,
            )
        )
        if passed and not attempt.practice:
            known = first_pass.get(attempt.quiz)
            first_pass[attempt.quiz] = attempt.finished_at if known is None else min(known, attempt.finished_at)
    completed = _course_completed_at(course, record, first_pass)
    if completed is not None:
        events.append(CourseCompleted(name, completed))
    events.sort(key=lambda event: event.at)
    return events


def _course_completed_at(course: Course, record: LearnerRecord, first_pass: dict[str, datetime]) -> datetime | None:
    """When every lesson was completed and every quiz passed, or None if the learner has not got there."""
    moments: list[datetime] = []
    for lesson in course.lessons:
        state = record.summary.lessons.get(lesson.id)
        if state is None or state.completed_at is None:
            return None
        moments.append(state.completed_at)
    for quiz_id in course.quizzes:
        if quiz_id not in first_pass:
            return None
        moments.append(first_pass[quiz_id])
    return max(moments) if moments else None


def folder_events(course: Course, progress_root: Path, problems: list[str]) -> Iterator[list[Event]]:
    """Every learner's events, one learner at a time (so memory stays flat however many learners there
    are); files that cannot be read are left out and said in `problems`."""
    for record in ProgressStore(progress_root, course.id).records(problems):
        yield learner_events(course, record)
