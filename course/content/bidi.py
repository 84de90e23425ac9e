"""Bidirectional control characters in course files: found with their line and column, for `course check`.

An override or isolate (U+202A-U+202E, U+2066-U+2069) changes the order in which the text around it is shown, so
a line can read differently on screen from what it holds ("Trojan Source"), and it shifts the app's box borders.
The front ends show such text inert (course.words.clean removes them); `course check` says where they are so that
an author removes them from the file.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from course.words import BIDI_CONTROLS


@dataclass(frozen=True)
class BidiControl:
    line: int  # 1-based
    column: int  # 1-based
    char: str

    @property
    def message(self) -> str:
        code = f"U+{ord(self.char):04X}"
        return (f"column {self.column} holds a bidirectional control character ({code} "
                f"{unicodedata.name(self.char, 'unnamed')}), which reorders how the text around it is shown and can "
                "make a line read differently from what it says; remove it (learners see the text without it)")


def bidi_controls(text: str) -> list[BidiControl]:
    """Every bidirectional control in `text`, in order."""
    if text.isascii() or BIDI_CONTROLS.search(text) is None:  # as almost always: none, so no line to look at
        return []
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        for match in BIDI_CONTROLS.finditer(line):
            found.append(BidiControl(number, match.start() + 1, match.group()))
    return found
