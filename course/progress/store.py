"""The progress folder: one sub-folder per learner."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from .atomic import fsync_directory, save_error
from .errors import InvalidLearnerName
from .folders import Found, LearnerFolder, find_learner_folders
from .last_learner import read_last_learner
from .learner import LearnerProgress, learner_lock
from .lookalike import lookalike_problem
from .names import validate_learner_name
from .reading import LearnerRecord, read_learners


class ProgressStore:
    """Learners' progress for one course, kept under `root` (one folder per learner). Learner names are
    stored in NFC and matched by one rule everywhere (see names.name_key and course.progress.folders)."""

    def __init__(self, root: Path, course_id: str) -> None:
        self.root = Path(root)
        self.course_id = course_id

    def learners(self) -> list[str]:
        """Names of the learners here (NFC, as shown), sorted; folders that are not valid names are skipped."""
        return find_learner_folders(self.root).names()

    def find(self, name: str) -> str | None:
        """The learner here whom `name` stands for under the naming rule ('ana' finds 'Ana', 'Weiss' finds
        'Weiß'), or None. Raises InvalidLearnerName when `name` cannot be a learner's name."""
        matching = find_learner_folders(self.root).matching(validate_learner_name(name))
        return matching[0] if matching else None

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
        """Load (or create) a learner's progress. Raises InvalidLearnerName (also for a new name that would
        look like another learner's), FutureFormatError, ProgressSaveError; a corrupt summary is set aside
        with a notice. A folder of the learner in another Unicode form (NFD) is renamed to the NFC name."""
        asked = validate_learner_name(learner)
        found = find_learner_folders(self.root)
        name, notices = self._same_learner(asked, found)
        if found.folder_of(name) is None:
            problem = lookalike_problem(name, found.names())
            if problem is not None:
                raise InvalidLearnerName(f"{learner!r} cannot be used as a new learner name: {problem}.")
        folder, renamed = self._folder(found.folder_of(name), name)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise save_error(folder, error) from error
        progress = LearnerProgress(folder, self.course_id, name)
        progress.notices[:0] = [*notices, *renamed, *found.problems.get(name, [])]
        return progress

    def _folder(self, entry: LearnerFolder | None, name: str) -> tuple[Path, list[str]]:
        """The learner's folder, renamed to the NFC name first when it is spelled in another form (under the
        learner's lock, so no copy of the course is writing into it; one rename: all or nothing)."""
        if entry is None or entry.folder == entry.name:
            return self.root / name, []
        old, new = self.root / entry.folder, self.root / entry.name
        try:
            with learner_lock(old):
                if os.path.lexists(new) and not os.path.samefile(old, new):
                    return old, []  # appeared meanwhile: leave both (found.problems says so next time)
                os.rename(old, new)
                fsync_directory(self.root)
        except OSError as error:
            raise save_error(new, error) from error
        return new, [
            f"Your progress folder {entry.name!r} had its name in decomposed Unicode (NFD, as a copy from a Mac "
            "writes it); it was renamed to the composed form (NFC) the course keeps names in. Nothing in it changed."
        ]

    def _same_learner(self, name: str, found: Found) -> tuple[str, list[str]]:
        """The learner `name` stands for, and what to tell them: names that differ only by case or by
        character form are one learner, so 'ana' opens 'Ana' and 'Weiss' opens 'Weiß'."""
        alike = found.matching(name)
        if not alike or alike == [name]:
            return name, []
        chosen = alike[0]
        return chosen, [f"Learner names ignore case and character forms: {name!r} opened the progress of {chosen!r}."]
