"""Scoring one answer to one question, with the partial credit documented in docs/authoring.md.

A response is what a learner gave, in a form that TOML can store; each question type's module says what
its responses are (course/qtypes/<type>.py, at the top). `None` means the question was skipped; it scores 0.
The type, `Response`, is the one progress files store (course.progress.models).
"""
from __future__ import annotations

from collections.abc import Sequence

from course.qtypes import Question, type_of
from course.qtypes.base import Response, ScoreResult, Shown, percent
from course.qtypes.base import result as _result
from course.qtypes.numeric import parse_number, typed_number_problem
from course.qtypes.textmatch import (
    ARTICLES,
    FUZZY_MIN_LENGTH,
    answer_key,
    drop_article,
    edit_distance,
    normalize_text,
    number_forms,
    number_key,
)

__all__ = [
    "ARTICLES", "CBM_MARKS", "CERTAINTIES", "CERTAINTY_WORDS", "FUZZY_MIN_LENGTH", "Response", "ScoreResult",
    "_result", "amount", "answer_key", "cbm_average", "cbm_mark", "describe_response", "describe_right_answer",
    "drop_article", "edit_distance", "normalize_text", "number_forms", "number_key", "parse_number", "percent",
    "right_response", "score", "typed_number_problem",
]


def amount(value: float) -> str:
    """A score or a number of points as a learner reads it: at most two decimals, no trailing zeros
    (`1`, `0.5`, `0.67`, `6.42`), never `0.666667`."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


# Confidence-based marking, Moodle's table: certainty -> (mark when right, mark when wrong). With each answer
# the learner says how sure they are; being sure pays when right and costs more when wrong.
CBM_MARKS: dict[int, tuple[float, float]] = {1: (1.0, 0.0), 2: (2.0, -2.0), 3: (3.0, -6.0)}
CERTAINTIES = tuple(CBM_MARKS)
CERTAINTY_WORDS = {1: "not very sure", 2: "fairly sure", 3: "very sure"}
# Moodle's question_utils::MARK_TOLERANCE: a fraction at or below it is a wrong answer.
_WRONG_AT_MOST = 5e-8


def cbm_mark(fraction: float, certainty: int | None) -> float:
    """The CBM mark of one answer that earned `fraction` (0..1) of its points, said with `certainty`.

    As Moodle's question_cbm::adjust_fraction does: an answer with no credit gets the table's mark for wrong;
    any credit, full or partial, gets the mark for right times the fraction (half right at certainty 2
    earns 1, and a partly right answer is never negative). An answer without a certainty (given before the
    quiz asked for one) counts as certainty 1, as Moodle assumes; a skipped question scores 0 that way.
    """
    right, wrong = CBM_MARKS.get(certainty or 1, CBM_MARKS[1])
    if fraction <= _WRONG_AT_MOST:
        return wrong
    return right * min(fraction, 1.0)


def cbm_average(marks: Sequence[tuple[float, float]]) -> float | None:
    """The CBM average of (CBM mark, points) pairs, from -6 to 3: each question counts by its points, as the
    score does; when no question is worth points, each counts once. None when there are no questions."""
    if not marks:
        return None
    total = sum(points for _, points in marks)
    if total > 0:
        return sum(mark * points for mark, points in marks) / total
    return sum(mark for mark, _ in marks) / len(marks)


def score(question: Question, response: Response) -> ScoreResult:
    """Score `response`; never raises for a response of the wrong shape (it scores 0)."""
    if response is None:
        return ScoreResult(score=0.0, points=question.points)
    return type_of(question).score(question, response)


def right_response(question: Question) -> Response:
    """A response that earns full points (used for review, tests and checking a course)."""
    return type_of(question).right_response(question)


def describe_response(
    question: Question,
    response: Response,
    *,
    option_order: Sequence[str] = (),
    item_order: Sequence[int] = (),
    marked: bool = False,
) -> str:
    """A response in words, for review screens and reports. With the order an attempt showed them in
    (`option_order` for choices, `item_order` for matching items), options and items are listed in that
    order; with `marked`, each part says whether it is right (✓) or wrong (✗, with the right one)."""
    if response is None:
        return "(skipped)"
    shown = Shown(option_order=tuple(option_order), item_order=tuple(item_order))
    return type_of(question).describe_response(question, response, shown, marked)


def describe_right_answer(
    question: Question, *, option_order: Sequence[str] = (), item_order: Sequence[int] = ()
) -> str:
    """The right answer in words. Only what earns full points is called right; partial credit is named
    with its percentage (`half credit (50%)`), never listed as right. Options and matching items are listed
    in the order an attempt showed them, when given (see `describe_response`)."""
    shown = Shown(option_order=tuple(option_order), item_order=tuple(item_order))
    return type_of(question).describe_right_answer(question, shown)
