"""Small phrases shared by several screens."""

from __future__ import annotations

import re

from course.scoring import CERTAINTY_WORDS, amount


def points(value: float) -> str:
    """`1 point`, `0.5 points`, `2 points`: at most two decimals, and the noun agrees with what is shown."""
    shown = amount(value)
    return f"{shown} point" + ("" if shown == "1" else "s")


def score_of(score: float, total: float) -> str:
    """`0 of 1 point`, `6 of 9 points`, `0.67 of 1 point`: the noun agrees with the total."""
    return f"{amount(score)} of {points(total)}"


def cbm_text(mark: float) -> str:
    """A CBM mark with its sign: `+3`, `−6` (a true minus sign), `0`, `+1.5`."""
    shown = amount(abs(mark))
    if shown == "0":
        return "0"
    return ("+" if mark > 0 else "−") + shown


def certainty_said(certainty: int | None) -> str:
    """`very sure (3)`; for an answer given before the quiz asked, Moodle's assumption (`not very sure (1)`)."""
    said = certainty if certainty is not None and certainty in CERTAINTY_WORDS else 1
    return f"{CERTAINTY_WORDS[said]} ({said})"


def path_lines(path: str, width: int) -> str:
    """A file path laid out on lines of at most `width` characters, each line ending just after a `/` (or a
    `\\`), so that no folder or file name is broken. A name longer than a whole line breaks after one of its
    own word marks (`-`, `_`, `.`, a space), and only a word longer than a line is cut at the width. Joining
    the lines gives the path back."""
    width = max(width, 1)
    lines: list[str] = []
    line = ""
    for part in _PATH_PARTS.findall(path):
        pieces = [part] if len(part) <= width else _NAME_PARTS.findall(part)
        for piece in pieces:
            if line and len(line) + len(piece) > width:
                lines.append(line)
                line = ""
            while len(piece) > width:  # a word longer than a whole line: nothing better than cutting it
                lines.append(piece[:width])
                piece = piece[width:]
            line += piece
    if line or not lines:
        lines.append(line)
    return "\n".join(lines)


_PATH_PARTS = re.compile(r"[^/\\]*[/\\]|[^/\\]+")
"""A path's pieces: each folder with the separator after it, then the file name."""
_NAME_PARTS = re.compile(r"[^-_. ]*[-_. ]|[^-_. ]+")
"""A long name's pieces: each word with the mark after it."""
