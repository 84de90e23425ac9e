"""A response that is no answer to its question (a one-answer choice naming no option, a list of the wrong
length, a number that is not one) is refused by the engine, with a clear error and nothing saved; each
type says what it takes (QuestionType.response_problem). Item analysis counts such a response kept from
before apart, as invalid, and keeps it out of the options' counts."""

from __future__ import annotations

import random
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course.content import load_course
from course.content.models import Course, Question, Quiz
from course.events import QuestionAnswered
from course.progress import ProgressStore
from course.qtypes import QUESTION_TYPES, type_of
from course.qtypes.base import Refused
from course.quizrun import InvalidResponse, QuizSession
from course.reports import item_report_from_events, render_items_csv, render_items_text
from course.reports.items import _picked
from course.scoring import describe_response, right_response, score
from tests.answers import as_written, authored
from tests.qtypes.contract import fixture_questions
from tests.test_quizrun import make_course
from tests.test_reports_items import T0, attempt_events, tiny_class

QUESTIONS: list[tuple[str, Question]] = [(name, q) for name in QUESTION_TYPES for q in fixture_questions(name)]
IDS = [f"{name}-{question.id}" for name, question in QUESTIONS]

# Anything a progress file could hold as a response, and more.
ANYTHING = st.recursive(
    st.one_of(st.text(max_size=6), st.booleans(), st.integers(-3, 60), st.floats(allow_nan=True, allow_infinity=True)),
    lambda inner: st.lists(inner, max_size=6),
    max_leaves=8,
)
TYPED = st.text(alphabet="0123456789 abcdefgz,.;:=|-_\t", max_size=16)


def problem(question: Question, response: Any) -> str | None:
    return type_of(question).response_problem(question, response)


# ---------------------------------------------------------------------------- each type's check, as properties


@pytest.mark.parametrize(("name", "question"), QUESTIONS, ids=IDS)
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(response=ANYTHING)
def test_any_response_is_either_taken_or_refused_in_words(name: str, question: Question, response: Any) -> None:
    said = problem(question, response)
    assert said is None or (isinstance(said, str) and said.strip() and "got " in said)
    if said is None:  # a response taken is one every part of the engine can work with
        score(question, response)
        describe_response(question, response)
        rows = type_of(question).option_rows(question)
        if rows is not None:
            assert set(_picked(response)) <= {key for key, *_ in rows}


@pytest.mark.parametrize(("name", "question"), QUESTIONS, ids=IDS)
def test_the_right_answer_and_a_wrong_one_are_answers(name: str, question: Question) -> None:
    assert problem(question, right_response(question)) is None
    data = authored(question)
    for which in ("right", "wrong"):
        assert problem(question, as_written(name, which)(data)) is None, which


@pytest.mark.parametrize(("name", "question"), QUESTIONS, ids=IDS)
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(typed=TYPED, seed=st.integers(0, 50))
def test_whatever_plain_mode_reads_from_a_typed_line_is_an_answer(name: str, question: Question, typed: str,
                                                                   seed: int) -> None:
    qtype = type_of(question)
    shown = qtype.show(question, random.Random(seed), True)
    if not typed.strip():
        return
    response = qtype.parse(question, shown, typed)
    if not isinstance(response, Refused):
        assert problem(question, response) is None, (typed, response)


def _of(name: str) -> list[Question]:
    return [q for n, q in QUESTIONS if n == name]


@given(data=st.data())
def test_a_one_answer_response_is_taken_exactly_when_it_names_an_option(data: st.DataObject) -> None:
    for question in _of("single"):
        keys = question.option_keys()
        response = data.draw(st.one_of(st.sampled_from(keys), ANYTHING))
        assert (problem(question, response) is None) == (isinstance(response, str) and response in keys)


