"""Small phrases shared by several screens."""

from __future__ import annotations


def points(value: float) -> str:
    """`1 point`, `0.5 points`, `2 points`."""
    return f"{value:g} point" + ("" if value == 1 else "s")


def score_of(score: float, total: float) -> str:
    """`0 of 1 point`, `6 of 9 points`: the noun agrees with the total."""
    return f"{score:g} of {points(total)}"
