"""The records kept for each learner (pydantic models, serialised to TOML)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

FORMAT_VERSION = 1


def utc_now() -> datetime:
    return datetime.now(UTC)


def _as_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


UtcDatetime = Annotated[datetime, AfterValidator(_as_utc)]
"""A datetime stored in UTC with an offset (naive values are taken to be UTC)."""


class _Record(BaseModel):
    model_config = ConfigDict(extra="allow")


class LessonState(_Record):
    opened_at: UtcDatetime
    completed_at: UtcDatetime | None = None
    seconds: float = 0.0
    seconds_to_complete: float | None = None  # `seconds` when it was completed (reading on adds to `seconds` only)
    section: str | None = None  # last section read


class QuizState(_Record):
    attempts: int = 0  # finished, non-practice attempts
    best_score: float | None = None
    latest_score: float | None = None
    passed: bool = False
    best_attempt: str | None = None
    latest_attempt: str | None = None
    in_progress: str | None = None
    in_progress_practice: bool = False  # the unfinished attempt is a practice round
    practice_attempts: int = 0  # finished practice attempts (not in attempts/best/passed)


class Resume(_Record):
    kind: Literal["map", "lesson", "quiz"] = "map"
    lesson: str | None = None
    section: str | None = None
    quiz: str | None = None
    attempt: str | None = None
    question: int | None = None


class CertificateRecord(_Record):
    """A course certificate given to the learner: its verification code and the final-exam attempt it rests
    on (`course certificate --verify` re-derives the code from that attempt file)."""

    code: str
    quiz: str
    attempt: str
    score: float
    issued_at: UtcDatetime


class LearnerSummary(_Record):
    format: int = FORMAT_VERSION
    course: str
    learner: str
    created_at: UtcDatetime
    updated_at: UtcDatetime
    theme: str | None = None
    resume: Resume = Field(default_factory=Resume)
    lessons: dict[str, LessonState] = Field(default_factory=dict)
    quizzes: dict[str, QuizState] = Field(default_factory=dict)
    certificate: CertificateRecord | None = None


Response = str | bool | float | int | list[str] | list[int] | None


class Answer(_Record):
    question: str
    response: Response = None  # None = skipped
    score: float
    points: float
    answered_at: UtcDatetime
    correct: bool
    certainty: int | None = None  # how sure the learner said they were (1, 2 or 3) on a confidence-marked quiz


class Attempt(_Record):
    format: int = FORMAT_VERSION
    id: str
    course: str
    learner: str
    quiz: str
    seed: int
    practice: bool = False
    questions: list[str]  # question keys in the order shown
    started_at: UtcDatetime
    finished_at: UtcDatetime | None = None
    position: int = 0
    flagged: list[str] = Field(default_factory=list)
    answers: list[Answer] = Field(default_factory=list)
    score: float | None = None  # earned points / total, 0..1, set when finished
    earned: float | None = None
    total: float | None = None
    passed: bool | None = None

    def answer_for(self, question_key: str) -> Answer | None:
        for answer in self.answers:
            if answer.question == question_key:
                return answer
        return None
