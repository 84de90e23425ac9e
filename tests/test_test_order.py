"""The order the suite's tests are handed out in (conftest): the longest first, then the files that drive the
Textual app, then the others; pytest-xdist hands them out in small chunks unless told otherwise."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.conftest import (
    LONGEST_FIRST,
    SCHEDULE_CHUNK,
    drives_the_app,
    pytest_collection_modifyitems,
    schedule_in_small_chunks,
)


def _file(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_file_drives_the_app_when_it_runs_it_through_pilot_or_a_snapshot(tmp_path: Path):
    assert drives_the_app(_file(tmp_path, "a.py", "async with app.run_test(size=SIZE) as pilot:\n"))
    assert drives_the_app(_file(tmp_path, "b.py", "def test_x(snap_compare):\n"))
    assert drives_the_app(_file(tmp_path, "c.py", "async def answer(pilot):\n"))
    assert not drives_the_app(_file(tmp_path, "d.py", "def test_score():\n    assert score(1) == 1\n"))
    assert not drives_the_app(tmp_path / "gone.py")


def test_the_longest_come_first_then_the_app_files_then_the_rest_each_in_its_order(tmp_path: Path):
    app = _file(tmp_path, "test_app.py", "pilot")
    other = _file(tmp_path, "test_other.py", "plain")
    longest = LONGEST_FIRST[0]
    items = [SimpleNamespace(nodeid=f"tests/test_other.py::t{n}", path=other) for n in range(2)]
    items += [SimpleNamespace(nodeid=f"tests/test_app.py::t{n}", path=app) for n in range(2)]
    items += [SimpleNamespace(nodeid=f"{longest}::t{n}", path=other) for n in range(2)]
    pytest_collection_modifyitems(items)  # type: ignore[arg-type]
    assert [item.nodeid for item in items] == [
        f"{longest}::t0", f"{longest}::t1", "tests/test_app.py::t0", "tests/test_app.py::t1",
        "tests/test_other.py::t0", "tests/test_other.py::t1",
    ]


def test_tests_are_handed_out_in_small_chunks_unless_the_command_line_says(request: pytest.FixtureRequest):
    unset = SimpleNamespace(maxschedchunk=None)
    schedule_in_small_chunks(unset)
    assert unset.maxschedchunk == SCHEDULE_CHUNK
    given = SimpleNamespace(maxschedchunk=3)
    schedule_in_small_chunks(given)
    assert given.maxschedchunk == 3
    without_xdist = SimpleNamespace()
    schedule_in_small_chunks(without_xdist)
    assert not hasattr(without_xdist, "maxschedchunk")
    assert request.config.getoption("maxschedchunk") is not None  # this run's
