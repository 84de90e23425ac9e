"""Item analysis: Moodle's quiz statistics per question, checked by hand on a tiny class and on a class
taken through the engine with a planted bad question and a distractor nobody picks."""

from __future__ import annotations

import csv
import io
import json
import math
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from course.cli import main
from course.content import load_course
from course.events import QuestionAnswered, QuizFinished
from course.progress import ProgressStore
from course.quizrun import QuizSession
from course.reports import item_report, item_report_from_events, render_items_csv, render_items_text
from tests.answers import right
from tests.test_quizrun import make_course

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def attempt_events(learner: str, marks: list[int], picks: list[str], *, attempt: str = "1", practice: bool = False,
                   start: datetime = T0) -> list:
    """One finished attempt at l0-quiz: question qN gets marks[N] (1 or 0) for picking picks[N]."""
    events: list = [
        QuestionAnswered(learner, "l0-quiz", attempt, practice, f"q{n}", pick, float(mark), 1.0, bool(mark),
                         start + timedelta(minutes=n))
        for n, (mark, pick) in enumerate(zip(marks, picks, strict=True))
    ]
    earned = float(sum(marks))
    events.append(QuizFinished(learner, "l0-quiz", attempt, practice, start, start + timedelta(minutes=9),
                               earned / len(marks), earned, float(len(marks)), earned / len(marks) >= 0.5))
    return events


def tiny_class() -> list:
    """Four learners, three one-point questions (a is right; b, c wrong; nobody picks d):

        learner  q0 q1 q2  total
        A         1  1  1    3
        B         1  1  0    2
        C         0  1  0    1
        D         0  0  1    1
    """
    return [
        *attempt_events("A", [1, 1, 1], ["a", "a", "a"]),
        *attempt_events("B", [1, 1, 0], ["a", "a", "b"]),
        *attempt_events("C", [0, 1, 0], ["b", "a", "c"]),
        *attempt_events("D", [0, 0, 1], ["c", "b", "a"]),
    ]


@pytest.fixture
def course(tmp_path):
    return load_course(make_course(tmp_path / "c", lessons=1, questions=3))


def _items(report) -> dict:
    (quiz,) = report.quizzes
    return {item.question: item for item in quiz.items}


def test_statistics_match_hand_computed_values(course):
    report = item_report_from_events(course, tiny_class(), min_responses=1)  # flag even on four answers
    assert report.quizzes[0].attempts == 4
    q0, q1, q2 = (_items(report)[k] for k in ("q0", "q1", "q2"))
    # q0: x = 1 1 0 0, rest X = 2 1 1 1. mean x .5; var x = 1/3; var X = .25; cov = (1/2)/3 = 1/6.
    assert q0.facility == 0.5
    assert q0.sd == pytest.approx(math.sqrt(1 / 3))
    assert q0.discrimination == pytest.approx(math.sqrt(12) / 6)  # (1/6) / sqrt(1/3 × 1/4)
    assert q0.efficiency == pytest.approx(1.0)  # sorted pairs give the same covariance: the most it can be
    # q1: x = 1 1 1 0, rest X = 2 1 0 1: cov 0, so neither index says anything good or bad.
    assert q1.facility == 0.75 and q1.sd == pytest.approx(0.5)
    assert q1.discrimination == pytest.approx(0.0, abs=1e-12) and q1.efficiency == pytest.approx(0.0, abs=1e-12)
    # q2: x = 1 0 0 1, rest X = 2 2 1 0: cov = -1/6; var X = 2.75/3; cov_max (sorted) = 1.5/3.
    assert q2.facility == 0.5
    assert q2.discrimination == pytest.approx(-0.5 / math.sqrt(2.75))
    assert q2.efficiency == pytest.approx(-1 / 3)
    assert "negative_discrimination" in q2.flags and "negative_discrimination" not in q0.flags + q1.flags
    # Single choice with one right option of four: a random pick earns 1/4.
    assert q0.random_guess == 0.25
    chosen = {o.key: (o.chosen, o.share) for o in q0.options}
    assert chosen == {"a": (2, 0.5), "b": (1, 0.25), "c": (1, 0.25), "d": (0, 0.0)}
    assert [o.text for o in q0.options] == ["Right 0", "Wrong 0", "Also wrong 0", "None of these"]
    assert all("unpicked_distractor" in item.flags for item in (q0, q1, q2))  # nobody picks d


