"""Splitting a lesson file into TOML front matter, an introduction and `##` sections."""

from __future__ import annotations

import re
from dataclasses import dataclass

from course.content.slugs import slugify

FENCE_RE = re.compile(r"^\s*(```|~~~)")
H2_RE = re.compile(r"^##\s+(.+?)\s*#*\s*$")
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


def split_sections(body: str, first_line: int) -> tuple[str, list[RawSection]]:
    """Split a Markdown body on `##` headings that are not inside fenced code."""
    intro: list[str] = []
    sections: list[tuple[str, str, bool, int, list[str]]] = []
    in_fence = False
    for offset, line in enumerate(body.splitlines()):
        if FENCE_RE.match(line):
            in_fence = not in_fence
        match = None if in_fence else H2_RE.match(line)
        if match:
            title = match.group(1)
            explicit = EXPLICIT_ID_RE.search(title)
            if explicit:
                sid, title = explicit.group(1).strip(), title[: explicit.start()].strip()
            else:
                sid = slugify(title)
            heading = f"## {title}"
            sections.append((sid, title, bool(explicit), first_line + offset, [heading]))
        elif sections:
            sections[-1][4].append(line)
        else:
            intro.append(line)
    raw = [
        RawSection(id=sid, title=title, body="\n".join(lines).strip() + "\n", line=line, explicit_id=explicit)
        for sid, title, explicit, line, lines in sections
    ]
    return "\n".join(intro).strip(), raw
