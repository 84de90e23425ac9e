"""Learner progress kept in human-readable TOML files: atomic, locked, merged, versioned.

Layout under the progress folder::

    <learner>/learner.toml                        summary (lessons, quiz counters, resume point, theme)
    <learner>/attempts/<quiz>/<attempt id>.toml   one file per quiz attempt, rewritten after every answer
    <learner>/.lock                               taken by every writer
    .last-learner                                 the learner the app opens next time
"""

from typing import TYPE_CHECKING

from course.lazy import lazy_names

from .atomic import atomic_write_bytes, atomic_write_text
from .errors import (
    AnswerAlreadyRecordedError,
    AttemptSubmittedError,
    FutureFormatError,
    InvalidLearnerName,
    ProgressSaveError,
)
from .last_learner import read_last_learner, write_last_learner
from .names import validate_learner_name

if TYPE_CHECKING:
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
    from .store import ProgressStore

# The models (pydantic) and what reads them are imported when first asked for: the learners' folders and the
# last learner (course.progress.folders, .last_learner) can be read without them, as the question who is
# learning is, before the course loads.
_LAZY = {
    "LearnerProgress": "learner",
    "learner_lock": "learner",
    "ProgressStore": "store",
    **{name: "models" for name in ("FORMAT_VERSION", "Answer", "Attempt", "CertificateRecord", "LearnerSummary",
                                   "LessonState", "QuizState", "Resume", "taken_order")},
}


__getattr__ = lazy_names(__name__, _LAZY)


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
