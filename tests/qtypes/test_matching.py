"""`matching` questions: their scoring, plain-mode typing, xAPI and GIFT, in one place."""

from __future__ import annotations

from typing import Any

from course.plain.answers import choices_lines, letter, parse
from course.qtypes.base import Response
from course.scoring import score
from tests.qtypes.builders import matching, played

# -- scoring ---------------------------------------------------------------------------------------------


def test_matching_fraction_of_items() -> None:
    q = matching()
    assert score(q, ["M0", "M1", "M2", "M3"]).score == 1
    assert score(q, ["M0", "M1", "D", ""]).score == 0.5
    assert score(q, ["M1", "M0", "M3", "M2"]).score == 0
    assert score(q, ["M0"]).score == 0.25  # short lists: missing items are unmatched
    assert score(q, ["M0", "M1", "M2", "M3", "extra"]).score == 1
    assert score(q, ["M0", 1, None, "M3"]).score == 0.5
    assert score(q, "M0").score == 0


# -- plain mode ------------------------------------------------------------------------------------------


def test_matching_gives_each_item_the_letter_of_its_match(quiz):
    shown = played(quiz, "q-match")
    question = shown.question
    lines = choices_lines(shown)
    assert lines[0] == "Items:" and "Matches:" in lines
    letters = {match: letter(i) for i, match in enumerate(shown.choice_order)}
    numbered = [question.pairs[i] for i in shown.item_order]
    typed = " ".join(f"{n}={letters[pair.match]}" for n, pair in enumerate(numbered, 1))
    assert parse(shown, typed) == [pair.match for pair in question.pairs]
    assert score(question, parse(shown, typed)).correct
    assert parse(shown, typed.replace("=", "")) == parse(shown, typed.upper().replace(" ", ", "))
    only_first = parse(shown, f"1={letters[numbered[0].match]}")
    assert only_first.count("") == 1  # the other item has no match (the mode asks before taking it)
    assert parse(shown, "1=z").message.startswith("There is no match z: the matches are a to b.")
    assert parse(shown, "3=a").message.startswith("There is no item 3.")
    assert parse(shown, "1=a 1=b").message.startswith("Item 1 is given twice")
    assert "is not an item and its match" in parse(shown, "first=a").message


# -- a right and a wrong answer, worked out from the quiz file (tests.answers: for tests that walk whole quizzes)


def right_as_written(data: dict[str, Any]) -> Response:
    return [pair["match"] for pair in data["pairs"]]


def wrong_as_written(data: dict[str, Any]) -> Response:
    matches = [pair["match"] for pair in data["pairs"]]
    return matches[1:] + matches[:1]
