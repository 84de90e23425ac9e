"""The learner remembered for the next plain `course`: the `.last-learner` file in the progress folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from course.progress import ProgressSaveError, read_last_learner, write_last_learner
from course.progress.last_learner import LAST_LEARNER_FILE


def test_missing_file_means_no_one(tmp_path: Path) -> None:
    assert read_last_learner(tmp_path) is None
    assert read_last_learner(tmp_path / "no such folder") is None


@pytest.mark.parametrize("content", [b"", b"\n", b"   \n\t\n"])
def test_an_empty_file_means_no_one(tmp_path: Path, content: bytes) -> None:
    (tmp_path / LAST_LEARNER_FILE).write_bytes(content)
    assert read_last_learner(tmp_path) is None


def test_an_undecodable_file_means_no_one(tmp_path: Path) -> None:
    (tmp_path / LAST_LEARNER_FILE).write_bytes(b"\xff\xfe\x80Ana\n")
    assert read_last_learner(tmp_path) is None


def test_a_folder_in_place_of_the_file_means_no_one(tmp_path: Path) -> None:
    (tmp_path / LAST_LEARNER_FILE).mkdir()
    assert read_last_learner(tmp_path) is None


def test_written_name_is_read_back_and_replaces_the_old_one(tmp_path: Path) -> None:
    root = tmp_path / "progress" / "course-id"  # not there yet: it is made
    write_last_learner(root, "Ana")
    assert read_last_learner(root) == "Ana"
    assert (root / LAST_LEARNER_FILE).read_text(encoding="utf-8") == "Ana\n"
    write_last_learner(root, "Zoë Ng")
    assert read_last_learner(root) == "Zoë Ng"
    assert sorted(p.name for p in root.iterdir()) == [LAST_LEARNER_FILE], "no temporary file is left"


def test_a_failed_write_keeps_the_old_name_and_leaves_no_temporary_file(tmp_path: Path, monkeypatch) -> None:
    write_last_learner(tmp_path, "Ana")

    def no_rename(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", no_rename)
    with pytest.raises(ProgressSaveError, match="the disk is full"):
        write_last_learner(tmp_path, "Bea")
    monkeypatch.undo()
    assert read_last_learner(tmp_path) == "Ana"
    assert sorted(p.name for p in tmp_path.iterdir()) == [LAST_LEARNER_FILE]


def test_a_file_where_the_folder_should_be_is_a_save_error(tmp_path: Path) -> None:
    blocker = tmp_path / "progress"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(ProgressSaveError):
        write_last_learner(blocker / "course-id", "Ana")
