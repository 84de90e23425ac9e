"""Format versions (v0 migration, newer formats refused) and corrupt files set aside."""

from __future__ import annotations

import os
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from course.progress import FORMAT_VERSION, Answer, FutureFormatError, ProgressStore

COURSE = "offshoring-101"


def learner_file(root: Path, name: str = "ann") -> Path:
    folder = root / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "learner.toml"


def test_v0_summary_is_migrated(tmp_path):
    path = learner_file(tmp_path)
    path.write_text(
        'learner = "ann"\ncourse = "offshoring-101"\ncreated_at = 2025-03-01T10:00:00Z\n'
        'theme = "dark"\nlessons_done = ["definitions", "geography"]\n'
    )
    progress = ProgressStore(tmp_path, COURSE).open("ann")
    summary = progress.summary
    assert summary.format == FORMAT_VERSION == 1
    assert summary.theme == "dark"
    assert set(summary.lessons) == {"definitions", "geography"}
    assert all(lesson.completed_at is not None for lesson in summary.lessons.values())
    assert summary.created_at == datetime(2025, 3, 1, 10, tzinfo=UTC)
    on_disk = tomllib.loads(path.read_text("utf-8"))
    assert on_disk["format"] == 1 and "lessons_done" not in on_disk
    assert progress.notices == []


def test_minimal_v0_summary_is_migrated(tmp_path):
    learner_file(tmp_path).write_text('lessons_done = ["definitions"]\n')
    summary = ProgressStore(tmp_path, COURSE).open("ann").summary
    assert summary.learner == "ann" and summary.course == COURSE
    assert summary.lessons["definitions"].completed_at is not None


def test_newer_summary_format_is_refused_and_left_alone(tmp_path):
    path = learner_file(tmp_path)
    original = b'format = 2\ncourse = "x"\nlearner = "ann"\nshiny_new_field = true\n'
    path.write_bytes(original)
    with pytest.raises(FutureFormatError, match="newer version of the course") as caught:
        ProgressStore(tmp_path, COURSE).open("ann")
    assert caught.value.found == 2 and caught.value.supported == FORMAT_VERSION
    assert path.read_bytes() == original
    assert sorted(p.name for p in path.parent.iterdir()) == [".lock", "learner.toml"]


def test_summary_turned_newer_after_opening_is_not_overwritten(tmp_path):
    progress = ProgressStore(tmp_path, COURSE).open("ann")
    newer = b'format = 9\n'
    progress.summary_path.write_bytes(newer)
    with pytest.raises(FutureFormatError):
        progress.set_theme("dark")
    assert progress.summary_path.read_bytes() == newer


def test_newer_attempt_format_is_left_out_and_untouched(tmp_path):
    progress = ProgressStore(tmp_path, COURSE).open("ann")
    attempt = progress.start_attempt("q1", ["a"], seed=1)
    path = progress.root / "attempts" / "q1" / f"{attempt.id}.toml"
    newer = path.read_text().replace("format = 1", "format = 5").encode()
    path.write_bytes(newer)
    assert progress.attempts("q1") == []
    assert any("newer version" in notice for notice in progress.notices)
    with pytest.raises(FutureFormatError):
        progress.record_answer(attempt, Answer(question="a", response="x", score=1, points=1,
                                               answered_at=datetime.now(UTC), correct=True))
    assert path.read_bytes() == newer


def valid_summary_bytes(tmp_path: Path) -> bytes:
    progress = ProgressStore(tmp_path / "model", COURSE).open("ann")
    progress.lesson_opened("definitions", "intro")
    progress.set_theme("dark")
    return progress.summary_path.read_bytes()


CORRUPTIONS = {
    "cut in half": lambda good: good[: len(good) // 2],
    "random bytes": lambda good: os.urandom(300),
    "not utf-8": lambda good: good.replace(b"dark", b"d\xffrk"),
    "wrong types": lambda good: b'format = 1\ncourse = "c"\nlearner = "ann"\ncreated_at = "yesterday"\n',
    "format not a number": lambda good: b'format = "one"\n',
    "empty": lambda good: b"",
}


@pytest.mark.parametrize("kind", sorted(CORRUPTIONS))
def test_corrupt_summary_is_set_aside(tmp_path, kind):
    bad = CORRUPTIONS[kind](valid_summary_bytes(tmp_path))
    path = learner_file(tmp_path / "progress")
    path.write_bytes(bad)
    progress = ProgressStore(tmp_path / "progress", COURSE).open("ann")
    moved = [p for p in path.parent.iterdir() if "corrupt" in p.name]
    assert len(moved) == 1 and moved[0].name.startswith("learner.corrupt-") and moved[0].suffix == ".toml"
    assert moved[0].read_bytes() == bad
    assert len(progress.notices) == 1 and moved[0].name in progress.notices[0]
    assert progress.summary.lessons == {} and progress.summary.theme is None
    assert tomllib.loads(path.read_text("utf-8"))["format"] == 1


def test_repeated_corruption_never_overwrites_an_earlier_copy(tmp_path):
    store = ProgressStore(tmp_path, COURSE)
    path = learner_file(tmp_path)
    for number in range(3):
        path.write_bytes(b"broken = [%d" % number)
        store.open("ann")
    moved = sorted(p.read_bytes() for p in path.parent.iterdir() if "corrupt" in p.name)
    assert moved == [b"broken = [0", b"broken = [1", b"broken = [2"]


def test_corrupt_attempt_is_set_aside(tmp_path):
    progress = ProgressStore(tmp_path, COURSE).open("ann")
    keep = progress.start_attempt("q1", ["a"], seed=1)
    broken = progress.start_attempt("q1", ["a"], seed=2)
    path = progress.root / "attempts" / "q1" / f"{broken.id}.toml"
    bad = path.read_bytes()[:40]
    path.write_bytes(bad)
    assert [a.id for a in progress.attempts("q1")] == [keep.id]
    moved = [p for p in path.parent.iterdir() if "corrupt" in p.name]
    assert len(moved) == 1 and moved[0].read_bytes() == bad
    assert moved[0].name.startswith(f"{broken.id}.corrupt-")
    assert len(progress.notices) == 1 and broken.id in progress.notices[0]
    assert progress.in_progress("q1") is None  # it was the one in progress
    assert progress.attempt_ids("q1") == [keep.id]
