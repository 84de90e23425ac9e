"""The run's tmp folders are in memory where the machine has a tmpfs for it (conftest.tmp_root_in_memory)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import MEMORY_FOLDER, fresh_home, in_memory, memory_folder_usable, tmp_root_in_memory

MOUNTS = """\
/dev/vda / ext4 rw,relatime 0 0
tmpfs /dev/shm tmpfs rw,relatime,size=24683792k 0 0
devtmpfs /dev devtmpfs rw,relatime 0 0
tmpfs /run tmpfs rw,nosuid 0 0
/dev/vdb /run/data ext4 rw 0 0
"""


def test_a_folder_is_in_memory_when_the_mount_it_is_in_is_a_tmpfs():
    assert in_memory(Path("/dev/shm"), MOUNTS)
    assert in_memory(Path("/dev/shm/pytest-of-ana/pytest-3"), MOUNTS)
    assert in_memory(Path("/run/user"), MOUNTS)
    assert not in_memory(Path("/run/data/x"), MOUNTS)  # a disk mounted inside a tmpfs
    assert not in_memory(Path("/dev/null"), MOUNTS)  # devtmpfs is not where pytest writes
    assert not in_memory(Path("/tmp"), MOUNTS)
    assert not in_memory(Path("/dev/shm"), "")


def test_this_run_writes_in_memory_exactly_when_the_machine_has_the_folder_for_it(tmp_path: Path):
    chosen = os.environ.get("PYTEST_DEBUG_TEMPROOT")
    memory = memory_folder_usable()
    if chosen is not None and chosen != MEMORY_FOLDER:  # the runner chose the folder: it stands
        assert tmp_path.is_relative_to(Path(chosen).resolve())
    else:
        assert tmp_path.is_relative_to(MEMORY_FOLDER) == memory
    assert in_memory(tmp_path) == (memory and chosen in (None, MEMORY_FOLDER))


def test_a_folder_the_runner_chose_is_kept_and_test_processes_decide_nothing(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)
    monkeypatch.setenv("PYTEST_DEBUG_TEMPROOT", "/somewhere/else")
    tmp_root_in_memory()
    assert os.environ["PYTEST_DEBUG_TEMPROOT"] == "/somewhere/else"

    monkeypatch.delenv("PYTEST_DEBUG_TEMPROOT")
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw0")
    tmp_root_in_memory()
    assert "PYTEST_DEBUG_TEMPROOT" not in os.environ

    monkeypatch.delenv("PYTEST_XDIST_WORKER")
    tmp_root_in_memory()
    memory = memory_folder_usable()
    assert os.environ.get("PYTEST_DEBUG_TEMPROOT") == (MEMORY_FOLDER if memory else None)


def test_a_home_is_made_without_listing_any_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch):
    """Each test's home (conftest.fresh_home) is a new folder apart from the run's tmp folders, made without
    listing the folders made before it, as pytest's numbered folders are."""
    def no_listing(*args, **kwargs):
        raise AssertionError("a folder was listed")

    with monkeypatch.context() as patched:
        patched.setattr(os, "scandir", no_listing)
        patched.setattr(os, "listdir", no_listing)
        patched.setattr(Path, "iterdir", no_listing)
        first, second = fresh_home(tmp_path_factory), fresh_home(tmp_path_factory)
    assert first != second and first.is_dir() and second.is_dir() and not any(first.iterdir())
    assert first.parent == second.parent == tmp_path_factory.getbasetemp() / "homes"
    assert Path(os.environ["COURSE_PROGRESS_DIR"]).parent.parent == first.parent  # this test's own home
