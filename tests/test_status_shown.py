"""A lesson whose file has errors is left out of the course, and its quiz with it: the map, its counts, the
command palette and plain mode show and count the same quizzes (course.status.shown_quizzes)."""

from __future__ import annotations

import asyncio
import io
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from course.content import Course, load_course
from course.plain import run as run_plain
from course.progress import LearnerSummary, ProgressStore, QuizState, Resume
from course.status import next_step, overall, shown_quizzes
from course.tui.app import CourseApp
from course.tui.map.view import build
from course.tui.palette import CourseCommands
from tests.conftest import FIXTURES

WHEN = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.fixture
def broken_lesson(tmp_path: Path) -> Path:
    """The test course with its second lesson's front matter missing a required key."""
    root = tmp_path / "course"
    shutil.copytree(FIXTURES / "tui_course", root)
    lesson = root / "lessons" / "02-more.md"
    text = lesson.read_text(encoding="utf-8")
    lesson.write_text(text.replace('summary = "Where savings come from."\n', ""), encoding="utf-8")
    return root


def _summary(course: Course, **quizzes: QuizState) -> LearnerSummary:
    return LearnerSummary(course=course.id, learner="ana", created_at=WHEN, updated_at=WHEN, quizzes=quizzes)


def test_the_quiz_of_a_lesson_left_out_is_neither_shown_nor_counted(broken_lesson: Path) -> None:
    course = load_course(broken_lesson)
    assert [p.file for p in course.errors] == ["lessons/02-more.md"]
    assert "more-quiz" in course.quizzes  # the quiz file itself is fine...
    assert [q.id for q in shown_quizzes(course)] == ["basics-quiz"]  # ...but its lesson is not shown
    done, total, sentence = overall(course, _summary(course))
    assert (done, total, sentence) == (0, 2, "0/1 lessons read · 0/1 quizzes passed")
    view = build(course, _summary(course), "Ana")
    listed = [m.quiz for m in view.modules if m.quiz] + [m.id for m in view.modules if m.id.startswith("exam:")]
    assert listed == ["basics-quiz"] and view.sentence.endswith("0/1 quizzes passed")


def test_a_passed_quiz_of_a_lesson_left_out_does_not_count_as_a_step(broken_lesson: Path) -> None:
    course = load_course(broken_lesson)
    passed = QuizState(attempts=1, best_score=1.0, passed=True)
    done, total, _ = overall(course, _summary(course, **{"more-quiz": passed}))
    assert (done, total) == (0, 2)


def test_an_unfinished_attempt_at_a_hidden_quiz_is_not_the_next_step(broken_lesson: Path) -> None:
    course = load_course(broken_lesson)
    summary = _summary(course, **{"more-quiz": QuizState(in_progress="a1")})
    summary = summary.model_copy(update={"resume": Resume(kind="quiz", quiz="more-quiz", question=0)})
    step = next_step(course, summary)
    assert step.quiz != "more-quiz" and step.lesson == "basics"


def test_the_whole_course_shows_every_quiz() -> None:
    course = load_course(FIXTURES / "good_course")
    assert [q.id for q in shown_quizzes(course)] == ["basics-quiz", "cost-quiz", "final-exam"]
    assert overall(course, _summary(course))[2] == "0/2 lessons read · 0/3 quizzes passed"


def test_plain_mode_counts_what_it_lists(broken_lesson: Path, tmp_path: Path) -> None:
    out = io.StringIO()
    code = run_plain(str(broken_lesson), "Pat", str(tmp_path / "progress"), stdin=io.StringIO("l\nq\n"), stdout=out)
    shown = out.getvalue()
    assert code == 0, shown
    assert "Progress: 0%, 0 of 1 lessons read and 0 of 1 quizzes passed." in shown, shown
    assert "Costs quiz" not in shown


def test_the_palette_does_not_offer_the_quiz_of_a_lesson_left_out(broken_lesson: Path, tmp_path: Path) -> None:
    async def run() -> None:
        course = load_course(broken_lesson)
        store = ProgressStore(tmp_path / "progress", course.id)
        app = CourseApp(course, store, store.open("Pia"))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            titles = [command.title for command in CourseCommands(app.screen).commands()]
            assert "Take quiz: Basics quiz" in titles
            assert "Take quiz: Costs quiz" not in titles

    asyncio.run(run())
