"""Two processes writing for the same learner at once lose nothing (lock + merge with disk)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from course.progress import ProgressStore

PROJECT = Path(__file__).resolve().parents[1]
SCRIPT = Path(__file__).resolve().parent / "progress_support" / "concurrent_answers.py"
QUESTIONS = 100  # 50 per process
OWN_ATTEMPTS = 10  # per process


def test_two_processes_answer_the_same_attempt(tmp_path):
    store = ProgressStore(tmp_path, "concurrency")
    shared = store.open("ann").start_attempt("shared", [f"q{i}" for i in range(QUESTIONS)], seed=5)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT), os.environ.get("PYTHONPATH")]))}
    procs = [
        subprocess.Popen(
            [sys.executable, str(SCRIPT), str(tmp_path), "ann", shared.id, str(parity), str(OWN_ATTEMPTS)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        )
        for parity in (0, 1)
    ]
    for proc in procs:  # both are loaded before either starts
        proc.stdin.write("go\n")
        proc.stdin.flush()
    for proc in procs:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        assert out.strip() == "DONE"

    progress = store.open("ann")
    assert progress.notices == []
    stored = progress.attempt("shared", shared.id)
    assert {a.question: a.response for a in stored.answers} == {
        f"q{i}": f"{i % 2}:q{i}" for i in range(QUESTIONS)
    }
    assert [a.question for a in stored.answers] == shared.questions  # kept in question order
    own = progress.attempts("own")
    assert len(own) == 2 * OWN_ATTEMPTS
    assert all(a.finished_at is not None and a.answer_for("a") is not None for a in own)
    state = progress.summary.quizzes["own"]
    assert state.attempts == 2 * OWN_ATTEMPTS and state.in_progress is None
