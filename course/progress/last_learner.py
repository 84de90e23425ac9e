"""The learner remembered from last time: one line in `.last-learner` in the progress folder, so that a
plain `course` opens the learner who last chose themselves or was named with --learner."""

from __future__ import annotations

from pathlib import Path

from .atomic import atomic_write_text, save_error

LAST_LEARNER_FILE = ".last-learner"


def read_last_learner(root: Path) -> str | None:
    """The remembered name; None when there is none, or the file is empty, unreadable or not UTF-8."""
    try:
        name = (Path(root) / LAST_LEARNER_FILE).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return name or None


def write_last_learner(root: Path, name: str) -> None:
    """Remember `name` (atomically: the old name or the new, never a mix); raises ProgressSaveError when it
    cannot be written."""
    root = Path(root)
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise save_error(root, error) from error
    atomic_write_text(root / LAST_LEARNER_FILE, name + "\n")
