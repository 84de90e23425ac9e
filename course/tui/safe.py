"""Showing content text literally: no markup is interpreted and no terminal control sequence gets through."""

from __future__ import annotations

import re

from rich.text import Text

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


def clean(text: object) -> str:
    """`text` with terminal escape sequences and control characters removed (newlines kept, tabs as spaces)."""
    value = str(text).replace("\r\n", "\n").replace("\t", "    ")
    value = _ESCAPES.sub("", value)
    return _CONTROLS.sub("", value)


def listed(answer: object) -> str:
    """A cleaned answer to show after its label: a list (one `•` line per matched pair) starts on a line of
    its own."""
    value = clean(answer)
    return "\n" + value if value.startswith("•") else value


def literal(text: object, style: str = "") -> Text:
    """A Rich Text showing `text` exactly as written (never parsed as markup)."""
    return Text(clean(text), style=style)


def one_line(text: object, limit: int | None = None) -> str:
    """Cleaned text folded onto one line, cut to `limit` characters with an ellipsis."""
    value = " ".join(clean(text).split())
    if limit is not None and len(value) > limit:
        value = value[: max(0, limit - 1)].rstrip() + "…"
    return value


_MARKDOWN_MARKS = re.compile(
    r"(\*\*|__|`|^#+\s*|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])|(?<![\w_])_(?=\S)|(?<=\S)_(?![\w_]))",
    re.MULTILINE,
)


def plain(markdown: object, limit: int | None = None) -> str:
    """Markdown text as one plain line (emphasis marks and heading hashes dropped), for lists."""
    return one_line(_MARKDOWN_MARKS.sub("", clean(markdown)), limit)
