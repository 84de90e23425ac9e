"""App figures: each run is a fresh interpreter (probe.py), alternating with its floor."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import course.tui.app  # noqa: F401  (ImportError here means the app is not there yet)

from .core import Figure, interleave, median
from .gen import lesson_text, make_course

PROBE = Path(__file__).resolve().parent / "probe.py"
PROJECT = Path(__file__).resolve().parents[2]


def probe(kind: str, *args) -> dict:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT), os.environ.get("PYTHONPATH")]))}
    env.pop("COURSE_CONTENT_DIR", None)
    env["BENCH_T0"] = repr(time.monotonic())
    done = subprocess.run(
        [sys.executable, str(PROBE), kind, json.dumps(list(args))],
        capture_output=True, text=True, env=env, cwd=PROJECT, timeout=120,
    )
    if done.returncode != 0 or not done.stdout.strip():
        raise RuntimeError(f"probe {kind} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def app_figures(parts: list[str], quick: bool, reps: int | None, notes: list[str]) -> list[Figure]:
    reps = reps or (3 if quick else 9)
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="course-bench-app-") as tmp:
        work = Path(tmp)
        progress = str(work / "progress")
        # warm the OS file cache and write bytecode for anything compileall missed
        probe("bare")
        probe("course", "", progress, "bench")

        if "start" in parts or "memory" in parts:
            bare: list[dict] = []
            app: list[dict] = []

            def run_bare() -> float:
                bare.append(probe("bare"))
                return bare[-1]["ready"]

            def run_app() -> float:
                app.append(probe("course", "", progress, "bench"))
                return app[-1]["ready"]

            ours, floor = interleave(reps, run_app, run_bare)
            if "start" in parts:
                figures.append(Figure("start: launch to course map (shipped course)", ours, floor,
                                      "bare Textual app, one line", goal=1.15))
            if "memory" in parts:
                figures.append(Figure("memory: peak RSS at the course map", [r["maxrss"] for r in app],
                                      [r["maxrss"] for r in bare], "bare Textual app, one line", goal=1.2,
                                      unit="B"))

        if "lesson" in parts:
            root = make_course(work / "lesson-course", 2, 3, seed=31)
            import random

            text = lesson_text(random.Random(32), "lesson-1", 1, quiz="quiz-1", size=15_500, paragraphs=6)
            lesson_file = next((root / "lessons").glob("*lesson-1.md"))
            lesson_file.write_text(text, "utf-8")
            size = len(text.encode())
            sections = text.count("\n## ")
            lesson_progress = str(work / "lesson-progress")
            opens: list[float] = []
            md_opens: list[float] = []

            def run_lesson() -> float:
                measured = probe("lesson", str(root), lesson_progress, "bench", "lesson-1")
                opens.append(measured["open"])
                return measured["ready"]

            def run_bare_l() -> float:
                return probe("bare")["ready"]

            def run_md() -> float:
                md_opens.append(probe("markdown_open", str(lesson_file))["open"])
                return probe("markdown", str(lesson_file))["ready"]

            ours, floor, md = interleave(reps, run_lesson, run_bare_l, run_md)
            label = f"{size / 1024:.0f} KB, {sections} sections"
            figures.append(Figure(f"lesson: open in the app to first paint ({label})", opens, floor,
                                  "bare Textual app, one line", goal=1.5, paired=False))
            figures.append(Figure("lesson: open, vs MarkdownViewer opened the same way", opens, md_opens,
                                  "MarkdownViewer mounted in a running app", goal=None, paired=False))
            figures.append(Figure(f"lesson: launch straight into it ({label})", ours, floor,
                                  "bare Textual app, one line", goal=None))
            figures.append(Figure("lesson: launch, vs MarkdownViewer app", ours, md, "MarkdownViewer app, same text",
                                  goal=None))

        if "navigate" in parts:
            questions = 200
            root = make_course(work / "nav-course", 1, 3, seed=41, exam_questions=questions)
            moves = 5 if quick else 25
            result = probe("navigate", str(root), str(work / "nav-progress"), "bench", "final-exam", moves)
            assert result["questions"] == questions, result
            figures.append(Figure(f"navigate: move at question {questions} vs 1 ({questions}-question exam)",
                                  result["last"], result["first"], "move at question 1", goal=1.25,
                                  paired=False))
            figures.append(Figure("navigate: one move at question 1 (absolute)", result["first"], [],
                                  "-", goal=None, paired=False))
    return figures
