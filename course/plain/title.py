"""The plain mode's first line, from what is cheap to read: the course's title in course.toml (the standard
library's TOML reader alone), said before the course, its models and the learner's progress are loaded."""

from __future__ import annotations

from pathlib import Path

from course.course_toml import cheap_title
from course.plain.io import Terminal, words_only


def title_line(title: str) -> str:
    return f"{words_only(title)}. Plain mode: one line at a time; type ? at any prompt for help."


def say_title_early(term: Terminal, root: Path) -> str | None:
    """Say the first line now if course.toml gives the title; the title said, or None (no file, a broken file,
    no title: the loader then reports the problem and names the course itself)."""
    title = cheap_title(root)
    if title is not None:
        term.say(title_line(title))
    return title