def test_first_attempt_counts_by_default_practice_never(course):
    later = T0 + timedelta(days=1)
    events = tiny_class() + [
        # D tries again and gets everything right; C practises q0 and gets it right.
        *attempt_events("D", [1, 1, 1], ["a", "a", "a"], attempt="2", start=later),
        *attempt_events("C", [1, 1, 1], ["a", "a", "a"], attempt="p", practice=True, start=later),
    ]
    first = _items(item_report_from_events(course, events))
    assert first["q0"].facility == 0.5 and first["q0"].attempts == 4  # as if neither had happened
    last = _items(item_report_from_events(course, events, which="last"))
    assert last["q0"].facility == 0.75 and last["q0"].attempts == 4  # D's second attempt instead of the first
    highest = _items(item_report_from_events(course, events, which="highest"))
    assert highest["q0"].facility == 0.75
    every = _items(item_report_from_events(course, events, which="all"))
    assert every["q0"].attempts == 5 and every["q0"].facility == 0.6  # 3 of 5; the practice is still out


def test_a_skipped_question_counts_as_zero(course):
    events = [e for e in tiny_class() if not (e.learner == "A" and getattr(e, "question", "") == "q1")]
    q1 = _items(item_report_from_events(course, events))["q1"]
    assert q1.attempts == 4 and q1.answered == 3 and q1.facility == 0.5


def _take(course, learner, answers: dict[str, object], seed: int, practice: list[str] | None = None) -> None:
    quiz = course.quiz("l0-quiz")
    session = QuizSession.start(course, quiz, learner, seed=seed, only=practice)
    for index, played in enumerate(session.questions):
        session.answer(index, answers[played.key])
    session.finish()


def engine_class(tmp_path: Path, learners: int = 40):
    """A class taken through the engine. Ability rises from the first learner to the last; q0..q4 are
    answered right by the more able (with some noise), q5 is planted: right for the weakest half only.
    Wrong answers spread over b, c and d, except on q1 where nobody picks c."""
    course = load_course(make_course(tmp_path / "c", lessons=1, questions=6))
    progress = tmp_path / "progress"
    store = ProgressStore(progress, course.id)
    rng = random.Random(7)
    quiz = course.quiz("l0-quiz")
    thresholds = {"q0": 0.25, "q1": 0.35, "q2": 0.45, "q3": 0.55, "q4": 0.65}
    for n in range(learners):
        ability = n / (learners - 1)
        answers: dict[str, object] = {}
        for question in quiz.questions:
            if question.id == "q5":
                good = ability < 0.5
            else:
                good = ability + rng.uniform(-0.15, 0.15) > thresholds[question.id]
            wrongs = ["b", "d"] if question.id == "q1" else ["b", "c", "d"]
            answers[question.id] = right(question) if good else wrongs[n % len(wrongs)]
        learner = store.open(f"learner-{n:02d}")
        _take(course, learner, answers, seed=n)
        if n % 4 == 0:  # some practise the planted question and get it right, and take the quiz again
            _take(course, learner, {"q5": right(quiz.question("q5"))}, seed=100 + n, practice=["q5"])
            _take(course, learner, {q.id: right(q) for q in quiz.questions}, seed=200 + n)
    return course, progress


def test_a_planted_bad_question_and_an_unpicked_distractor_are_flagged(tmp_path, capsys):
    course, progress = engine_class(tmp_path)
    items = _items(item_report(course, progress))
    assert {key: item.attempts for key, item in items.items()} == {f"q{n}": 40 for n in range(6)}
    assert items["q5"].discrimination < -0.5 and "negative_discrimination" in items["q5"].flags
    assert items["q5"].efficiency < 0
    for key in ("q0", "q1", "q2", "q3", "q4"):
        assert items[key].discrimination > 0.3 and items[key].efficiency > 0, key
        assert "negative_discrimination" not in items[key].flags, key
        assert 0.2 <= items[key].facility <= 0.95 and not {"too_easy", "too_hard"} & set(items[key].flags), key
    unpicked = {key: [o.key for o in item.options if o.chosen == 0] for key, item in items.items()}
    assert unpicked["q1"] == ["c"] and "unpicked_distractor" in items["q1"].flags
    assert [k for k, item in items.items() if "unpicked_distractor" in item.flags] == ["q1"]

    assert main(["report", "items", str(course.root), "--progress", str(progress)]) == 0
    text = capsys.readouterr().out
    assert max(len(line) for line in text.splitlines()) <= 80
    before, after = text.split("q5 Question 5?")
    assert "discriminates negatively" in after and "discriminates negatively" not in before
    assert "Also wrong 1" in text and "← nobody picks it" in text
    assert "1 question flagged." not in text and "2 questions flagged." in text


