"""Splitting a lesson file into TOML front matter, an introduction and `##` sections."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from course.content.slugs import slugify

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

EXPLICIT_ID_RE = re.compile(r"\s*\{#([^}]*)\}\s*$")


class FrontMatterError(ValueError):
    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class RawSection:
    id: str
    title: str
    body: str
    line: int  # 1-based, in the whole file
    explicit_id: bool


def split_front_matter(text: str) -> tuple[str, str, int]:
    """Return (front matter TOML, body, 1-based line where the body starts)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "+++":
        raise FrontMatterError(
            "a lesson must start with TOML front matter between two lines of +++ (see docs/authoring.md)", 1
        )
    for i in range(1, len(lines)):
        if lines[i].strip() == "+++":
            return "".join(lines[1:i]), "".join(lines[i + 1 :]), i + 2
    raise FrontMatterError("the front matter has no closing +++ line", 1)


@cache
def _block_parser() -> MarkdownIt:
    """CommonMark block structure only: section headings need no inline parsing.

    Made on first use: a course of plain lessons never imports the parser, which keeps start-up quick.
    """
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").disable(["inline", "text_join"])


_LINE_BREAK = re.compile(r"\r\n?|\n")  # CommonMark's line endings, and no others
# Anything that can put a `##` line inside another block: a fence, an HTML block, or an indented `##`
# (indented code, a list item's content). Without these, every column-0 `## ` line is a top-level heading.
_NESTING = re.compile(r"^ {0,3}(?:```|~~~|<)|^[ \t]+##(?:[ \t]|$)", re.MULTILINE)
_COLUMN0_H2 = re.compile(r"##(?:[ \t](.*))?")
_CLOSING_HASHES = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")


def _h2_lines_by_parser(body: str) -> list[tuple[int, str]]:
    """(0-based line, raw title) of each top-level `##` heading, from a CommonMark parse."""
    headings: list[tuple[int, str]] = []
    tokens = _block_parser().parse(body)
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h2" and token.markup == "##" and token.level == 0:
            assert token.map is not None  # block tokens always carry their lines
            headings.append((token.map[0], tokens[index + 1].content))
    return headings


def _h2_lines_plain(lines: list[str]) -> list[tuple[int, str]]:
    """The same as `_h2_lines_by_parser` for a body where `_NESTING` finds nothing, without a full parse."""
    headings: list[tuple[int, str]] = []
    for number, line in enumerate(lines):
        match = _COLUMN0_H2.fullmatch(line) if line.startswith("##") else None
        if match:
            title = _CLOSING_HASHES.sub("", (match.group(1) or "").strip(" \t"))
            headings.append((number, title.strip(" \t")))
    return headings


def h2_lines(body: str) -> list[tuple[int, str]]:
    """(0-based line, raw title) of every top-level `##` heading of a Markdown body, as CommonMark reads it.

    A body that could hide a `##` line inside another block (fenced or indented code, an HTML block, a
    list item) is parsed by markdown-it-py, the parser Rich renders lessons with; the usual plain body is
    read line by line, which gives the same answer (a property test holds the two together) at a
    twentieth of the cost.
    """
    if _NESTING.search(body):
        return _h2_lines_by_parser(body)
    return _h2_lines_plain(_LINE_BREAK.split(body))


def other_headings(body: str) -> list[tuple[int, str]]:
    """(0-based line, mark) of each top-level heading that is not a `##` heading, as CommonMark reads the
    body: what an author may have meant as sections. The mark is the heading's hashes (`#`, `###`), or
    `=` or `-` for a heading underlined with them."""
    found: list[tuple[int, str]] = []
    for token in _block_parser().parse(body):
        if token.type == "heading_open" and token.level == 0 and token.markup != "##":
            assert token.map is not None  # block tokens always carry their lines
            found.append((token.map[0], token.markup))
    return found


def split_sections(body: str, first_line: int) -> tuple[str, list[RawSection]]:
    """Split a Markdown body on its top-level `##` headings.

    A `##` line inside fenced or indented code, an HTML block, a block quote or a list is never a section,
    and a fence closes only where CommonMark closes it (a `~~~` line inside a backtick fence does not).
    """
    lines = _LINE_BREAK.split(body)
    headings = h2_lines(body)
    intro_end = headings[0][0] if headings else len(lines)
    raw: list[RawSection] = []
    for number, (start, text) in enumerate(headings):
        end = headings[number + 1][0] if number + 1 < len(headings) else len(lines)
        title = text.strip()
        explicit = EXPLICIT_ID_RE.search(title)
        if explicit:
            sid, title = explicit.group(1).strip(), title[: explicit.start()].strip()
        else:
            sid = slugify(title)
        section_lines = [f"## {title}", *lines[start + 1 : end]]
        raw.append(
            RawSection(
                id=sid,
                title=title,
                body="\n".join(section_lines).strip() + "\n",
                line=first_line + start,
                explicit_id=bool(explicit),
            )
        )
    return "\n".join(lines[:intro_end]).strip(), raw


@cache
def _inline_parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


_BLOCK_ENDS = {"paragraph_close", "heading_close", "list_item_close", "blockquote_close"}


def plain_text(markdown: str) -> str:
    """Markdown as plain text, for places that show text as it is (an LRS, a dashboard): emphasis, code
    marks, links and HTML tags are dropped and their words kept; paragraphs and list items are lines."""
    parts: list[str] = []
    for token in _inline_parser().parse(markdown):
        if token.type == "inline":
            for child in token.children or []:
                if child.type in ("text", "code_inline", "image"):
                    parts.append(child.content)  # an image's content is its alt text
                elif child.type == "softbreak":
                    parts.append(" ")
                elif child.type == "hardbreak":
                    parts.append("\n")
        elif token.type in ("fence", "code_block"):
            parts.append(token.content.rstrip("\n") + "\n")
        elif token.type in _BLOCK_ENDS:
            parts.append("\n")
    lines = (" ".join(line.split()) for line in "".join(parts).splitlines())
    return "\n".join(line for line in lines if line)
