"""Spaced review (course/review.py) with a fixed clock: cards made from quiz answers, their whole life
checked against FSRS itself, rounds, removed questions, a corrupt file and two windows at once."""

from __future__ import annotations

import itertools
import shutil
import tomllib
from datetime import timedelta
from pathlib import Path

import pytest
from fsrs import Card, Rating, Scheduler

from course.content import load_course
from course.review import REVIEW_FILE, ReviewDeck
from course.review_load import fuzz_range
from tests.content_support import loaded
from tests.review_support import (
    BASICS_RESULTS,
    FIXTURE,
    T0,
    Clock,
    deck,
    open_learner,
    response_for,
    take_quiz,
)

# FSRS as the course configures it, built here from the package itself: what every schedule must match.
FSRS = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)
RATING = {"right": Rating.Good, "partly": Rating.Hard, "wrong": Rating.Again}


def fsrs_after(*reviews: tuple[Rating, object]) -> Card:
    card = Card(card_id=7, due=reviews[0][1])
    for rating, at in reviews:
        card, _ = FSRS.review_card(card, rating, at)
    return card


def on_disk(progress: Path, name: str = "Ana") -> dict:
    return tomllib.loads((progress / name / REVIEW_FILE).read_text(encoding="utf-8"))


def assert_matches(stored: dict, card: Card) -> None:
    """A card as review.toml holds it is the card FSRS computed, its due date fuzzed within FSRS's range
    (tests/test_review_load.py checks that range against FSRS's own fuzz)."""
    assert card.last_review is not None
    interval = (card.due - card.last_review).days
    low, high = fuzz_range(interval) if interval >= 2.5 else (interval, interval)
    assert stored["due"] - card.last_review in {timedelta(days=d) for d in range(low, high + 1)}
    assert stored["last_review"] == card.last_review
    assert stored["stability"] == pytest.approx(card.stability, rel=1e-12)
    assert stored["difficulty"] == pytest.approx(card.difficulty, rel=1e-12)
    assert stored["state"] == card.state.name.lower()


@pytest.fixture
def course():
    return loaded(FIXTURE)  # the test process's one load of the fixture, a copy (content_support.loaded)


def test_each_answered_question_becomes_a_card_rated_from_its_result(tmp_path, course):
    learner = open_learner(tmp_path, course)
    take_quiz(learner, course, "basics-quiz", BASICS_RESULTS, T0)
    made = deck(learner, course, Clock(T0))
    assert sorted(made.data.cards) == sorted(f"basics-quiz/{qid}" for qid in BASICS_RESULTS)
    stored = on_disk(tmp_path)["cards"]
    for minute, (qid, how) in enumerate(BASICS_RESULTS.items()):
        at = T0 + timedelta(minutes=minute)
        card = stored[f"basics-quiz/{qid}"]
        assert card["reviews"] == [{"at": at, "rating": RATING[how].name.lower(), "source": "quiz"}]
        assert_matches(card, fsrs_after((RATING[how], at)))


def test_skipped_questions_and_unanswered_quizzes_make_no_card(tmp_path, course):
    learner = open_learner(tmp_path, course)
    take_quiz(learner, course, "basics-quiz", {"q-single": "right"}, T0)
    assert list(deck(learner, course, Clock(T0)).data.cards) == ["basics-quiz/q-single"]


def test_an_answer_in_a_quiz_still_in_progress_and_one_in_practice_make_cards(tmp_path, course):
    learner = open_learner(tmp_path, course)
    take_quiz(learner, course, "basics-quiz", {"q-tf": "wrong"}, T0, finish=False)
    take_quiz(learner, course, "more-quiz", {"hidden": "right"}, T0, practice=True)
    cards = deck(learner, course, Clock(T0)).data.cards
    assert sorted(cards) == ["basics-quiz/q-tf", "more-quiz/hidden"]


