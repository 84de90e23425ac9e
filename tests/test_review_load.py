"""How much review a day brings (course/review_load.py): the daily limits of course.toml's [review] table,
checked by `course check`; FSRS's fuzz, drawn per card; and a course taken in one sitting, whose questions
come back at most the day's limit at a time instead of all on one day."""

from __future__ import annotations

import math
import os
import random
import shutil
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from fsrs import Card, Rating, Scheduler, State
from hypothesis import example, given, settings
from hypothesis import strategies as st

import course.review_load
from course.content import load_course
from course.review import ReviewEntry, card_record
from course.review_load import Limits, fuzz_range, fuzzed_due, next_day_start, queue, review_day, today
from tests.review_support import FIXTURE

SITTING = datetime(2026, 3, 2, 13, 0, tzinfo=UTC)
"""The afternoon a learner took the whole course."""

RATINGS = ("again", "hard", "good")


@pytest.fixture(autouse=True)
def utc(monkeypatch):
    """Review days are local days: the tests run in UTC, whatever the machine's zone."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def _course_with(tmp_path: Path, table: str) -> Path:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    toml = content / "course.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "\n" + table, encoding="utf-8")
    return content


# -- course.toml ----------------------------------------------------------------------------------


def test_the_limits_default_to_ankis_and_course_toml_sets_them(tmp_path):
    assert load_course(FIXTURE).review.new_per_day == 20
    assert load_course(FIXTURE).review.reviews_per_day == 200
    course = load_course(_course_with(tmp_path, "[review]\nnew_per_day = 5\nreviews_per_day = 40\n"))
    assert not course.problems
    assert (course.review.new_per_day, course.review.reviews_per_day) == (5, 40)


@pytest.mark.parametrize(
    ("table", "field", "words"),
    [
        ("[review]\nnew_per_day = -1\n", "review.new_per_day", "greater than or equal to 0"),
        ("[review]\nreviews_per_day = 0\n", "review.reviews_per_day", "greater than or equal to 1"),
        ('[review]\nreviews_per_day = "lots"\n', "review.reviews_per_day", "a whole number"),
        ("[review]\nnew_per_day = 2.5\n", "review.new_per_day", "a whole number"),
        ("[review]\nnew_a_day = 10\n", "review.new_a_day", "did you mean 'new_per_day'"),
        ('review = "daily"\n', "review", "a table ([review])"),
    ],
)
def test_a_bad_limit_is_an_error_on_its_line_and_the_default_is_used(tmp_path, table, field, words):
    root = _course_with(tmp_path, table)
    course = load_course(root)
    [problem] = course.problems
    assert problem.is_error and problem.field == field and words in problem.message
    lines = (root / "course.toml").read_text(encoding="utf-8").splitlines()
    assert problem.line is not None and lines[problem.line - 1].startswith(field.rpartition(".")[2])
    assert (course.review.new_per_day, course.review.reviews_per_day) in {(20, 200)}


# -- days and fuzz --------------------------------------------------------------------------------


def test_a_review_day_starts_at_four_in_the_morning():
    evening = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)
    assert review_day(evening + timedelta(hours=4)) == review_day(evening)  # 3:30 a.m.: still that evening's day
    assert review_day(evening + timedelta(hours=5)) == review_day(evening) + timedelta(days=1)
    assert next_day_start(evening) == datetime(2026, 3, 3, 4, 0, tzinfo=UTC)


def _fsrs_fuzzed_intervals(stability: float, draws: int) -> tuple[int, set[int]]:
    """FSRS's own interval for a review card of `stability` rated Good, and the fuzzed ones it draws."""
    last = datetime(2026, 1, 1, tzinfo=UTC)
    card = Card(card_id=1, state=State.Review, stability=stability, difficulty=5.0, due=last, last_review=last)
    at = last + timedelta(days=1)
    plain, _ = Scheduler(enable_fuzzing=False).review_card(card, Rating.Good, at)
    fuzzing = Scheduler(enable_fuzzing=True)
    state = random.getstate()
    try:
        random.seed(stability)
        seen = {(fuzzing.review_card(card, Rating.Good, at)[0].due - at).days for _ in range(draws)}
    finally:
        random.setstate(state)
    return (plain.due - at).days, seen


