"""SIGKILL at random moments while answers stream in: every file parses and no acknowledged answer is lost."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import threading
import tomllib
from collections import defaultdict
from pathlib import Path

from course.progress import ProgressStore
from tests.progress_support.kill_rounds import Round, kill_round, seed_from

KILL_ROUNDS = 120  # >= 100 kills
MAX_DELAY_SECONDS = 0.040  # after the first acknowledged answer (or after the fork, in an early round)
EARLY_SHARE = 0.2  # rounds killed while the child opens the learner, before it answers
WATCHDOG_SECONDS = 300  # only a hang trips it; a busy machine can take minutes for 120 rounds
QUESTIONS_PER_ATTEMPT = 12  # small, so kills also land in finish_attempt / start_attempt
PROJECT = Path(__file__).resolve().parents[1]
SCRIPT = Path(__file__).resolve().parent / "progress_support" / "answer_streamer.py"


def test_sigkill_loses_no_acknowledged_answer(tmp_path):
    seed = seed_from("PROGRESS_CRASH_SEED")
    rng = random.Random(seed)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT), os.environ.get("PYTHONPATH")]))}
    server = subprocess.Popen(
        [sys.executable, str(SCRIPT), str(tmp_path), "ann", "quiz", str(QUESTIONS_PER_ATTEMPT)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1, env=env,
    )
    watchdog = threading.Timer(WATCHDOG_SECONDS, server.kill)
    watchdog.start()
    acked: dict[str, set[int]] = defaultdict(set)
    finished: set[str] = set()
    current, next_question = "-", 0
    rounds: list[Round] = []
    try:
        assert server.stdout.readline().strip() == "READY", f"the fork server did not start (seed {seed})"
        for _ in range(KILL_ROUNDS):
            server.stdin.write(f"GO {current} {next_question}\n")
            server.stdin.flush()
            rounds.append(kill_round(server, rng, seed, max_delay=MAX_DELAY_SECONDS, early_share=EARLY_SHARE))
            for line in rounds[-1].lines:
                word, rest = line.split(" ", 1)
                if word == "ATTEMPT":
                    current, next_question = rest, 0
                elif word == "FINISHED":
                    finished.add(rest)
                    next_question = QUESTIONS_PER_ATTEMPT
                else:
                    attempt_id, number = rest.split()
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

    kills = len(rounds)
    assert kills >= 100
    learner = tmp_path / "ann"
    files = [p for p in learner.rglob("*.toml") if not p.name.startswith(".")]
    assert not [p for p in files if "corrupt" in p.name]
    for path in files:
        tomllib.loads(path.read_text("utf-8"))  # every file parses

    progress = ProgressStore(tmp_path, "crash-course").open("ann")
    assert progress.notices == []
    # every streaming round acknowledged an answer before its kill, however slow the machine was
    streaming = [r for r in rounds if not r.early]
    assert all(r.acks >= 1 for r in streaming), f"a streaming round was killed before its first answer (seed {seed})"
    assert sum(len(numbers) for numbers in acked.values()) >= len(streaming) > KILL_ROUNDS // 2, f"seed {seed}"
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
