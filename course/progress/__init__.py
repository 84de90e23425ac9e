"""Learner progress kept in human-readable TOML files: atomic, locked, merged, versioned.

Layout under the progress folder::

    <learner>/learner.toml                        summary (lessons, quiz counters, resume point, theme)
    <learner>/attempts/<quiz>/<attempt id>.toml   one file per quiz attempt, rewritten after every answer
    <learner>/.lock                               taken by every writer
    .last-learner                                 the learner the app opens next time
"""

from .atomic import atomic_write_bytes, atomic_write_text
from .errors import (
    AnswerAlreadyRecordedError,
    AttemptSubmittedError,
    FutureFormatError,
    InvalidLearnerName,
    ProgressSaveError,
)
from .last_learner import read_last_learner, write_last_learner
from .learner import LearnerProgress, learner_lock
from .models import (
    FORMAT_VERSION,
    Answer,
    Attempt,
    CertificateRecord,
    LearnerSummary,
    LessonState,
    QuizState,
    Resume,
    taken_order,
)
from .names import validate_learner_name
from .store import ProgressStore

__all__ = [
    "FORMAT_VERSION",
    "Answer",
    "AnswerAlreadyRecordedError",
    "Attempt",
    "AttemptSubmittedError",
    "CertificateRecord",
    "FutureFormatError",
    "InvalidLearnerName",
    "LearnerProgress",
    "LearnerSummary",
    "LessonState",
    "ProgressSaveError",
    "ProgressStore",
    "QuizState",
    "Resume",
    "atomic_write_bytes",
    "atomic_write_text",
    "learner_lock",
    "read_last_learner",
    "taken_order",
    "validate_learner_name",
    "write_last_learner",
]
