"""Where a learner stands and what "Continue" opens (course.status), on summaries built for each case."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from course.content import Course, load_course
from course.progress import LearnerSummary, LessonState, QuizState, Resume
from course.status import NextStep, lesson_status, next_step, overall, quiz_words

WHEN = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)

LESSON = """+++
id = "{id}"
title = "Lesson {id}"
order = {order}
summary = "About {id}."
objectives = ["Know {id}"]
quiz = "{id}-quiz"
+++

## First part

Text.

## Second part

Text.

## Third part

Text.
"""

QUIZ = """
id = "{id}"
title = "Quiz {id}"
{lesson}
{extra}

[[questions]]
id = "q1"
type = "true_false"
prompt = "True?"
answer = true
explanation = "Because."
"""


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Course:
    root: Path = tmp_path_factory.mktemp("status-course")
    (root / "lessons").mkdir()
    (root / "quizzes").mkdir()
    (root / "course.toml").write_text('id = "status"\ntitle = "Status course"\n', encoding="utf-8")
    for order, lid in enumerate(("one", "two"), 1):
        (root / "lessons" / f"{lid}.md").write_text(LESSON.format(id=lid, order=order), encoding="utf-8")
        (root / "quizzes" / f"{lid}.toml").write_text(
            QUIZ.format(id=f"{lid}-quiz", lesson=f'lesson = "{lid}"', extra="max_attempts = 3"), encoding="utf-8"
        )
    (root / "quizzes" / "exam.toml").write_text(QUIZ.format(id="exam", lesson="", extra=""), encoding="utf-8")
    loaded = load_course(root)
    assert loaded.problems == []
    assert [lesson.id for lesson in loaded.lessons] == ["one", "two"] and [q.id for q in loaded.exams] == ["exam"]
    return loaded


def summary(lessons=None, quizzes=None, resume: Resume | None = None) -> LearnerSummary:
    return LearnerSummary(
        course="status", learner="ana", created_at=WHEN, updated_at=WHEN,
        lessons=lessons or {}, quizzes=quizzes or {}, resume=resume or Resume(),
    )


def reading(section: str | None = None) -> LessonState:
    return LessonState(opened_at=WHEN, section=section)


def read() -> LessonState:
    return LessonState(opened_at=WHEN, completed_at=WHEN, section="third-part")


def passed(score: float = 0.9) -> QuizState:
    return QuizState(attempts=1, best_score=score, latest_score=score, passed=True)


# -- next_step: the "Continue" of the course map --------------------------------------------------------


def test_nothing_started_starts_the_first_lesson(course):
    assert next_step(course, summary()) == NextStep("Start the lesson “Lesson one”", "lesson", lesson="one")


def test_mid_lesson_resumes_at_the_section_left(course):
    step = next_step(course, summary(
        lessons={"one": reading("second-part")},
        resume=Resume(kind="lesson", lesson="one", section="second-part"),
    ))
    assert step == NextStep("Continue reading “Lesson one” › Second part", "lesson",
                            lesson="one", section="second-part", resume=True)


def test_a_lesson_left_without_a_resume_point_continues_at_its_last_section(course):
    """The resume point was cleared (a quiz finished elsewhere): the lesson still opens where it was left."""
    step = next_step(course, summary(lessons={"one": read(), "two": reading("third-part")},
                                     quizzes={"one-quiz": passed()}))
    assert step == NextStep("Continue the lesson “Lesson two”", "lesson", lesson="two", section="third-part")


def test_a_resume_point_in_a_lesson_already_read_moves_on_to_the_quiz(course):
    step = next_step(course, summary(
        lessons={"one": read()}, resume=Resume(kind="lesson", lesson="one", section="third-part"),
    ))
    assert step == NextStep("Take the quiz “Quiz one-quiz”", "quiz", lesson="one", quiz="one-quiz")


def test_lesson_read_and_quiz_not_taken_takes_the_quiz(course):
    step = next_step(course, summary(lessons={"one": read()}))
    assert step == NextStep("Take the quiz “Quiz one-quiz”", "quiz", lesson="one", quiz="one-quiz")
    assert not step.resume and step.question is None


def test_quiz_in_progress_resumes_at_the_question(course):
    step = next_step(course, summary(
        lessons={"one": read()},
        quizzes={"one-quiz": QuizState(in_progress="20260102T030405Z-abcdef")},
        resume=Resume(kind="quiz", quiz="one-quiz", attempt="20260102T030405Z-abcdef", question=3),
    ))
    assert step == NextStep("Continue the quiz “Quiz one-quiz”", "quiz",
                            lesson="one", quiz="one-quiz", question=3, resume=True)


def test_a_resume_point_in_a_quiz_no_longer_in_progress_is_not_followed(course):
    step = next_step(course, summary(
        lessons={"one": read()}, quizzes={"one-quiz": passed()},
        resume=Resume(kind="quiz", quiz="one-quiz", attempt="20260102T030405Z-abcdef", question=3),
    ))
    assert step == NextStep("Start the lesson “Lesson two”", "lesson", lesson="two")


def test_a_resume_point_in_a_lesson_or_quiz_gone_from_the_course_is_not_followed(course):
    gone_lesson = summary(resume=Resume(kind="lesson", lesson="removed", section="x"))
    gone_quiz = summary(quizzes={"removed": QuizState(in_progress="a")},
                        resume=Resume(kind="quiz", quiz="removed", attempt="a", question=1))
    for state in (gone_lesson, gone_quiz):
        assert next_step(course, state) == NextStep("Start the lesson “Lesson one”", "lesson", lesson="one")


def test_a_failed_quiz_is_the_next_step_until_it_is_passed(course):
    failed = QuizState(attempts=2, best_score=0.4, latest_score=0.4, passed=False)
    step = next_step(course, summary(lessons={"one": read(), "two": read()},
                                     quizzes={"one-quiz": failed, "two-quiz": passed()}))
    assert step == NextStep("Take the quiz “Quiz one-quiz”", "quiz", lesson="one", quiz="one-quiz")


def test_lessons_and_quizzes_done_take_the_final_exam(course):
    step = next_step(course, summary(lessons={"one": read(), "two": read()},
                                     quizzes={"one-quiz": passed(), "two-quiz": passed()}))
    assert step == NextStep("Take the final quiz “Quiz exam”", "quiz", quiz="exam")
    assert step.lesson is None


def test_everything_passed_is_done(course):
    step = next_step(course, summary(lessons={"one": read(), "two": read()},
                                     quizzes={"one-quiz": passed(), "two-quiz": passed(), "exam": passed()}))
    assert step.kind == "done" and step.lesson is None and step.quiz is None
    assert step.label.startswith("You have completed the course.")


# -- statuses in symbols and words ----------------------------------------------------------------------


def test_quiz_words_for_each_state(course):
    quiz = course.quiz("one-quiz")
    assert quiz_words(summary(), quiz) == ("○", "quiz not taken")
    assert quiz_words(summary(quizzes={"one-quiz": QuizState(in_progress="a")}), quiz) == ("◐", "quiz in progress")
    assert quiz_words(summary(quizzes={"one-quiz": passed(0.89)}), quiz) == ("✓", "quiz passed ✓ (best 89%)")
    failed = QuizState(attempts=1, best_score=0.5, passed=False, in_progress="b")
    assert quiz_words(summary(quizzes={"one-quiz": failed}), quiz) == (
        "✗", "quiz failed ✗ (best 50%, 1 attempt, 2 left) · in progress"
    )


def test_lesson_status_for_each_state(course):
    lesson = course.lesson("one")
    assert lesson_status(course, summary(), lesson).symbol == "○"
    middle = lesson_status(course, summary(lessons={"one": reading("second-part")}), lesson)
    assert (middle.symbol, middle.words, middle.done) == ("◐", "reading (section 2 of 3)", False)
    quiz_left = lesson_status(course, summary(lessons={"one": read()}), lesson)
    assert (quiz_left.symbol, quiz_left.words, quiz_left.quiz_words, quiz_left.done) == (
        "●", "completed", "quiz not taken", False
    )
    done = lesson_status(course, summary(lessons={"one": read()}, quizzes={"one-quiz": passed()}), lesson)
    assert (done.symbol, done.done) == ("✓", True)
    failed = QuizState(attempts=1, best_score=0.2, passed=False)
    assert lesson_status(course, summary(lessons={"one": read()}, quizzes={"one-quiz": failed}), lesson).symbol == "✗"


def test_overall_counts_each_lesson_read_and_each_quiz_passed(course):
    state = summary(lessons={"one": read(), "two": reading()}, quizzes={"one-quiz": passed()})
    assert overall(course, state) == (2, 5, "1/2 lessons read · 1/3 quizzes passed")


# -- the map's words agree with what `c` opens ----------------------------------------------------------


def test_a_quiz_in_progress_without_a_resume_point_says_continue_not_take(course):
    """The learner left the quiz for a lesson: the row says "in progress", so the next step says continue."""
    in_progress = QuizState(in_progress="20260102T030405Z-abcdef")
    sheet = summary(lessons={"one": read()}, quizzes={"one-quiz": in_progress},
                    resume=Resume(kind="lesson", lesson="one", section="third-part"))
    assert next_step(course, sheet).label == "Continue the quiz “Quiz one-quiz”"
    assert quiz_words(sheet, course.quiz("one-quiz"))[1] == "quiz in progress"


def test_a_practice_round_in_progress_is_called_practice(course):
    practising = QuizState(attempts=1, best_score=0.2, in_progress="20260102T030405Z-abcdef",
                           in_progress_practice=True)
    sheet = summary(lessons={"one": read()}, quizzes={"one-quiz": practising},
                    resume=Resume(kind="quiz", quiz="one-quiz", attempt="20260102T030405Z-abcdef"))
    assert next_step(course, sheet).label == "Continue practising “Quiz one-quiz”"
    assert quiz_words(sheet, course.quiz("one-quiz"))[1].endswith("· practising")
    sheet.resume = Resume()
    assert next_step(course, sheet).label == "Continue practising “Quiz one-quiz”"
