"""`numeric` questions: their scoring, plain-mode typing, xAPI and GIFT, in one place."""

from __future__ import annotations

from typing import Any

import pytest

from course.plain.answers import choices_lines, parse
from course.qtypes.base import Response
from course.scoring import parse_number, score
from tests.qtypes.builders import numeric, played

# -- scoring ---------------------------------------------------------------------------------------------


def test_numeric_exact_and_tolerance() -> None:
    q = numeric(answer=6)
    assert score(q, 6).score == 1 and score(q, 6.0).score == 1
    assert score(q, 7).score == 0 and score(q, 5.999).score == 0
    q = numeric(answer=400, tolerance=5)
    for value in (395, 400, 405, 398.5):
        assert score(q, value).score == 1, value
    for value in (394.99, 405.01, -400):
        assert score(q, value).score == 0, value


def test_numeric_range() -> None:
    q = numeric(min=20, max=40, points=0.5)
    assert score(q, 20).score == 0.5 and score(q, 40).score == 0.5 and score(q, 33.3).score == 0.5
    assert score(q, 19.9).score == 0 and score(q, 40.1).score == 0


def test_numeric_tolerance_survives_floating_point() -> None:
    q = numeric(answer=0.3, tolerance=0.1)
    assert score(q, 0.2).score == 1 and score(q, 0.4).score == 1  # 0.3 - 0.1 != 0.2 in floats
    assert score(q, 0.1 + 0.2).score == 1


@pytest.mark.parametrize(
    ("text", "value"),
    [("6", 6.0), (" 6 ", 6.0), ("1,000", 1000.0), ("1 000", 1000.0), ("1_000", 1000.0), ("-2.5", -2.5), ("1e3", 1000.0)],
)
def test_numeric_text_input(text: str, value: float) -> None:
    assert parse_number(text) == value
    assert score(numeric(answer=value), text).score == 1


@pytest.mark.parametrize("bad", ["six", "", "nan", "inf", "-inf", "1.2.3", True, False, [6], {"a": 6}, float("nan"), float("inf")])
def test_numeric_unreadable_input_scores_zero(bad) -> None:
    assert parse_number(bad) is None
    assert score(numeric(answer=6), bad).score == 0


def test_numeric_model_rules() -> None:
    for bad in ({}, {"answer": 1, "min": 0, "max": 2}, {"min": 1}, {"min": 3, "max": 2}, {"answer": 1, "tolerance": -1}):
        with pytest.raises(ValueError):
            numeric(**bad)


def test_a_typed_number_with_a_comma_or_words_has_a_problem_in_words():
    from course.scoring import typed_number_problem

    assert typed_number_problem("8.5") is None and typed_number_problem(" -3 ") is None
    assert typed_number_problem("") is None  # nothing typed: not a problem, just no answer yet
    assert "comma" in typed_number_problem("8,5") and "8,5" in typed_number_problem("8,5")
    assert "not a number" in typed_number_problem("six")


# -- plain mode ------------------------------------------------------------------------------------------


def test_a_number_is_digits_and_a_decimal_comma_is_refused(quiz):
    shown = played(quiz, "q-numeric")
    assert parse(shown, "2") == 2 and isinstance(parse(shown, "2"), int)
    assert parse(shown, "2.5") == 2.5
    assert parse(shown, "8,5").message.startswith("“8,5” has a comma")
    assert parse(shown, "two").message.startswith("“two” is not a number")
    assert choices_lines(shown) == ["The answer is in lessons."]


# -- a right and a wrong answer, worked out from the quiz file (tests.answers: for tests that walk whole quizzes)


def right_as_written(data: dict[str, Any]) -> Response:
    spec = next((a for a in data.get("answers", []) if a.get("weight", 1) >= 1 and not a.get("other")), data)
    if spec.get("answer") is not None:
        return spec["answer"]
    return (spec["min"] + spec["max"]) / 2


def wrong_as_written(data: dict[str, Any]) -> Response:
    specs = [a for a in data.get("answers", []) if not a.get("other")] or [data]
    highs = []
    for spec in specs:
        if spec.get("answer") is not None:
            low, high = spec["answer"] - spec.get("tolerance", 0), spec["answer"] + spec.get("tolerance", 0)
        else:
            low, high = spec["min"], spec["max"]
        highs.append(high + abs(high - low))
    return max(highs) + 1000
