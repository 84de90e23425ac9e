"""Class results read every learner's progress without changing a single file."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from course.cli import main
from course.content import load_course
from course.events import folder_events
from course.progress import ProgressStore
from course.quizrun import QuizSession
from course.reports import class_report, class_report_from_events, render_csv, render_json, render_text
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
    ana.add_lesson_time("l0", 120)
    ana.lesson_completed("l0")
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
    assert report.hardest() == [] and len(report.too_few()) == 5  # 3 answers each: too few to rank
    assert class_report(course, progress, min_responses=3).hardest(1)[0].correct_rate < 1
    assert quiz.distribution == [0, 0, 0, 0, 0, 0, 1, 0, 0, 1]  # ben's best 60%, ana's 100%
    text = render_text(report)
    assert "ana" in text and "Most missed" in text
    chart = next(line for line in text.splitlines() if "0% " in line and "100%" in line and "Quiz l0-quiz" in line)
    assert "······█··█" in chart and chart.rstrip().endswith("2 learners")
    assert max(len(line) for line in text.splitlines()) <= 80
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


def test_reading_time_counts_completed_lessons_and_last_active_is_the_latest_event(tmp_path):
    """Two figures changed when the report moved to events: reading time is the time it took to complete
    each lesson (time in a lesson not completed yet, or reading it again later, is not counted), and
    opening a lesson (which writes the summary) is not activity; a finished attempt is."""
    course, progress = _class(tmp_path)
    ana = ProgressStore(progress, course.id).open("ana")
    ana.lesson_opened("l1")
    ana.add_lesson_time("l1", 600)  # reading, but l1 is not completed
    report = class_report(course, progress)
    row = next(r for r in report.learners if r.learner == "ana")
    assert row.minutes_reading == 2.0  # l0's two minutes only
    (events,) = [e for e in folder_events(course, progress, []) if e and e[0].learner == "ana"]
    assert row.last_active == max(e.at for e in events)
    assert row.last_active < ana.summary.updated_at  # the summary was written later, by opening l1
    ana.lesson_completed("l1")
    ana.add_lesson_time("l0", 300)  # reading l0 again after completing it
    row = next(r for r in class_report(course, progress).learners if r.learner == "ana")
    assert row.minutes_reading == 12.0 and row.last_active == ana.summary.lessons["l1"].completed_at


def test_any_order_and_interleaving_of_events_gives_the_same_report(tmp_path):
    import random

    course, progress = _class(tmp_path)
    expected = render_json(class_report(course, progress))
    assert expected["open_attempts"] == []  # known from the folders; events alone cannot say
    expected["open_attempts"] = None
    events = [e for batch in folder_events(course, progress, []) for e in batch]
    assert len({e.learner for e in events}) == 2
    for seed in range(5):
        shuffled = events[:]
        random.Random(seed).shuffle(shuffled)
        assert render_json(class_report_from_events(course, shuffled)) == expected


def test_learners_with_nothing_finished_are_left_out_and_counted_on_stderr(tmp_path, capsys):
    course, progress = _class(tmp_path)
    ProgressStore(progress, course.id).open("dan").lesson_opened("l0")
    assert main(["report", str(course.root), "--progress", str(progress)]) == 0
    out, err = capsys.readouterr()
    assert "dan" not in out and ": 2 learners\n" in out
    assert "1 learner has finished nothing yet and is not listed" in err


def test_report_text_fits_80_columns_with_long_names(tmp_path):
    course = load_course(make_course(tmp_path / "c"))
    progress = tmp_path / "progress"
    name = "a-very-long-learner-name-that-goes-on"
    _take(course, ProgressStore(progress, course.id).open(name), "l0-quiz", good=2)
    text = render_text(class_report(course, progress))
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "a-very-long-learner…" in text


def test_usage_mistakes_are_refused_with_a_reason(tmp_path, capsys):
    course, progress = _class(tmp_path)
    assert main(["report", str(course.root), "elsewhere"]) == 2
    assert "course report items" in capsys.readouterr().err
    assert main(["report", str(course.root), "--quiz", "l0-quiz"]) == 2
    assert "go with `course report items`" in capsys.readouterr().err
    assert main(["report", "items", str(course.root), "--progress", str(progress), "--quiz", "nope"]) == 2
    assert "no quiz 'nope'" in capsys.readouterr().err
    assert main(["report", "items", str(course.root), "--format", "xapi"]) == 2
    assert "text, csv or json" in capsys.readouterr().err
    assert main(["report", str(course.root), "--jsonl"]) == 2
    assert "--jsonl goes with --format xapi" in capsys.readouterr().err


def test_xapi_export_of_an_empty_class_is_an_empty_array(tmp_path, capsys):
    course = load_course(make_course(tmp_path / "c"))
    assert main(["report", str(course.root), "--progress", str(tmp_path / "none"), "--format", "xapi"]) == 0
    assert json.loads(capsys.readouterr().out) == []
