"""`short` questions: their scoring, plain-mode typing, xAPI and GIFT, in one place."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course.content.models import ShortQuestion
from course.exporters.gift import quiz_to_gift
from course.importers.to_quiz import gift_to_quiz
from course.plain.answers import parse
from course.qtypes.base import Response
from course.scoring import edit_distance, normalize_text, score
from tests.gift_roundtrip import QUESTION
from tests.qtypes.builders import BASE, played, short
from tests.qtypes.builders import quiz_of as _quiz

# -- scoring ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "given",
    ["service level agreement", "Service Level Agreement", "  service   level agreement  ", "service level agreement!",
     "SERVICE LEVEL AGREEMENT.", "S.L.A.", "sla", "Sla?", "service\tlevel\nagreement"],
)
def test_short_ignores_case_punctuation_and_spaces(given: str) -> None:
    assert score(short(), given).score == 1


def test_short_a_space_between_words_matters_a_run_of_spaces_does_not() -> None:
    assert normalize_text(" The  S.L.A! ") == "the sla"
    assert normalize_text("service-level") == "servicelevel"
    assert score(short(), "service   level\tagreement").score == 1
    # Moodle refuses a word run into the next; so does the course ("Noone" is not "no one").
    assert score(short(), "servicelevelagreement").score == 0
    assert score(short(), "servicelevel agreement").score == 0
    assert score(short(), "service levels agreement").score == 0
    no_one = ShortQuestion.model_validate({"id": "n", "type": "short", **BASE, "answers": ["no one"]})
    for typed in ("no one", "No One.", "  no   one ", "the no ones"):
        assert score(no_one, typed).correct, typed
    for typed in ("Noone", "noone", "no-one-else", "n o one"):
        assert not score(no_one, typed).correct, typed


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text("bcdfghjklmnpqrvwxz", min_size=3, max_size=8), min_size=2, max_size=4), st.data())
def test_short_joining_two_words_of_the_answer_is_wrong(words: list[str], data: st.DataObject) -> None:
    """Any accepted answer of several words: the same words with one space taken out score nothing, while
    case and extra spaces still do not matter."""
    question = ShortQuestion.model_validate({"id": "p", "type": "short", **BASE, "answers": [" ".join(words)]})
    at = data.draw(st.integers(1, len(words) - 1))
    joined = " ".join([*words[: at - 1], words[at - 1] + words[at], *words[at + 1 :]])
    assert not score(question, joined).correct, joined
    assert score(question, "  ".join(words).upper()).correct


@pytest.mark.parametrize("given", ["", "   ", "...", "agreement", "service level", "SLAs agreement"])
def test_short_wrong_answers(given: str) -> None:
    assert score(short(), given).score == 0


def test_short_fuzzy_tolerance() -> None:
    exact = short()
    fuzzy1 = short(fuzzy=1)
    fuzzy2 = short(fuzzy=2)
    typo1 = "service levle agreement"  # 2 edits (transposition) as Levenshtein counts it
    typo_one = "servise level agreement"  # 1 substitution
    assert score(exact, typo_one).score == 0
    assert score(fuzzy1, typo_one).score == 1
    assert score(fuzzy1, "service level agreemen").score == 1  # one deletion
    assert score(fuzzy1, typo1).score == 0
    assert score(fuzzy2, typo1).score == 1
    # answers shorter than 5 characters must be exact, whatever fuzzy says
    assert score(fuzzy2, "slb").score == 0
    assert score(fuzzy2, "sl").score == 0


def test_short_weights_take_the_best_match_with_its_feedback() -> None:
    q = ShortQuestion.model_validate({
        "id": "sh", "type": "short", **BASE, "fuzzy": 1, "points": 2, "feedback_wrong": "Hint.",
        "answers": [
            {"text": "service level agreement", "feedback": "Exactly."},
            {"text": "contract", "weight": 0.5, "feedback": "Close."},
            {"text": "agreement", "weight": 0.25},
        ],
    })
    full = score(q, "Service level agreement")
    assert (full.score, full.feedback) == (2, ["Exactly."])
    half = score(q, "a contract")
    assert (half.score, half.feedback) == (1, ["Close.", "Hint."])  # a leading article does not matter
    assert score(q, "the contracts").score == 1
    half = score(q, "Contract.")
    assert (half.score, half.feedback) == (1, ["Close.", "Hint."])
    assert score(q, "agreemnt").score == 0.5  # fuzzy match of the 0.25 answer
    assert score(q, "nothing like it").score == 0


@pytest.mark.parametrize("weights", [[0], [0.5], [0.5, 0.99], []])
def test_short_needs_an_answer_worth_full_points(weights) -> None:
    answers = [{"text": f"answer {i}", "weight": w} for i, w in enumerate(weights)]
    with pytest.raises(ValueError, match="worth full points"):
        ShortQuestion.model_validate({"id": "sh", "type": "short", **BASE, "answers": answers})


def test_edit_distance() -> None:
    assert edit_distance("kitten", "sitting", 5) == 3
    assert edit_distance("abc", "abc", 0) == 0
    assert edit_distance("abc", "abd", 0) == 1  # over the limit: limit + 1
    assert edit_distance("a", "abcdef", 2) == 3
    assert edit_distance("", "ab", 3) == 2


@pytest.mark.parametrize("text", [":", "...", " - ", "!?", "\u3000?"])
def test_short_answer_of_only_punctuation_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="letters or digits"):
        ShortQuestion.model_validate({"id": "sh", "type": "short", **BASE, "answers": [text, "real"]})


def test_short_answer_hyphen_or_space_is_the_same_answer():
    from course.content.models import ShortQuestion
    from course.scoring import score

    q = ShortQuestion(type="short", id="q", prompt="p", explanation="e", answers=["service level agreement", "e-mail"])
    # A dash may be typed as a dash, a space or nothing; a space where the answer has one may be a dash.
    for typed in ("service-level agreement", "Service Level Agreement.", "email", "E mail", "e-mails", "E-MAIL"):
        assert score(q, typed).correct, typed
    for typed in ("service agreement", "servicelevel agreement", "e--m ail", "em ail"):
        assert not score(q, typed).correct, typed


# -- plain mode ------------------------------------------------------------------------------------------


def test_a_short_answer_is_the_words_typed(quiz):
    shown = played(quiz, "q-short")
    assert parse(shown, "  service level agreement ") == "service level agreement"
    assert "at most 200" in parse(shown, "x" * 201).message


# -- GIFT ------------------------------------------------------------------------------------------------


def _moodle_weight(answers: list, typed: str) -> float:
    """Moodle's short answer: the first answer equal to the typed text, ignoring case only (`*` any text)."""
    for answer in answers:
        pattern = ".*".join(re.escape(p) for p in answer.text.split("*")) if answer.wildcard else re.escape(answer.text)
        if re.fullmatch(pattern, typed.strip(), flags=re.IGNORECASE | re.S):
            return float(answer.weight)
    return 0.0


