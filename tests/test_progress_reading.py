"""Reading every learner's progress without changing a file (ProgressStore.records, used by reports), on
the same read path as a learner's own progress."""

from __future__ import annotations

from pathlib import Path

from course.progress import FORMAT_VERSION, ProgressStore
from course.scoring import percent

COURSE = "reading-course"


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _class(root: Path) -> ProgressStore:
    store = ProgressStore(root, COURSE)
    ana = store.open("ana")
    ana.lesson_completed("intro")
    first = ana.start_attempt("quiz-b", ["q1"], seed=1)
    ana.finish_attempt(first, earned=1, total=1, passed=True)
    second = ana.start_attempt("quiz-a", ["q1", "q2"], seed=2)
    ana.finish_attempt(second, earned=1, total=2, passed=False)
    store.open("ben")
    return store


def test_records_are_what_the_learner_sees_and_nothing_is_written(tmp_path: Path) -> None:
    store = _class(tmp_path)
    before = _snapshot(tmp_path)
    problems: list[str] = []
    records = {record.name: record for record in store.records(problems)}
    assert problems == [] and sorted(records) == ["ana", "ben"]
    ana = store.open("ana")
    assert records["ana"].summary == ana.summary
    assert [(a.quiz, a.score) for a in records["ana"].attempts] == [("quiz-a", 0.5), ("quiz-b", 1.0)]
    assert records["ben"].attempts == []
    assert _snapshot(tmp_path) == before


def test_an_older_summary_is_migrated_in_memory_only(tmp_path: Path) -> None:
    (tmp_path / "cy").mkdir()
    old = 'course = "reading-course"\nlearner = "cy"\nlessons_done = ["intro"]\n'
    (tmp_path / "cy" / "learner.toml").write_text(old, encoding="utf-8")
    problems: list[str] = []
    (record,) = ProgressStore(tmp_path, COURSE).records(problems)
    assert problems == [] and record.summary.format == FORMAT_VERSION
    assert record.summary.lessons["intro"].completed_at is not None
    assert (tmp_path / "cy" / "learner.toml").read_text(encoding="utf-8") == old


def test_unreadable_files_are_left_out_and_named(tmp_path: Path) -> None:
    store = _class(tmp_path)
    broken_attempt = next((tmp_path / "ana" / "attempts" / "quiz-a").glob("*.toml"))
    broken_attempt.write_text("id = [", encoding="utf-8")
    (tmp_path / "cara").mkdir()
    (tmp_path / "cara" / "learner.toml").write_text("format = 1\ncourse = [broken", encoding="utf-8")
    (tmp_path / "dan").mkdir()
    (tmp_path / "dan" / "learner.toml").write_text(
        'format = 1\ncourse = "other"\nlearner = "dan"\ncreated_at = 2026-01-01T00:00:00Z\n'
        "updated_at = 2026-01-01T00:00:00Z\n",
        encoding="utf-8",
    )
    (tmp_path / "eve").mkdir()  # no summary yet: not a learner of this course
    before = _snapshot(tmp_path)
    problems: list[str] = []
    records = {record.name: record for record in store.records(problems)}
    assert sorted(records) == ["ana", "ben"]
    assert [a.quiz for a in records["ana"].attempts] == ["quiz-b"]
    assert any(str(broken_attempt) in p and "left out" in p for p in problems)
    assert any("learner 'cara' left out" in p for p in problems)
    assert any("belongs to course 'other'" in p for p in problems)
    assert len(problems) == 3
    assert _snapshot(tmp_path) == before


def test_percent_is_a_whole_percentage_or_a_dash() -> None:
    assert [percent(x) for x in (0, 0.125, 0.5, 0.889, 1)] == ["0%", "12%", "50%", "89%", "100%"]
    assert percent(None) == "—"