@pytest.mark.parametrize("stability", [1.0, 2.0, 4.0, 9.0, 30.0, 120.0])
def test_the_fuzz_range_is_the_one_fsrs_draws_from(stability):
    interval, seen = _fsrs_fuzzed_intervals(stability, 400)
    if interval < 2.5:
        assert seen == {interval}  # FSRS does not fuzz short intervals, nor does the course
        return
    low, high = fuzz_range(interval)
    # FSRS rounds a draw from [low, high + 1), so it also gives high + 1 now and then; the course keeps to
    # low..high, each day as likely.
    assert set(range(low, high + 1)) <= seen <= set(range(low, high + 2))


@given(key=st.text(min_size=1, max_size=30), reviews=st.integers(1, 30), days=st.integers(0, 3000))
def test_a_fuzzed_due_date_is_a_whole_day_in_range_and_the_same_every_time(key, reviews, days):
    last = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    due = last + timedelta(days=days)
    fuzzed = fuzzed_due(key, reviews, last, due)
    assert fuzzed == fuzzed_due(key, reviews, last, due)
    if days < 2.5:
        assert fuzzed == due
    else:
        low, high = fuzz_range(days)
        assert (fuzzed - last) in {timedelta(days=d) for d in range(low, high + 1)}


def test_cards_learnt_together_get_different_due_dates():
    """93 questions answered right in one sitting and once right in review: FSRS gives them one due date,
    the fuzz spreads them over its range."""
    dates = Counter()
    for n in range(93):
        key = f"quiz-{n % 10}/q-{n}"
        reviews = [ReviewEntry(at=SITTING, rating="good", source="quiz"),
                   ReviewEntry(at=SITTING + timedelta(days=2), rating="good", source="review")]
        dates[review_day(card_record(key, reviews).due)] += 1
    assert len(dates) >= 5
    assert max(dates.values()) <= 93 // 3


# -- the day's queue ------------------------------------------------------------------------------


def _simulate(cards: dict, limits: Limits, days: int, rate, hour: int = 10) -> list[tuple[int, int]]:
    """A learner who, every day from `hour`, answers every review the course offers, round after round, a
    minute each (rated by `rate(key)`); the (answers, first reviews) of each day."""
    per_day: list[tuple[int, int]] = []
    for day in range(days):
        now = datetime.combine(SITTING.date() + timedelta(days=day), datetime.min.time(), UTC) + timedelta(hours=hour)
        answers = new = 0
        while offered := queue(cards, now, limits).keys:
            for key in offered:
                card = cards[key]
                new += not any(r.source == "review" for r in card.reviews)
                answers += 1
                cards[key] = card_record(key, [*card.reviews, ReviewEntry(at=now, rating=rate(key), source="review")])
                now += timedelta(minutes=1)
        per_day.append((answers, new))
    return per_day


def _sitting(count: int, rate) -> dict:
    return {f"q{n}": card_record(f"q{n}", [ReviewEntry(at=SITTING + timedelta(minutes=n), rating=rate(f"q{n}"),
                                                    source="quiz")])
            for n in range(count)}


def test_a_course_in_one_sitting_comes_back_twenty_a_day_not_all_at_once():
    """The issue's learner: 93 questions answered in one afternoon, all right. Unlimited, all 93 are due two
    days later; with Anki's default limits no day brings more than 20 first reviews, and every question has
    had its first review within five days of the first."""
    cards = _sitting(93, lambda key: "good")
    unlimited = Counter(review_day(card.due) for card in cards.values())
    assert max(unlimited.values()) == 93  # what the learner saw
    per_day = _simulate(cards, Limits(20, 200), 30, lambda key: "good", hour=18)
    assert [new for _, new in per_day[:7]] == [0, 0, 20, 20, 20, 20, 13]
    assert all(new <= 20 for _, new in per_day)
    assert max(answers for answers, _ in per_day) <= 40
    assert sum(new for _, new in per_day) == 93


@settings(max_examples=40, deadline=None)
@given(
    count=st.integers(1, 150),
    new_per_day=st.integers(1, 30),
    extra=st.integers(0, 60),
    seed=st.integers(0, 2**16),
    hour=st.integers(5, 23),
)
def test_no_day_brings_more_than_its_limits_and_every_card_has_its_turn(count, new_per_day, extra, seed, hour):
    limits = Limits(new_per_day, new_per_day + extra)
    pick = random.Random(seed)
    ratings: dict[str, str] = {}

    def rate(key: str) -> str:
        ratings[key] = pick.choice(RATINGS)
        return ratings[key]

    cards = _sitting(count, rate)
    days = math.ceil(count / new_per_day) + 4
    per_day = _simulate(cards, limits, days, rate, hour)
    assert all(answers <= limits.reviews_per_day and new <= limits.new_per_day for answers, new in per_day)
    assert all(any(r.source == "review" for r in card.reviews) for card in cards.values())  # none left behind


