"""Lesson Markdown as plain lines: words only, no markup characters, lists with "-", tables row by row."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from course.words import clean

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


def inline_text(children: list[Token] | None) -> str:
    """The words of an inline run: emphasis and code marks dropped, a link's address after its words."""
    parts: list[str] = []
    href: str | None = None
    link_start = 0
    for child in children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "image":
            alt = child.content.strip()
            parts.append(f"(image: {alt})" if alt else "(image)")
        elif child.type == "link_open":
            href, link_start = str(child.attrs.get("href", "")), len(parts)
        elif child.type == "link_close":
            words = "".join(parts[link_start:]).strip()
            if href and href not in (words, f"mailto:{words}"):
                parts.append(f" ({href})")
            href = None
    return "".join(parts)


@dataclass
class _Table:
    head: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    in_head: bool = False

    def lines(self) -> list[str]:
        said = [f"Table, {len(self.rows)} row{'s' if len(self.rows) != 1 else ''}: {', '.join(self.head)}."]
        for number, row in enumerate(self.rows, 1):
            cells = [f"{name}: {value}" if name else value for name, value in zip(self.head, row, strict=False)]
            said.append(f"Row {number}: {'; '.join(cells)}.")
        return said


@dataclass
class _Writer:
    lines: list[str] = field(default_factory=list)
    lists: list[list[int | None]] = field(default_factory=list)  # per open list: [next number] or [None]
    prefix: str | None = None  # what the next line of a list item starts with
    quote: int = 0
    table: _Table | None = None
    row: list[str] | None = None

    @property
    def indent(self) -> str:
        return "  " * (max(len(self.lists) - 1, 0) + self.quote)

    def blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    def text(self, words: str) -> None:
        for number, line in enumerate(words.split("\n")):
            if self.prefix is not None and number == 0:
                self.lines.append(self.indent + self.prefix + line.strip())
                self.prefix = None
            else:
                extra = "  " if self.lists else ""
                self.lines.append(self.indent + extra + line.strip())


def _start_item(out: _Writer) -> None:
    counter = out.lists[-1] if out.lists else [None]
    if counter[0] is None:
        out.prefix = "- "
    else:
        out.prefix = f"{counter[0]}. "
        counter[0] += 1


def _block(out: _Writer, token: Token, heading_to_skip: str | None) -> str | None:
    """One block token; returns the heading still to be skipped (the section's own title)."""
    kind = token.type
    if kind in ("bullet_list_open", "ordered_list_open"):
        if not out.lists:
            out.blank()
        start = token.attrs.get("start", 1) if kind == "ordered_list_open" else None
        out.lists.append([int(start) if start is not None else None])
    elif kind in ("bullet_list_close", "ordered_list_close"):
        out.lists.pop()
        if not out.lists:
            out.blank()
    elif kind == "list_item_open":
        _start_item(out)
    elif kind == "blockquote_open":
        out.blank()
        out.lines.append(out.indent + "Quote:")
        out.quote += 1
    elif kind == "blockquote_close":
        out.quote -= 1
        out.blank()
    elif kind in ("fence", "code_block"):
        out.blank()
        out.lines.append(out.indent + "Code:")
        out.lines.extend(out.indent + "  " + line for line in token.content.rstrip("\n").split("\n"))
        out.blank()
    elif kind in ("html_block", "hr"):
        out.blank()
    return heading_to_skip


def _table(out: _Writer, token: Token) -> bool:
    """Table tokens; True when the token was one."""
    kind = token.type
    if kind == "table_open":
        out.blank()
        out.table = _Table()
    elif kind == "table_close" and out.table is not None:
        out.lines.extend(out.indent + line for line in out.table.lines())
        out.table = None
        out.blank()
    elif kind == "thead_open" and out.table is not None:
        out.table.in_head = True
    elif kind == "thead_close" and out.table is not None:
        out.table.in_head = False
    elif kind == "tr_open":
        out.row = []
    elif kind == "tr_close" and out.table is not None and out.row is not None:
        if out.table.in_head:
            out.table.head = out.row
        else:
            out.table.rows.append(out.row)
        out.row = None
    elif not kind.startswith(("th_", "td_", "tbody_")):
        return False
    return True


def _inline(out: _Writer, token: Token, in_heading: bool, skip_heading: str | None) -> str | None:
    """An inline run: a table cell, the section's own heading (left out), or text; returns the heading
    still to be skipped."""
    words = inline_text(token.children)
    if out.row is not None:
        out.row.append(" ".join(words.split()))
        return skip_heading
    if in_heading and skip_heading is not None and " ".join(words.split()) == " ".join(skip_heading.split()):
        return None
    out.text(words)
    return None


def markdown_lines(markdown: str, skip_heading: str | None = None) -> list[str]:
    """Markdown as plain lines. Paragraphs are separated by an empty line; `skip_heading` leaves out a first
    heading with that title (a section's own heading, said before its text)."""
    out = _Writer()
    in_heading = False
    for token in _parser().parse(clean(markdown)):
        if _table(out, token):
            continue
        kind = token.type
        if kind in ("heading_open", "heading_close"):
            in_heading = kind == "heading_open"
            if not out.lists:
                out.blank()
        elif kind in ("paragraph_open", "paragraph_close"):
            if not out.lists and not out.quote:
                out.blank()
        elif kind == "inline":
            skip_heading = _inline(out, token, in_heading, skip_heading)
        else:
            skip_heading = _block(out, token, skip_heading)
    while out.lines and out.lines[0] == "":
        out.lines.pop(0)
    while out.lines and out.lines[-1] == "":
        out.lines.pop()
    return out.lines


def plain_line(markdown: str) -> str:
    """Markdown (a question's prompt, an option) as one line of words."""
    return " ".join(" ".join(markdown_lines(markdown)).split())
