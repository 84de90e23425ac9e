"""Bringing older progress files up to FORMAT_VERSION; refusing newer ones.

Format 0 (before versioning) had no `format` key and kept completed lessons as
`lessons_done = ["lesson-id", ...]`. Format 1 keeps a table per lesson.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from .errors import CorruptFileError, FutureFormatError
from .models import FORMAT_VERSION

Data = dict[str, Any]
"""A progress file as parsed from TOML."""
Migration = Callable[[Data, Data], Data]
"""One step: (data at version n, context) -> data at version n + 1."""


def file_format(data: Data, path: Path) -> int:
    """The format version of parsed file data (0 when absent); FutureFormatError if newer than ours."""
    version: object = data.get("format", 0)
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        raise CorruptFileError(f"its format version {version!r} is not a whole number")
    if version > FORMAT_VERSION:
        raise FutureFormatError(path, version, FORMAT_VERSION)
    return version


def _summary_v0_to_v1(data: Data, context: Data) -> Data:
    data = dict(data)
    now: datetime = context["now"]
    data.setdefault("course", context["course"])
    data.setdefault("learner", context["learner"])
    data.setdefault("created_at", now)
    data.setdefault("updated_at", data["created_at"])
    done = data.pop("lessons_done", [])
    if not isinstance(done, list) or not all(isinstance(item, str) for item in done):
        raise CorruptFileError("its lessons_done is not a list of lesson ids")
    lessons = dict(data.get("lessons") or {})
    when = data["updated_at"]
    for lesson_id in done:
        lessons.setdefault(lesson_id, {"opened_at": when, "completed_at": when})
    data["lessons"] = lessons
    data["format"] = 1
    return data


def _attempt_v0_to_v1(data: Data, _context: Data) -> Data:
    return {**data, "format": 1}


SUMMARY_MIGRATIONS: dict[int, Migration] = {0: _summary_v0_to_v1}
ATTEMPT_MIGRATIONS: dict[int, Migration] = {0: _attempt_v0_to_v1}


def _migrate(data: Data, path: Path, steps: dict[int, Migration], context: Data) -> tuple[Data, bool]:
    version = file_format(data, path)
    migrated = version < FORMAT_VERSION
    while version < FORMAT_VERSION:
        data = steps[version](data, context)
        version += 1
    return data, migrated


def migrate_summary(data: Data, path: Path, *, course: str, learner: str, now: datetime) -> tuple[Data, bool]:
    """(data at FORMAT_VERSION, whether it changed). Raises FutureFormatError / CorruptFileError."""
    return _migrate(data, path, SUMMARY_MIGRATIONS, {"course": course, "learner": learner, "now": now})


def migrate_attempt(data: Data, path: Path) -> tuple[Data, bool]:
    return _migrate(data, path, ATTEMPT_MIGRATIONS, {})
