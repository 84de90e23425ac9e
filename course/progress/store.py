"""The progress folder: one sub-folder per learner."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from .atomic import save_error
from .errors import InvalidLearnerName
from .last_learner import read_last_learner
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

    def learner_to_open(self, asked: str | None) -> str | None:
        """Whom `course` opens, in every front end: the learner asked for, else the one remembered from last
        time, else the only learner here; None when it must ask."""
        name = asked or read_last_learner(self.root)
        if name is None and len(known := self.learners()) == 1:
            name = known[0]  # one learner on this machine: no need to ask
        return name

    def records(self, problems: list[str]) -> Iterator[LearnerRecord]:
        """Every learner's summary and attempts, read without taking a lock or changing a file (for
        reports); files that cannot be read are left out and said in `problems`."""
        return read_learners(self.root, self.course_id, self.learners(), problems)

    def open(self, learner: str) -> LearnerProgress:
        """Load (or create) a learner's progress. Raises InvalidLearnerName, FutureFormatError,
        ProgressSaveError; a corrupt summary is set aside with a notice."""
        name, notice = self._same_learner(validate_learner_name(learner))
        folder = self.root / name
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise save_error(folder, error) from error
        progress = LearnerProgress(folder, self.course_id, name)
        if notice:
            progress.notices.append(notice)
        return progress

    def _same_learner(self, name: str) -> tuple[str, str | None]:
        """The learner `name` stands for, and what to tell them: names that differ only by case are one
        learner (on a case-insensitive file system they are one folder anyway), so 'ana' opens 'Ana'."""
        key = name.casefold()
        alike = [known for known in self.learners() if known.casefold() == key]
        others = [known for known in alike if known != name]
        if not others:
            return name, None
        if name in alike:
            listed = ", ".join(repr(o) for o in others)
            return name, (
                f"Learner names ignore case, but folders for {listed} also exist here beside {name!r}; "
                f"they are kept apart and {name!r} was opened."
            )
        chosen = others[0]
        return chosen, f"Learner names ignore case: {name!r} opened the progress of {chosen!r}."

