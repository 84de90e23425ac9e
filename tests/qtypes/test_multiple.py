"""`multiple` questions: their scoring, plain-mode typing, xAPI and GIFT, in one place."""

from __future__ import annotations

from typing import Any

import pytest

from course.plain.answers import parse
from course.qtypes.base import Response
from course.scoring import score
from tests.answers import option_keys_as_written
from tests.qtypes.builders import multiple, played

# -- scoring ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("picked", "expected"),
    [
        ([], 0.0),
        (["a"], 0.5),
        (["a", "b"], 1.0),
        (["b", "a"], 1.0),
        (["a", "c"], 0.0),  # 1/2 - 1/2
        (["a", "b", "c"], 0.5),  # 1 - 1/2
        (["a", "b", "c", "d"], 0.0),  # picking every option scores 0
        (["c"], 0.0),  # never below zero
        (["c", "d"], 0.0),
        (["a", "a", "a"], 0.5),  # a repeated key counts once
        (["a", "nope", 7, None], 0.5),  # unknown keys and non-strings are ignored
    ],
)
def test_multiple_partial_credit(picked, expected) -> None:
    assert score(multiple(points=2), picked).score == pytest.approx(2 * expected)


def test_multiple_uneven_right_and_wrong() -> None:
    q = multiple(right=3, wrong=1, points=1)  # R = 3, W = 1
    assert score(q, ["a"]).score == pytest.approx(1 / 3)
    assert score(q, ["a", "b"]).score == pytest.approx(2 / 3)
    assert score(q, ["a", "b", "c"]).score == 1 and score(q, ["a", "b", "c"]).correct
    assert score(q, ["a", "b", "d"]).score == 0  # 2/3 - 1
    assert score(q, ["a", "b", "c", "d"]).score == 0
    q = multiple(right=1, wrong=3, points=1)  # R = 1, W = 3
    assert score(q, ["a", "b"]).score == pytest.approx(2 / 3)
    assert score(q, ["a", "b", "c"]).score == pytest.approx(1 / 3)


def test_multiple_all_right_options_and_no_wrong_ones() -> None:
    q = multiple(right=3, wrong=0)
    assert score(q, ["a", "b", "c"]).score == 1
    assert score(q, ["a"]).score == pytest.approx(1 / 3)


def test_multiple_wrong_shape_scores_zero() -> None:
    assert score(multiple(), "a").score == 0
    assert score(multiple(), {"a": True}).score == 0


# -- plain mode ------------------------------------------------------------------------------------------


def test_all_that_apply_takes_several_numbers_in_the_order_shown(quiz):
    shown = played(quiz, "q-multiple")
    keys = shown.option_order
    assert parse(shown, "3 1") == [keys[0], keys[2]]
    assert parse(shown, "1,3") == [keys[0], keys[2]]
    assert parse(shown, "2 2") == [keys[1]]
    assert parse(shown, "1 4").message.startswith("There is no option 4.")
    assert "not a list of option numbers" in parse(shown, "1 and 3").message


# -- a right and a wrong answer, worked out from the quiz file (tests.answers: for tests that walk whole quizzes)


def right_as_written(data: dict[str, Any]) -> Response:
    return [k for k, correct in option_keys_as_written(data) if correct]


def wrong_as_written(data: dict[str, Any]) -> Response:
    return [k for k, correct in option_keys_as_written(data) if not correct]
