"""One of two processes writing for the same learner at once (see test_progress_concurrency.py).

Waits for a line on stdin, then answers every question of the shared attempt whose index has the
given parity (each from its own Attempt object, so neither holds the other's answers) and, in between,
starts and finishes attempts of its own.

usage: concurrent_answers.py <progress root> <learner> <shared attempt id> <parity 0|1> <own attempts>
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from course.progress import Answer, ProgressStore

COURSE = "concurrency"
SHARED_QUIZ = "shared"
OWN_QUIZ = "own"


def main() -> None:
    root, learner, attempt_id = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    parity, own = int(sys.argv[4]), int(sys.argv[5])
    progress = ProgressStore(root, COURSE).open(learner)
    shared = progress.attempt(SHARED_QUIZ, attempt_id)
    assert shared is not None
    shared = shared.model_copy(update={"answers": []})
    mine = [key for index, key in enumerate(shared.questions) if index % 2 == parity]
    sys.stdin.readline()
    every = max(1, len(mine) // max(1, own))
    own_started = 0
    for number, key in enumerate(mine):
        answer = Answer(
            question=key, response=f"{parity}:{key}", score=1.0, points=1.0,
            answered_at=datetime.now(UTC), correct=True,
        )
        shared = progress.record_answer(shared, answer, position=number)
        if number % every == 0 and own_started < own:
            attempt = progress.start_attempt(OWN_QUIZ, ["a", "b"], seed=parity)
            attempt = progress.record_answer(attempt, Answer(
                question="a", response=parity, score=1.0, points=1.0,
                answered_at=datetime.now(UTC), correct=True,
            ))
            progress.finish_attempt(attempt, earned=1.0, total=2.0, passed=False)
            own_started += 1
    print("DONE", flush=True)


if __name__ == "__main__":
    main()
