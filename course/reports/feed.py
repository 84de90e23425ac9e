"""Feeding events to reports, from wherever they come.

A report is an aggregator: it takes events one at a time, in any order and with learners interleaved (a
Learning Record Store pages by time, not by learner), and only then is asked for its result. Progress
folders are read one learner at a time; after each learner the aggregators are told so
(`learner_done`), and may fold what they hold for that learner into totals, which keeps memory flat
however many learners there are. A stream with no such boundaries (an LRS) simply never says it.

Progress folders also hold what is not an event: attempts started and not finished. An aggregator that
takes them (`OpenAttemptsAggregator`: the class report) gets each learner's open attempts from the folders;
from a stream of events it gets none, and knows they are not known.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Protocol, runtime_checkable

from course.content.models import Course
from course.events import Event, learner_events
from course.progress import ProgressStore

from .open_attempts import OpenAttempt, open_attempts


class Aggregator(Protocol):
    def add(self, event: Event) -> None:
        """Take one event."""

    def learner_done(self, learner: str) -> None:
        """A hint: no more events will come for `learner`."""


@runtime_checkable
class OpenAttemptsAggregator(Protocol):
    def add_open(self, attempts: list[OpenAttempt]) -> None:
        """Take one learner's open attempts (an empty list says: open attempts are known, and none)."""


def feed_events(events: Iterable[Event], *aggregators: Aggregator) -> None:
    """Every event to every aggregator, in the order given (any order will do)."""
    for event in events:
        for aggregator in aggregators:
            aggregator.add(event)


def feed_learners(batches: Iterable[list[Event]], *aggregators: Aggregator) -> int:
    """Each batch holds all of one learner's events; returns how many batches were empty (learners with
    nothing finished yet, who make no event and so appear in no report)."""
    idle = 0
    for batch in batches:
        if not batch:
            idle += 1
            continue
        feed_events(batch, *aggregators)
        for aggregator in aggregators:
            aggregator.learner_done(batch[0].learner)
    return idle


def feed_folders(course: Course, progress_root: Path, problems: list[str], *aggregators: Aggregator) -> int:
    """Every learner's events from the progress folders under `progress_root`, one learner at a time, and
    their open attempts to the aggregators that take them; unreadable files are left out and said in
    `problems`. Returns the number of learners with no event."""
    takers = [a for a in aggregators if isinstance(a, OpenAttemptsAggregator)]
    for taker in takers:
        taker.add_open([])  # read from folders: open attempts are known, even in an empty class

    def batches() -> Iterator[list[Event]]:
        for record in ProgressStore(progress_root, course.id).records(problems):
            opened = open_attempts(record)
            if opened:
                for taker in takers:
                    taker.add_open(opened)
            yield learner_events(course, record)

    return feed_learners(batches(), *aggregators)
