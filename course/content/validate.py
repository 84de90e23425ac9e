"""Rules that span files: unique ids, lessons and quizzes naming each other, sections and draws."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from course.content.errors import field_path, locate
from course.content.models import Lesson, Problem, Quiz


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


def check_course(
    lessons: list[Lesson],
    quizzes: list[Quiz],
    rel: Callable[[Path], str],
    broken_ids: set[str] = frozenset(),  # type: ignore[assignment]
) -> tuple[list[Lesson], dict[str, Quiz], list[Problem]]:
    problems: list[Problem] = []

    def add(path: Path | None, message: str, loc: list[str | int] | None = None, body_line: int | None = None) -> None:
        problems.append(
            Problem(
                file=rel(path) if path else "?",
                line=_line_of(path, loc, body_line) if loc else None,
                field=field_path(loc) if loc else None,
                message=message,
            )
        )

    # Unique ids: the first file (in name order) keeps the id.
    lesson_by_id: dict[str, Lesson] = {}
    for lesson in lessons:
        first = lesson_by_id.get(lesson.id)
        if first is not None:
            add(lesson.path, f"lesson id {lesson.id!r} is already used by {rel(first.path)}; ids must be unique", ["id"], lesson.body_line)
            continue
        lesson_by_id[lesson.id] = lesson
    quiz_by_id: dict[str, Quiz] = {}
    for quiz in quizzes:
        first_quiz = quiz_by_id.get(quiz.id)
        if first_quiz is not None:
            add(quiz.path, f"quiz id {quiz.id!r} is already used by {rel(first_quiz.path)}; ids must be unique", ["id"])
            continue
        quiz_by_id[quiz.id] = quiz

    for lesson in lesson_by_id.values():
        if lesson.meta.quiz and lesson.meta.quiz not in quiz_by_id:
            if lesson.meta.quiz in broken_ids:
                continue  # its own file's problems are reported; this lesson is fine
            add(lesson.path, f"names quiz {lesson.meta.quiz!r}, which does not exist", ["quiz"], lesson.body_line)
        elif lesson.meta.quiz:
            owner = quiz_by_id[lesson.meta.quiz].lesson
            if owner not in (None, lesson.id):
                add(
                    lesson.path,
                    f"names quiz {lesson.meta.quiz!r}, but that quiz belongs to lesson {owner!r}",
                    ["quiz"],
                    lesson.body_line,
                )

    for quiz in quiz_by_id.values():
        if quiz.lesson is not None and quiz.lesson not in lesson_by_id and quiz.lesson not in broken_ids:
            add(quiz.path, f"belongs to lesson {quiz.lesson!r}, which does not exist", ["lesson"])
        for index, question in enumerate(quiz.questions):
            if question.section:
                _check_section(quiz, question.section, lesson_by_id, lambda m, i=index: add(
                    quiz.path, m, ["questions", i, "section"]
                ))
        for index, draw in enumerate(quiz.draw):
            source = quiz_by_id.get(draw.from_)
            where = ["draw", index, "from"]
            if source is None:
                if draw.from_ in broken_ids:
                    continue
                add(quiz.path, f"draws from quiz {draw.from_!r}, which does not exist", where)
            elif source.id == quiz.id:
                add(quiz.path, "a quiz cannot draw questions from itself", where)
            elif source.draw:
                add(quiz.path, f"quiz {source.id!r} draws questions itself; draw only from quizzes with their own questions", where)
            elif draw.count > len(source.questions):
                add(
                    quiz.path,
                    f"asks for {draw.count} questions from {source.id!r}, which has only {len(source.questions)}",
                    ["draw", index, "count"],
                )

    ordered = sorted(lesson_by_id.values(), key=lambda lesson: (lesson.meta.order, lesson.id))
    return ordered, quiz_by_id, problems


def _check_section(quiz: Quiz, ref: str, lessons: dict[str, Lesson], report: Callable[[str], None]) -> None:
    lesson_id, hash_, section_id = ref.rpartition("#")
    if not hash_:
        lesson_id = quiz.lesson or ""
        if not lesson_id:
            report(f"section {ref!r} needs its lesson in an exam: write it as 'lesson-id#{ref}'")
            return
    lesson = lessons.get(lesson_id)
    if lesson is None:
        report(f"section {ref!r} names lesson {lesson_id!r}, which does not exist")
    elif lesson.section(section_id) is None:
        known = ", ".join(s.id for s in lesson.sections) or "none"
        report(f"lesson {lesson_id!r} has no section {section_id!r} (its sections: {known})")
