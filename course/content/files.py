"""Reading content files defensively: size, encoding, symlinks and TOML nesting are bounded."""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Any, NoReturn

MAX_FILE_BYTES = 1024 * 1024  # a lesson or quiz larger than 1 MiB is refused
MAX_TOML_DEPTH = 32
MAX_FILES = 50_000


class ContentFileError(ValueError):
    """A file that cannot be read as content; the message says why and what to do."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


def content_files(folder: Path, suffix: str) -> list[Path]:
    """Files with `suffix` directly in `folder`, sorted, README.md and hidden files left out."""
    if not folder.is_dir():
        return []
    found = []
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        name = entry.name
        if name.startswith(".") or name.lower() == "readme.md" or not name.endswith(suffix):
            continue
        found.append(Path(entry.path))
        if len(found) >= MAX_FILES:
            break
    return found


def read_text(path: Path, root: Path) -> str:
    """Read a content file as UTF-8 text, refusing what a course should never contain."""
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError) as exc:
        raise ContentFileError(f"cannot be read ({exc.__class__.__name__}: {exc})") from None
    if not real.is_relative_to(root.resolve()):
        raise ContentFileError("is a link to a file outside the course folder; copy the file in instead")
    if not real.is_file():
        raise ContentFileError("is not a regular file")
    size = real.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ContentFileError(
            f"is {size:,} bytes, over the limit of {MAX_FILE_BYTES:,}; split it into smaller files"
        )
    data = real.read_bytes()[: MAX_FILE_BYTES + 1]
    try:
        # A byte order mark, which some Windows editors write, is not part of the text.
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ContentFileError(
            f"is not valid UTF-8 text (byte {exc.start}); save it with UTF-8 encoding", line
        ) from None


_TOML_LINE_RE = re.compile(r"\(at line (\d+), column (\d+)\)")


def parse_toml(text: str, line_offset: int = 0) -> dict[str, Any]:
    """Parse TOML, turning syntax errors into a message with the line in the file.

    Nesting is checked after parsing (the parser's own recursion limit stops absurd depths), so the
    common case costs nothing extra; only a refused file is scanned for the line to blame.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _TOML_LINE_RE.search(message)
        line = int(match.group(1)) + line_offset if match else None
        message = _TOML_LINE_RE.sub("", message).strip()
        raise ContentFileError(f"TOML syntax error: {message}", line) from None
    except RecursionError:
        _refuse_nesting(text, line_offset)
    if _depth(data) > MAX_TOML_DEPTH:
        _refuse_nesting(text, line_offset)
    return data


def _refuse_nesting(text: str, line_offset: int) -> NoReturn:
    """Refuse arrays or inline tables nested more than MAX_TOML_DEPTH deep, naming the line.

    Brackets and braces are counted outside strings and comments, whatever lies between them
    (`[1, [2, [3` and `{a = {b =` count as much as `[[[`).
    """
    line = _too_deep_line(text)
    raise ContentFileError(
        f"TOML is nested too deeply (more than {MAX_TOML_DEPTH} levels)",
        None if line is None else line + line_offset,
    )


def _too_deep_line(text: str) -> int | None:
    depth, line, i, n = 0, 1, 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            line += 1
        elif ch == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        elif ch in "\"'":
            quote = ch * 3 if text.startswith(ch * 3, i) else ch
            i += len(quote)
            while i < n and not text.startswith(quote, i):
                if text[i] == "\n":
                    line += 1
                    if len(quote) == 1:
                        break  # an unclosed one-line string: the parser reports it
                if ch == '"' and text[i] == "\\":
                    i += 1
                i += 1
            i += len(quote)
            continue
        elif ch in "[{":
            depth += 1
            if depth > MAX_TOML_DEPTH:
                return line
        elif ch in "]}":
            depth = max(0, depth - 1)
        i += 1
    return None


def _depth(value: object) -> int:
    """How deeply tables and arrays nest in parsed TOML (dotted keys nest too), without recursion."""
    deepest = 0
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        if isinstance(item, dict):
            stack.extend((v, level + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, level + 1) for v in item)
    return deepest
