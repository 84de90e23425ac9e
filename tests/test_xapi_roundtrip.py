"""Events -> statements -> events is the identity, and statements of other platforms are passed over."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from course.content import load_course
from course.events import CourseCompleted, LessonCompleted, QuestionAnswered, QuizFinished
from course.progress import InvalidLearnerName, validate_learner_name
from course.xapi import (
    StatementError,
    StatementMaker,
    XapiSettings,
    event_from_statement,
    events_from_statements,
    statement_json,
)
from tests.conftest import FIXTURES

COURSE = load_course(FIXTURES / "good_course")
SETTINGS = [
    XapiSettings(activity_base="https://course.invalid/xapi", home_page="https://course.invalid/xapi"),
    XapiSettings(activity_base="http://lrs.example.org/a/b", home_page="https://school.example.org/",
                 language="pt-BR", emails={"ana": "ana@example.org"}),
]
KNOWN_KEYS = [(quiz.id, q.id) for quiz in COURSE.quizzes.values() for q in quiz.questions]

slugs = st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)
learners = st.one_of(st.just("ana"), st.text(min_size=1, max_size=12).filter(str.strip))
moments = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31),
    timezones=st.sampled_from([UTC, timezone(timedelta(hours=5, minutes=30)), timezone(-timedelta(hours=8))]),
)
amounts = st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False)
responses = st.one_of(
    st.text(max_size=20), st.booleans(), st.integers(-(10**9), 10**9),
    st.floats(allow_nan=False, allow_infinity=False),
    st.lists(st.text(max_size=8), max_size=5), st.lists(st.integers(0, 60), max_size=5),
)
attempts = st.text(min_size=1, max_size=24)


@st.composite
def question_keys(draw: st.DrawFn) -> tuple[str, str]:
    """(quiz, key): a question of the quiz, one drawn from another quiz, or one the course no longer has."""
    quiz, qid = draw(st.sampled_from(KNOWN_KEYS))
    kind = draw(st.sampled_from(["own", "drawn", "gone"]))
    if kind == "own":
        return quiz, qid
    if kind == "drawn":
        exam = draw(st.sampled_from([*COURSE.quizzes, "an-exam"]))
        assume(exam != quiz)
        return exam, f"{quiz}/{qid}"
    return draw(slugs), draw(slugs)


@st.composite
def answers(draw: st.DrawFn) -> QuestionAnswered:
    quiz, key = draw(question_keys())
    return QuestionAnswered(
        draw(learners), quiz, draw(attempts), draw(st.booleans()), key, draw(responses), draw(amounts),
        draw(amounts), draw(st.booleans()), draw(moments),
    )


events = st.one_of(
    st.builds(LessonCompleted, learners, st.one_of(st.sampled_from([lesson.id for lesson in COURSE.lessons]), slugs),
              moments, amounts),
    answers(),
    st.builds(QuizFinished, learners, st.one_of(st.sampled_from(list(COURSE.quizzes)), slugs), attempts,
              st.booleans(), moments, moments, amounts, amounts, amounts, st.booleans()),
    st.builds(CourseCompleted, learners, moments),
)


@given(event=events, settings=st.sampled_from(SETTINGS))
def test_an_event_made_into_a_statement_reads_back_as_itself(event, settings):
    statement = StatementMaker(COURSE, settings).statement(event)
    sent = json.loads(statement_json(statement))  # as an LRS gets it
    assert event_from_statement(sent) == event


@given(event=events)
def test_an_event_reads_back_whatever_the_lrs_adds_or_reserialises(event):
    sent = json.loads(statement_json(StatementMaker(COURSE, SETTINGS[1]).statement(event)))
    stored = {**sent, "stored": "2030-01-01T00:00:00.000Z", "version": "1.0.0",
              "authority": {"objectType": "Agent", "mbox": "mailto:lrs@example.org"}}
    stored["timestamp"] = datetime.fromisoformat(sent["timestamp"]).astimezone(timezone(timedelta(hours=2))).isoformat()
    assert event_from_statement(stored) == event


def test_statements_of_other_platforms_are_passed_over_and_a_broken_one_is_named():
    event = CourseCompleted("ana", datetime(2026, 5, 1, tzinfo=UTC))
    ours = json.loads(statement_json(StatementMaker(COURSE, SETTINGS[0]).statement(event)))
    foreign = {**ours, "context": {"platform": "another app"}}
    assert list(events_from_statements([foreign, ours, {"actor": {}, "verb": {"id": "x"}}])) == [event]
    broken = {**ours, "timestamp": "yesterday"}
    with pytest.raises(StatementError, match=ours["id"]):
        event_from_statement(broken)


def _valid_name(name: str) -> bool:
    try:
        validate_learner_name(name)
    except InvalidLearnerName:
        return False
    return True


@st.composite
def engine_like(draw: st.DrawFn) -> QuestionAnswered | QuizFinished:
    """Events as the engine makes them: scores within the points, names a learner folder can have."""
    learner = draw(st.text(min_size=1, max_size=16).filter(_valid_name).map(validate_learner_name))
    points = draw(st.floats(min_value=0, max_value=100))
    score = draw(st.floats(min_value=0, max_value=points))
    if draw(st.booleans()):
        quiz, key = draw(question_keys())
        return QuestionAnswered(learner, quiz, draw(attempts), draw(st.booleans()), key, draw(responses), score,
                                points, score == points, draw(moments))
    fraction = score / points if points else 1.0
    return QuizFinished(learner, draw(st.sampled_from(list(COURSE.quizzes))), draw(attempts), draw(st.booleans()),
                        draw(moments), draw(moments), fraction, score, points, draw(st.booleans()))


@given(event=engine_like(), settings=st.sampled_from(SETTINGS))
def test_statements_of_any_answer_or_attempt_pass_ralphs_model(event, settings):
    from ralph.models.xapi.base.statements import BaseXapiStatement

    BaseXapiStatement.model_validate(json.loads(statement_json(StatementMaker(COURSE, settings).statement(event))))


def test_an_answer_to_a_question_the_course_no_longer_has_is_an_other_interaction():
    from ralph.models.xapi.base.statements import BaseXapiStatement

    quiz, qid = KNOWN_KEYS[0]
    at = datetime(2026, 5, 1, tzinfo=UTC)
    maker = StatementMaker(COURSE, SETTINGS[0])
    gone = maker.statement(QuestionAnswered("ana", quiz, "a1", False, "removed-q", ["x", "y"], 0.0, 1.0, False, at))
    assert gone["object"]["definition"] == {"name": {"en": "removed-q"}, "type": gone["object"]["definition"]["type"],
                                            "interactionType": "other"}
    assert gone["result"]["response"] == '["x", "y"]'
    BaseXapiStatement.model_validate(gone)
    # A question drawn into an exam that is gone is still the question of its own quiz.
    drawn = maker.statement(QuestionAnswered("ana", "gone-exam", "a2", False, f"{quiz}/{qid}", "a", 1.0, 1.0,
                                             True, at))
    assert drawn["object"]["definition"]["interactionType"] != "other"
    assert drawn["object"]["id"].endswith(f"/quizzes/{quiz}/questions/{qid}")