def test_a_later_quiz_answer_does_not_reschedule_a_card(tmp_path, course):
    learner = open_learner(tmp_path, course)
    take_quiz(learner, course, "basics-quiz", {"q-tf": "wrong"}, T0)
    deck(learner, course, Clock(T0))
    take_quiz(learner, course, "basics-quiz", {"q-tf": "right"}, T0 + timedelta(hours=1))
    card = deck(learner, course, Clock(T0 + timedelta(hours=2))).data.cards["basics-quiz/q-tf"]
    assert [r.rating for r in card.reviews] == ["again"]


def test_a_card_over_its_whole_life_is_what_fsrs_computes(tmp_path, course):
    """Wrong in the quiz, then reviewed over seven weeks: wrong, right, right, partly, right, right."""
    learner = open_learner(tmp_path, course)
    take_quiz(learner, course, "basics-quiz", {"q-multiple": "wrong"}, T0)
    clock = Clock(T0)
    made = deck(learner, course, clock)
    key = "basics-quiz/q-multiple"
    question = course.quizzes["basics-quiz"].question("q-multiple")
    history: list[tuple[Rating, object]] = [(Rating.Again, T0)]
    for days, how in ((1, "wrong"), (1.5, "right"), (4, "right"), (12, "partly"), (3, "right"), (20, "right")):
        clock.advance(days=days)
        reviewed = made.answer(key, question, response_for(course, key, how))
        history.append((RATING[how], clock.time))
        expected = fsrs_after(*history)
        assert reviewed.rating == RATING[how].name.lower()
        assert_matches(on_disk(tmp_path)["cards"][key], expected)
        assert_matches(reviewed.card.model_dump(), expected)
    stored = on_disk(tmp_path)["cards"][key]
    assert [r["rating"] for r in stored["reviews"]] == ["again", "again", "good", "good", "hard", "good", "good"]
    assert stored["due"] - clock.time >= timedelta(days=14)  # seven reviews in, the gap has grown to weeks


def test_scripted_learner_finishes_a_quiz_and_works_through_the_next_days_reviews(tmp_path, course):
    """Done when: a quiz finished, the right number due the next day, worked through, the schedule on disk
    is FSRS's."""
    learner = open_learner(tmp_path, course)
    take_quiz(learner, course, "basics-quiz", BASICS_RESULTS, T0)
    clock = Clock(T0)
    made = deck(learner, course, clock)
    assert made.due() == []  # just answered: nothing due yet

    clock.advance(days=1, minutes=10)  # the next day: the two wrong and the partly right one are due
    made = deck(learner, course, clock)
    due = made.due()
    expected_due = {f"basics-quiz/{qid}" for qid, how in BASICS_RESULTS.items() if how != "right"}
    assert set(due) == expected_due and len(due) == 3
    for key in made.round(seed=5):
        quiz_id, _, qid = key.rpartition("/")
        made.answer(key, course.quizzes[quiz_id].question(qid), response_for(course, key, "right"))
        clock.advance(minutes=1)
    assert deck(learner, course, clock).due() == []

    stored = on_disk(tmp_path)["cards"]
    for minute, (qid, how) in enumerate(BASICS_RESULTS.items()):
        key = f"basics-quiz/{qid}"
        reviews = [(RATING[how], T0 + timedelta(minutes=minute))]
        reviews += [(Rating.Good, r["at"]) for r in stored[key]["reviews"] if r["source"] == "review"]
        assert len(reviews) == (2 if key in expected_due else 1)
        assert_matches(stored[key], fsrs_after(*reviews))

    clock.advance(days=1)  # two days after the quiz: the four right first time come due
    assert set(deck(learner, course, clock).due()) == {f"basics-quiz/{q}" for q, h in BASICS_RESULTS.items() if h == "right"}


