"""Where things live inside a learner's folder, and how attempt ids look."""

from __future__ import annotations

import secrets
from datetime import datetime
from pathlib import Path

from .names import check_path_component
from .set_aside import is_set_aside

SUMMARY_FILE = "learner.toml"
ATTEMPTS_DIR = "attempts"
LOCK_FILE = ".lock"
SUFFIX = ".toml"


def new_attempt_id(when: datetime) -> str:
    """Sortable, unique id: UTC timestamp + random hex, e.g. 20261128T130501Z-3f9a1c."""
    return f"{when.strftime('%Y%m%dT%H%M%SZ')}-{secrets.token_hex(3)}"


def quiz_folder(learner_root: Path, quiz_id: str) -> Path:
    return learner_root / ATTEMPTS_DIR / check_path_component(quiz_id, "quiz id")


def attempt_path(learner_root: Path, quiz_id: str, attempt_id: str) -> Path:
    return quiz_folder(learner_root, quiz_id) / f"{check_path_component(attempt_id, 'attempt id')}{SUFFIX}"


def is_attempt_file(name: str) -> bool:
    """Attempt files are `<id>.toml`; temp files start with '.', set-aside ones carry '.corrupt-'."""
    return name.endswith(SUFFIX) and not name.startswith(".") and not is_set_aside(name) and "." not in name[: -len(SUFFIX)]