@pytest.mark.parametrize(
    ("answers", "typed"),
    [
        (["KPI", "key performance indicator"], ["the KPI", "KPIs", "a kpis", "the key performance indicators"]),
        (["a whole business process"], ["whole business process", "The whole business processes", "an whole business process"]),
        (["the due diligence"], ["due diligence", "a due diligence", "due diligences"]),
        ([{"text": "contract", "weight": 0.5}, {"text": "agreement"}, {"text": "*", "wildcard": True, "weight": 0}],
         ["the contract", "contracts", "agreements", "an agreement", "anything"]),
        ([{"text": "Ban*", "wildcard": True}, {"text": "*agreement", "wildcard": True, "weight": 0.5}],
         ["the Bangalore", "service agreements", "the agreement"]),
    ],
)
def test_moodle_scores_the_forms_this_course_accepts_the_same(answers: list, typed: list[str]) -> None:
    """The export lists each answer's forms with an article and in the other number, which Moodle (ignoring
    case only) would otherwise mark wrong."""
    quiz = _quiz({"type": "short", "answers": answers})
    exported = QUESTION.validate_python(gift_to_quiz(quiz_to_gift(quiz).text, "x").quiz["questions"][0])
    question = quiz.questions[0]
    for text in typed:
        assert _moodle_weight(exported.answers, text) == score(question, text).fraction, text


# -- a right and a wrong answer, worked out from the quiz file (tests.answers: for tests that walk whole quizzes)


def right_as_written(data: dict[str, Any]) -> Response:
    return next(a["text"] for a in data["answers"] if a.get("weight", 1) >= 1)


def wrong_as_written(data: dict[str, Any]) -> Response:
    return "zzzz qqqq xxxx"
