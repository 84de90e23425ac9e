"""course.toml as the first screens read it: with the standard library's TOML reader alone, before the course,
its models (pydantic) and the learners' progress are loaded. What it cannot say (no file, a broken file, no
usable id or title) is None here, and the caller loads the course, which reports the problem."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any


def read_course_toml(root: Path) -> dict[str, Any] | None:
    """course.toml of the course at `root`; None when it cannot be read or parsed."""
    try:
        return tomllib.loads((root / "course.toml").read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None


def title_in(data: dict[str, Any] | None) -> str | None:
    """The title in course.toml's `data` when the loader keeps it as it is (a string with more than spaces)."""
    title = data.get("title") if data is not None else None
    return title if isinstance(title, str) and title.strip() else None


def id_in(data: dict[str, Any] | None) -> str | None:
    """The id in course.toml's `data`, when it gives one."""
    ident = data.get("id") if data is not None else None
    return ident if isinstance(ident, str) and ident else None


def cheap_title(root: Path) -> str | None:
    """course.toml's title, or None when only loading the course can say."""
    return title_in(read_course_toml(root))


def cheap_id(root: Path) -> str | None:
    """course.toml's id, or None when only loading the course can say."""
    return id_in(read_course_toml(root))
