"""Properties of the reports that hold for any class: statistics within their ranges, and the same report
whatever the order events come in, whether learner by learner (folders) or interleaved (a record store)."""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course.content import load_course
from course.events import LessonCompleted, QuestionAnswered, QuizFinished
from course.reports import (
    WHICH,
    ClassAggregator,
    ItemAggregator,
    class_report_from_events,
    item_report_from_events,
    render_items_json,
    render_json,
)
from course.reports.feed import feed_learners
from course.reports.items import item_moments
from tests.test_quizrun import make_course

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
QUESTIONS = 4


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    return load_course(make_course(Path(tmp_path_factory.mktemp("course")) / "c", lessons=2, questions=QUESTIONS))


marks_and_rest = st.integers(min_value=1, max_value=30).flatmap(
    lambda n: st.tuples(
        st.lists(st.sampled_from([0.0, 0.25, 0.5, 1.0]), min_size=n, max_size=n),
        st.lists(st.floats(min_value=0, max_value=12, allow_nan=False), min_size=n, max_size=n),
    )
)


@given(marks_and_rest)
@settings(max_examples=300, deadline=None)
def test_statistics_stay_within_their_ranges(data):
    marks, rest = data
    m = item_moments(marks, rest, 1.0)
    assert m.facility is not None and 0.0 <= m.facility <= 1.0
    assert m.facility == pytest.approx(sum(marks) / len(marks))
    if len(marks) < 2:
        assert m.sd is m.discrimination is m.efficiency is None
        return
    assert m.sd is not None and 0.0 <= m.sd <= math.sqrt(len(marks) / (len(marks) - 1)) / 2 + 1e-9
    if m.discrimination is not None:
        assert -1.0 <= m.discrimination <= 1.0
    if m.efficiency is not None:
        assert m.efficiency <= 1.0
    if m.discrimination is not None and m.efficiency is not None and abs(m.discrimination) > 1e-9:
        # the same covariance over a smaller (or equal) denominator: same sign, at least as large
        assert math.copysign(1, m.efficiency) == math.copysign(1, m.discrimination)
        assert abs(m.efficiency) >= abs(m.discrimination) - 1e-9
    if len(set(marks)) == 1:
        assert m.discrimination is None  # a question everybody scores alike tells nobody apart


attempt = st.tuples(
    st.booleans(),  # practice
    st.lists(st.one_of(st.none(), st.sampled_from(["a", "b", "c", "d"])), min_size=QUESTIONS, max_size=QUESTIONS),
)
learner = st.tuples(
    st.lists(st.tuples(st.sampled_from(["l0", "l1"]), st.integers(0, 900)), max_size=2, unique_by=lambda t: t[0]),
    st.lists(attempt, max_size=3),
)
klass = st.lists(learner, min_size=1, max_size=6)


def class_events(spec) -> list[list]:
    """Each learner's events: lessons completed, then attempts at l0-quiz ("a" is right; None skips)."""
    batches = []
    for n, (lessons, attempts) in enumerate(spec):
        name = f"learner-{n}"
        events: list = [LessonCompleted(name, lid, T0 + timedelta(hours=1), float(seconds)) for lid, seconds in lessons]
        for index, (practice, picks) in enumerate(attempts):
            start = T0 + timedelta(days=index, minutes=n)
            marks = [1.0 if pick == "a" else 0.0 for pick in picks]
            events += [
                QuestionAnswered(name, "l0-quiz", f"a{index}", practice, f"q{k}", pick, mark, 1.0, mark == 1.0,
                                 start + timedelta(minutes=k))
                for k, (pick, mark) in enumerate(zip(picks, marks, strict=True)) if pick is not None
            ]
            score = sum(marks) / QUESTIONS
            events.append(QuizFinished(name, "l0-quiz", f"a{index}", practice, start, start + timedelta(minutes=9),
                                       score, sum(marks), float(QUESTIONS), score >= 0.5))
        batches.append(events)
    return batches


@given(klass, st.randoms(use_true_random=False))
@settings(max_examples=60, deadline=None)
def test_the_same_events_in_any_order_give_the_same_reports(course, spec, rnd: random.Random):
    batches = class_events(spec)
    by_learner = ClassAggregator(course)
    items_by_learner = {which: ItemAggregator(course, which) for which in WHICH}
    feed_learners(batches, by_learner, *items_by_learner.values())
    shuffled = [e for batch in batches for e in batch]
    rnd.shuffle(shuffled)

    assert render_json(class_report_from_events(course, shuffled)) == render_json(by_learner.report())
    for which, aggregator in items_by_learner.items():
        expected = render_items_json(aggregator.report())
        assert render_items_json(item_report_from_events(course, shuffled, which=which)) == expected, which
        for quiz in expected["quizzes"]:
            for item in quiz["items"]:
                assert item["facility"] is None or 0 <= item["facility"] <= 1
                assert item["discrimination"] is None or -1 <= item["discrimination"] <= 1
                assert item["attempts"] <= quiz["attempts"]
                assert sum(o["chosen"] for o in item["options"]) == item["answered"]
    graded = [a for _, attempts in spec for a in attempts if not a[0]]
    learners_graded = sum(1 for _, attempts in spec if any(not a[0] for a in attempts))
    counted = {q["quiz"]: q["attempts"] for q in render_items_json(items_by_learner["all"].report())["quizzes"]}
    assert counted["l0-quiz"] == len(graded)
    counted_first = {q["quiz"]: q["attempts"] for q in render_items_json(items_by_learner["first"].report())["quizzes"]}
    assert counted_first["l0-quiz"] == learners_graded
