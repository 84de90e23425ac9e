"""Exceptions raised by the progress store."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Answer, Attempt


class InvalidLearnerName(ValueError):
    """A learner name that cannot safely name a folder of its own."""


class FutureFormatError(Exception):
    """A progress file was written by a newer version of the course; it is left untouched."""

    def __init__(self, path: Path, found: int, supported: int) -> None:
        self.path = Path(path)
        self.found = found
        self.supported = supported
        super().__init__(
            f"{self.path} was written by a newer version of the course (file format {found}; "
            f"this version reads formats up to {supported}). Please update the course app. "
            "The file was left untouched."
        )


class ProgressSaveError(Exception):
    """Progress could not be written (or read back before writing); the previous file is intact."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        self.path = path
        super().__init__(message)


class CorruptFileError(ValueError):
    """A progress file that does not parse or does not validate (internal; callers see a notice)."""


class AttemptSubmittedError(ProgressSaveError):
    """An answer to an attempt that another copy of the course has already submitted: refused, since the
    score was fixed when it was submitted."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            "This attempt was submitted in another window, so this answer was not saved: "
            "its score was fixed when it was submitted.",
            path,
        )


class AnswerAlreadyRecordedError(ProgressSaveError):
    """A second answer to a question whose answer is shown right or wrong at once (immediate feedback), and
    which already has one: refused, whichever window sent it. `attempt` is the attempt as recorded (its
    answers as they are on disk) and `answer` the answer that stands."""

    def __init__(self, path: Path, attempt: Attempt, answer: Answer) -> None:
        self.attempt = attempt
        self.answer = answer
        super().__init__(
            "This question was already answered (in another window), so this answer was not saved: "
            "with feedback after each answer, the first answer counts.",
            path,
        )
