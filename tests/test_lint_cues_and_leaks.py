"""The item-writing rules on surface cues, answers printed in another question, typed-answer forms, wrong
options counted and one-answer questions with several keys: their margins, final exams' pools, and the
cue table any course folder can be measured with (`python -m course.content.cues DIR`)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from course.content import load_course
from course.content.cues import COMBINED, CUES, course_cues, main, quiz_cues
from course.content.leaks import exam_leaks, quiz_leaks
from course.content.lint import lint_quiz
from course.content.models import Quiz
from course.content.typed import forms, weaker_forms
from tests.conftest import FIXTURES

FLAWED = FIXTURES / "lint" / "flawed"
CLEAN = FIXTURES / "lint" / "clean"


def _quiz(*questions: dict[str, Any], **extra: Any) -> Quiz:
    listed = [{"id": f"q{i}", "prompt": "Which one?", "explanation": "So.", **q} for i, q in enumerate(questions)]
    return Quiz.model_validate({"id": "x", "title": "X exam", "questions": listed, **extra})


def _single(key: str, *wrong: str, prompt: str = "Which one?", **extra: Any) -> dict[str, Any]:
    options = [{"text": key, "correct": True}, *({"text": w} for w in wrong)]
    return {"type": "single", "prompt": prompt, "options": options, **extra}


def _multiple(right: list[str], wrong: list[str], prompt: str = "Which ones?") -> dict[str, Any]:
    options = [{"text": t, "correct": True} for t in right] + [{"text": t} for t in wrong]
    return {"type": "multiple", "prompt": prompt, "options": options}


def _short(*answers: Any, prompt: str = "What is it called?", **extra: Any) -> dict[str, Any]:
    return {"type": "short", "prompt": prompt, "answers": list(answers), **extra}


def _rules(quiz: Quiz, drawn: list[Quiz] | None = None) -> list[str]:
    return [f.rule for f in lint_quiz(quiz, drawn or [])]


# ---------------------------------------------------------------------------- shortest-option


@pytest.mark.parametrize(
    ("key", "wrong", "flagged"),
    [
        ("k" * 20, "d" * 30, True),  # 1.5 times and 10 longer
        ("k" * 20, "d" * 29, False),  # under 1.5 times
        ("k" * 10, "d" * 19, False),  # 1.9 times but only 9 longer
        ("k" * 10, "d" * 20, True),
        ("k" * 40, "d" * 10, False),
    ],
)
def test_shortest_option_needs_a_clear_margin(key: str, wrong: str, flagged: bool) -> None:
    assert ("shortest-option" in _rules(_quiz(_single(key, wrong, "d" * 60)))) is flagged


def test_a_multiple_choice_is_flagged_only_when_every_right_option_is_clearly_shorter() -> None:
    assert _rules(_quiz(_multiple(["a" * 5, "b" * 6], ["c" * 16, "d" * 20]))) == ["shortest-option"]
    assert _rules(_quiz(_multiple(["a" * 5, "b" * 7], ["c" * 16, "d" * 20]))) == []


def test_several_right_options_in_a_one_answer_question() -> None:
    two = _single("Offshore outsourcing", "Domestic outsourcing", "Captive offshoring")
    two["options"][2]["correct"] = True
    findings = lint_quiz(_quiz(two))
    assert [(f.rule, f.loc) for f in findings] == [("several-right-single", ["questions", 0, "options", 2])]
    assert _rules(_quiz(_single("Offshore outsourcing", "Domestic outsourcing", "Captive offshoring"))) == []


# ---------------------------------------------------------------------------- wrong-option-count


def _multiples(*wrong_counts: int) -> list[dict[str, Any]]:
    words = ["Currency swings", "Legal differences", "Time zones", "Travel costs", "Staff turnover", "Holidays"]
    return [_multiple(["Language gaps", "Contract risk"], words[:n], prompt=f"Which risks, {i}?") for i, n in enumerate(wrong_counts)]


@pytest.mark.parametrize(
    ("counts", "flagged"),
    [((2, 2, 2), True), ((2, 2), False), ((2, 2, 3), False), ((1, 1, 1, 1), True), ((3, 2, 2, 2), False)],
)
def test_wrong_option_count(counts: tuple[int, ...], flagged: bool) -> None:
    assert ("wrong-option-count" in _rules(_quiz(*_multiples(*counts)))) is flagged


def test_wrong_option_count_of_a_final_exam_counts_the_questions_its_draws_pick() -> None:
    source = Quiz.model_validate({"id": "risk-quiz", "title": "Risk", "lesson": "risk",
                                  "questions": _quiz(*_multiples(2, 2)).model_dump()["questions"]})
    exam = _quiz(*_multiples(2), draw=[{"from": "risk-quiz", "count": 2}])
    assert "wrong-option-count" not in _rules(exam)
    findings = [f for f in lint_quiz(exam, [source]) if f.rule == "wrong-option-count"]
    assert [f.loc for f in findings] == [["questions", 0, "options"]]
    assert "all 3 multiple-answer questions an attempt may show" in findings[0].reason
    assert _rules(exam.model_copy(update={"lint_ok": ["wrong-option-count"]}), [source]) == []


# ---------------------------------------------------------------------------- answer-in-sibling


def test_a_typed_answer_printed_in_another_prompt_or_options_leaks() -> None:
    quiz = _quiz(
        _short("service level agreement", "SLA"),
        _single("Penalties", "Parking", "Holidays", prompt="What can Service-Level Agreements say about misses?"),
    )
    leaks = list(quiz_leaks(quiz))
    assert [(leak.question.id, leak.term, leak.where.id, leak.part) for leak in leaks] == [
        ("q0", "service level agreement", "q1", "prompt")
    ]
    assert lint_quiz(quiz)[0].message.startswith("question 'q0': its answer 'service level agreement' is printed")


@pytest.mark.parametrize(
    ("answers", "sibling", "flagged"),
    [
        (["KPI", "key performance indicator"], "Which KPIs would you track?", True),  # another number
        (["KPI", "key performance indicator"], "Which KPIs, the?", True),
        (["the due diligence", "vetting"], "Before signing, due diligence takes weeks.", True),  # the article dropped
        (["SLA", "service level agreement"], "Which SLAS?", True),
        (["cost", "price"], "What does it cost?", True),
        (["offshoring", "moving work abroad"], "Which offshored work returns?", False),  # not the same word
        (["the process", "process"], "Which is the process?", True),
        (["a one", "one"], "Which one?", False),  # only very common words: no distinctive term
        (["KPI", "key performance indicator"], "What is a KPIX?", False),  # whole words only
    ],
)
def test_what_counts_as_printed(answers: list[str], sibling: str, flagged: bool) -> None:
    quiz = _quiz(_short(*answers), {"type": "true_false", "prompt": sibling, "answer": True})
    assert ("answer-in-sibling" in _rules(quiz)) is flagged


def test_a_choice_of_terms_leaks_only_when_the_key_alone_is_printed() -> None:
    question = _single("Offshore outsourcing", "Captive offshoring", "Domestic outsourcing")
    key_printed = {"type": "true_false", "prompt": "Offshore outsourcing moves work abroad.", "answer": True}
    both_printed = {"type": "true_false", "prompt": "Offshore outsourcing is not captive offshoring.", "answer": True}
    assert "answer-in-sibling" in _rules(_quiz(question, key_printed))
    assert "answer-in-sibling" not in _rules(_quiz(question, both_printed))
    statements = _single("Offshore outsourcing moves work to a provider abroad for the client firm", "x" * 70, "y" * 70)
    assert "answer-in-sibling" not in _rules(_quiz(statements, key_printed))  # options are statements, not terms


def test_lint_ok_silences_a_leak_on_the_question_whose_answer_is_printed() -> None:
    leaky = _short("service level agreement", "SLA", lint_ok=["answer-in-sibling"], lint_reason="asked twice on purpose")
    quiz = _quiz(leaky, {"type": "true_false", "prompt": "A service level agreement sets penalties.", "answer": True})
    assert "answer-in-sibling" not in _rules(quiz)


def _source(qid: str, *questions: dict[str, Any]) -> Quiz:
    listed = [{"id": f"{qid}-{i}", "prompt": "Which one?", "explanation": "So.", **q} for i, q in enumerate(questions)]
    return Quiz.model_validate({"id": qid, "title": qid, "lesson": qid, "questions": listed})


def test_a_final_exam_is_checked_with_the_questions_its_draws_may_pick() -> None:
    risk = _source("risk-quiz", _short("service level agreement", "SLA"))
    legal = _source("legal-quiz", {"type": "true_false", "prompt": "An SLA sets penalties.", "answer": True})
    exam = _quiz(
        _short("jurisdiction", "governing law"),
        {"type": "true_false", "prompt": "Which jurisdiction applies is set in the contract.", "answer": True},
        draw=[{"from": "risk-quiz", "count": 1}, {"from": "legal-quiz", "count": 1}],
    )
    found = {(f.question, tuple(f.loc)) for f in lint_quiz(exam, [risk, legal]) if f.rule == "answer-in-sibling"}
    # the exam's own question, and a drawn one whose answer a question drawn from another quiz prints
    assert found == {("q0", ("questions", 0)), ("risk-quiz-0", ("draw", 0))}
    assert not list(quiz_leaks(risk)) and not list(quiz_leaks(legal))


def test_questions_drawn_from_one_quiz_are_that_quiz_s_own_finding() -> None:
    risk = _source(
        "risk-quiz", _short("service level agreement", "SLA"),
        {"type": "true_false", "prompt": "An SLA sets penalties.", "answer": True},
    )
    exam = _quiz({"type": "true_false", "prompt": "Is it?", "answer": True}, draw=[{"from": "risk-quiz", "count": 2}])
    assert list(exam_leaks(exam, [risk])) == []
    assert [leak.question.id for leak in quiz_leaks(risk)] == ["risk-quiz-0"]


# ---------------------------------------------------------------------------- short-answer-forms


def test_forms_of_a_typed_answer() -> None:
    assert set(forms("cost-benefit analysis")) >= {"cost-benefit analyses", "the cost-benefit analysis", "COST-BENEFIT ANALYSIS"}
    assert set(forms("the KPIs")) >= {"KPIs", "the KPI"}


@pytest.mark.parametrize(
    ("answers", "weaker"),
    [
        (["cost-benefit analysis", "CBA"], ["cost-benefit analyses"]),
        (["cost-benefit analysis", "cost-benefit analyses"], []),
        (["key performance indicator", "KPI"], []),  # regular forms: the scoring folds them itself
        ([{"text": "*criterion", "wildcard": True}, "rule"], ["criteria"]),
        ([{"text": "crit*", "wildcard": True}, "rule"], []),
    ],
)
def test_short_answer_forms_scores_each_form_with_the_real_scorer(answers: list[Any], weaker: list[str]) -> None:
    question = _quiz(_short(*answers)).questions[0]
    bare = {re.sub(r"^(a|an|the) ", "", form) for _, form, *_ in weaker_forms(question)}  # type: ignore[arg-type]
    assert sorted(bare) == weaker


# ---------------------------------------------------------------------------- the cue-following guesser


def test_each_cue_and_the_combined_guesser_against_chance() -> None:
    figures = quiz_cues(load_course(FLAWED).quizzes["cue-guesser-exam"])
    hedged = figures.single["hedged"]
    assert (hedged.questions, hedged.hits, hedged.chance) == (6, 6.0, 1.5)
    assert figures.single[COMBINED].hits == 6.0 and figures.choice.well_above
    assert "picks by the surface cue" in (figures.gamed() or "")
    clean = quiz_cues(load_course(CLEAN).quizzes["cue-guesser-exam"])
    assert clean.gamed() is None and not any(t.well_above for t in clean.single.values())


def test_the_combined_guesser_follows_the_cue_that_works_on_the_other_questions() -> None:
    # the right option is the shortest on three questions, not on the fourth: there, shortness is followed and misses
    quizzes = [_single("Tax", "Cheap labour abroad", "Higher wages at home", prompt=f"Which {i}?") for i in range(3)]
    quizzes.append(_single("A much longer right answer here", "Brief", "Short", prompt="Which 3?"))
    figures = quiz_cues(_quiz(*quizzes))
    assert figures.single["shortest"].hits == 3.0
    assert figures.single[COMBINED].hits == 3.0  # the fourth is lost: shortness did best on the other three


def test_a_question_with_lint_ok_cue_guesser_is_left_out_of_the_figures() -> None:
    quiz = _quiz(_single("Tax", "Cheap labour abroad", "Higher wages at home", lint_ok=["cue-guesser"]))
    assert quiz_cues(quiz).choice.questions == 0


def test_the_course_wide_figures_count_every_quiz_once() -> None:
    course = load_course(FLAWED)
    per_quiz, total = course_cues(course.quizzes.values())
    assert total.single["shortest"].questions == sum(f.single["shortest"].questions for f in per_quiz)
    assert total.choice.questions == sum(f.choice.questions for f in per_quiz)


def test_the_cue_table_for_any_course_folder(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(FLAWED)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("whole course: single-answer questions, expected hits by cue against chance\n")
    for cue in CUES:
        assert f"  {cue.name} " in out
    assert "cue-guesser-exam: single-answer questions" in out
    assert "  hedged               6.0 / 6 (100%) against 1.5 by chance (25%)  <- well above chance" in out
    assert main([]) == 2 and main([str(FLAWED / "missing")]) == 2


def test_a_final_exam_s_pool_holds_only_the_questions_its_draws_may_pick() -> None:
    risk = Quiz.model_validate({"id": "risk-quiz", "title": "Risk", "lesson": "risk", "questions": [
        {"id": "sla-term", "type": "short", "prompt": "What is it called?", "explanation": "So.",
         "answers": ["service level agreement", "SLA"]},
        {"id": "tagged", "type": "true_false", "prompt": "Is it?", "explanation": "So.", "answer": True, "tags": ["exam"]},
    ]})
    exam = _quiz({"type": "true_false", "prompt": "A service level agreement sets penalties.", "answer": True},
                 draw=[{"from": "risk-quiz", "count": 1, "tags": ["exam"]}])
    assert "answer-in-sibling" not in _rules(exam, [risk])  # the typed question is never drawn
    untagged = exam.model_copy(update={"draw": [exam.draw[0].model_copy(update={"tags": []})]})
    assert [f.question for f in lint_quiz(untagged, [risk]) if f.rule == "answer-in-sibling"] == ["sla-term"]


def test_the_guesser_scores_a_multiple_answer_pick_as_the_course_does() -> None:
    """cues.multiple_fraction is the scoring's rule for `multiple`, written for speed: they agree on every pick."""
    from itertools import combinations

    from course.content.cues import multiple_fraction
    from course.scoring import score

    questions = [
        _multiple(["Language gaps", "Contract risk"], ["Time zones", "Travel costs", "Holidays"]),
        {"type": "multiple", "options": [
            {"text": "a", "correct": True, "weight": 0.5}, {"text": "b", "correct": True, "weight": 0.5},
            {"text": "c", "weight": -0.25}, {"text": "d", "weight": 0}, {"text": "e", "weight": -1},
        ]},
    ]
    for question in _quiz(*questions).questions:
        assert question.type == "multiple"
        keys = question.option_keys()
        right = frozenset(i for i, o in enumerate(question.options) if o.correct)  # type: ignore[attr-defined]
        for size in range(len(keys) + 1):
            for picked in combinations(range(len(keys)), size):
                given = multiple_fraction(question.credits(), right, list(picked))  # type: ignore[attr-defined]
                assert given == pytest.approx(score(question, [keys[i] for i in picked]).fraction, abs=1e-6)
