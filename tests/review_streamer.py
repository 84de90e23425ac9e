"""Fork server of the review kill test. It loads the course and imports the engine once, then for every
`GO <start time, ISO>` line on stdin forks a child (tests/progress_support/kill_rounds.run_forked: `PID <pid>`
first, `DEAD <pid>` once it is gone) that answers due review cards one after another (the clock moves an hour
per answer from the time given) and prints `SAVED <card> <time>` once each answer is saved, until it is
killed. Each child is still a process of its own, killed with SIGKILL; forking it from here spares it
starting Python and importing everything again.

usage: review_streamer.py <progress root> <content folder>
"""

from __future__ import annotations

import functools
import os
import sys
from datetime import datetime
from pathlib import Path

from course.content import load_course
from course.content.models import Course
from course.progress import ProgressStore
from course.review import ReviewDeck
from tests.progress_support.kill_rounds import run_forked, say
from tests.review_support import Clock, response_for


def answer_cards(progress: Path, course: Course, start: datetime) -> None:
    learner = ProgressStore(progress, course.id).open("Ana")
    clock = Clock(start)
    deck = ReviewDeck(learner, course, now=clock)
    deck.refresh()
    for number in range(10_000):
        keys = deck.due() or sorted(deck.data.cards)
        key = keys[number % len(keys)]
        quiz_id, _, qid = key.rpartition("/")
        how = ("right", "wrong")[number % 2]
        deck.answer(key, course.quizzes[quiz_id].question(qid), response_for(course, key, how))
        os.write(1, f"SAVED {key} {clock.time.isoformat()}\n".encode())
        clock.advance(hours=1)


def main(progress: Path, content: Path) -> None:
    course = load_course(content)
    say("READY")
    for line in sys.stdin:
        word, _, start = line.strip().partition(" ")
        if word != "GO":
            return
        run_forked(functools.partial(answer_cards, progress, course, datetime.fromisoformat(start)))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
