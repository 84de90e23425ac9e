"""The class report's ranking of the most missed questions (Wilson interval, minimum of answers), attempts used
and left per learner, open attempts (who is in the middle of a quiz, and where) and certainty on a
confidence-marked quiz, on progress folders made through the quiz engine."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from course.cli import main
from course.content import load_course
from course.content.models import Course
from course.events import QuestionAnswered, folder_events
from course.progress import ProgressStore
from course.quizrun import QuizSession
from course.reports import class_report, class_report_from_events, render_csv, render_json, render_text
from course.reports.classes import QuestionStat
from course.reports.wilson import wilson_interval
from tests.answers import right, wrong
from tests.test_quizrun import QUESTION, QUIZ, make_course

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


# -- ranking ---------------------------------------------------------------------------------------------


def _answers(question: str, right_count: int, total: int) -> list[QuestionAnswered]:
    return [
        QuestionAnswered(f"learner-{n}", "l0-quiz", "1", False, question, "a", float(n < right_count), 1.0,
                         n < right_count, T0 + timedelta(minutes=n))
        for n in range(total)
    ]


def test_a_question_missed_by_few_ranks_below_one_missed_by_many(tmp_path: Path) -> None:
    """0% right of 3 may be chance; 20% right of 30 is not: the second is the more surely missed."""
    course = load_course(make_course(tmp_path / "c", lessons=1, questions=3))
    events = [*_answers("q0", 0, 3), *_answers("q1", 6, 30), *_answers("q2", 27, 30)]
    ranked = class_report_from_events(course, events, min_responses=1).hardest()
    assert [(q.question, q.correct, q.answered) for q in ranked] == [("q1", 6, 30), ("q0", 0, 3), ("q2", 27, 30)]
    report = class_report_from_events(course, events)  # the default minimum: 10 answers
    assert [q.question for q in report.hardest()] == ["q1", "q2"]
    assert [q.question for q in report.too_few()] == ["q0"]
    text = render_text(report)
    assert "95% Wilson interval" in text and "with 10 answers or more" in text
    assert "  l0-quiz/q1: 20% right of 30\n" in text and "l0-quiz/q0" not in text
    assert "1 question with fewer answers is not ranked (--min-responses)." in text
    assert json.loads(json.dumps(render_json(report)))["min_responses"] == 10


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 200), st.integers(1, 200), st.integers(2, 10))
def test_of_two_equal_shares_the_one_with_more_answers_ranks_first(right_count: int, total: int, times: int) -> None:
    right_count = min(right_count, total)
    few = QuestionStat("x", "few", answered=total, correct=right_count)
    many = QuestionStat("x", "many", answered=total * times, correct=right_count * times)
    low, high = wilson_interval(right_count, total)
    assert 0.0 <= low <= right_count / total <= high <= 1.0
    assert many.right_at_most <= few.right_at_most + 1e-12


# -- a class on progress folders ---------------------------------------------------------------------------


def _course(tmp_path: Path) -> Course:
    """One lesson whose quiz allows three attempts and asks how sure the learner is."""
    root = make_course(tmp_path / "c", lessons=1, questions=4)
    body = QUIZ.format(id="l0-quiz", lesson='lesson = "l0"', extra="max_attempts = 3\nconfidence = true")
    body += "".join(QUESTION.format(n=n, section="basics") for n in range(4))
    (root / "quizzes" / "l0.toml").write_text(body, encoding="utf-8")
    course = load_course(root)
    assert course.problems == [] and course.quizzes["l0-quiz"].confidence
    return course


def _take(course: Course, learner, good: int, certainty: int, finish: bool = True) -> QuizSession:
    session = QuizSession.start(course, course.quiz("l0-quiz"), learner, seed=1)
    for i, played in enumerate(session.questions[: good if not finish else None]):
        session.answer(i, right(played.question) if i < good else wrong(played.question), certainty=certainty)
    if finish:
        session.finish()
    return session


def _class(tmp_path: Path) -> tuple[Course, Path]:
    course = _course(tmp_path)
    progress = tmp_path / "progress"
    store = ProgressStore(progress, course.id)
    ana, ben, cara, dan = (store.open(name) for name in ("ana", "ben", "cara", "dan"))
    _take(course, ana, good=4, certainty=3)  # sure and right, four times
    _take(course, ana, good=3, certainty=1)
    for _ in range(3):
        _take(course, ben, good=2, certainty=3)  # sure and wrong on two questions, each time
    _take(course, cara, good=4, certainty=2)
    stuck = _take(course, cara, good=2, certainty=2, finish=False)  # cara's second attempt: 2 answered, on 3
    stuck.move(2)
    _take(course, dan, good=1, certainty=1, finish=False)  # dan has finished nothing, and is on question 1
    return course, progress


def test_attempts_used_and_left_per_learner(tmp_path: Path) -> None:
    course, progress = _class(tmp_path)
    report = class_report(course, progress)
    rows = {row.learner: row for row in report.learners}
    assert {name: (row.attempts_used["l0-quiz"], row.attempts_left["l0-quiz"]) for name, row in rows.items()} == {
        "ana": (2, 1), "ben": (3, 0), "cara": (1, 2),  # cara's open attempt is not used up yet, as in the app
    }
    text = render_text(report)
    assert "Attempts used (graded, finished), and left at the quizzes with max_attempts:" in text
    assert "ben" in text and "   3 used; left: l0-quiz none" in text and "   2 used; left: l0-quiz 1" in text
    table = {r["learner"]: r for r in csv.DictReader(io.StringIO(render_csv(report)))}
    assert (table["ben"]["attempts:l0-quiz"], table["ben"]["left:l0-quiz"]) == ("3", "0")


def test_open_attempts_say_who_is_in_a_quiz_and_on_which_question(tmp_path: Path) -> None:
    course, progress = _class(tmp_path)
    report = class_report(course, progress)
    assert report.open_attempts is not None
    opened = {a.learner: a for a in report.open_attempts}
    assert set(opened) == {"cara", "dan"}  # dan, who finished nothing, is listed here
    assert (opened["cara"].position, opened["cara"].questions, opened["cara"].answered) == (3, 4, 2)
    assert (opened["dan"].position, opened["dan"].answered) == (1, 1)
    assert opened["cara"].last_active >= opened["cara"].started_at
    text = render_text(report)
    assert "Open attempts (started, not finished), the longest idle first:" in text
    assert "  cara, last active " in text and ": Quiz l0-quiz\n    l0-quiz, on question 3 of 4, 2 answered (q" in text
    assert max(len(line) for line in text.splitlines()) <= 80
    data = render_json(report)
    assert {a["learner"] for a in data["open_attempts"]} == {"cara", "dan"}
    json.dumps(data)  # dates as text


def test_open_attempts_are_not_known_from_events_alone(tmp_path: Path) -> None:
    course, progress = _class(tmp_path)
    events = [e for batch in folder_events(course, progress, []) for e in batch]
    report = class_report_from_events(course, events)
    assert report.open_attempts is None
    assert "Open attempts: not known (a learning record store holds finished attempts only;" in render_text(report)


def test_certainty_on_a_confidence_marked_quiz(tmp_path: Path) -> None:
    course, progress = _class(tmp_path)
    (stat,) = class_report(course, progress).certainty
    # ana: 4 at certainty 3 (right), then 4 at 1 (3 right); ben: 3 × 4 at 3 (2 right, 2 wrong); cara: 4 at 2.
    assert [(level.certainty, level.answers, level.right) for level in stat.levels] == [(1, 4, 3), (2, 4, 4), (3, 16, 10)]
    assert (stat.sure_right, stat.sure_wrong, stat.sure_wrong_by_learner) == (14, 6, {"ben": 6})
    marks = 3 * 1 + 0 + 4 * 2 + 10 * 3 - 6 * 6  # CBM: 1 right +1, wrong 0; 2 right +2; 3 right +3, wrong -6
    assert stat.cbm_average == marks / 24
    text = render_text(class_report(course, progress))
    assert "Certainty on l0-quiz (24 graded answers):" in text
    assert "  very sure (3)        16 answers   62% right" in text
    assert "sure (2 or 3) and right: 14 · sure and wrong: 6 · CBM average 0.21" in text
    assert "  sure and wrong, by learner: ben 6" in text


def test_the_command_takes_a_minimum_of_answers(tmp_path: Path, capsys) -> None:
    course, progress = _class(tmp_path)
    assert main(["report", str(course.root), "--progress", str(progress), "--min-responses", "3"]) == 0
    out = capsys.readouterr().out
    assert "each with 3 answers or more:" in out and "l0-quiz/q" in out
    assert main(["report", "items", str(course.root), "--progress", str(progress), "--min-responses", "2"]) == 0
    assert "A question is flagged only with 2 answers or more (--min-responses)." in capsys.readouterr().out
    assert main(["report", str(course.root), "--progress", str(progress), "--min-responses", "0"]) == 2
    assert "--min-responses must be 1 or more" in capsys.readouterr().err
