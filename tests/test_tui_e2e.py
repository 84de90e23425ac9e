"""The installed `course` command in a real pseudo-terminal: map, one answer, quit, answer on disk."""

from __future__ import annotations

import os
import shutil
import sys
import tomllib
from pathlib import Path

import pexpect

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "tui_course"


def command() -> tuple[str, list[str]]:
    """The `course` console script when installed, else the same entry point through the interpreter."""
    script = shutil.which("course")
    if script:
        return script, []
    return sys.executable, ["-m", "course"]


def test_course_command_in_a_real_terminal(tmp_path: Path) -> None:
    progress = tmp_path / "progress"
    env = {
        **os.environ,
        "COURSE_PROGRESS_DIR": str(progress),
        "COURSE_CONTENT_DIR": str(FIXTURE),
        "TERM": "xterm-256color",
        "COLUMNS": "80",
        "LINES": "24",
    }
    env.pop("TEXTUAL", None)
    program, args = command()
    child = pexpect.spawn(program, args, env=env, dimensions=(24, 80), encoding="utf-8", timeout=20)
    try:
        child.expect("What is your name")
        child.send("Pat")
        child.expect("Pat")  # typed into the name box (not lost before it had focus)
        child.send("\r")
        child.expect("Learner: Pat")
        child.expect("not started")
        child.send("t")  # the highlighted module's quiz
        child.expect("Question 1 of 7")
        child.expect("then press a to answer")
        child.send(" ")  # choose the first option
        child.send("a")  # answer
        child.expect("Correct")
        child.send("\x11")  # ctrl+q
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0, child.before
    attempts = list((progress / "Pat" / "attempts" / "basics-quiz").glob("*.toml"))
    assert len(attempts) == 1
    data = tomllib.loads(attempts[0].read_text(encoding="utf-8"))
    answers = {a["question"]: a for a in data["answers"]}
    assert answers["q-single"]["response"] == "a" and answers["q-single"]["correct"] is True
    assert (progress / "Pat" / "learner.toml").is_file()
