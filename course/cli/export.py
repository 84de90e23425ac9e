"""`course export gift QUIZ_FILE_OR_COURSE_DIR`: quizzes in Moodle's GIFT format, with a warning for
everything GIFT cannot carry (course.exporters)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from course.cli.common import fail, warn

if TYPE_CHECKING:
    import argparse

    from course.content.models import Quiz
    from course.exporters.gift import GiftExport


def run(args: argparse.Namespace) -> int:
    from course.exporters.gift import GiftExport, quiz_to_gift

    source = Path(args.source)
    out = Path(args.out) if args.out else None
    if out is not None and out.exists() and not args.force:
        return fail("export", f"{out} exists; use --force to overwrite it", 2)
    loaded = _quizzes(source)
    if loaded is None:
        return fail("export", f"{source}: no such file or folder", 2)
    quizzes, problems = loaded
    for problem in problems:
        print(problem, file=sys.stderr)  # "file:line: error: ..."
    export = GiftExport()
    for quiz in quizzes:
        quiz_to_gift(quiz, export)
    for note in export.notes:
        warn(note)
    if problems or not export.exported:
        return fail("export", f"{source}: {'fix the problems above first' if problems else 'no question to export'}", 1)
    _write(export, out)
    return 0


def _quizzes(source: Path) -> tuple[list[Quiz], list[str]] | None:
    """The quizzes of a course folder or a quiz file, and the errors that stop an export (warnings do not);
    None when there is no such file or folder."""
    from course.content.loader import _Collector, load_course, load_quiz

    if source.is_dir():
        course = load_course(source)
        return sorted(course.quizzes.values(), key=lambda q: str(q.path or q.id)), [str(p) for p in course.errors]
    if source.is_file():
        collector = _Collector(source.parent)
        quiz = load_quiz(source, collector).quiz
        return ([quiz] if quiz is not None else []), [str(p) for p in collector.problems]
    return None


def _write(export: GiftExport, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(export.text)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(export.text, encoding="utf-8")
    print(f"{out}: {export.exported} questions exported, {export.skipped} left out", file=sys.stderr)
