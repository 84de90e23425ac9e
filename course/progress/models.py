"""The records kept for each learner (pydantic models, serialised to TOML)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from course.qtypes.base import Response as Response  # what a learner gave (each question type says its form)

FORMAT_VERSION = 1


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def utc_now() -> datetime:
    return datetime.now(UTC)


def _as_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


UtcDatetime = Annotated[datetime, AfterValidator(_as_utc)]
"""A datetime stored in UTC with an offset (naive values are taken to be UTC)."""


SLACK = 1e-9
"""What float sums may overshoot a bound by (0.1 + 0.2 > 0.3)."""

Fraction = Annotated[float, Field(ge=0.0, le=1.0 + SLACK)]
"""A score from 0 to 1."""
Amount = Annotated[float, Field(ge=0.0)]
"""Points or seconds: not negative."""
Count = Annotated[int, Field(ge=0)]


class _Record(BaseModel):
    # NaN and infinity are valid TOML but never progress: a file holding them is corrupt, like any other
    # file that does not validate (set aside by the learner's own copy, left out and said by reports).
    model_config = ConfigDict(extra="allow", allow_inf_nan=False)


class LessonState(_Record):
    opened_at: UtcDatetime
    completed_at: UtcDatetime | None = None
    seconds: Amount = 0.0
    seconds_to_complete: Amount | None = None  # `seconds` when it was completed (reading on adds to `seconds` only)
    section: str | None = None  # last section read


class QuizState(_Record):
    attempts: Count = 0  # finished, non-practice attempts
    best_score: Fraction | None = None
    latest_score: Fraction | None = None
    passed: bool = False
    best_attempt: str | None = None
    latest_attempt: str | None = None
    in_progress: str | None = None
    in_progress_practice: bool = False  # the unfinished attempt is a practice round
    practice_attempts: Count = 0  # finished practice attempts (not in attempts/best/passed)
    last_number: Count = 0  # the number of the latest attempt started (Attempt.number), 0 before numbering


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
    score: Fraction
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




class Answer(_Record):
    question: str
    response: Response = None  # None = skipped
    score: Amount  # points earned, 0 to `points`
    points: Amount
    answered_at: UtcDatetime
    correct: bool
    certainty: Annotated[int, Field(ge=1, le=3)] | None = None  # how sure the learner said they were (1, 2 or 3) on a confidence-marked quiz

    @model_validator(mode="after")
    def _score_within_points(self) -> Answer:
        if self.score > self.points + SLACK:
            raise ValueError(f"the score {self.score} is more than the question's {self.points} points")
        return self


class Attempt(_Record):
    format: int = FORMAT_VERSION
    id: str
    course: str
    learner: str
    quiz: str
    seed: int
    practice: bool = False
    # The attempt's place among the learner's attempts at this quiz (1, 2, ...), given under the learner's lock
    # when it starts: the order attempts were taken in, whatever the computer's clock said. None in files
    # written before attempts were numbered; those came first (see `taken_order`).
    number: int | None = Field(default=None, ge=1)
    questions: list[str]  # question keys in the order shown
    started_at: UtcDatetime
    finished_at: UtcDatetime | None = None
    position: int = 0
    flagged: list[str] = Field(default_factory=list)
    # What the learner chose or typed on a question without answering it yet (question key -> response), so
    # that it is there again after leaving the quiz or a restart; an answer to the question replaces it.
    drafts: dict[str, Response] = Field(default_factory=dict)
    answers: list[Answer] = Field(default_factory=list)
    score: Fraction | None = None  # earned points / total, 0..1, set when finished
    earned: Amount | None = None
    total: Amount | None = None
    passed: bool | None = None

    @model_validator(mode="after")
    def _earned_within_total(self) -> Attempt:
        if self.earned is not None and self.total is not None and self.earned > self.total + SLACK:
            raise ValueError(f"{self.earned} points earned of {self.total} in all")
        return self

    def answer_for(self, question_key: str) -> Answer | None:
        for answer in self.answers:
            if answer.question == question_key:
                return answer
        return None


def taken_order(attempt: Attempt) -> tuple[bool, int, datetime, str]:
    """Sort key putting attempts in the order they were taken: attempts without a number (older files) first,
    by the time they started, then numbered ones by their number (never by the clock)."""
    numbered = attempt.number is not None
    return (numbered, attempt.number or 0, attempt.started_at if not numbered else _EPOCH, attempt.id)
