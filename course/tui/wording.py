"""Small phrases shared by several screens."""

from __future__ import annotations

from course.scoring import CERTAINTY_WORDS, amount


def points(value: float) -> str:
    """`1 point`, `0.5 points`, `2 points`: at most two decimals, and the noun agrees with what is shown."""
    shown = amount(value)
    return f"{shown} point" + ("" if shown == "1" else "s")


def score_of(score: float, total: float) -> str:
    """`0 of 1 point`, `6 of 9 points`, `0.67 of 1 point`: the noun agrees with the total."""
    return f"{amount(score)} of {points(total)}"


def cbm_text(mark: float) -> str:
    """A CBM mark with its sign: `+3`, `−6` (a true minus sign), `0`, `+1.5`."""
    shown = amount(abs(mark))
    if shown == "0":
        return "0"
    return ("+" if mark > 0 else "−") + shown


def certainty_said(certainty: int | None) -> str:
    """`very sure (3)`; for an answer given before the quiz asked, Moodle's assumption (`not very sure (1)`)."""
    said = certainty if certainty is not None and certainty in CERTAINTY_WORDS else 1
    return f"{CERTAINTY_WORDS[said]} ({said})"
