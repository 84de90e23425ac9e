"""Small phrases shared by several screens."""

from __future__ import annotations

from course.scoring import amount


def points(value: float) -> str:
    """`1 point`, `0.5 points`, `2 points`: at most two decimals, and the noun agrees with what is shown."""
    shown = amount(value)
    return f"{shown} point" + ("" if shown == "1" else "s")


def score_of(score: float, total: float) -> str:
    """`0 of 1 point`, `6 of 9 points`, `0.67 of 1 point`: the noun agrees with the total."""
    return f"{amount(score)} of {points(total)}"
