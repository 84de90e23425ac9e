"""Typed answers: what each question type offers, read from one line of text, and said back in words.

`parse` turns a typed line into the same response the full app's widgets give (an option key, a list of
keys, item indexes, matches, text or a number), so scoring and the progress files cannot tell the two apart.
Each question type says how it is typed (course.qtypes: `plain_lines`, `plain_expected`, `parse`,
`typed_form`); this module gives those the attempt's orders and prints them as plain lines.
"""

from __future__ import annotations

from course.plain.text import plain_line
from course.progress.models import Response
from course.qtypes import type_of
from course.qtypes.base import Refused, letter
from course.qtypes.short import MAX_TEXT
from course.quizrun import PlayedQuestion

__all__ = ["MAX_TEXT", "Refused", "blank_doubt", "choices_lines", "expected", "letter", "parse", "right_answer",
           "typed_form"]


def choices_lines(played: PlayedQuestion) -> list[str]:
    """The options, items or matches of a question, numbered (and lettered) as typed answers name them."""
    lines = type_of(played.question).plain_lines(played.question, played.shown)
    return [" ".join(part for part in (label, plain_line(text) if text else "") if part) for label, text in lines]


def expected(played: PlayedQuestion) -> str:
    """How to type an answer to this question, in one sentence."""
    return type_of(played.question).plain_expected(played.question, played.shown)


def parse(played: PlayedQuestion, typed: str) -> Response | Refused:
    """The response a typed line stands for, or why it is not one (never raises)."""
    if not typed.strip():
        return Refused(f"Nothing was typed. {expected(played)}")
    return type_of(played.question).parse(played.question, played.shown, typed)


def blank_doubt(played: PlayedQuestion, response: Response) -> str | None:
    """What to ask before taking an answer with parts left empty (matching items without a match, gaps left
    blank), or None."""
    return type_of(played.question).unanswered_doubt(played.question, response)


def right_answer(played: PlayedQuestion) -> str:
    """The right answer as plain mode says it: once, with one accepted form where several are accepted (the
    app's review lists them all; a screen reader would read each)."""
    return type_of(played.question).brief_right_answer(played.question, played.shown)


def typed_form(played: PlayedQuestion, response: Response) -> str:
    """How a learner would type `response` here (the inverse of `parse`), for showing a saved answer."""
    if response is None:
        return ""
    return type_of(played.question).typed_form(played.question, played.shown, response)
