"""The progress folder: one sub-folder per learner."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from .atomic import save_error
from .errors import InvalidLearnerName
from .learner import LearnerProgress
from .names import validate_learner_name
from .reading import LearnerRecord, read_learners


class ProgressStore:
    """Learners' progress for one course, kept under `root` (one folder per learner)."""

    def __init__(self, root: Path, course_id: str) -> None:
        self.root = Path(root)
        self.course_id = course_id

    def learners(self) -> list[str]:
        """Names of existing learner folders, sorted (folders that are not valid names are skipped)."""
        try:
            entries = list(os.scandir(self.root))
        except (FileNotFoundError, NotADirectoryError):
            return []
        names = []
        for entry in entries:
            try:
                if entry.is_dir() and validate_learner_name(entry.name) == entry.name:
                    names.append(entry.name)
            except InvalidLearnerName:
                continue
        return sorted(names)

    def records(self, problems: list[str]) -> Iterator[LearnerRecord]:
        """Every learner's summary and attempts, read without taking a lock or changing a file (for
        reports); files that cannot be read are left out and said in `problems`."""
        return read_learners(self.root, self.course_id, self.learners(), problems)

    def open(self, learner: str) -> LearnerProgress:
        """Load (or create) a learner's progress. Raises InvalidLearnerName, FutureFormatError,
        ProgressSaveError; a corrupt summary is set aside with a notice."""
        name = validate_learner_name(learner)
        folder = self.root / name
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise save_error(folder, error) from error
        return LearnerProgress(folder, self.course_id, name)
