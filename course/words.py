"""Small helpers for the words the course prints, shared by every front end."""

from __future__ import annotations

import re


def plural(count: int, noun: str, many: str | None = None) -> str:
    """`1 quiz`, `2 quizzes`, `0 lessons`: the count and the noun that agrees with it."""
    return f"{count} {noun if count == 1 else (many or noun + 's')}"


# ESC-introduced sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ESC \), DCS/SOS/PM/APC (… ESC \),
# and two-character escapes. Their 8-bit forms (C1 controls) are removed as characters below.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b[\]PX^_].*?(?:\x07|\x1b\\|$)"  # OSC, DCS, SOS, PM, APC
    r"|\x1b[@-Z\\-_]"  # other two-character escapes
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
    r"|[\x9d\x90\x98\x9e\x9f].*?(?:\x07|\x9c|\x1b\\|$)",  # 8-bit OSC and friends
    re.DOTALL,
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069): they reorder the text
# around them on screen, so a line can show other words than it holds, and they shift a box's border. Shown
# inert: removed, the text then reads in its own order. (The marks U+200E, U+200F and U+061C stay: they only
# nudge a neutral character's direction.)
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def clean(text: object) -> str:
    """`text` with terminal escape sequences, control characters and bidirectional overrides removed (newlines
    kept, tabs as spaces)."""
    value = str(text).replace("\r\n", "\n").replace("\t", "    ")
    value = _ESCAPES.sub("", value)
    return BIDI_CONTROLS.sub("", _CONTROLS.sub("", value))
