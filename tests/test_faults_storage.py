"""Storage failures while saving: read-only folder, disk full, a folder where a file should be.

Tests run as root, so permissions cannot make a folder read-only; the failing system calls are patched
instead. In every case the previous file stays byte-for-byte intact, no temp file is left, the answer is
not taken as saved, and a ProgressSaveError says what went wrong (the app shows its message).
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

import pytest

from course.content import load_course
from course.progress import ProgressSaveError, ProgressStore
from course.quizrun import QuizSession
from tests.answers import right, wrong
from tests.benchmarks.gen import make_course

QUIZ = "quiz-1"


@pytest.fixture
def setup(tmp_path):
    course = load_course(make_course(tmp_path / "course", 1, 6, seed=8))
    learner = ProgressStore(tmp_path / "progress", course.id).open("ann")
    learner.lesson_opened("lesson-1")
    session = QuizSession.start(course, course.quiz(QUIZ), learner, seed=3)
    session.answer(0, right(session.questions[0].question))
    attempt_file = tmp_path / "progress" / "ann" / "attempts" / QUIZ / f"{session.attempt.id}.toml"
    assert attempt_file.is_file()
    return course, learner, session, attempt_file


def _oserror(code: int):
    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    return fail


class _FullDisk:
    """A file object that writes part of the data and then reports a full disk."""

    def __init__(self, handle):
        self._handle = handle

    def write(self, data):
        self._handle.write(data[: len(data) // 2])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name):
        return getattr(self._handle, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._handle.close()


def _full_disk(monkeypatch):
    real = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: _FullDisk(real(fd, *a, **k)))


FAULTS = {
    "read-only (EACCES)": (lambda mp: mp.setattr(tempfile, "mkstemp", _oserror(errno.EACCES)), "read-only"),
    "read-only (EROFS)": (lambda mp: mp.setattr(tempfile, "mkstemp", _oserror(errno.EROFS)), "read-only"),
    "read-only at rename (EROFS)": (lambda mp: mp.setattr(os, "replace", _oserror(errno.EROFS)), "read-only"),
    "disk full on write (ENOSPC)": (_full_disk, "disk is full"),
    "disk full at fsync (ENOSPC)": (lambda mp: mp.setattr(os, "fsync", _oserror(errno.ENOSPC)), "disk is full"),
    "quota exhausted (EDQUOT)": (lambda mp: mp.setattr(tempfile, "mkstemp", _oserror(errno.EDQUOT)), "quota"),
}


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.rglob("*.tmp")]


@pytest.mark.parametrize("fault", list(FAULTS))
def test_answer_save_failure_keeps_the_previous_file(setup, monkeypatch, fault):
    course, learner, session, attempt_file = setup
    before = attempt_file.read_bytes()
    summary_before = learner.summary_path.read_bytes()
    attempt_before = session.attempt
    patch, reason = FAULTS[fault]
    with monkeypatch.context() as mp:
        patch(mp)
        with pytest.raises(ProgressSaveError) as caught:
            session.answer(1, wrong(session.questions[1].question))
        with pytest.raises(ProgressSaveError) as caught_summary:
            learner.lesson_completed("lesson-1")
    for error in (caught.value, caught_summary.value):
        message = str(error)
        assert message.startswith("Could not save your progress to ") and reason in message, message
    assert str(attempt_file) in str(caught.value)
    assert attempt_file.read_bytes() == before
    assert learner.summary_path.read_bytes() == summary_before
    assert session.attempt is attempt_before  # the failed answer is not taken as saved
    assert not session.is_answered(1)
    assert _leftovers(attempt_file.parents[3]) == []
    # once the fault is gone, saving works again and nothing earlier was lost
    session.answer(1, wrong(session.questions[1].question))
    reopened = ProgressStore(attempt_file.parents[3], course.id).open("ann")
    stored = reopened.attempt(QUIZ, session.attempt.id)
    assert [a.question for a in stored.answers] == [session.questions[0].key, session.questions[1].key]
    assert reopened.notices == []


def test_attempt_file_replaced_by_a_folder(setup):
    course, learner, session, attempt_file = setup
    attempt_file.unlink()
    attempt_file.mkdir()
    (attempt_file / "keep.txt").write_text("not mine")
    with pytest.raises(ProgressSaveError) as caught:
        session.answer(1, right(session.questions[1].question))
    assert "a folder is in the way" in str(caught.value) and str(attempt_file) in str(caught.value)
    assert attempt_file.is_dir() and (attempt_file / "keep.txt").read_text() == "not mine"
    assert _leftovers(attempt_file.parents[3]) == []


def test_summary_file_replaced_by_a_folder(setup, tmp_path):
    course, learner, session, attempt_file = setup
    attempt_before = attempt_file.read_bytes()
    learner.summary_path.unlink()
    learner.summary_path.mkdir()
    with pytest.raises(ProgressSaveError) as caught:
        learner.lesson_completed("lesson-1")
    assert "a folder is in the way" in str(caught.value)
    with pytest.raises(ProgressSaveError) as caught_open:
        ProgressStore(tmp_path / "progress", course.id).open("ann")
    assert "a folder is in the way" in str(caught_open.value)
    assert learner.summary_path.is_dir() and attempt_file.read_bytes() == attempt_before


def test_attempts_folder_replaced_by_a_file(setup):
    course, learner, session, attempt_file = setup
    folder = attempt_file.parent
    for child in folder.iterdir():
        child.unlink()
    folder.rmdir()
    folder.write_text("someone's notes")
    with pytest.raises(ProgressSaveError) as caught:
        session.answer(1, right(session.questions[1].question))
    assert "a file is in the way" in str(caught.value)
    assert folder.read_text() == "someone's notes"


def test_progress_folder_cannot_be_created(tmp_path, monkeypatch):
    (tmp_path / "blocked").write_text("a file, not a folder")
    with pytest.raises(ProgressSaveError) as caught:
        ProgressStore(tmp_path / "blocked" / "progress", "c").open("ann")
    assert "a file is in the way" in str(caught.value)
    assert (tmp_path / "blocked").read_text() == "a file, not a folder"


def test_a_learner_folder_that_is_a_file_is_named_as_such(tmp_path):
    (tmp_path / "progress").mkdir()
    (tmp_path / "progress" / "ann").write_text("a file where the learner's folder should be")
    with pytest.raises(ProgressSaveError) as caught:
        ProgressStore(tmp_path / "progress", "c").open("ann")
    message = str(caught.value)
    assert "a file is in the way where a folder should be" in message and "file exists" not in message.lower()
    assert (tmp_path / "progress" / "ann").read_text() == "a file where the learner's folder should be"


@pytest.mark.parametrize("which", ["summary", "attempt"])
def test_a_progress_file_that_cannot_be_read_is_not_called_a_read_only_folder(setup, monkeypatch, which):
    course, learner, session, attempt_file = setup
    target = learner.summary_path if which == "summary" else attempt_file
    before = target.read_bytes()
    real = Path.open

    def open_(self, *args, **kwargs):
        if self == target:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", open_)
    with pytest.raises(ProgressSaveError) as caught:
        if which == "summary":
            ProgressStore(target.parents[1], course.id).open("ann")
        else:
            session.answer(1, right(session.questions[1].question))
    message = str(caught.value)
    assert "cannot be read (permission denied)" in message and str(target) in message
    assert "read-only" not in message
    monkeypatch.undo()
    assert target.read_bytes() == before