def test_csv_and_json_carry_the_same_figures(tmp_path, capsys):
    course, progress = engine_class(tmp_path, learners=12)
    report = item_report(course, progress, which="all")
    rows = list(csv.DictReader(io.StringIO(render_items_csv(report))))
    assert [r["question"] for r in rows] == [f"q{n}" for n in range(6)]
    for row, item in zip(rows, report.quizzes[0].items, strict=True):
        assert float(row["facility"]) == pytest.approx(item.facility, abs=1e-4)
        assert row["flags"].split(";") == (item.flags or [""])
        assert row["options"] == ";".join(f"{o.key}={o.chosen}" for o in item.options)
    assert main(["report", "items", str(course.root), "--progress", str(progress), "--format", "json",
                 "--attempts", "all", "--quiz", "l0-quiz"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["which"] == "all" and [q["quiz"] for q in data["quizzes"]] == ["l0-quiz"]
    assert data["quizzes"][0]["attempts"] == 12 + 3  # learners 0, 4 and 8 took it twice
    assert [i["facility"] for i in data["quizzes"][0]["items"]] == [i.facility for i in report.quizzes[0].items]
    assert "Counted: every graded attempt (practice attempts never count)." in render_items_text(report)


def test_read_from_folders_nothing_is_held_between_learners(tmp_path):
    """Learner by learner, each learner's attempts are counted and forgotten before the next is read; an
    interleaved stream (a record store) holds at most the attempt that counts so far per learner and quiz."""
    from course.events import folder_events
    from course.reports import ItemAggregator
    from course.reports.feed import feed_learners

    course, progress = engine_class(tmp_path, learners=8)
    aggregator = ItemAggregator(course)
    held: list[int] = []

    def batches():
        for batch in folder_events(course, progress, []):
            yield batch
            held.append(aggregator.held_attempts())  # after the aggregator has had the whole batch

    feed_learners(batches(), aggregator)
    assert held == [0] * 8
    streamed = ItemAggregator(course)
    for batch in folder_events(course, progress, []):
        for event in batch:
            streamed.add(event)
    assert streamed.held_attempts() == 8  # one per learner: the first; the second attempts were dropped
    assert item_report(course, progress) == streamed.report()


def test_statements_read_back_give_the_same_reports_as_the_folders(tmp_path):
    """What a record store returns: the class's statements, serialised, in another order, read back into
    events. Both reports come out the same as from the progress folders."""
    from course.reports import class_report, class_report_from_events, render_json
    from course.reports.export import xapi_export
    from course.xapi import events_from_statements

    course, progress = engine_class(tmp_path, learners=10)
    statements, problems = xapi_export(course, progress)
    assert problems == [] and statements
    stored = [json.loads(json.dumps(s)) for s in reversed(statements)]  # newest first, as an LRS pages
    events = list(events_from_statements(stored))
    assert render_json(class_report_from_events(course, events)) == _open_unknown(class_report(course, progress))
    for which in ("first", "last", "all"):
        assert item_report_from_events(course, events, which=which) == item_report(course, progress, which=which)


def test_a_record_store_s_statements_of_other_courses_are_passed_over_and_broken_ones_said(tmp_path):
    from course.reports import class_report, class_report_from_events, render_json
    from course.reports.export import xapi_export
    from course.reports.statements import course_events, course_iri

    course, progress = engine_class(tmp_path, learners=6)
    statements, _ = xapi_export(course, progress)
    other = json.loads(json.dumps(statements[:20]).replace(course_iri(course), course_iri(course) + "-other"))
    broken = json.loads(json.dumps(statements[0]))
    broken["verb"] = {}
    broken["id"] = "00000000-0000-4000-8000-000000000000"
    foreign = {"id": "x", "actor": {"mbox": "mailto:a@example.org"}, "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced"},
               "object": {"id": course_iri(course) + "/lessons/elsewhere"}}
    problems: list[str] = []
    events = list(course_events(course, [*other, *statements, broken, foreign], problems))
    assert len(problems) == 1 and broken["id"] in problems[0]
    assert render_json(class_report_from_events(course, events)) == _open_unknown(class_report(course, progress))


def _open_unknown(report) -> dict:
    """The report over the folders as JSON, with open attempts as events alone give them: not known (an
    attempt not finished makes no event, and the folders of these classes hold none)."""
    from course.reports import render_json

    data = render_json(report)
    assert data["open_attempts"] == []
    return {**data, "open_attempts": None}


def test_few_answers_are_never_flagged(course):
    """Four answers each: with the default minimum (10) no question is flagged, and the text says why."""
    report = item_report_from_events(course, tiny_class())
    assert report.min_responses == 10 and all(not item.flags for item in report.quizzes[0].items)
    text = render_items_text(report)
    assert "0 questions flagged." in text
    assert "A question is flagged only with 10 answers or more (--min-responses); 3 had fewer." in text
    assert all(item.flags for item in item_report_from_events(course, tiny_class(), min_responses=4).quizzes[0].items)
