"""`ordering` questions: their scoring, plain-mode typing, xAPI and GIFT, in one place."""

from __future__ import annotations

from typing import Any

import pytest

from course.plain.answers import parse
from course.qtypes.base import Response
from course.scoring import score
from tests.qtypes.builders import ordering, played

# -- scoring ---------------------------------------------------------------------------------------------


def test_ordering_fraction_of_positions() -> None:
    q = ordering(4, points=4)
    assert score(q, [0, 1, 2, 3]).score == 4
    assert score(q, [1, 0, 2, 3]).score == 2
    assert score(q, [3, 2, 1, 0]).score == 0
    assert score(q, [0, 2, 3, 1]).score == 1
    assert score(q, [1, 2, 3, 0]).score == 0


@pytest.mark.parametrize("bad", [[0, 1, 2], [0, 1, 2, 3, 4], [0, 0, 1, 2], [0, 1, 2, 5], [0, 1, 2, "3"], [False, 1, 2, 3], "0123", 3])
def test_ordering_not_a_permutation_scores_zero(bad) -> None:
    assert score(ordering(4), bad).score == 0


# -- plain mode ------------------------------------------------------------------------------------------


def test_an_order_names_the_items_as_numbered(quiz):
    shown = played(quiz, "q-order")
    items = shown.question.items
    shown_items = [items[i] for i in shown.item_order]  # what the learner reads as 1, 2, 3
    typed = " ".join(str(shown_items.index(item) + 1) for item in items)  # the right order
    assert parse(shown, typed) == [0, 1, 2]
    assert score(shown.question, parse(shown, typed)).correct
    assert parse(shown, "1 2").message.startswith("Item 3 is missing: give all 3 items.")
    assert parse(shown, "1 1 2").message.startswith("Item 1 is there twice")
    assert parse(shown, "1 2 4").message.startswith("There is no item 4.")


# -- a right and a wrong answer, worked out from the quiz file (tests.answers: for tests that walk whole quizzes)


def right_as_written(data: dict[str, Any]) -> Response:
    return list(range(len(data["items"])))  # the order the items are written in


def wrong_as_written(data: dict[str, Any]) -> Response:
    n = len(data["items"])
    return list(range(1, n)) + [0]
