"""Rules that span files: unique ids, lessons and quizzes naming each other, sections and draws."""

from __future__ import annotations

from collections.abc import Callable, Collection
from pathlib import Path

from course.content.errors import field_path, locate
from course.content.models import Draw, Lesson, Problem, Quiz


def _line_of(path: Path | None, loc: list[str | int], front_matter_end: int | None = None) -> int | None:
    """The line of `loc` in a quiz file, or in a lesson's front matter when `front_matter_end` is given.

    `front_matter_end` is the 1-based line where the lesson body starts (the line after the closing
    `+++`); only the lines between the two `+++` are searched, so a key-like line in the body never matches.
    """
    if path is None:
        return None
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    if front_matter_end is None:
        return locate(lines, loc)
    return locate(lines[1 : front_matter_end - 2], loc, 1)


class _Problems:
    """The cross-file problems found so far, each placed at a file, field and line where known."""

    def __init__(self, rel: Callable[[Path], str]) -> None:
        self._rel = rel
        self.found: list[Problem] = []

    def rel(self, path: Path | None) -> str:
        return self._rel(path) if path else "?"

    def add(
        self, path: Path | None, message: str, loc: list[str | int] | None = None, body_line: int | None = None
    ) -> None:
        self.found.append(
            Problem(
                file=self.rel(path),
                line=_line_of(path, loc, body_line) if loc else None,
                field=field_path(loc) if loc else None,
                message=message,
            )
        )


def check_course(
    lessons: list[Lesson],
    quizzes: list[Quiz],
    rel: Callable[[Path], str],
    broken_ids: Collection[str] = frozenset(),
) -> tuple[list[Lesson], dict[str, Quiz], list[Problem]]:
    problems = _Problems(rel)
    lesson_by_id = _unique_lessons(lessons, problems)
    quiz_by_id = _unique_quizzes(quizzes, problems)
    for lesson in lesson_by_id.values():
        _check_lesson_quiz(lesson, quiz_by_id, broken_ids, problems)
    for quiz in quiz_by_id.values():
        if quiz.lesson is not None and quiz.lesson not in lesson_by_id and quiz.lesson not in broken_ids:
            problems.add(quiz.path, f"belongs to lesson {quiz.lesson!r}, which does not exist", ["lesson"])
        for index, question in enumerate(quiz.questions):
            message = _section_problem(quiz, question.section, lesson_by_id) if question.section else None
            if message:
                problems.add(quiz.path, message, ["questions", index, "section"])
        for index, draw in enumerate(quiz.draw):
            _check_draw(quiz, index, draw, quiz_by_id, broken_ids, problems)
    ordered = sorted(lesson_by_id.values(), key=lambda lesson: (lesson.meta.order, lesson.id))
    return ordered, quiz_by_id, problems.found


def _unique_lessons(lessons: list[Lesson], problems: _Problems) -> dict[str, Lesson]:
    """Lessons by id: the first file (in name order) keeps the id."""
    lesson_by_id: dict[str, Lesson] = {}
    for lesson in lessons:
        first = lesson_by_id.get(lesson.id)
        if first is not None:
            problems.add(
                lesson.path,
                f"lesson id {lesson.id!r} is already used by {problems.rel(first.path)}; ids must be unique",
                ["id"],
                lesson.body_line,
            )
            continue
        lesson_by_id[lesson.id] = lesson
    return lesson_by_id


def _unique_quizzes(quizzes: list[Quiz], problems: _Problems) -> dict[str, Quiz]:
    """Quizzes by id: the first file (in name order) keeps the id."""
    quiz_by_id: dict[str, Quiz] = {}
    for quiz in quizzes:
        first = quiz_by_id.get(quiz.id)
        if first is not None:
            problems.add(
                quiz.path,
                f"quiz id {quiz.id!r} is already used by {problems.rel(first.path)}; ids must be unique",
                ["id"],
            )
            continue
        quiz_by_id[quiz.id] = quiz
    return quiz_by_id


def _check_lesson_quiz(
    lesson: Lesson, quiz_by_id: dict[str, Quiz], broken_ids: Collection[str], problems: _Problems
) -> None:
    """The quiz a lesson names exists and does not belong to another lesson."""
    if lesson.meta.quiz and lesson.meta.quiz not in quiz_by_id:
        if lesson.meta.quiz in broken_ids:
            return  # its own file's problems are reported; this lesson is fine
        problems.add(lesson.path, f"names quiz {lesson.meta.quiz!r}, which does not exist", ["quiz"], lesson.body_line)
    elif lesson.meta.quiz:
        owner = quiz_by_id[lesson.meta.quiz].lesson
        if owner not in (None, lesson.id):
            problems.add(
                lesson.path,
                f"names quiz {lesson.meta.quiz!r}, but that quiz belongs to lesson {owner!r}",
                ["quiz"],
                lesson.body_line,
            )


def _check_draw(
    quiz: Quiz,
    index: int,
    draw: Draw,
    quiz_by_id: dict[str, Quiz],
    broken_ids: Collection[str],
    problems: _Problems,
) -> None:
    """A draw names another existing quiz with its own questions, and enough of them."""
    source = quiz_by_id.get(draw.from_)
    where: list[str | int] = ["draw", index, "from"]
    if source is None:
        if draw.from_ not in broken_ids:
            problems.add(quiz.path, f"draws from quiz {draw.from_!r}, which does not exist", where)
    elif source.id == quiz.id:
        problems.add(quiz.path, "a quiz cannot draw questions from itself", where)
    elif source.draw:
        problems.add(
            quiz.path,
            f"quiz {source.id!r} draws questions itself; draw only from quizzes with their own questions",
            where,
        )
    elif draw.count > len(source.questions):
        problems.add(
            quiz.path,
            f"asks for {draw.count} questions from {source.id!r}, which has only {len(source.questions)}",
            ["draw", index, "count"],
        )


def _section_problem(quiz: Quiz, ref: str, lessons: dict[str, Lesson]) -> str | None:
    """What is wrong with a question's `section` reference, or None when it names an existing section."""
    lesson_id, hash_, section_id = ref.rpartition("#")
    if not hash_:
        lesson_id = quiz.lesson or ""
        if not lesson_id:
            return f"section {ref!r} needs its lesson in an exam: write it as 'lesson-id#{ref}'"
    lesson = lessons.get(lesson_id)
    if lesson is None:
        return f"section {ref!r} names lesson {lesson_id!r}, which does not exist"
    if lesson.section(section_id) is None:
        known = ", ".join(s.id for s in lesson.sections) or "none"
        return f"lesson {lesson_id!r} has no section {section_id!r} (its sections: {known})"
    return None
