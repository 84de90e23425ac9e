"""The plain mode's first line, from what is cheap to read: the course's title in course.toml (the standard
library's TOML reader alone), said before the course, its models and the learner's progress are loaded."""

from __future__ import annotations

import tomllib
from pathlib import Path

from course.plain.io import Terminal, words_only


def title_line(title: str) -> str:
    return f"{words_only(title)}. Plain mode: one line at a time; type ? at any prompt for help."


def cheap_title(root: Path) -> str | None:
    """course.toml's title when it is a usable one; None when only loading the course can say (no file, a
    broken file, no title: the loader then reports the problem and names the course itself)."""
    try:
        data = tomllib.loads((root / "course.toml").read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    title = data.get("title")
    return title if isinstance(title, str) and title.strip() else None


def say_title_early(term: Terminal, root: Path) -> str | None:
    """Say the first line now if course.toml gives the title; the title said, or None."""
    title = cheap_title(root)
    if title is not None:
        term.say(title_line(title))
    return title
