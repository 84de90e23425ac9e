"""`single` questions: their scoring, plain-mode typing, xAPI and GIFT, in one place."""

from __future__ import annotations

from typing import Any

from course.content.models import SingleQuestion
from course.plain.answers import Refused, parse
from course.qtypes.base import Response
from course.scoring import score
from tests.answers import option_keys_as_written
from tests.qtypes.builders import BASE, played, single

# -- scoring ---------------------------------------------------------------------------------------------


def test_single_all_or_nothing_with_option_feedback() -> None:
    q = single(points=3)
    right = score(q, "a")
    assert (right.score, right.points, right.correct, right.fraction) == (3, 3, True, 1.0)
    assert right.feedback == ["Yes."]
    wrong = score(q, "b")
    assert (wrong.score, wrong.correct) == (0, False) and wrong.feedback == ["No, not that."]
    assert score(q, "pinned").score == 0
    assert score(q, "zzz").score == 0


def test_single_feedback_wrong_is_added_when_not_fully_right() -> None:
    q = single(feedback_wrong="Re-read the section.")
    assert score(q, "b").feedback == ["No, not that.", "Re-read the section."]
    assert score(q, "a").feedback == ["Yes."]


def test_single_uses_explicit_option_ids() -> None:
    q = SingleQuestion.model_validate({
        "id": "s", "type": "single", **BASE,
        "options": [{"id": "no", "text": "No"}, {"id": "yes", "text": "Yes", "correct": True}],
    })
    assert score(q, "yes").score == 1 and score(q, "b").score == 0 and score(q, "no").score == 0


# -- plain mode ------------------------------------------------------------------------------------------


def test_one_answer_is_an_option_number(quiz):
    shown = played(quiz, "q-single")
    assert parse(shown, "2") == shown.option_order[1]
    assert parse(shown, " 1 ") == shown.option_order[0]
    assert parse(shown, "3") == Refused("There is no option 3. Type the number of one option, from 1 to 2.")
    assert "not one option's number" in parse(shown, "1 2").message
    assert "not one option's number" in parse(shown, "Outsourcing").message
    assert parse(shown, "") == Refused("Nothing was typed. Type the number of one option, from 1 to 2.")


# -- a right and a wrong answer, worked out from the quiz file (tests.answers: for tests that walk whole quizzes)


def right_as_written(data: dict[str, Any]) -> Response:
    return next(k for k, correct in option_keys_as_written(data) if correct)  # any option marked correct is fully right


def wrong_as_written(data: dict[str, Any]) -> Response:
    credited = [bool(o.get("weight")) for o in data["options"]]
    keys = option_keys_as_written(data)
    return next(k for (k, correct), partly in zip(keys, credited, strict=True) if not correct and not partly)
