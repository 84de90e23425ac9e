"""The courses of the repository that no test changes (the shipped course, the folders of tests/fixtures/),
loaded once a test process.

`loaded(root)` is what `load_course(root)` gives: the first call loads the folder, and every call gets a copy
of its own of that load (unpickled: 2 ms for the shipped course, whose load costs 50 ms), so no test can
change the Course another test reads. The copy is made again from a fresh load when a file of the folder has
changed since (course.tui.startup.content_stats, what the start-up snapshot checks: a new, removed or changed
file). Any other folder, such as a course a test writes into its tmp folder, is loaded as ever. The course as
a learner or an instructor loads it is not touched.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import course.content
from course.content.loader import load_course
from course.content.models import Course
from course.tui.startup import content_stats
from tests.conftest import FIXTURES, ROOT

_LOADS: dict[Path, tuple[dict[str, Any], bytes]] = {}


def loaded(root: Path) -> Course:
    """`load_course(root)`, loaded once a test process for the shipped course and the test fixtures."""
    root = Path(root)
    if not _unchanged_by_tests(root):
        return load_course(root)
    stamp = content_stats(root)
    kept = _LOADS.get(root)
    if kept is None or kept[0] != stamp:
        kept = _LOADS[root] = (stamp, pickle.dumps(load_course(root)))
    return pickle.loads(kept[1])


@contextmanager
def shared_loads() -> Iterator[None]:
    """Inside the block, what looks up `course.content.load_course` when it runs (the in-process CLI's
    commands do) gets `loaded`: the shipped course and the fixtures are read once a test process."""
    with mock.patch.object(course.content, "load_course", loaded):
        yield


def _unchanged_by_tests(root: Path) -> bool:
    real = root.resolve()
    return real == ROOT or (real.is_relative_to(FIXTURES) and real != FIXTURES)
