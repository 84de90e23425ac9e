"""GIFT's syntax, as each question type's writer needs it (course.exporters.gift re-exports these)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol, TypeVar

from course.qtypes.textmatch import ARTICLES, number_forms


class Weighted(Protocol):
    @property
    def weight(self) -> float: ...


Accepted = TypeVar("Accepted", bound=Weighted)

# The grades Moodle's question bank offers (question_bank::fraction_options_full). Moodle's GIFT import
# refuses any other weight unless the teacher picks "nearest grade" on the import form.
MOODLE_GRADES = (
    1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3, 0.25, 0.2,
    0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05, 0.0,
)
_SPECIAL = {"\\": "\\\\", "~": "\\~", "=": "\\=", "#": "\\#", "{": "\\{", "}": "\\}", ":": "\\:", "\n": "\\n"}


def escape(text: str) -> str:
    """Text as GIFT writes it: special characters escaped, new lines as `\\n`, on one line."""
    text = text.strip().replace("\r\n", "\n").replace("\r", "\n")
    return "".join(_SPECIAL.get(ch, ch) for ch in text)


def percent(fraction: float) -> str:
    """A weight as GIFT writes it: `%50%`, `%33.33333%`, `%-100%`."""
    value = f"{fraction * 100:.5f}".rstrip("0").rstrip(".")
    return f"%{'0' if value in ('', '-0') else value}%"


def is_moodle_grade(fraction: float) -> bool:
    return any(abs(abs(fraction) - grade) < 1e-6 for grade in MOODLE_GRADES)


def feedback(text: str | None) -> str:
    return f"#{escape(text)}" if text and text.strip() else ""


def number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() and abs(value) < 2**53 else repr(float(value))


def text_answer(text: str, notes: list[str]) -> str:
    if text.lstrip().startswith("%"):
        notes.append(f"answer {text!r} starts with %: GIFT would read it as a weight")
    return escape(text)


def best_first(answers: Sequence[Accepted], notes: list[str]) -> list[Accepted]:
    """Answers worth most first (the first of equals kept first; a catch-all last): Moodle takes the first
    answer that matches, the course the one worth most, and in this order the two agree."""
    ordered = sorted(answers, key=lambda a: (bool(getattr(a, "other", False)), -a.weight))
    if ordered != list(answers):
        notes.append("answers written best first: Moodle takes the first answer that matches, this course the best")
    return ordered


_ARTICLE_RE = re.compile(r"^(?:a|an|the)\s+(?=\S)", re.IGNORECASE)


def moodle_forms(text: str, wildcard: bool) -> list[str]:
    """`text` and the forms of it that this course scores the same and Moodle does not (Moodle ignores
    case only): with and without a leading article (a, an, the), and the last word in the other number
    (`number_forms`). A wildcard that starts with `*` needs no article, one that ends with `*` no number."""
    base = text.strip()
    article = _ARTICLE_RE.match(base)
    bare = base[article.end():] if article else base
    starts = [base, bare]
    if not (wildcard and bare.startswith("*")):
        starts += [f"{word} {bare}" for word in ARTICLES]
    forms = [f for start in starts for f in ([start] if wildcard and start.endswith("*") else number_forms(start))]
    unique: dict[str, str] = {}
    for form in forms:
        unique.setdefault(form.casefold(), form)
    return list(unique.values())
