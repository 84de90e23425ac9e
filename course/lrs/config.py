"""Which LRS a course sends its statements to: `--lrs URL`, else COURSE_LRS_URL, else the `lrs` key of
course.toml's `[xapi]` table; none of them means no LRS (the course works exactly as without one)."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path

from .client import URL_ENV


def configured_lrs(course_root: Path, option: str | None = None, environ: Mapping[str, str] | None = None) -> str | None:
    """The LRS address the course is configured with, or None."""
    if option:
        return option
    env = os.environ if environ is None else environ
    if from_env := env.get(URL_ENV, "").strip():
        return from_env
    try:
        data = tomllib.loads((Path(course_root) / "course.toml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return None  # `course check` says what is wrong with course.toml
    table = data.get("xapi")
    value = table.get("lrs") if isinstance(table, dict) else None
    return (value.strip() or None) if isinstance(value, str) else None
