"""The size limit of a file to import: the loader's own (course.content.files.MAX_FILE_BYTES), checked
before anything is parsed. A bigger question bank would make a quiz file the course then refuses to load,
after minutes of parsing; it is refused at once with the loader's message."""

from __future__ import annotations

from pathlib import Path

from course.content.files import MAX_FILE_BYTES

__all__ = ["MAX_FILE_BYTES", "ImportTooLarge", "check_text", "read_source", "too_large"]


class ImportTooLarge(ValueError):
    """A file (or text) to import over the loader's size limit; the message says so as the loader does."""


def too_large(size: int) -> str:
    """The loader's words for a file of `size` bytes over its limit."""
    return f"is {size:,} bytes, over the limit of {MAX_FILE_BYTES:,}; split it into smaller files"


def check_text(text: str) -> None:
    """Raise ImportTooLarge when `text`, as UTF-8, is over the limit (measured only when it may be)."""
    if len(text) * 4 > MAX_FILE_BYTES:
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > MAX_FILE_BYTES:
            raise ImportTooLarge(too_large(size))


def read_source(path: Path) -> str:
    """A file to import, as text (a UTF-8 byte order mark left out), never reading more than the limit.
    Raises ImportTooLarge, OSError or UnicodeDecodeError."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ImportTooLarge(too_large(size))
    with path.open("rb") as source:
        data = source.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:  # it grew after the check
        raise ImportTooLarge(too_large(max(path.stat().st_size, len(data))))
    return data.decode("utf-8-sig")
