"""SIGKILL at random moments while answers stream in: every file parses and no acknowledged answer is lost."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
import tomllib
from collections import defaultdict
from pathlib import Path

from course.progress import ProgressStore

KILL_ROUNDS = 120  # >= 100 kills
MAX_DELAY_SECONDS = 0.040
QUESTIONS_PER_ATTEMPT = 12  # small, so kills also land in finish_attempt / start_attempt
PROJECT = Path(__file__).resolve().parents[1]
SCRIPT = Path(__file__).resolve().parent / "progress_support" / "answer_streamer.py"


def test_sigkill_loses_no_acknowledged_answer(tmp_path):
    rng = random.Random(os.environ.get("PROGRESS_CRASH_SEED", time.time_ns()))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT), os.environ.get("PYTHONPATH")]))}
    server = subprocess.Popen(
        [sys.executable, str(SCRIPT), str(tmp_path), "ann", "quiz", str(QUESTIONS_PER_ATTEMPT)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1, env=env,
    )
    watchdog = threading.Timer(120, server.kill)
    watchdog.start()
    acked: dict[str, set[int]] = defaultdict(set)
    finished: set[str] = set()
    current, next_question = "-", 0
    kills = 0
    try:
        assert server.stdout.readline().strip() == "READY"
        for _ in range(KILL_ROUNDS):
            server.stdin.write(f"GO {current} {next_question}\n")
            server.stdin.flush()
            kind, pid = server.stdout.readline().split()
            assert kind == "PID"
            pid = int(pid)
            lines = [server.stdout.readline().strip()]  # wait until it is streaming
            time.sleep(rng.uniform(0, MAX_DELAY_SECONDS))
            os.kill(pid, signal.SIGKILL)
            kills += 1
            while lines[-1] != f"DEAD {pid}":
                lines.append(server.stdout.readline().strip())
                assert lines[-1], "the fork server went away"
            for line in lines[:-1]:
                word, *rest = line.split(maxsplit=1)
                assert word in ("ACK", "ATTEMPT", "FINISHED"), line
                if word == "ATTEMPT":
                    current, next_question = rest[0], 0
                elif word == "FINISHED":
                    finished.add(rest[0])
                    next_question = QUESTIONS_PER_ATTEMPT
                else:
                    attempt_id, number = rest[0].split()
                    acked[attempt_id].add(int(number))
                    next_question = int(number) + 1
            if current in finished:
                current = "-"  # killed before the next attempt was acknowledged
        server.stdin.write("QUIT\n")
        server.stdin.flush()
        server.wait(timeout=10)
    finally:
        watchdog.cancel()
        if server.poll() is None:
            server.kill()

    assert kills >= 100
    learner = tmp_path / "ann"
    files = [p for p in learner.rglob("*.toml") if not p.name.startswith(".")]
    assert not [p for p in files if "corrupt" in p.name]
    for path in files:
        tomllib.loads(path.read_text("utf-8"))  # every file parses

    progress = ProgressStore(tmp_path, "crash-course").open("ann")
    assert progress.notices == []
    # it really streamed (about ten answers a round; fewer on a busy machine, never almost none)
    assert sum(len(numbers) for numbers in acked.values()) > KILL_ROUNDS // 10
    for attempt_id, numbers in acked.items():
        stored = progress.attempt("quiz", attempt_id)
        assert stored is not None, attempt_id
        responses = {a.question: a.response for a in stored.answers}
        for number in numbers:
            assert responses.get(f"q{number}") == f"{attempt_id}:{number}"
    attempts = progress.attempts("quiz")
    assert not [p for p in learner.rglob("*.tmp")]  # temp files of killed writers were cleared
    done = [a for a in attempts if a.finished_at is not None]
    assert finished <= {a.id for a in done}
    # every finished attempt counted exactly once, even when killed between the two writes
    assert progress.summary.quizzes["quiz"].attempts == len(done)
