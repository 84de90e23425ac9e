"""Where things are: the shipped course, the course to open, and where learners' progress is kept.

Precedence, for both: a command-line option, then an environment variable, then the default.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "course"
CONTENT_ENV = "COURSE_CONTENT_DIR"
PROGRESS_ENV = "COURSE_PROGRESS_DIR"

_PACKAGE_DIR = Path(__file__).resolve().parent


def shipped_content_dir() -> Path:
    """The default course: the checkout's top folder, or the copy carried inside an installed wheel."""
    checkout = _PACKAGE_DIR.parent
    if (checkout / "lessons").is_dir() and (checkout / "quizzes").is_dir() and (checkout / "pyproject.toml").is_file():
        return checkout
    return _PACKAGE_DIR / "_content"


def content_dir(option: str | os.PathLike[str] | None = None) -> Path:
    if option:
        return Path(option).expanduser()
    if env := os.environ.get(CONTENT_ENV):
        return Path(env).expanduser()
    return shipped_content_dir()


def progress_dir(course_root: Path, course_id: str, option: str | os.PathLike[str] | None = None) -> Path:
    """The folder holding every learner's progress for one course."""
    if option:
        return Path(option).expanduser()
    if env := os.environ.get(PROGRESS_ENV):
        return Path(env).expanduser()
    in_course = course_root / "progress"
    if in_course.is_dir():
        return in_course
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "progress" / course_id
