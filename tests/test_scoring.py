"""Scoring every question type, with the partial credit documented in docs/authoring.md."""

from __future__ import annotations

import math

import pytest

from course.content.models import (
    MatchingQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderingQuestion,
    ShortQuestion,
    SingleQuestion,
    TrueFalseQuestion,
)
from course.scoring import (
    describe_response,
    describe_right_answer,
    edit_distance,
    normalize_text,
    parse_number,
    right_response,
    score,
)

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


# ---------------------------------------------------------------------------- single and true/false


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


def test_true_false() -> None:
    q = TrueFalseQuestion.model_validate({
        "id": "t", "type": "true_false", **BASE, "answer": False, "feedback_true": "Nope.", "feedback_false": "Right.",
    })
    assert score(q, False).score == 1 and score(q, False).feedback == ["Right."]
    assert score(q, True).score == 0 and score(q, True).feedback == ["Nope."]
    assert score(q, "false").score == 0  # only a bool is an answer
    assert score(q, 0).score == 0


def test_skipped_scores_zero_and_is_not_correct() -> None:
    for q in (single(), multiple(), matching(), ordering(), short(), numeric(answer=1)):
        result = score(q, None)
        assert result.score == 0 and not result.correct and result.points == q.points


def test_zero_point_question() -> None:
    q = single(points=0)
    assert score(q, "a").score == 0 and score(q, "a").correct and score(q, "a").fraction == 1.0
    assert not score(q, "b").correct and score(q, "b").fraction == 0.0


# ---------------------------------------------------------------------------- multiple


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


# ---------------------------------------------------------------------------- matching and ordering


def test_matching_fraction_of_items() -> None:
    q = matching()
    assert score(q, ["M0", "M1", "M2", "M3"]).score == 1
    assert score(q, ["M0", "M1", "D", ""]).score == 0.5
    assert score(q, ["M1", "M0", "M3", "M2"]).score == 0
    assert score(q, ["M0"]).score == 0.25  # short lists: missing items are unmatched
    assert score(q, ["M0", "M1", "M2", "M3", "extra"]).score == 1
    assert score(q, ["M0", 1, None, "M3"]).score == 0.5
    assert score(q, "M0").score == 0


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


# ---------------------------------------------------------------------------- short


@pytest.mark.parametrize(
    "given",
    ["service level agreement", "Service Level Agreement", "  service   level agreement  ", "service level agreement!",
     "SERVICE LEVEL AGREEMENT.", "S.L.A.", "sla", "Sla?", "service\tlevel\nagreement"],
)
def test_short_ignores_case_punctuation_and_spaces(given: str) -> None:
    assert score(short(), given).score == 1


def test_short_hyphen_is_punctuation_and_spacing_does_not_matter() -> None:
    assert normalize_text(" The  S.L.A! ") == "the sla"
    assert normalize_text("service-level") == "servicelevel"
    assert score(short(), "servicelevelagreement").score == score(short(), "service level agreement").score
    assert score(short(), "servicelevelagreement").score > 0
    assert score(short(), "service levels agreement").score == 0


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


# ---------------------------------------------------------------------------- numeric


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


# ---------------------------------------------------------------------------- right answers and descriptions


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


@pytest.mark.parametrize("text", [":", "...", " - ", "!?", "\u3000?"])
def test_short_answer_of_only_punctuation_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="letters or digits"):
        ShortQuestion.model_validate({"id": "sh", "type": "short", **BASE, "answers": [text, "real"]})


def test_short_answer_hyphen_or_space_is_the_same_answer():
    from course.content.models import ShortQuestion
    from course.scoring import score

    q = ShortQuestion(type="short", id="q", prompt="p", explanation="e", answers=["service level agreement", "e-mail"])
    for typed in ("service-level agreement", "Service Level Agreement.", "servicelevel agreement", "email", "E mail"):
        assert score(q, typed).correct, typed
    assert not score(q, "service agreement").correct


def test_a_typed_number_with_a_comma_or_words_has_a_problem_in_words():
    from course.scoring import typed_number_problem

    assert typed_number_problem("8.5") is None and typed_number_problem(" -3 ") is None
    assert typed_number_problem("") is None  # nothing typed: not a problem, just no answer yet
    assert "comma" in typed_number_problem("8,5") and "8,5" in typed_number_problem("8,5")
    assert "not a number" in typed_number_problem("six")
