"""Reading progress files: the one path from a file to a record (parse, migrate, validate), used by a
learner's own progress and, without changing any file, by class reports."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from course.words import plural

from .errors import CorruptFileError, FutureFormatError, InvalidLearnerName
from .folders import find_learner_folders, problems_of
from .layout import ATTEMPTS_DIR, SUMMARY_FILE, is_attempt_file
from .migrate import migrate_attempt, migrate_summary
from .models import Attempt, LearnerSummary, utc_now
from .names import validate_learner_name
from .tomlfiles import read_toml

UNREADABLE = (CorruptFileError, ValidationError, FutureFormatError, OSError)
"""What reading a progress file can raise."""


def load_summary(path: Path, course_id: str, learner: str) -> tuple[LearnerSummary, bool]:
    """The summary in `path` and whether it was migrated from an older format (so is worth writing back).
    An empty file (nothing but comments or blank lines) is corrupt, not a format-0 summary."""
    raw = read_toml(path)
    if not raw:
        raise CorruptFileError("it is empty")
    data, migrated = migrate_summary(raw, path, course=course_id, learner=learner, now=utc_now())
    return LearnerSummary.model_validate(data), migrated


def load_attempt(path: Path) -> Attempt:
    data, _ = migrate_attempt(read_toml(path), path)
    return Attempt.model_validate(data)


@dataclass
class LearnerRecord:
    name: str  # as stored and shown (NFC)
    summary: LearnerSummary
    attempts: list[Attempt]  # by quiz, then by id
    folder: Path  # where it was read from


def read_learners(
    root: Path, course_id: str, names: Iterable[str], problems: list[str]
) -> Iterator[LearnerRecord]:
    """The named learners of a course under `root` that can be read, without taking a lock or changing a
    file; what cannot be read is left out and said in `problems`. Each name is looked up by the naming rule
    (see course.progress.folders), so a folder in another Unicode form is found and 'ANA' finds 'Ana'."""
    found = find_learner_folders(root)
    wanted: dict[str, None] = {}
    for name in names:
        try:
            wanted.update(dict.fromkeys(found.matching(validate_learner_name(name))))
        except InvalidLearnerName as error:
            problems.append(str(error))
    said = [*found.unlisted, *problems_of(found, wanted)]
    problems.extend(problem for problem in dict.fromkeys(said) if problem not in problems)
    for name in wanted:
        entry = found.folder_of(name)
        assert entry is not None
        folder = Path(root) / entry.folder
        path = folder / SUMMARY_FILE
        if not path.exists():
            continue
        try:
            summary, _ = load_summary(path, course_id, name)
        except UNREADABLE as error:
            problems.append(f"{path}: learner {name!r} left out ({_reason(error)})")
            continue
        if summary.course != course_id:
            problems.append(f"{path}: belongs to course {summary.course!r}, not {course_id!r}")
            continue
        yield LearnerRecord(name, summary, _read_attempts(folder / ATTEMPTS_DIR, problems), folder)


def _read_attempts(folder: Path, problems: list[str]) -> list[Attempt]:
    attempts: list[Attempt] = []
    if not folder.is_dir():
        return attempts
    for quiz_dir in sorted(p for p in folder.iterdir() if p.is_dir()):
        for path in sorted(quiz_dir.iterdir()):
            if not is_attempt_file(path.name):
                continue
            try:
                attempts.append(load_attempt(path))
            except UNREADABLE as error:
                problems.append(f"{path}: left out ({_reason(error)})")
    return attempts


def _reason(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return f"{plural(error.error_count(), 'invalid field')}: {invalid_fields(error)}"
    return str(error)


def invalid_fields(error: ValidationError, most: int = 3) -> str:
    """The first fields a file got wrong and why, e.g. "score: Input should be a finite number"."""
    said = []
    for detail in error.errors()[:most]:
        where = ".".join(str(part) for part in detail["loc"]) or "the file"
        said.append(f"{where}: {detail['msg']}")
    more = error.error_count() - len(said)
    return "; ".join(said) + (f"; and {more} more" if more > 0 else "")
