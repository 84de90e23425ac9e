"""What is imported before the first thing a learner sees, checked as a set of module names (no stopwatch).

`course` runs in a pseudo-terminal with a hook on Textual's terminal driver: the first write that carries the
course map records `sys.modules` at that moment. With a fresh start-up snapshot the map is painted from the
snapshot alone, so nothing that reads the course or the progress files may have been imported yet: no pydantic,
no fsrs, no content or progress models. These modules once came back before the first frame through the map's
review count, and only a benchmark noticed.
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


def modules_at_first_map(tmp_path: Path, progress: Path) -> set[str]:
    out = tmp_path / "modules.json"
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "COLUMNS": "80",
        "LINES": "24",
        "GUARD_OUT": str(out),
        "GUARD_MARKER": "Learner: Ana",
    }
    env.pop("TEXTUAL", None)
    # The same options as the snapshot was made for: a snapshot is only used for the command that made it.
    args = ["-c", HOOK, "--content", str(FIXTURE), "--progress", str(progress), "--learner", "Ana"]
    child = pexpect.spawn(sys.executable, args, env=env, dimensions=(24, 80), encoding="utf-8", timeout=30)
    try:
        child.expect("Learner: Ana")
        child.send("\x11")  # ctrl+q
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert out.is_file(), "the map was never written to the terminal"
    return set(json.loads(out.read_text("utf-8")))


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
    early = sorted(name for name in modules if any(name == m or name.startswith(m + ".") for m in NOT_BEFORE_THE_MAP))
    assert early == [], f"imported before the course map's first frame: {early}"
