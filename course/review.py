"""Spaced review: every question a learner answered in a quiz becomes a card, scheduled with FSRS.

The schedule is kept in `<learner>/review.toml`, beside the summary and the attempts. Each card is named
by its quiz and question (`basics-quiz/q1`), so editing a question keeps its card, and a question drawn
into the final exam shares the card of the quiz it is written in. A card holds the log of its ratings and,
for reading, the state FSRS computes from that log (due, stability, difficulty). The log is the record:
the state is recomputed from it at every save, so two windows that rated the same card both count.

Choices, and why:
- Cards are made lazily from the attempt files (finished, in progress and practice rounds alike: all are
  answers the learner gave), so a learner who answered quizzes before review existed has cards at once.
  A card's first rating is that of the first answer to its question (wrong: Again, partly right: Hard,
  right: Good), at the time of that answer. Later quiz answers do not reschedule it: a retake right after
  reading the results says little about memory, and the review round owns the schedule.
- A review answer is scored like a quiz answer and rated the same way. The learner does not grade
  themselves (as in Anki): every question here is marked by the course, so the rating is a fact.
- No learning steps: a first answer schedules the card days ahead (a wrong one the next day), as seeing a
  question again ten minutes after its explanation tests nothing.
- Fuzz and daily limits, as Anki's (course.review_load): intervals are fuzzed within FSRS's ranges by a draw
  seeded with the card's key, so the schedule on disk is still a pure function of the ratings (and the key),
  and checked against FSRS; a day offers at most course.toml's `new_per_day` first reviews and
  `reviews_per_day` reviews in all, the due cards beyond them waiting for the next days.
- A card is due once its due time has come. Reviewing it earlier would count as a same-day review.
- Review answers are kept only here: they never touch quiz attempts, scores or the records sent to an LRS.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

from fsrs import Card, Rating, Scheduler, State
from pydantic import Field, ValidationError

from course.content.models import Course, Question, Quiz
from course.progress import LearnerProgress, learner_lock
from course.progress.atomic import read_error
from course.progress.errors import CorruptFileError, FutureFormatError, ProgressSaveError
from course.progress.layout import ATTEMPTS_DIR, attempt_path
from course.progress.models import Answer, Response, UtcDatetime, _Record, utc_now
from course.progress.reading import UNREADABLE, load_attempt
from course.progress.set_aside import set_aside
from course.progress.tomlfiles import read_toml, write_model
from course.qtypes import type_of
from course.quizrun import InvalidResponse, PlayedQuestion, play
from course.review_load import Limits, Queue, fuzzed_due, next_day_start, queue
from course.scoring import ScoreResult, score
from course.words import plural

REVIEW_FILE = "review.toml"
REVIEW_FORMAT = 1
ROUND_SIZE = 20
HEADER = (
    "Spaced review of one learner's quiz questions, scheduled with FSRS. Times are UTC.\n"
    "Each card's `reviews` are the record; due, stability and difficulty are computed from them."
)

SCHEDULER = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)
"""The FSRS scheduler of every card (default weights, 90% desired retention; see the module's notes). Its own
fuzz draws from the clock's random state; course.review_load fuzzes each card's due date deterministically."""

RatingName = Literal["again", "hard", "good", "easy"]
_RATINGS: dict[str, Rating] = {"again": Rating.Again, "hard": Rating.Hard, "good": Rating.Good, "easy": Rating.Easy}
_STATES: dict[State, Literal["learning", "review", "relearning"]] = {
    State.Learning: "learning", State.Review: "review", State.Relearning: "relearning",
}


class ReviewEntry(_Record):
    at: UtcDatetime
    rating: RatingName
    source: Literal["quiz", "review"] = "review"  # the first answer in a quiz, or a review round


class CardRecord(_Record):
    due: UtcDatetime
    state: Literal["learning", "review", "relearning"]
    stability: float
    difficulty: float
    last_review: UtcDatetime
    reviews: list[ReviewEntry]


class ReviewFile(_Record):
    format: int = REVIEW_FORMAT
    absorbed: list[str] = Field(default_factory=list)  # "<quiz>/<attempt id>": finished attempts made into cards
    cards: dict[str, CardRecord] = Field(default_factory=dict)


def rating_of(correct: bool, earned: float) -> RatingName:
    """Wrong: Again; partly right: Hard; right: Good."""
    if correct:
        return "good"
    return "hard" if earned > 0 else "again"


def fsrs_card(reviews: list[ReviewEntry]) -> Card:
    """The FSRS card after `reviews`, replayed in time order."""
    ordered = sorted(reviews, key=lambda r: (r.at, r.rating))
    card = Card(card_id=1, due=ordered[0].at if ordered else utc_now())
    for review in ordered:
        card, _ = SCHEDULER.review_card(card, _RATINGS[review.rating], review.at)
    return card


def card_record(key: str, reviews: list[ReviewEntry]) -> CardRecord:
    """Card `key` after `reviews`: FSRS's state, with the due date fuzzed for this card (course.review_load)."""
    ordered = sorted({(r.at, r.rating, r.source): r for r in reviews}.values(), key=lambda r: (r.at, r.rating))
    card = fsrs_card(ordered)
    assert card.stability is not None and card.difficulty is not None and card.last_review is not None
    return CardRecord(
        due=fuzzed_due(key, len(ordered), card.last_review, card.due), state=_STATES[card.state],
        stability=card.stability, difficulty=card.difficulty, last_review=card.last_review, reviews=ordered,
    )


def card_key(attempt_quiz: str, question_key: str) -> str:
    """The card of an attempt's question key ("q1" of its own quiz, or "other-quiz/q1" when drawn)."""
    return question_key if "/" in question_key else f"{attempt_quiz}/{question_key}"


def resolve_card(course: Course, key: str) -> tuple[Quiz, Question] | None:
    quiz_id, _, question_id = key.rpartition("/")
    quiz = course.quiz(quiz_id)
    question = quiz.question(question_id) if quiz is not None else None
    return (quiz, question) if quiz is not None and question is not None else None


@dataclass(frozen=True)
class Reviewed:
    """One review answer, saved: its score, its rating and the card's new schedule."""

    result: ScoreResult
    rating: RatingName
    card: CardRecord


class ReviewDeck:
    """One learner's review cards for one course. Every write is atomic, under the learner's lock, and
    applied to the file as it is on disk then (another window's reviews are kept)."""

    def __init__(self, learner: LearnerProgress, course: Course, now: Callable[[], datetime] = utc_now) -> None:
        self.learner = learner
        self.course = course
        self.now = now
        self.path = Path(learner.root) / REVIEW_FILE
        self.notices: list[str] = []
        self.data = ReviewFile()
        self.readonly = False  # the file was written by a newer version: it is read, never written

    # -- the file --------------------------------------------------------------------------------

    def _read(self) -> ReviewFile:
        """The file on disk (a missing one is empty). A corrupt one is set aside (under the lock only)."""
        try:
            raw = read_toml(self.path)
            found = raw.get("format", REVIEW_FORMAT)
            if isinstance(found, int) and found > REVIEW_FORMAT:
                raise FutureFormatError(self.path, found, REVIEW_FORMAT)
            return ReviewFile.model_validate(raw)
        except FileNotFoundError:
            return ReviewFile()
        except CorruptFileError as error:
            reason = str(error)
        except ValidationError as error:
            reason = f"it does not hold a valid review schedule: {plural(error.error_count(), 'problem')}"
        except OSError as error:
            raise read_error(self.path, error) from error
        moved = set_aside(self.path)
        self.notices.append(
            f"Your review schedule could not be read ({reason}). It was kept as {moved.name} in {moved.parent}, "
            "and the cards were made again from your quiz answers."
        )
        return ReviewFile()

    def _update(self, change: Callable[[ReviewFile], None]) -> ReviewFile:
        """Lock, re-read from disk, apply `change`, write atomically."""
        with learner_lock(self.learner.root):
            try:
                data = self._read()
            except FutureFormatError as error:
                self.readonly = True
                raise ProgressSaveError(f"{error} Review is not available in this version.", self.path) from error
            change(data)
            data = ReviewFile.model_validate(data.model_dump())
            write_model(self.path, data, HEADER)
        self.data = data
        return data

    # -- cards from the quiz attempts -----------------------------------------------------------

    def refresh(self) -> ReviewFile:
        """Read the schedule, make cards for questions answered since, and drop the cards whose question
        is no longer in the course (with a note). Writes only when something changed."""
        unreadable = False
        try:
            raw = read_toml(self.path)
            if isinstance(raw.get("format"), int) and raw["format"] > REVIEW_FORMAT:
                self.readonly = True
                return self.data
            data = ReviewFile.model_validate(raw)
        except FileNotFoundError:
            data = ReviewFile()
        except (CorruptFileError, ValidationError):
            data, unreadable = ReviewFile(), True  # set aside and made again, under the lock, below
        except OSError as error:
            raise read_error(self.path, error) from error
        self.data = data
        if self.readonly:
            return data
        first, absorbed = self._first_answers(data)
        gone = self._gone(data)
        if first or absorbed or gone or unreadable:
            dropped: list[str] = []

            def change(disk: ReviewFile) -> None:
                for key, entry in first.items():
                    if key not in disk.cards:
                        disk.cards[key] = card_record(key, [entry])
                disk.absorbed.extend(a for a in absorbed if a not in disk.absorbed)
                for key in self._gone(disk):
                    del disk.cards[key]
                    dropped.append(key)

            data = self._update(change)
            if dropped:
                self.notices.append(
                    f"{plural(len(dropped), 'review question')} {'was' if len(dropped) == 1 else 'were'} dropped: "
                    f"{'its question is' if len(dropped) == 1 else 'their questions are'} no longer in the course "
                    f"({', '.join(sorted(dropped))})."
                )
        return data

    def _gone(self, data: ReviewFile) -> list[str]:
        """Cards whose question the course no longer has (none while the course files have errors: a quiz
        file being edited must not cost the learner their schedule)."""
        if self.course.errors:
            return []
        return [key for key in data.cards if resolve_card(self.course, key) is None]

    def _first_answers(self, data: ReviewFile) -> tuple[dict[str, ReviewEntry], list[str]]:
        """The first answer to each question without a card, in attempts not yet made into cards, and the
        finished ones among those attempts (they need not be read again)."""
        first: dict[str, ReviewEntry] = {}
        absorbed: list[str] = []
        root = Path(self.learner.root) / ATTEMPTS_DIR
        try:
            quiz_ids = sorted(entry.name for entry in os.scandir(root) if entry.is_dir())
        except OSError:
            return first, absorbed
        done = set(data.absorbed)
        for quiz_id in quiz_ids:
            try:
                ids = self.learner.attempt_ids(quiz_id)
            except ValueError:  # a folder that cannot be a quiz id
                continue
            for attempt_id in ids:
                name = f"{quiz_id}/{attempt_id}"
                if name in done:
                    continue
                try:  # read only: an unreadable attempt is the quiz's to set aside and report
                    attempt = load_attempt(attempt_path(self.learner.root, quiz_id, attempt_id))
                except UNREADABLE:
                    continue
                for answer in attempt.answers:
                    self._consider(first, data, card_key(quiz_id, answer.question), answer)
                if attempt.finished_at is not None and not self.course.errors:
                    absorbed.append(name)
        return first, absorbed

    def _consider(self, first: dict[str, ReviewEntry], data: ReviewFile, key: str, answer: Answer) -> None:
        if answer.response is None or key in data.cards or resolve_card(self.course, key) is None:
            return
        entry = ReviewEntry(at=answer.answered_at, rating=rating_of(answer.correct, answer.score), source="quiz")
        if key not in first or entry.at < first[key].at:
            first[key] = entry

    # -- what is due ------------------------------------------------------------------------------

    @property
    def limits(self) -> Limits:
        """The daily limits of course.toml's [review] table."""
        return Limits(self.course.review.new_per_day, self.course.review.reviews_per_day)

    def queue(self) -> Queue:
        """The cards to review now (due, within what is left of today's limits), and how many due cards the
        limits keep for the next days."""
        return queue(self.data.cards, self.now(), self.limits)

    def due(self) -> list[str]:
        """The cards to review now: due, the longest overdue first, within today's limits."""
        return self.queue().keys

    def next_due(self) -> datetime | None:
        """When a card is next offered: the next due date, or tomorrow when today's limits hold cards back."""
        waiting = self.queue()
        if not waiting.keys and waiting.held:
            return next_day_start(self.now())
        now = self.now()
        later = [card.due for card in self.data.cards.values() if card.due > now]
        return min(later, default=None) if not waiting.keys else now

    def round(self, seed: int, size: int = ROUND_SIZE) -> list[str]:
        """At most `size` due cards (the longest overdue), mixed across lessons: the lessons take turns, in
        an order drawn from `seed`, as do the questions within each lesson."""
        rng = random.Random(f"{seed}:review")
        groups: dict[str, list[str]] = {}
        for key in self.due()[:size]:
            found = resolve_card(self.course, key)
            lesson = (found[0].lesson or found[0].id) if found else key
            groups.setdefault(lesson, []).append(key)
        order = sorted(groups)
        rng.shuffle(order)
        for name in order:
            rng.shuffle(groups[name])
        mixed: list[str] = []
        while any(groups.values()):
            for name in order:
                if groups[name]:
                    mixed.append(groups[name].pop(0))
        return mixed

    def played(self, key: str, seed: int) -> PlayedQuestion | None:
        """The card's question as a round shows it (options shuffled as its quiz says), or None if gone."""
        found = resolve_card(self.course, key)
        if found is None:
            return None
        quiz, question = found
        return play(quiz, question, key, seed, quiz.shuffle_options)

    # -- answering --------------------------------------------------------------------------------

    def answer(self, key: str, question: Question, response: Response) -> Reviewed:
        """Score a review answer, rate it and reschedule its card; saved when this returns. Nothing of the
        quizzes (attempts, scores, records) changes. A response that is no answer to the question raises
        InvalidResponse, as in a quiz, and nothing is saved."""
        if response is not None and (problem := type_of(question).response_problem(question, response)):
            raise InvalidResponse(f"Review of {key}: {problem}. Nothing was saved.")
        result = score(question, response)
        rating = rating_of(result.correct, result.score)
        entry = ReviewEntry(at=self.now(), rating=rating, source="review")

        def change(disk: ReviewFile) -> None:
            card = disk.cards.get(key)
            reviews = [*card.reviews, entry] if card is not None else [entry]
            disk.cards[key] = card_record(key, reviews)

        data = self._update(change)
        return Reviewed(result, rating, data.cards[key])


def next_time(due: datetime, now: datetime) -> str:
    """When a card comes back, in words: "tomorrow", "in 3 days", "in 2 weeks"."""
    days = round((due - now).total_seconds() / 86400)
    if days <= 0:
        return "later today"
    if days == 1:
        return "tomorrow"
    if days < 14:
        return f"in {days} days"
    if days < 60:
        return f"in {round(days / 7)} weeks"
    return f"in {round(days / 30)} months"
