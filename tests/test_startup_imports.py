"""What is imported before the first thing a learner sees, checked as a set of module names (no stopwatch).

`course` runs in a pseudo-terminal with a hook on Textual's terminal driver: the first write that carries the
first screen records `sys.modules` at that moment. With a fresh start-up snapshot the map is painted from the
snapshot alone, so nothing that reads the course or the progress files may have been imported yet: no pydantic,
no fsrs, no content or progress models. These modules once came back before the first frame through the map's
review count, and only a benchmark noticed.

`course --ask-learner` (how every browser tab of `course serve` starts) asks who is learning from course.toml
and the progress folder's listing alone, and loads the course behind that question: the same modules must not
be there when the question is first written.
"""

from __future__ import annotations

import json
import os
import sys
import textwrap
from pathlib import Path

import pexpect
import pytest

from course.tui.startup import fresh_snapshot, open_course
from tests.tui_support import FIXTURE

# Modules that cost most of the start-up and that the snapshot-first map exists to keep after the paint.
NOT_BEFORE_THE_MAP = (
    "pydantic",
    "pydantic_core",
    "fsrs",
    "course.content.models",
    "course.content.loader",
    "course.progress.models",
    "course.progress.store",
    "course.review",
    "course.scoring",
    "markdown_it",
)

HOOK = textwrap.dedent(
    """
    import json, os, sys
    from textual.drivers.linux_driver import LinuxDriver

    out, marker = os.environ["GUARD_OUT"], os.environ["GUARD_MARKER"]
    write = LinuxDriver.write

    def watched(self, data):
        if marker in data and not os.path.exists(out):
            with open(out + ".part", "w", encoding="utf-8") as file:
                json.dump(sorted(sys.modules), file)
            os.replace(out + ".part", out)
        write(self, data)

    LinuxDriver.write = watched
    from course.cli import console
    sys.argv[0] = "course"
    sys.exit(console())
    """
)


def modules_at_first_frame(tmp_path: Path, options: list[str], marker: str) -> set[str]:
    """The modules imported when `course OPTIONS` first writes `marker` to its terminal (it is then quit)."""
    out = tmp_path / "modules.json"
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "COLUMNS": "80",
        "LINES": "24",
        "GUARD_OUT": str(out),
        "GUARD_MARKER": marker,
    }
    env.pop("TEXTUAL", None)
    child = pexpect.spawn(sys.executable, ["-c", HOOK, *options], env=env, dimensions=(24, 80), encoding="utf-8",
                          timeout=30)
    try:
        child.expect_exact(marker)
        child.send("\x11")  # ctrl+q
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert out.is_file(), f"{marker!r} was never written to the terminal"
    return set(json.loads(out.read_text("utf-8")))


def modules_at_first_map(tmp_path: Path, progress: Path) -> set[str]:
    # The same options as the snapshot was made for: a snapshot is only used for the command that made it.
    options = ["--content", str(FIXTURE), "--progress", str(progress), "--learner", "Ana"]
    return modules_at_first_frame(tmp_path, options, "Learner: Ana")


def too_early(modules: set[str]) -> list[str]:
    return sorted(name for name in modules if any(name == m or name.startswith(m + ".") for m in NOT_BEFORE_THE_MAP))


@pytest.fixture
def progress_with_snapshot(tmp_path: Path) -> Path:
    from course.tui.app import CourseApp

    progress = tmp_path / "progress"
    opened = open_course(str(FIXTURE), "Ana", str(progress))
    app = CourseApp(opened.course, opened.store, opened.learner)
    app.start_inputs = opened.inputs
    assert app.write_snapshot()
    assert fresh_snapshot(str(FIXTURE), "Ana", str(progress)) is not None
    return progress


def test_the_first_map_frame_imports_nothing_that_reads_the_course(tmp_path, progress_with_snapshot) -> None:
    modules = modules_at_first_map(tmp_path, progress_with_snapshot)
    assert "textual" in modules and "course.tui.map.screen" in modules  # the hook saw the real map
    early = too_early(modules)
    assert early == [], f"imported before the course map's first frame: {early}"


@pytest.mark.parametrize(
    ("learners", "marker"),
    [(("Ana", "Bo"), "Who is learning?"), ((), "Welcome!")],
    ids=["learners-here", "first-run"],
)
def test_the_question_who_is_learning_imports_nothing_that_reads_the_course(tmp_path, learners, marker) -> None:
    progress = tmp_path / "progress"
    for name in learners:
        (progress / name).mkdir(parents=True)
    if learners:
        (progress / ".last-learner").write_text(f"{learners[-1]}\n", encoding="utf-8")
    options = ["--ask-learner", "--content", str(FIXTURE), "--progress", str(progress)]
    modules = modules_at_first_frame(tmp_path, options, marker)
    assert "textual" in modules and "course.tui.welcome.screen" in modules  # the hook saw the real question
    early = too_early(modules)
    assert early == [], f"imported before the question who is learning was first painted: {early}"
