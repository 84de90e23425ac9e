"""Scoring every question type, with the partial credit documented in docs/authoring.md."""

from __future__ import annotations

import math

import pytest

from course.content.models import (
    TrueFalseQuestion,
)
from course.scoring import (
    describe_response,
    describe_right_answer,
    right_response,
    score,
)
from tests.qtypes.builders import (
    BASE,
    _multiple_mixed,
    _short_weighted,
    _single_right_second,
    matching,
    multiple,
    numeric,
    ordering,
    short,
    single,
)

# ---------------------------------------------------------------------------- single and true/false


def test_skipped_scores_zero_and_is_not_correct() -> None:
    for q in (single(), multiple(), matching(), ordering(), short(), numeric(answer=1)):
        result = score(q, None)
        assert result.score == 0 and not result.correct and result.points == q.points


def test_zero_point_question() -> None:
    q = single(points=0)
    assert score(q, "a").score == 0 and score(q, "a").correct and score(q, "a").fraction == 1.0
    assert not score(q, "b").correct and score(q, "b").fraction == 0.0


# ---------------------------------------------------------------------------- multiple


# ---------------------------------------------------------------------------- matching and ordering


# ---------------------------------------------------------------------------- short


# ---------------------------------------------------------------------------- numeric


# ---------------------------------------------------------------------------- right answers and descriptions


# Each question with the right answer written out by hand from its definition above, so that a mistake in
# right_response cannot hide behind itself.
RIGHT_ANSWERS = [
    pytest.param(single(), "a", id="single-first"),
    pytest.param(_single_right_second(), "b", id="single-second"),
    pytest.param(multiple(3, 1), ["a", "b", "c"], id="multiple"),
    pytest.param(_multiple_mixed(), ["r1", "d"], id="multiple-ids-and-letters"),
    pytest.param(TrueFalseQuestion.model_validate({"id": "t", "type": "true_false", **BASE, "answer": True}), True,
                 id="true"),
    pytest.param(TrueFalseQuestion.model_validate({"id": "f", "type": "true_false", **BASE, "answer": False}), False,
                 id="false"),
    pytest.param(matching(), ["M0", "M1", "M2", "M3"], id="matching"),
    pytest.param(ordering(5), [0, 1, 2, 3, 4], id="ordering"),
    pytest.param(short(), "service level agreement", id="short"),
    pytest.param(_short_weighted(), "fully right", id="short-weighted"),
    pytest.param(numeric(answer=2.5, tolerance=1), 2.5, id="numeric-tolerance"),
    pytest.param(numeric(min=-3, max=9), 3, id="numeric-range"),
]


@pytest.mark.parametrize("question, expected", RIGHT_ANSWERS)
def test_the_written_out_right_answer_earns_full_points(question, expected) -> None:
    result = score(question, expected)
    assert result.correct and math.isclose(result.score, question.points)


@pytest.mark.parametrize("question, expected", RIGHT_ANSWERS)
def test_right_response_earns_full_points(question, expected) -> None:
    assert right_response(question) == expected
    result = score(question, right_response(question))
    assert result.correct and math.isclose(result.score, question.points)


def test_descriptions() -> None:
    assert describe_response(single(), "a") == "Right"
    assert describe_response(multiple(), ["a", "c"]) == "R0; W0"
    assert describe_response(multiple(), []) == "(nothing chosen)"
    assert describe_response(single(), None) == "(skipped)"
    assert describe_response(ordering(3), [2, 0, 1]) == "step 2 → step 0 → step 1"
    assert describe_response(matching(), ["M0", ""]) == "• I0 → M0\n• I1 → (none)"
    assert describe_response(numeric(answer=6, unit="days"), "6") == "6 days"
    assert describe_right_answer(numeric(answer=6, tolerance=0.5, unit="days")) == "6 days (± 0.5)"
    assert describe_right_answer(numeric(min=1, max=2)) == "between 1 and 2"
    assert describe_right_answer(short()) == "service level agreement / SLA"
    assert describe_right_answer(single()) == "Right"