def test_review_answers_change_no_quiz_file(tmp_path, course):
    learner = open_learner(tmp_path, course)
    take_quiz(learner, course, "basics-quiz", BASICS_RESULTS, T0)
    clock = Clock(T0 + timedelta(days=3))
    made = deck(learner, course, clock)
    before = {p: p.read_bytes() for p in (tmp_path / "Ana").rglob("*.toml") if p.name != REVIEW_FILE}
    for key in made.round(seed=1):
        quiz_id, _, qid = key.rpartition("/")
        made.answer(key, course.quizzes[quiz_id].question(qid), response_for(course, key, "wrong"))
    after = {p: p.read_bytes() for p in (tmp_path / "Ana").rglob("*.toml") if p.name != REVIEW_FILE}
    assert after == before
    assert learner.reload().quizzes["basics-quiz"].attempts == 1


def _big_course(tmp_path: Path) -> Path:
    """The test course with 15 more true/false questions in each lesson's quiz (37 in all), and room for 50
    first reviews a day."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    toml = content / "course.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "\n[review]\nnew_per_day = 50\n", encoding="utf-8")
    for name in ("basics", "more"):
        path = content / "quizzes" / f"{name}.toml"
        extra = "".join(
            f'\n[[questions]]\nid = "extra-{i}"\ntype = "true_false"\nprompt = "Statement {i} of {name}."\n'
            f'answer = true\nexplanation = "It holds."\n'
            for i in range(15)
        )
        path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return content


def test_a_round_is_at_most_twenty_longest_overdue_mixed_across_lessons(tmp_path):
    course = load_course(_big_course(tmp_path))
    assert not course.errors
    learner = open_learner(tmp_path / "progress", course)
    basics = {f"extra-{i}": "wrong" for i in range(15)}
    more = {f"extra-{i}": "wrong" for i in range(15)}
    take_quiz(learner, course, "basics-quiz", basics, T0)
    take_quiz(learner, course, "more-quiz", more, T0 + timedelta(hours=1))
    made = deck(learner, course, Clock(T0 + timedelta(days=5)))
    assert len(made.due()) == 30
    picked = made.round(seed=3)
    assert len(picked) == 20 and len(set(picked)) == 20
    assert set(picked) == set(made.due()[:20])  # the 15 of basics (answered first) and the first 5 of more
    assert picked == made.round(seed=3)  # the same seed, the same round
    assert picked != made.round(seed=4)
    lessons = [key.split("/")[0] for key in picked]
    assert all(a != b for a, b in itertools.pairwise(lessons[:10]))  # the lessons take turns


def test_a_removed_question_drops_its_card_with_a_note_and_a_changed_one_keeps_it(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    course = load_course(content)
    learner = open_learner(tmp_path / "progress", course)
    take_quiz(learner, course, "basics-quiz", BASICS_RESULTS, T0)
    deck(learner, course, Clock(T0))

    quiz = content / "quizzes" / "basics.toml"
    text = quiz.read_text(encoding="utf-8")
    start = text.index('[[questions]]\nid = "q-numeric"')
    text = text[:start]  # q-numeric, the last question, is removed
    text = text.replace("Put the steps in order.", "Put these three steps in order.")  # q-order is changed
    quiz.write_text(text, encoding="utf-8")
    course = load_course(content)
    assert not course.errors

    made = deck(learner, course, Clock(T0 + timedelta(days=1)))
    assert "basics-quiz/q-numeric" not in made.data.cards
    assert "basics-quiz/q-numeric" not in on_disk(tmp_path / "progress")["cards"]
    assert "basics-quiz/q-order" in made.data.cards
    assert made.notices == [
        "1 review question was dropped: its question is no longer in the course (basics-quiz/q-numeric)."
    ]
    again = deck(learner, course, Clock(T0 + timedelta(days=1)))  # the attempt's answer makes no card again
    assert "basics-quiz/q-numeric" not in again.data.cards and again.notices == []


def test_cards_are_kept_while_the_course_files_have_errors(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    course = load_course(content)
    learner = open_learner(tmp_path / "progress", course)
    take_quiz(learner, course, "basics-quiz", BASICS_RESULTS, T0)
    deck(learner, course, Clock(T0))
    (content / "quizzes" / "basics.toml").write_text("id = [unclosed", encoding="utf-8")
    broken = load_course(content)
    assert broken.errors
    made = deck(learner, broken, Clock(T0))
    assert len(made.data.cards) == len(BASICS_RESULTS) and made.notices == []


def test_a_corrupt_schedule_is_set_aside_and_made_again_from_the_answers(tmp_path, course):
    learner = open_learner(tmp_path, course)
    take_quiz(learner, course, "basics-quiz", BASICS_RESULTS, T0)
    deck(learner, course, Clock(T0))
    path = tmp_path / "Ana" / REVIEW_FILE
    path.write_text("cards = 'not a table", encoding="utf-8")
    made = deck(learner, course, Clock(T0))
    assert len(made.data.cards) == len(BASICS_RESULTS)
    kept = [p.name for p in path.parent.iterdir() if p.name.startswith("review.corrupt-")]
    assert len(kept) == 1
    assert len(made.notices) == 1 and "could not be read" in made.notices[0] and kept[0] in made.notices[0]
    assert len(on_disk(tmp_path)["cards"]) == len(BASICS_RESULTS)


def test_unknown_data_in_the_file_survives_a_save(tmp_path, course):
    learner = open_learner(tmp_path, course)
    take_quiz(learner, course, "basics-quiz", {"q-tf": "wrong"}, T0)
    made = deck(learner, course, Clock(T0 + timedelta(days=2)))
    path = tmp_path / "Ana" / REVIEW_FILE
    path.write_text('note = "kept"\n' + path.read_text(encoding="utf-8"), encoding="utf-8")
    made.answer("basics-quiz/q-tf", course.quizzes["basics-quiz"].question("q-tf"), False)
    assert on_disk(tmp_path)["note"] == "kept"


def test_two_windows_reviewing_at_once_lose_nothing(tmp_path, course):
    learner = open_learner(tmp_path, course)
    take_quiz(learner, course, "basics-quiz", BASICS_RESULTS, T0)
    clock = Clock(T0 + timedelta(days=2))
    first = deck(learner, course, clock)
    second = ReviewDeck(open_learner(tmp_path, course), course, now=clock)
    second.refresh()
    quiz = course.quizzes["basics-quiz"]
    first.answer("basics-quiz/q-tf", quiz.question("q-tf"), False)  # right
    clock.advance(minutes=1)
    second.answer("basics-quiz/q-short", quiz.question("q-short"), "SLA")  # this window never saw the first's
    clock.advance(minutes=1)
    second.answer("basics-quiz/q-tf", quiz.question("q-tf"), True)  # wrong
    stored = on_disk(tmp_path)["cards"]
    assert [r["rating"] for r in stored["basics-quiz/q-tf"]["reviews"]] == ["again", "good", "again"]
    assert [r["rating"] for r in stored["basics-quiz/q-short"]["reviews"]] == ["again", "good"]
    reviews = [(Rating[r["rating"].capitalize()], r["at"]) for r in stored["basics-quiz/q-tf"]["reviews"]]
    assert_matches(stored["basics-quiz/q-tf"], fsrs_after(*reviews))


def test_a_schedule_from_a_newer_version_is_left_untouched(tmp_path, course):
    learner = open_learner(tmp_path, course)
    take_quiz(learner, course, "basics-quiz", BASICS_RESULTS, T0)
    path = tmp_path / "Ana" / REVIEW_FILE
    path.write_text("format = 99\n", encoding="utf-8")
    made = deck(learner, course, Clock(T0 + timedelta(days=3)))
    assert made.readonly and made.due() == []
    assert path.read_text(encoding="utf-8") == "format = 99\n"


PROJECT = Path(__file__).resolve().parents[1]
KILLS = 6


def test_sigkill_in_a_review_round_loses_no_saved_answer(tmp_path, course):
    """A process answering review cards is killed (SIGKILL) after a varying number of answers, six times;
    each time the file reads, and every answer it reported saved is in it."""
    import os
    import random
    import signal
    import subprocess
    import sys
    from datetime import datetime

    learner = open_learner(tmp_path, course)
    take_quiz(learner, course, "basics-quiz", BASICS_RESULTS, T0)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT), os.environ.get("PYTHONPATH")]))}
    rng = random.Random(14)
    saved: list[tuple[str, datetime]] = []
    start = T0 + timedelta(days=3)
    server = subprocess.Popen(
        [sys.executable, str(PROJECT / "tests" / "review_streamer.py"), str(tmp_path), str(FIXTURE)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env,
    )
    try:
        assert server.stdout.readline().split() == ["READY"]
        for round_number in range(KILLS):
            server.stdin.write(f"GO {(start + timedelta(days=100 * round_number)).isoformat()}\n")
            server.stdin.flush()
            word, pid = server.stdout.readline().split()
            assert word == "PID"
            for _ in range(rng.randint(1, 12)):
                word, key, at = server.stdout.readline().split()
                assert word == "SAVED"
                saved.append((key, datetime.fromisoformat(at)))
            os.kill(int(pid), signal.SIGKILL)
            while (line := server.stdout.readline().split()) != ["DEAD", pid]:
                assert line[0] == "SAVED", line  # said saved after those read, before the kill: saved too
                word, key, at = line
                saved.append((key, datetime.fromisoformat(at)))
            stored = on_disk(tmp_path)["cards"]  # parses: no half-written file
            for key, at in saved:
                assert at in [review["at"] for review in stored[key]["reviews"]], (round_number, key, at)
    finally:
        server.stdin.close()
        server.kill()
        server.wait()
    assert len(saved) >= KILLS
    for card in on_disk(tmp_path)["cards"].values():  # and every card is still FSRS's
        reviews = [(Rating[r["rating"].capitalize()], r["at"]) for r in card["reviews"]]
        assert_matches(card, fsrs_after(*reviews))


def test_an_answer_to_a_schedule_a_newer_version_wrote_meanwhile_is_refused_and_the_file_kept(tmp_path, course):
    from course.progress import ProgressSaveError

    learner = open_learner(tmp_path, course)
    take_quiz(learner, course, "basics-quiz", BASICS_RESULTS, T0)
    made = deck(learner, course, Clock(T0 + timedelta(days=3)))
    path = tmp_path / "Ana" / REVIEW_FILE
    path.write_text("format = 2\n", encoding="utf-8")  # another window, of a newer version, wrote it
    with pytest.raises(ProgressSaveError, match="newer version"):
        made.answer("basics-quiz/q-tf", course.quizzes["basics-quiz"].question("q-tf"), False)
    assert path.read_text(encoding="utf-8") == "format = 2\n"


def test_a_question_drawn_into_the_exam_shares_the_card_of_its_own_quiz(tmp_path, shipped_root):
    from course.progress import Answer
    from course.quizrun import resolve_key, select_keys
    from course.scoring import right_response, score

    course = loaded(shipped_root)
    exam = course.exams[0]
    keys = select_keys(course, exam, 3)
    drawn = next(key for key in keys if "/" in key)
    learner = open_learner(tmp_path, course)
    attempt = learner.start_attempt(exam.id, keys, 3)
    _, question = resolve_key(course, exam, drawn)
    result = score(question, right_response(question))
    learner.record_answer(attempt, Answer(question=drawn, response=right_response(question), score=result.score,
                                          points=result.points, answered_at=T0, correct=True))
    cards = deck(learner, course, Clock(T0)).data.cards
    assert list(cards) == [drawn]  # "<lesson quiz>/<question>", not under the exam
    assert drawn.split("/")[0] in course.quizzes and drawn.split("/")[0] != exam.id
