"""Which learner `course` opens: the one asked for, else the one from last time, else the only one."""

from __future__ import annotations

import gc

import pytest

from course.progress import ProgressStore
from course.tui import run
from course.tui.app import CourseApp


@pytest.fixture
def opened(monkeypatch):
    seen: list[str | None] = []

    def fake_run(self, *args, **kwargs):
        seen.append(self.learner.name if self.learner else None)

    monkeypatch.setattr(CourseApp, "run", fake_run)
    return seen


def test_learner_given_once_is_opened_next_time_without_asking(tmp_path, opened):
    progress = str(tmp_path / "p")
    assert run(None, "Ana", progress) == 0
    assert run(None, None, progress) == 0
    assert opened == ["Ana", "Ana"]
    assert gc.isenabled(), "start-up pauses the garbage collector; it must be back on afterwards"


def test_the_only_learner_is_opened_and_several_means_asking(tmp_path, opened, shipped_root):
    progress = tmp_path / "p"
    store = ProgressStore(progress, "outsourcing-vs-offshoring")
    store.open("Ben")
    assert run(None, None, str(progress)) == 0
    store.open("Cara")
    assert run(None, None, str(progress)) == 0
    assert opened == ["Ben", None]


def test_an_invalid_learner_name_is_refused_with_the_reason(tmp_path, opened, capsys):
    assert run(None, "../x", str(tmp_path / "p")) == 2
    assert "course:" in capsys.readouterr().err
    assert opened == []


def test_an_unusable_progress_folder_is_refused_with_a_way_out(tmp_path, opened, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert run(None, "Ana", str(blocker / "progress")) == 1
    err = capsys.readouterr().err
    assert "Could not save your progress" in err and "--progress DIR" in err
    assert opened == []
