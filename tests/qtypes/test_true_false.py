"""`true_false` questions: their scoring, plain-mode typing, xAPI and GIFT, in one place."""

from __future__ import annotations

from typing import Any

from course.content.models import TrueFalseQuestion
from course.plain.answers import parse
from course.qtypes.base import Response
from course.scoring import score
from tests.qtypes.builders import BASE, played

# -- scoring ---------------------------------------------------------------------------------------------


def test_true_false() -> None:
    q = TrueFalseQuestion.model_validate({
        "id": "t", "type": "true_false", **BASE, "answer": False, "feedback_true": "Nope.", "feedback_false": "Right.",
    })
    assert score(q, False).score == 1 and score(q, False).feedback == ["Right."]
    assert score(q, True).score == 0 and score(q, True).feedback == ["Nope."]
    assert score(q, "false").score == 0  # only a bool is an answer
    assert score(q, 0).score == 0


# -- plain mode ------------------------------------------------------------------------------------------


def test_true_or_false_is_1_or_2_or_the_word(quiz):
    shown = played(quiz, "q-tf")
    assert parse(shown, "1") is True and parse(shown, "True") is True
    assert parse(shown, "2") is False and parse(shown, "false") is False
    assert parse(shown, "3").message.endswith("Type 1 for True or 2 for False.")


# -- a right and a wrong answer, worked out from the quiz file (tests.answers: for tests that walk whole quizzes)


def right_as_written(data: dict[str, Any]) -> Response:
    return bool(data["answer"])


def wrong_as_written(data: dict[str, Any]) -> Response:
    return not data["answer"]
