"""Right and wrong responses for any question, for tests that walk whole quizzes."""

from __future__ import annotations

from course.content.models import (
    MatchingQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderingQuestion,
    Question,
    ShortQuestion,
    SingleQuestion,
    TrueFalseQuestion,
)
from course.scoring import Response, right_response


def right(question: Question) -> Response:
    return right_response(question)


def wrong(question: Question) -> Response:
    """A response that earns nothing."""
    if isinstance(question, SingleQuestion):
        return next(k for k in question.option_keys() if k not in question.correct_keys())
    if isinstance(question, MultipleQuestion):
        return [k for k in question.option_keys() if k not in question.correct_keys()]
    if isinstance(question, TrueFalseQuestion):
        return not question.answer
    if isinstance(question, MatchingQuestion):
        matches = [p.match for p in question.pairs]
        return matches[1:] + matches[:1]
    if isinstance(question, OrderingQuestion):
        n = len(question.items)
        return list(range(1, n)) + [0]
    if isinstance(question, ShortQuestion):
        return "zzzz qqqq xxxx"
    if isinstance(question, NumericQuestion):
        low, high = question.bounds()
        return high + abs(high - low) + 1000
    raise TypeError(type(question).__name__)
