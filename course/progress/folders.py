"""The learners' folders in a progress folder, found by one rule (see names.name_key) wherever learners are
listed or looked up: the app, plain mode, reports, LRS sync and certificates.

A learner's name is stored in NFC. A folder spelled in another Unicode form of the same name (NFD, as a copy
from macOS makes 'José') is that learner's folder: it is listed and read under the NFC name, and renamed to
it when the learner opens their progress. When folders in both forms exist, the NFC one is the learner's and
the other is left untouched and said (merging two copies of someone's progress is not done behind their
back).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InvalidLearnerName
from .layout import SUMMARY_FILE
from .names import name_key, validate_learner_name


@dataclass(frozen=True)
class LearnerFolder:
    name: str  # the learner's name as stored and shown (NFC)
    folder: str  # the folder's name on disk: the same, or the name in another Unicode form


@dataclass
class Found:
    folders: list[LearnerFolder]  # one per learner, sorted by name
    problems: dict[str, list[str]]  # learner name -> what is odd about their folders (said, never changed)
    unlisted: list[str] = field(default_factory=list)  # progress in folders no learner can be named (said)
    _by_name: dict[str, LearnerFolder] = field(default_factory=dict)
    _by_key: dict[str, list[str]] = field(default_factory=dict)

    def add(self, entry: LearnerFolder) -> None:
        self.folders.append(entry)
        self._by_name[entry.name] = entry
        self._by_key.setdefault(name_key(entry.name), []).append(entry.name)

    def names(self) -> list[str]:
        return [entry.name for entry in self.folders]

    def folder_of(self, name: str) -> LearnerFolder | None:
        return self._by_name.get(name)

    def matching(self, name: str) -> list[str]:
        """The learners `name` stands for: itself when it is here, else those with the same key."""
        if name in self._by_name:
            return [name]
        return list(self._by_key.get(name_key(name), []))

    def alike(self) -> list[list[str]]:
        """Learners apart by their folders but one name under the rule (folders made before it)."""
        return [names for names in self._by_key.values() if len(names) > 1]


def find_learner_folders(root: Path) -> Found:
    """Every folder of `root` named as a learner can be named (in any Unicode form); others are skipped."""
    try:
        entries = [entry.name for entry in os.scandir(root) if entry.is_dir()]
    except (FileNotFoundError, NotADirectoryError):
        entries = []
    by_name: dict[str, list[str]] = {}
    unlisted = []
    for folder in entries:
        try:
            by_name.setdefault(validate_learner_name(folder), []).append(folder)
        except InvalidLearnerName as error:
            if (Path(root) / folder / SUMMARY_FILE).exists():  # progress made before the name was refused
                reason = str(error).split(": ", 1)[-1].split(". ", 1)[0]
                unlisted.append(f"{Path(root) / folder}: not read, since {reason}; rename the folder to read it")
    found = Found([], {}, unlisted)
    for name in sorted(by_name):
        spellings = sorted(by_name[name], key=lambda folder: (folder != name, folder))
        found.add(LearnerFolder(name, spellings[0]))
        for other in spellings[1:]:
            found.problems.setdefault(name, []).append(
                f"{Path(root) / other}: a second folder of learner {name!r}, the same name in another Unicode "
                f"form; it was left untouched and is not read (move what it holds into {spellings[0]!r} by hand "
                "to keep it)"
            )
    _say_one_key(found)
    return found


def _say_one_key(found: Found) -> None:
    """Folders made before names were matched this way whose names are now one learner: kept apart, said."""
    for names in found.alike():
        listed = ", ".join(repr(n) for n in names)
        for name in names:
            found.problems.setdefault(name, []).append(
                f"learners {listed} have folders of their own but are one name under the naming rule (case and "
                "character forms do not count); they are kept apart"
            )


def problems_of(found: Found, names: Iterable[str]) -> list[str]:
    return [problem for name in names for problem in found.problems.get(name, [])]
