"""Small helpers for the words the course prints, shared by every front end."""

from __future__ import annotations


def plural(count: int, noun: str, many: str | None = None) -> str:
    """`1 quiz`, `2 quizzes`, `0 lessons`: the count and the noun that agrees with it."""
    return f"{count} {noun if count == 1 else (many or noun + 's')}"
