"""How much spaced review a learner is given in a day, as Anki does it: a daily limit of first reviews and
of reviews in all, and the due dates of cards learnt together spread by FSRS's fuzz.

- A review day runs from 4 a.m. to 4 a.m. local time (Anki's "next day starts at" default), so a round
  after midnight still counts towards the evening's day.
- A card is *new* until it has been answered once in a review round (its first rating comes from the quiz).
  `new_per_day` (Anki's "new cards/day") limits how many cards are reviewed for the first time in a day;
  `reviews_per_day` (Anki's "maximum reviews/day") limits every review answer of the day, first reviews
  included, as in Anki's v3 scheduler. Answers given today count against today's limits.
- The cards due now are offered longest overdue first, up to what is left of today's limits; the others stay
  due and come in the next days, still longest overdue first, so none waits for ever. A course taken in one
  sitting (93 questions answered in an afternoon, all due two days later) thus comes back 20 a day.
- Fuzz: an interval of 2.5 days or more is moved by a few days either way, within FSRS's own fuzz ranges,
  so that cards learnt together do not keep coming back together. The draw is seeded by the card's key and
  its number of reviews, not by the clock: the same ratings always give the same due date (the tests rely
  on it), and two cards answered alike get different ones.

Pure functions: no file is read or written here.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

from course.words import plural

DAY_STARTS = timedelta(hours=4)
"""A review day starts at 4 a.m. local time, as Anki's."""

MIN_FUZZED_DAYS = 2.5  # FSRS fuzzes no shorter interval
MAX_INTERVAL_DAYS = 36500  # FSRS's maximum interval


class ReviewLike(Protocol):
    """One rating of a card (course.review.ReviewEntry)."""

    @property
    def at(self) -> datetime: ...

    @property
    def source(self) -> str: ...


class CardLike(Protocol):
    """A card as the review file holds it (course.review.CardRecord)."""

    @property
    def due(self) -> datetime: ...

    @property
    def reviews(self) -> Sequence[ReviewLike]: ...


@dataclass(frozen=True)
class Limits:
    """The daily limits (course.toml's [review] table)."""

    new_per_day: int = 20
    reviews_per_day: int = 200


# -- days -----------------------------------------------------------------------------------------


def review_day(moment: datetime) -> date:
    """The review day `moment` belongs to (local time, the day starting at 4 a.m.)."""
    return (moment.astimezone() - DAY_STARTS).date()


def next_day_start(moment: datetime) -> datetime:
    """When the review day after the one of `moment` begins."""
    local = moment.astimezone()
    start = datetime.combine(review_day(moment) + timedelta(days=1), datetime.min.time(), local.tzinfo) + DAY_STARTS
    return start.astimezone(moment.tzinfo)


# -- fuzz -----------------------------------------------------------------------------------------


def fuzz_range(interval_days: int) -> tuple[int, int]:
    """The shortest and longest interval FSRS may fuzz `interval_days` to (its `_get_fuzz_range`)."""
    from fsrs.scheduler import FUZZ_RANGES  # not at import: the course map says what is due before fsrs loads

    delta = 1.0
    for part in FUZZ_RANGES:
        delta += part["factor"] * max(min(float(interval_days), part["end"]) - part["start"], 0.0)
    low = max(2, round(interval_days - delta))
    high = min(round(interval_days + delta), MAX_INTERVAL_DAYS)
    return min(low, high), high


def fuzzed_due(key: str, reviews: int, last_review: datetime, due: datetime) -> datetime:
    """`due` moved within FSRS's fuzz range of its interval, by a draw seeded with the card's key and its
    number of reviews (the same card after the same reviews always gets the same date)."""
    interval = due - last_review
    if interval.days < MIN_FUZZED_DAYS:
        return due
    low, high = fuzz_range(interval.days)
    # A whole number of days from low to high, each as likely (FSRS rounds its draw, which can give high + 1).
    days = random.Random(f"{key}:{reviews}:fuzz").randint(low, high)
    return last_review + timedelta(days=days)


# -- today's queue --------------------------------------------------------------------------------


def is_new(card: CardLike) -> bool:
    """Not yet answered in a review round."""
    return not any(review.source == "review" for review in card.reviews)


@dataclass(frozen=True)
class Today:
    """What a learner has done and has left in today's review."""

    reviews_done: int
    new_done: int
    limits: Limits

    @property
    def reviews_left(self) -> int:
        return max(0, self.limits.reviews_per_day - self.reviews_done)

    @property
    def new_left(self) -> int:
        return max(0, min(self.limits.new_per_day - self.new_done, self.reviews_left))


SAME_DAY_WITHIN = timedelta(hours=50)
"""Two moments of the same review day are less than this apart: their local times are less than a day apart,
and local offsets differ by at most 26 hours (UTC-12 to UTC+14)."""


def today(cards: Iterable[CardLike], now: datetime, limits: Limits) -> Today:
    """Today's review answers and first reviews so far. A learner's older answers are passed over by a
    subtraction, without working out the local day of each (the map asks for this at every visit)."""
    day = review_day(now)

    def on_today(at: datetime) -> bool:
        return abs(at - now) < SAME_DAY_WITHIN and review_day(at) == day

    reviews_done = new_done = 0
    for card in cards:
        answers = [review.at for review in card.reviews if review.source == "review"]
        if answers:
            reviews_done += sum(1 for at in answers if on_today(at))
            new_done += on_today(min(answers))
    return Today(reviews_done, new_done, limits)


@dataclass(frozen=True)
class Queue:
    """The cards to review now, and the due ones kept for the next days by the limits."""

    keys: list[str]
    held: int
    today: Today


def queue(cards: Mapping[str, CardLike], now: datetime, limits: Limits) -> Queue:
    """The cards due now that today's limits leave room for, longest overdue first."""
    done = today(cards.values(), now, limits)
    due = sorted((key for key, card in cards.items() if card.due <= now), key=lambda k: (cards[k].due, k))
    room, new_room = done.reviews_left, done.new_left
    keys: list[str] = []
    for key in due:
        if len(keys) >= room:
            break
        if is_new(cards[key]):
            if new_room <= 0:
                continue
            new_room -= 1
        keys.append(key)
    return Queue(keys, len(due) - len(keys), done)


# -- in words -------------------------------------------------------------------------------------


def limit_words(limits: Limits) -> str:
    """The daily limits as the course map and the plain mode say them: "limit 20 new, 200 a day"."""
    return f"limit {limits.new_per_day} new, {limits.reviews_per_day} a day"


def waiting_words(waiting: Queue) -> str | None:
    """What the course map says of review now: "12 questions due today (limit 20 new, 200 a day)", "done for
    today (limit ...) · 73 more on later days" when the limits hold the due ones back, None when none is due."""
    limit = limit_words(waiting.today.limits)
    if waiting.keys:
        return f"{plural(len(waiting.keys), 'question')} due today ({limit})"
    if waiting.held:
        return f"done for today ({limit}) · {waiting.held} more on later days"
    return None


def day_done_words(waiting: Queue) -> str | None:
    """What a round's end says when today's limits hold due questions back, or None when they do not:
    "That is all for today (limit 20 new, 200 a day): 73 more questions come on later days." """
    if waiting.keys or not waiting.held:
        return None
    more = plural(waiting.held, "more question")
    return f"That is all for today ({limit_words(waiting.today.limits)}): {more} come on later days."
