"""Class results read every learner's progress without changing a single file."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from course.cli import main
from course.content import load_course
from course.progress import ProgressStore
from course.quizrun import QuizSession
from course.reports import class_report, render_csv, render_text
from tests.answers import right, wrong
from tests.test_quizrun import make_course


def _take(course, learner, quiz_id: str, good: int) -> None:
    session = QuizSession.start(course, course.quiz(quiz_id), learner, seed=3)
    for i, played in enumerate(session.questions):
        session.answer(i, right(played.question) if i < good else wrong(played.question))
    session.finish()


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _class(tmp_path: Path):
    course = load_course(make_course(tmp_path / "c"))
    progress = tmp_path / "progress"
    store = ProgressStore(progress, course.id)
    ana, ben = store.open("ana"), store.open("ben")
    _take(course, ana, "l0-quiz", good=5)
    ana.lesson_completed("l0")
    ana.add_lesson_time("l0", 120)
    _take(course, ben, "l0-quiz", good=1)
    _take(course, ben, "l0-quiz", good=3)
    return course, progress


def test_report_counts_learners_quizzes_and_missed_questions(tmp_path):
    course, progress = _class(tmp_path)
    report = class_report(course, progress)
    rows = {r.learner: r for r in report.learners}
    assert rows["ana"].lessons_completed == 1 and rows["ana"].quizzes_passed == 1
    assert rows["ana"].best_scores["l0-quiz"] == 1.0 and rows["ana"].minutes_reading == 2.0
    assert rows["ben"].quizzes_passed == 1 and rows["ben"].best_scores["l0-quiz"] == 0.6
    quiz = next(q for q in report.quizzes if q.quiz == "l0-quiz")
    assert (quiz.learners_attempted, quiz.learners_passed, quiz.attempts) == (2, 2, 3)
    assert quiz.mean_best_score == 0.8
    assert sum(q.answered for q in report.questions) == 15
    assert report.hardest(1)[0].correct_rate < 1
    text = render_text(report)
    assert "ana" in text and "Most missed" in text
    table = list(csv.DictReader(io.StringIO(render_csv(report))))
    assert [r["learner"] for r in table] == ["ana", "ben"] and table[1]["best:l0-quiz"] == "0.6000"


def test_report_changes_nothing_and_names_unreadable_files(tmp_path, capsys):
    course, progress = _class(tmp_path)
    (progress / "cara").mkdir()
    (progress / "cara" / "learner.toml").write_text("format = 1\ncourse = [broken", encoding="utf-8")
    before = _snapshot(progress)
    assert main(["report", str(course.root), "--progress", str(progress), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["learner"] for r in data["learners"]] == ["ana", "ben"]
    assert any("cara" in p for p in data["problems"])
    assert _snapshot(progress) == before


def test_report_on_a_missing_course_is_bad_usage(tmp_path, capsys):
    assert main(["report", str(tmp_path / "nowhere")]) == 2
    assert "no such folder" in capsys.readouterr().err


def test_xapi_export_has_a_statement_for_every_completion_attempt_and_answer(tmp_path, capsys):
    course, progress = _class(tmp_path)
    assert main(["report", str(course.root), "--progress", str(progress), "--format", "xapi"]) == 0
    statements = json.loads(capsys.readouterr().out)
    verbs = [s["verb"]["display"]["en"] for s in statements]
    assert verbs.count("completed") == 1  # ana read lesson l0
    assert verbs.count("passed") == 2 and verbs.count("failed") == 1  # ana 5/5; ben 1/5, then 3/5
    assert verbs.count("answered") == 15
    for s in statements:
        assert {"id", "actor", "verb", "object", "timestamp"} <= set(s)
        assert s["verb"]["id"].startswith("http://adlnet.gov/expapi/verbs/")
        assert s["object"]["id"].startswith(f"https://course.invalid/xapi/{course.id}")  # the default base
        assert s["actor"]["account"]["name"] in ("ana", "ben")
        assert s["timestamp"].endswith("Z")  # UTC
    graded = [s for s in statements if s["verb"]["display"]["en"] in ("passed", "failed")]
    assert sorted(s["result"]["score"]["scaled"] for s in graded) == [0.2, 0.6, 1.0]
    assert len({s["id"] for s in statements}) == len(statements)
    # Exporting again gives the same ids: an LRS can drop what it already has.
    assert main(["report", str(course.root), "--progress", str(progress), "--format", "xapi"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert [s["id"] for s in again] == [s["id"] for s in statements]


def test_xapi_durations_are_iso_8601():
    from course.xapi.statements import duration

    assert duration(0) == "PT0S" and duration(90.5) == "PT1M30.5S" and duration(3725) == "PT1H2M5S"
    assert duration(59.999) == "PT1M0S" and duration(0.004) == "PT0S"  # to 0.01 s, as xAPI recommends
