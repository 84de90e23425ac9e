"""Fonts of this computer for the characters the shipped font lacks (Chinese, Japanese, Korean, Indic
scripts...): found with fontconfig's `fc-list` where there is one, as on most Linux desktops, so that a name
in those scripts prints when the computer has a font for it. Without fontconfig, or without such a font, the
characters are said to be missing and print as blanks."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterable
from pathlib import Path

FontFile = tuple[str, int]  # a font file and the font's number in it (0 unless it is a collection, .ttc)

_SUFFIXES = (".ttf", ".otf", ".ttc")
MAX_FALLBACKS = 4


def fonts_with(character: str) -> list[FontFile]:
    """The font files fontconfig knows that have a glyph for `character`, regular sans-serif ones first."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    try:
        done = subprocess.run([fc_list, f":charset={ord(character):x}", "--format", "%{file}\t%{index}\n"],
                              capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return []
    found: set[FontFile] = set()
    for line in done.stdout.splitlines():
        path, _, index = line.partition("\t")
        if path.lower().endswith(_SUFFIXES) and index.isdigit():
            found.add((path, int(index)))

    def preference(font: FontFile) -> tuple[bool, bool, str, int]:
        name = Path(font[0]).name
        return "Bold" in name or "Italic" in name or "Oblique" in name, "Sans" not in name, font[0], font[1]

    return sorted(found, key=preference)


def choose_fallbacks(missing: Iterable[str], add: Callable[[FontFile], set[str] | None],
                     finder: Callable[[str], list[FontFile]] | None = None) -> list[str]:
    """Add fonts (with `add`, which returns the characters of `missing` a font has, or None when it cannot be
    used) until every character is covered or no font is left for it; returns the characters still missing."""
    known: dict[str, list[FontFile]] = {}

    def find(character: str) -> list[FontFile]:
        if character not in known:
            known[character] = (finder or fonts_with)(character)
        return known[character]

    left = list(dict.fromkeys(missing))
    tried: set[FontFile] = set()
    added = 0
    uncovered: list[str] = []
    while left and added < MAX_FALLBACKS:
        character = left[0]
        font = next((f for f in find(character) if f not in tried), None)
        if font is None:
            uncovered.append(left.pop(0))
            continue
        tried.add(font)
        has = add(font)
        if has:
            added += 1
            left = [c for c in left if c not in has]
    return uncovered + left
