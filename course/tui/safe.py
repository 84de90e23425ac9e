"""Showing content text literally: no markup is interpreted and no terminal control sequence gets through."""

from __future__ import annotations

import re

from rich.text import Text

from course.words import clean

__all__ = ["clean", "listed", "literal", "one_line", "plain"]


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
