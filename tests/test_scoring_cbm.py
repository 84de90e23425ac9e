"""Confidence-based marking: Moodle's table, exactly, through the scoring function and through a quiz taken
and saved; partial credit as Moodle computes it; the CBM average; refusing an answer without its certainty."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from course.content import load_course
from course.content.models import Course
from course.progress import ProgressStore
from course.quizrun import CertaintyError, QuizSession
from course.scoring import CBM_MARKS, cbm_average, cbm_mark
from tests.answers import right, wrong

# Moodle's table, written out again here so that a change to CBM_MARKS cannot go unnoticed.
TABLE = [
    # certainty, right?, mark
    (1, True, 1.0),
    (1, False, 0.0),
    (2, True, 2.0),
    (2, False, -2.0),
    (3, True, 3.0),
    (3, False, -6.0),
]

COURSE_TOML = 'id = "cbm-course"\ntitle = "CBM course"\n'
LESSON = """+++
id = "basics"
title = "Basics"
order = 1
summary = "The basics."
objectives = ["Know the basics"]
+++

## Basics

Text.
"""
QUIZ = """
id = "cbm-quiz"
title = "Sure?"
pass_mark = 0.5
confidence = {confidence}

[[questions]]
id = "tf"
type = "true_false"
prompt = "Offshoring means another country."
answer = true
explanation = "It does."

[[questions]]
id = "two-right"
type = "multiple"
prompt = "Which are motives?"
explanation = "Skills and flexibility."
points = 2

[[questions.options]]
text = "Skills"
correct = true

[[questions.options]]
text = "Flexibility"
correct = true

[[questions.options]]
text = "Weather"

[[questions]]
id = "short"
type = "short"
prompt = "Abbreviation of a service level agreement?"
explanation = "SLA."
answers = ["SLA"]
"""


def make_course(tmp_path: Path, confidence: bool = True) -> Course:
    root = tmp_path / "course"
    (root / "lessons").mkdir(parents=True)
    (root / "quizzes").mkdir()
    (root / "course.toml").write_text(COURSE_TOML, encoding="utf-8")
    (root / "lessons/01-basics.md").write_text(LESSON, encoding="utf-8")
    (root / "quizzes/cbm.toml").write_text(QUIZ.format(confidence=str(confidence).lower()), encoding="utf-8")
    course = load_course(root)
    assert not course.errors, [str(p) for p in course.errors]
    return course


def start(tmp_path: Path, confidence: bool = True) -> QuizSession:
    course = make_course(tmp_path, confidence)
    learner = ProgressStore(tmp_path / "progress", course.id).open("ana")
    return QuizSession.start(course, course.quizzes["cbm-quiz"], learner, seed=1)


def index_of(session: QuizSession, qid: str) -> int:
    return next(i for i, played in enumerate(session.questions) if played.question.id == qid)


# ---------------------------------------------------------------------------- the table


@pytest.mark.parametrize(("certainty", "is_right", "expected"), TABLE)
def test_the_table_mark_by_mark(certainty: int, is_right: bool, expected: float) -> None:
    assert cbm_mark(1.0 if is_right else 0.0, certainty) == expected


@pytest.mark.parametrize(("certainty", "is_right", "expected"), TABLE)
def test_a_quiz_marks_each_answer_by_the_table_and_saves_the_certainty(
    tmp_path: Path, certainty: int, is_right: bool, expected: float
) -> None:
    session = start(tmp_path)
    i = index_of(session, "tf")
    question = session.questions[i].question
    session.answer(i, right(question) if is_right else wrong(question), certainty)
    assert session.cbm_for(i) == expected
    # Saved with the answer: a learner opened afresh from disk has it.
    reopened = ProgressStore(tmp_path / "progress", session.course.id).open("ana")
    again = QuizSession.resume(session.course, session.quiz, reopened)
    assert again is not None
    answer = again.answer_for(i)
    assert answer is not None and answer.certainty == certainty and answer.correct is is_right
    assert again.cbm_for(i) == expected
    item = next(item for item in again.review() if item.played.question.id == "tf")
    assert item.cbm == expected
    assert item.confidently_wrong is (not is_right and certainty >= 2)


def test_the_table_is_moodles() -> None:
    assert CBM_MARKS == {1: (1.0, 0.0), 2: (2.0, -2.0), 3: (3.0, -6.0)}


# ---------------------------------------------------------------------------- partial credit and averages


@pytest.mark.parametrize(("certainty", "expected"), [(1, 0.5), (2, 1.0), (3, 1.5)])
def test_half_right_earns_the_mark_for_right_times_one_half(tmp_path: Path, certainty: int, expected: float) -> None:
    """As Moodle's question_cbm::adjust_fraction: 0.5 at certainty 2 earns 1, and is never negative."""
    session = start(tmp_path)
    i = index_of(session, "two-right")
    result = session.answer(i, ["a"], certainty)  # Skills: one of the two right options
    assert result.fraction == 0.5
    assert session.cbm_for(i) == expected


def test_the_cbm_average_counts_each_question_by_its_points_and_a_skipped_one_as_zero(tmp_path: Path) -> None:
    session = start(tmp_path)
    tf, multiple, short = (index_of(session, q) for q in ("tf", "two-right", "short"))
    session.answer(tf, True, 3)  # +3, 1 point
    session.answer(multiple, wrong(session.questions[multiple].question), 2)  # -2, 2 points
    # short skipped: 0, 1 point
    assert (session.cbm_for(tf), session.cbm_for(multiple), session.cbm_for(short)) == (3.0, -2.0, 0.0)
    assert session.cbm_average() == pytest.approx((3 * 1 - 2 * 2 + 0 * 1) / 4)


