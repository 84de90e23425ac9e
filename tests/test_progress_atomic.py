"""Atomic writes: a failed save raises ProgressSaveError and leaves the previous file whole."""

from __future__ import annotations

import errno
import os
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from course.progress import Answer, ProgressSaveError, ProgressStore, atomic_write_text
from course.progress import atomic as atomic_module

COURSE = "offshoring-101"


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.name.endswith(".tmp"))


def failing(code: int):
    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))
    return fail


def test_writes_and_replaces(tmp_path):
    target = tmp_path / "f.toml"
    atomic_write_text(target, "a = 1\n")
    atomic_write_text(target, "a = 2\n")
    assert tomllib.loads(target.read_text()) == {"a": 2}
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(
    ("patch", "code", "words"),
    [
        ("replace", errno.ENOSPC, "the disk is full"),
        ("fsync", errno.ENOSPC, "the disk is full"),
        ("replace", errno.EROFS, "read-only"),
        ("replace", errno.EIO, "input/output error"),
    ],
)
def test_failed_write_keeps_old_file_and_no_temp(tmp_path, monkeypatch, patch, code, words):
    target = tmp_path / "f.toml"
    atomic_write_text(target, "a = 1\n")
    monkeypatch.setattr(os, patch, failing(code))
    with pytest.raises(ProgressSaveError) as caught:
        atomic_write_text(target, "a = 2\n")
    monkeypatch.undo()
    message = str(caught.value)
    assert message.startswith(f"Could not save your progress to {target}")
    assert words in message.lower()
    assert tomllib.loads(target.read_text()) == {"a": 1}
    assert leftovers(tmp_path) == []


def test_read_only_folder(tmp_path, monkeypatch):
    # Tests may run as root, where chmod does not stop writes: make the temp file creation fail instead.
    target = tmp_path / "f.toml"
    atomic_write_text(target, "a = 1\n")
    monkeypatch.setattr(atomic_module.tempfile, "mkstemp", failing(errno.EACCES))
    with pytest.raises(ProgressSaveError, match="read-only"):
        atomic_write_text(target, "a = 2\n")
    assert target.read_text() == "a = 1\n"


def test_short_write_disk_full(tmp_path, monkeypatch):
    target = tmp_path / "f.toml"
    atomic_write_text(target, "a = 1\n")
    real_fdopen = os.fdopen

    class FullDisk:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, data):
            self.handle.write(data[: len(data) // 2])
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fdopen", lambda fd, mode: FullDisk(real_fdopen(fd, mode)))
    with pytest.raises(ProgressSaveError, match="disk is full"):
        atomic_write_text(target, "a = 2\n" * 1000)
    assert target.read_text() == "a = 1\n"
    assert leftovers(tmp_path) == []


def test_target_replaced_by_a_directory(tmp_path):
    target = tmp_path / "f.toml"
    target.mkdir()
    with pytest.raises(ProgressSaveError, match="folder is in the way"):
        atomic_write_text(target, "a = 1\n")
    assert target.is_dir() and leftovers(tmp_path) == []


def test_interrupted_write_is_cleaned_up(tmp_path, monkeypatch):
    target = tmp_path / "f.toml"
    atomic_write_text(target, "a = 1\n")
    monkeypatch.setattr(os, "replace", lambda *a: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        atomic_write_text(target, "a = 2\n")
    monkeypatch.undo()
    assert target.read_text() == "a = 1\n" and leftovers(tmp_path) == []


def answer(key: str) -> Answer:
    return Answer(question=key, response=key, score=1, points=1, answered_at=datetime.now(UTC), correct=True)


def test_store_save_failures_keep_progress(tmp_path, monkeypatch):
    progress = ProgressStore(tmp_path, COURSE).open("ann")
    attempt = progress.start_attempt("q1", ["a", "b"], seed=1)
    attempt = progress.record_answer(attempt, answer("a"))
    summary_before = progress.summary_path.read_bytes()
    attempt_file = progress.root / "attempts" / "q1" / f"{attempt.id}.toml"
    attempt_before = attempt_file.read_bytes()

    monkeypatch.setattr(os, "replace", failing(errno.ENOSPC))
    with pytest.raises(ProgressSaveError, match="disk is full"):
        progress.record_answer(attempt, answer("b"))
    with pytest.raises(ProgressSaveError, match="disk is full"):
        progress.set_theme("dark")
    with pytest.raises(ProgressSaveError):
        progress.finish_attempt(attempt, 1, 2, False)
    monkeypatch.undo()

    assert attempt_file.read_bytes() == attempt_before
    assert progress.summary_path.read_bytes() == summary_before
    assert leftovers(tmp_path) == []
    again = ProgressStore(tmp_path, COURSE).open("ann")
    assert again.notices == []
    assert [a.question for a in again.attempt("q1", attempt.id).answers] == ["a"]


def test_store_files_replaced_by_directories(tmp_path):
    progress = ProgressStore(tmp_path, COURSE).open("ann")
    attempt = progress.start_attempt("q1", ["a"], seed=1)
    attempt_file = progress.root / "attempts" / "q1" / f"{attempt.id}.toml"
    attempt_file.unlink()
    attempt_file.mkdir()
    with pytest.raises(ProgressSaveError, match="folder is in the way"):
        progress.record_answer(attempt, answer("a"))
    progress.summary_path.unlink()
    progress.summary_path.mkdir()
    with pytest.raises(ProgressSaveError, match="folder is in the way"):
        progress.set_theme("dark")
    assert progress.summary_path.is_dir() and attempt_file.is_dir()


def test_unwritable_progress_folder(tmp_path):
    blocker = tmp_path / "progress"
    blocker.write_text("a file where the progress folder should be")
    with pytest.raises(ProgressSaveError, match="Could not save your progress"):
        ProgressStore(blocker, COURSE).open("ann")
    assert blocker.read_text().startswith("a file")