@given(data=st.data())
def test_an_all_that_apply_response_is_taken_exactly_when_it_names_options_once_each(data: st.DataObject) -> None:
    for question in _of("multiple"):
        keys = question.option_keys()
        response = data.draw(st.one_of(st.lists(st.sampled_from(keys), max_size=len(keys) + 1), ANYTHING))
        named = isinstance(response, list) and all(isinstance(k, str) and k in keys for k in response)
        once = isinstance(response, list) and len(set(map(repr, response))) == len(response)
        assert (problem(question, response) is None) == (named and once and bool(response))


@given(data=st.data())
def test_an_order_is_taken_exactly_when_it_is_every_item_once(data: st.DataObject) -> None:
    for question in _of("ordering"):
        n = len(question.items)
        response = data.draw(st.one_of(st.permutations(range(n)).map(list), st.lists(st.integers(-1, n), max_size=n + 1),
                                       ANYTHING))
        whole = isinstance(response, list) and all(type(i) is int for i in response) and sorted(response) == list(range(n))
        assert (problem(question, response) is None) == whole


@given(data=st.data())
def test_a_matching_response_is_taken_exactly_when_each_item_has_a_match_or_none(data: st.DataObject) -> None:
    for question in _of("matching"):
        choices = question.choices()
        response = data.draw(st.one_of(
            st.lists(st.sampled_from(["", *choices]), min_size=len(question.pairs), max_size=len(question.pairs)),
            ANYTHING,
        ))
        fits = (isinstance(response, list) and len(response) == len(question.pairs)
                and all(isinstance(m, str) and m in ["", *choices] for m in response))
        assert (problem(question, response) is None) == (fits and any(response))


# ---------------------------------------------------------------------------- the engine refuses, nothing saved

INVALID: dict[str, list[Any]] = {
    "single": ["zz", ["a"], 1, True],
    "multiple": [[], ["zz"], ["a", "a"], "a"],
    "true_false": ["true", 1, [True]],
    "matching": [[], ["no such match", ""], 3],
    "ordering": [[0, 0], [], [True, False], "0 1"],
    "short": ["", "   ", 3, ["words"]],
    "numeric": ["lots", True, [1], float("nan")],
    "cloze": [[], ["x"], "x", [""] * 40],
}


def test_every_type_has_refused_examples() -> None:
    assert sorted(INVALID) == sorted(QUESTION_TYPES)


@pytest.fixture
def one_of_each(tmp_path: Path) -> tuple[Course, Quiz]:
    questions = [q.model_copy(update={"id": f"{name}-{i}"}) for i, (name, q) in enumerate(QUESTIONS)]
    quiz = Quiz(id="each", title="One of each", questions=questions, feedback="end")
    course = Course(id="each-course", title="Each", root=tmp_path, lessons=[], quizzes={quiz.id: quiz})
    return course, quiz


def test_the_engine_refuses_a_response_that_is_no_answer_and_saves_nothing(
    one_of_each: tuple[Course, Quiz], tmp_path: Path
) -> None:
    course, quiz = one_of_each
    learner = ProgressStore(tmp_path / "progress", course.id).open("ana")
    session = QuizSession.start(course, quiz, learner, seed=7)
    for index, played in enumerate(session.questions):
        name = played.question.type
        for response in INVALID[name]:
            with pytest.raises(InvalidResponse) as refused:
                session.answer(index, response)
            said = str(refused.value)
            assert said.startswith(f"Question {index + 1} of “One of each” ({played.key}): ") and "got " in said
            assert said.endswith("Nothing was saved.")
    again = ProgressStore(tmp_path / "progress", course.id).open("ana")
    (attempt,) = again.attempts(quiz.id)
    assert attempt.answers == [] and session.attempt.answers == []
    # The right answers are still taken, and saved.
    for index, played in enumerate(session.questions):
        assert session.answer(index, right_response(played.question)).correct
    assert len(ProgressStore(tmp_path / "progress", course.id).open("ana").attempts(quiz.id)[0].answers) == len(QUESTIONS)