def test_the_days_answers_count_against_its_limits_and_the_next_day_starts_afresh():
    cards = _sitting(30, lambda key: "again")
    morning = SITTING + timedelta(days=1, hours=1)  # 2 p.m. the next day: all 30 due
    first = queue(cards, morning, Limits(10, 15))
    assert len(first.keys) == 10 and first.held == 20
    for key in first.keys[:4]:
        cards[key] = card_record(key, [*cards[key].reviews, ReviewEntry(at=morning, rating="good", source="review")])
    later = queue(cards, morning + timedelta(hours=8), Limits(10, 15))
    assert later.keys == first.keys[4:] and later.today.new_done == 4
    assert len(queue(cards, morning + timedelta(days=1), Limits(10, 15)).keys) == 10


ZONES = ("UTC", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Pacific/Kiritimati", "Etc/GMT+12",
         "Pacific/Apia", "Asia/Kathmandu")
"""Zones with summer time, with half-hour shifts, at both ends of the offsets, and one that skipped a day."""


ANSWERED_AFTER = st.integers(-30 * 60, 54 * 60) | st.integers(-60, 60) | st.integers(23 * 60, 25 * 60)
"""Minutes from the review day's start to an answer: a day either side, and often at either end of the day."""


def _reference_today(cards, now):
    """Today's counts by their definition: every answer's local day worked out."""
    day = review_day(now)
    done = new = 0
    for card in cards:
        answers = sorted(r.at for r in card.reviews if r.source == "review")
        done += sum(1 for at in answers if review_day(at) == day)
        new += bool(answers) and review_day(answers[0]) == day
    return done, new


@settings(max_examples=150, deadline=None)
@given(
    zone=st.sampled_from(ZONES),
    day=st.dates(date(2011, 12, 25), date(2030, 1, 1)),
    now_after=st.integers(0, 60) | st.integers(23 * 60, 24 * 60 - 1) | st.integers(0, 24 * 60 - 1),
    cards=st.lists(st.lists(st.tuples(ANSWERED_AFTER, st.booleans()), max_size=6), max_size=8),
)
@example(zone="America/New_York", day=date(2026, 3, 8), now_after=10, cards=[[(24 * 60 - 5, True)]])
@example(zone="America/New_York", day=date(2026, 11, 1), now_after=24 * 60 - 5, cards=[[(5, True), (-5, True)]])
@example(zone="Pacific/Apia", day=date(2011, 12, 29), now_after=20, cards=[[(24 * 60 - 1, True), (24 * 60, True)]])
def test_todays_counts_are_those_of_each_answers_local_day_in_any_zone(zone, day, now_after, cards):
    """Now anywhere in a review day (from 4 a.m. local time), answers from a day before it to a day after,
    around summer-time changes and Samoa's skipped day: the counts `today` gives are those of working out
    every answer's local review day."""
    start = datetime.combine(day, datetime.min.time(), ZoneInfo(zone)) + timedelta(hours=4)
    now = (start + timedelta(minutes=now_after)).astimezone(UTC)
    made = [SimpleNamespace(reviews=[SimpleNamespace(at=(start + timedelta(minutes=m)).astimezone(UTC),
                                                     source="review" if r else "quiz") for m, r in card])
            for card in cards]
    old = os.environ.get("TZ")
    os.environ["TZ"] = zone
    time.tzset()
    try:
        got = today(made, now, Limits(20, 200))
        assert (got.reviews_done, got.new_done) == _reference_today(made, now)
    finally:
        os.environ["TZ"] = old or "UTC"
        time.tzset()


def test_a_long_history_is_counted_without_working_out_the_day_of_each_old_answer(monkeypatch):
    """The map counts today's answers at every visit: a learner's answers of earlier weeks are passed over
    without converting each to local time (500 cards of 10 old answers and one of today's)."""
    now = SITTING + timedelta(days=40)
    cards = [SimpleNamespace(reviews=[*(SimpleNamespace(at=SITTING + timedelta(days=d, minutes=n), source="review")
                                        for d in range(10)),
                                      SimpleNamespace(at=now - timedelta(minutes=n % 60), source="review")])
             for n in range(500)]
    worked_out = []
    real = course.review_load.review_day
    monkeypatch.setattr(course.review_load, "review_day", lambda moment: worked_out.append(moment) or real(moment))
    got = today(cards, now, Limits(20, 200))
    assert (got.reviews_done, got.new_done) == (500, 0)
    assert len(worked_out) <= 1 + 500  # now, then each card's answer of today
