"""Small questions of each type, built in code, for the tests of each type (tests/qtypes/test_<type>.py)."""

from __future__ import annotations

from typing import Any

from course.content.models import (
    MatchingQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderingQuestion,
    Quiz,
    ShortQuestion,
    SingleQuestion,
)
from course.quizrun import PlayedQuestion, play

BASE = {"prompt": "P?", "explanation": "Because."}


def single(**kw) -> SingleQuestion:
    return SingleQuestion.model_validate({
        "id": "s", "type": "single", **BASE,
        "options": [
            {"text": "Right", "correct": True, "feedback": "Yes."},
            {"text": "Wrong", "feedback": "No, not that."},
            {"id": "pinned", "text": "None", "pinned": True},
        ],
        **kw,
    })


def multiple(right: int = 2, wrong: int = 2, points: float = 1) -> MultipleQuestion:
    options = [{"text": f"R{i}", "correct": True} for i in range(right)] + [{"text": f"W{i}"} for i in range(wrong)]
    return MultipleQuestion.model_validate({"id": "m", "type": "multiple", **BASE, "options": options, "points": points})


def matching() -> MatchingQuestion:
    return MatchingQuestion.model_validate({
        "id": "mt", "type": "matching", **BASE, "distractors": ["D"],
        "pairs": [{"item": f"I{i}", "match": f"M{i}"} for i in range(4)],
    })


def ordering(n: int = 4, points: float = 1) -> OrderingQuestion:
    return OrderingQuestion.model_validate({
        "id": "o", "type": "ordering", **BASE, "items": [f"step {i}" for i in range(n)], "points": points,
    })


def short(**kw) -> ShortQuestion:
    return ShortQuestion.model_validate({
        "id": "sh", "type": "short", **BASE, "answers": ["service level agreement", "SLA"], **kw,
    })


def numeric(**kw) -> NumericQuestion:
    return NumericQuestion.model_validate({"id": "n", "type": "numeric", **BASE, **kw})




def _single_right_second() -> SingleQuestion:
    return SingleQuestion.model_validate({
        "id": "s2", "type": "single", **BASE,
        "options": [{"text": "Wrong"}, {"text": "Right", "correct": True}, {"text": "Also wrong"}],
    })


def _multiple_mixed() -> MultipleQuestion:
    return MultipleQuestion.model_validate({
        "id": "m2", "type": "multiple", **BASE,
        "options": [{"text": "W0"}, {"id": "r1", "text": "R1", "correct": True}, {"text": "W2"},
                    {"text": "R3", "correct": True}],
    })


def _short_weighted() -> ShortQuestion:
    return ShortQuestion.model_validate({
        "id": "sh2", "type": "short", **BASE,
        "answers": [{"text": "half right", "weight": 0.5}, {"text": "fully right"}, {"text": "nearly", "weight": 0.9}],
    })


def played(quiz: Quiz, qid: str, seed: int = 7, shuffle: bool = True) -> PlayedQuestion:
    """A question of `quiz` as an attempt with `seed` shows it (plain-mode tests)."""
    question = quiz.question(qid)
    assert question is not None
    return play(quiz, question, qid, seed, shuffle)


def quiz_of(*questions: dict[str, Any]) -> Quiz:
    """A quiz of the questions given as tables (each gets an id, a prompt and an explanation)."""
    return Quiz.model_validate(
        {"id": "x", "title": "X", "questions": [{"id": f"q{i}", **BASE, **q} for i, q in enumerate(questions, 1)]}
    )
