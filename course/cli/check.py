"""`course check`: every problem in a course's files, as text or JSON; with --strict, warnings fail too and
the figures of a guesser following the options' surface cues are shown."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

from course.cli.common import fail
from course.words import plural

if TYPE_CHECKING:
    import argparse
    from pathlib import Path

    from course.content.cues import QuizCues
    from course.content.models import Course


def run(args: argparse.Namespace) -> int:
    from course.content import load_course
    from course.locations import content_dir

    root = content_dir(args.dir)
    if not root.is_dir():
        if args.format == "json":  # a program reading the JSON gets the error as JSON too
            print(json.dumps({"root": str(root), "error": f"{root}: no such folder", "problems": []}, indent=2))
        return fail("check", f"{root}: no such folder", 2)
    course = load_course(root)
    # With --strict, how far a guesser following the options' surface cues gets, per quiz and course-wide.
    cues = _cue_figures(course) if args.strict else None
    if args.format == "json":
        _print_json(course, root, cues)
    else:
        _print_text(course, root, cues)
    failed = bool(course.errors) or (args.strict and bool(course.warnings))
    return 1 if failed else 0


def _cue_figures(course: Course) -> list[QuizCues]:
    """Each quiz's figures, then the course-wide ones."""
    from course.content.cues import course_cues

    per_quiz, whole = course_cues(course.quizzes[qid] for qid in sorted(course.quizzes))
    return [*per_quiz, whole]


def _print_json(course: Course, root: Path, cues: list[QuizCues] | None) -> None:
    report = {
        "course": course.id,
        "root": str(root),
        "lessons": len(course.lessons),
        "quizzes": len(course.quizzes),
        "errors": len(course.errors),
        "warnings": len(course.warnings),
        "problems": [p.model_dump() for p in course.problems],
    }
    if cues is not None:
        report["cues"] = {figures.quiz: figures.as_dict() for figures in cues}
    print(json.dumps(report, indent=2, ensure_ascii=False))


def _print_text(course: Course, root: Path, cues: list[QuizCues] | None) -> None:
    for problem in course.problems:
        print(problem)
    if cues is not None:
        from course.content.cues import summary_lines

        print("\nA guesser following the options' surface cues, against chance "
              "(each cue: python -m course.content.cues DIR):")
        for figures in cues:
            for line in summary_lines(figures):
                print(f"  {line}")
    questions = sum(len(q.questions) for q in course.quizzes.values())
    summary = (f"{plural(len(course.lessons), 'lesson')}, {plural(len(course.quizzes), 'quiz', 'quizzes')}, "
               f"{plural(questions, 'question')}")
    if course.problems:
        counts = ((len(course.errors), "error"), (len(course.warnings), "warning"))
        found = [f"{n} {word}{'s' if n != 1 else ''}" for n, word in counts if n]
        print(f"\n{' and '.join(found)} found in {root} ({summary} loaded)", file=sys.stderr)
    else:
        print(f"{root}: no problems ({summary})", file=sys.stderr)
