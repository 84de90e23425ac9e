"""Child process of the review kill test: answers due review cards one after another (the clock moves an
hour per answer from the time given) and prints `SAVED <card> <time>` once each answer is saved, until it
is killed.

usage: review_streamer.py <progress root> <content folder> <start time, ISO>
"""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path

from course.content import load_course
from course.progress import ProgressStore
from course.review import ReviewDeck
from tests.review_support import Clock, response_for


def main(progress: Path, content: Path, start: datetime) -> None:
    course = load_course(content)
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


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), datetime.fromisoformat(sys.argv[3]))
