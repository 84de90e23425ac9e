"""Fork server for the crash test.

Imports the progress package once, then for every `GO <attempt id or -> <next question>` line on stdin
forks a child that streams answers (printing `ACK <attempt id> <n>` after each record_answer returns)
until the test kills it with SIGKILL. The server then prints `DEAD <pid>`; every line a child wrote
comes before that line because it is written with a single os.write.

usage: answer_streamer.py <progress root> <learner> <quiz id> <questions per attempt>
"""

from __future__ import annotations

import functools
import sys
from datetime import UTC, datetime
from pathlib import Path

from course.progress import Answer, ProgressStore
from tests.progress_support.kill_rounds import run_forked, say

COURSE = "crash-course"


def stream(root: Path, learner: str, quiz: str, count: int, attempt_id: str, start: int) -> None:
    questions = [f"q{i}" for i in range(count)]
    progress = ProgressStore(root, COURSE).open(learner)
    if attempt_id == "-":
        attempt = progress.start_attempt(quiz, questions, seed=7)
        say(f"ATTEMPT {attempt.id}")
        start = 0
    else:
        attempt = progress.attempt(quiz, attempt_id)
        assert attempt is not None, attempt_id
    index = start
    while True:
        if index >= count:
            attempt = progress.finish_attempt(attempt, earned=float(count), total=float(count), passed=True)
            say(f"FINISHED {attempt.id}")
            attempt = progress.start_attempt(quiz, questions, seed=7)
            say(f"ATTEMPT {attempt.id}")
            index = 0
        answer = Answer(
            question=f"q{index}", response=f"{attempt.id}:{index}", score=1.0, points=1.0,
            answered_at=datetime.now(UTC), correct=True,
        )
        attempt = progress.record_answer(attempt, answer, position=index + 1)
        say(f"ACK {attempt.id} {index}")
        index += 1


def warm_up(scratch: Path, learner: str, quiz: str) -> None:
    """What the progress package does once a process, on its first use (imports it leaves until then, what
    its models build on first use), done once here on a scratch learner instead of again in every forked
    child: the children's time goes to the work the kills must land in."""
    progress = ProgressStore(scratch, COURSE).open(learner)
    attempt = progress.start_attempt(quiz, ["q0"], seed=7)
    answer = Answer(question="q0", response="warm-up", score=1.0, points=1.0, answered_at=datetime.now(UTC),
                    correct=True)
    attempt = progress.record_answer(attempt, answer, position=1)
    progress.finish_attempt(attempt, earned=1.0, total=1.0, passed=True)
    progress = ProgressStore(scratch, COURSE).open(learner)
    progress.attempt(quiz, attempt.id)


def main() -> None:
    root, learner, quiz, count = Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
    warm_up(root.parent / f"{root.name}-warm-up", learner, quiz)
    say("READY")
    while True:
        line = sys.stdin.readline()
        if not line or line.strip() == "QUIT":
            return
        _, attempt_id, start = line.split()
        run_forked(functools.partial(stream, root, learner, quiz, count, attempt_id, int(start)))


if __name__ == "__main__":
    main()