def test_the_issue_case_a_one_answer_response_naming_no_option(one_of_each: tuple[Course, Quiz],
                                                                tmp_path: Path) -> None:
    course, quiz = one_of_each
    learner = ProgressStore(tmp_path / "progress", course.id).open("ana")
    session = QuizSession.start(course, quiz, learner, seed=7)
    index = next(i for i, p in enumerate(session.questions) if p.question.type == "single")
    keys = ", ".join(session.questions[index].question.option_keys())
    with pytest.raises(InvalidResponse, match=rf"takes the key of one of its options \({keys}\), got 'e'"):
        session.answer(index, "e")
    assert not session.is_answered(index)


# ---------------------------------------------------------------------------- item analysis

def _invalid_attempt(learner: str, start_offset: int) -> list:
    """An attempt kept from before the engine refused them: q0's response names no option (scored 0)."""
    return attempt_events(learner, [0, 1, 1], ["zz", "a", "a"], start=T0 + timedelta(hours=start_offset))


def test_item_analysis_counts_invalid_responses_apart(tmp_path: Path) -> None:
    course = load_course(make_course(tmp_path / "c", lessons=1, questions=3))
    events = [*tiny_class(), *_invalid_attempt("E", 1), *_invalid_attempt("F", 2)]
    report = item_report_from_events(course, events)
    q0 = {item.question: item for item in report.quizzes[0].items}["q0"]
    assert report.quizzes[0].attempts == 6 and q0.attempts == 6
    assert (q0.answered, q0.invalid) == (4, 2)
    by_key = {o.key: o for o in q0.options}
    assert {k: o.chosen for k, o in by_key.items()} == {"a": 2, "b": 1, "c": 1, "d": 0}
    assert sum(o.share or 0 for o in q0.options) == pytest.approx(1.0)  # shares of the answers, not of 6
    assert by_key["b"].share == pytest.approx(0.25)
    text = render_items_text(report)
    assert "2 answers that name nothing the question offers, left out of the options' counts" in text
    rows = render_items_csv(report).splitlines()
    assert rows[0].endswith(",invalid") and rows[1].startswith("l0-quiz,q0,") and rows[1].endswith(",2")


def test_without_invalid_responses_the_analysis_is_as_before(tmp_path: Path) -> None:
    course = load_course(make_course(tmp_path / "c", lessons=1, questions=3))
    report = item_report_from_events(course, tiny_class())
    assert all(item.invalid == 0 for item in report.quizzes[0].items)
    assert "name nothing" not in render_items_text(report)


def test_a_skip_is_not_invalid(tmp_path: Path) -> None:
    course = load_course(make_course(tmp_path / "c", lessons=1, questions=3))
    finished = attempt_events("G", [0, 1, 1], ["a", "a", "a"])
    skipped = QuestionAnswered("G", "l0-quiz", "1", False, "q0", None, 0.0, 1.0, False, T0)
    events = [*tiny_class(), skipped, *finished[1:]]
    q0 = {item.question: item for item in item_report_from_events(course, events).quizzes[0].items}["q0"]
    assert (q0.answered, q0.invalid) == (5, 0)


# ---------------------------------------------------------------------------- a review round refuses them too


def test_a_review_answer_that_is_no_answer_is_refused_and_the_card_unchanged(tmp_path: Path) -> None:
    from tests.review_support import deck as open_deck
    from tests.review_support import learner_with_due_cards, open_learner
    from tests.tui_support import FIXTURE

    clock = learner_with_due_cards(tmp_path / "progress")
    course = load_course(FIXTURE)
    deck = open_deck(open_learner(tmp_path / "progress", course), course, clock)
    assert deck.due()
    for key in deck.due():
        played = deck.played(key, 1)
        assert played is not None
        before = deck.refresh().cards[key]
        for response in INVALID[played.question.type]:
            with pytest.raises(InvalidResponse, match=rf"^Review of {re.escape(key)}: .*got .*\. Nothing was saved\.$"):
                deck.answer(key, played.question, response)
        assert deck.refresh().cards[key] == before
