"""The learner remembered from last time: a small file in the progress folder."""

from __future__ import annotations

from pathlib import Path

LAST_LEARNER_FILE = ".last-learner"


def read_last_learner(root: Path) -> str | None:
    try:
        name = (Path(root) / LAST_LEARNER_FILE).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return name or None


def write_last_learner(root: Path, name: str) -> None:
    """Remember `name`; raises ProgressSaveError when it cannot be written."""
    from course.progress import atomic_write_text

    Path(root).mkdir(parents=True, exist_ok=True)
    atomic_write_text(Path(root) / LAST_LEARNER_FILE, name + "\n")
