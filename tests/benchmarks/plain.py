"""`course --plain`: from the start of the process to its first line on standard output, against `python3 -c
pass` (the interpreter's own start), runs interleaved. The learner answers `q` at once, so the course loads in
full behind the first line in every run."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .core import Figure


def _first_line(args: list[str], env: dict[str, str]) -> float:
    began = time.perf_counter()
    child = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    assert child.stdout is not None and child.stdin is not None
    child.stdout.readline()
    took = time.perf_counter() - began
    child.stdin.write(b"q\n")
    child.stdin.close()
    child.stdout.read()
    child.wait(60)
    return took


def plain_figures(quick: bool, reps: int | None) -> list[Figure]:
    count = reps or (3 if quick else 15)
    with tempfile.TemporaryDirectory(prefix="course-bench-plain-") as tmp:
        env = {**os.environ, "COURSE_PROGRESS_DIR": str(Path(tmp) / "progress")}
        env.pop("COURSE_CONTENT_DIR", None)
        ours_args = [sys.executable, "-m", "course", "--plain", "--learner", "Bench"]
        floor_args = [sys.executable, "-c", "print('')"]
        _first_line(ours_args, env)  # makes the learner, and warms the file cache
        ours, floor = [], []
        for _ in range(count):
            ours.append(_first_line(ours_args, env))
            floor.append(_first_line(floor_args, env))
    return [Figure("plain: `course --plain` to its first line", ours, floor, "`python3 -c pass` (prints a line)",
                   goal=6)]