def test_the_pass_mark_is_on_accuracy_not_on_the_cbm_average(tmp_path: Path) -> None:
    session = start(tmp_path)
    tf, multiple, short = (index_of(session, q) for q in ("tf", "two-right", "short"))
    session.answer(tf, False, 3)  # wrong and very sure: -6
    session.answer(multiple, right(session.questions[multiple].question), 1)  # right, unsure: +1 (2 points)
    session.answer(short, "SLA", 1)  # right, unsure: +1
    attempt = session.finish()
    average = session.cbm_average()
    assert attempt.score == 0.75 and attempt.passed is True
    assert average is not None and average < 0


def test_an_answer_saved_without_a_certainty_counts_as_certainty_one(tmp_path: Path) -> None:
    """As Moodle assumes: an answer given before the quiz asked for certainty."""
    course = make_course(tmp_path, confidence=False)
    learner = ProgressStore(tmp_path / "progress", course.id).open("ana")
    before = QuizSession.start(course, course.quizzes["cbm-quiz"], learner, seed=1)
    tf = index_of(before, "tf")
    before.answer(tf, False)
    assert before.cbm_for(tf) is None and before.cbm_average() is None
    # The author turns confidence-based marking on; the attempt resumes with the saved answer.
    (course.root / "quizzes/cbm.toml").write_text(QUIZ.format(confidence="true"), encoding="utf-8")
    course = load_course(course.root)
    after = QuizSession.resume(course, course.quizzes["cbm-quiz"], learner)
    assert after is not None
    assert after.cbm_for(tf) == 0.0  # wrong at certainty 1
    right_one = index_of(after, "short")
    assert after.answer_for(right_one) is None
    after.answer(right_one, "SLA", 2)
    assert after.cbm_for(right_one) == 2.0


# ---------------------------------------------------------------------------- refusals


@pytest.mark.parametrize("certainty", [None, 0, 4, -1, True])
def test_a_cbm_quiz_refuses_an_answer_without_a_certainty_of_1_2_or_3(tmp_path: Path, certainty) -> None:
    session = start(tmp_path)
    tf = index_of(session, "tf")
    with pytest.raises(CertaintyError, match="how sure you are"):
        session.answer(tf, True, certainty)
    assert session.answer_for(tf) is None
    reopened = ProgressStore(tmp_path / "progress", session.course.id).open("ana")
    assert QuizSession.resume(session.course, session.quiz, reopened) is None or not reopened.in_progress(
        "cbm-quiz"
    ).answers


def test_a_quiz_without_cbm_refuses_a_certainty(tmp_path: Path) -> None:
    session = start(tmp_path, confidence=False)
    with pytest.raises(CertaintyError, match="does not ask how sure"):
        session.answer(0, True, 2)
    assert session.answer_for(0) is None


# ---------------------------------------------------------------------------- properties

fractions = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
certainties = st.sampled_from([1, 2, 3])


@given(fractions, certainties)
def test_a_mark_is_the_table_for_wrong_or_right_times_the_fraction(fraction: float, certainty: int) -> None:
    mark = cbm_mark(fraction, certainty)
    right_mark, wrong_mark = CBM_MARKS[certainty]
    assert -6.0 <= mark <= 3.0
    if fraction > 1e-7:
        assert mark == pytest.approx(right_mark * fraction)
        assert mark >= 0  # any credit at all is never negative
    elif fraction == 0.0:
        assert mark == wrong_mark


@given(fractions, fractions, certainties)
def test_more_credit_never_earns_a_lower_mark(a: float, b: float, certainty: int) -> None:
    low, high = sorted((a, b))
    assert cbm_mark(low, certainty) <= cbm_mark(high, certainty)


@given(st.floats(min_value=0.0, max_value=1.0, exclude_min=True, exclude_max=True))
def test_the_best_certainty_for_a_chance_of_being_right_is_moodles(chance: float) -> None:
    """The table rewards honesty: below 2 in 3, 1 is the best bet; from 2 in 3 to 4 in 5, 2; above, 3."""
    expected = {c: chance * cbm_mark(1.0, c) + (1 - chance) * cbm_mark(0.0, c) for c in (1, 2, 3)}
    best = max(expected, key=lambda c: expected[c])
    if chance < 2 / 3 - 1e-9:
        assert best == 1
    elif 2 / 3 + 1e-9 < chance < 4 / 5 - 1e-9:
        assert best == 2
    elif chance > 4 / 5 + 1e-9:
        assert best == 3


@given(st.lists(st.tuples(st.sampled_from([-6.0, -2.0, 0.0, 0.5, 1.0, 2.0, 3.0]),
                          st.sampled_from([0.0, 0.5, 1.0, 2.0])), min_size=1, max_size=20))
def test_the_average_lies_between_the_lowest_and_highest_mark(marks: list[tuple[float, float]]) -> None:
    average = cbm_average(marks)
    assert average is not None
    counted = [m for m, p in marks if p > 0] or [m for m, _ in marks]
    assert min(counted) - 1e-9 <= average <= max(counted) + 1e-9
    if len({m for m, _ in marks}) == 1:
        assert average == pytest.approx(marks[0][0])


def test_no_questions_have_no_average() -> None:
    assert cbm_average([]) is None
