"""`course import gift|aiken FILE --id QUIZ_ID`: a quiz file made from a Moodle GIFT or Aiken file, with a
warning (and its line) for everything that cannot be carried over."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from course.cli.common import fail

if TYPE_CHECKING:
    import argparse

    from course.importers.to_quiz import ImportResult


def run(args: argparse.Namespace) -> int:
    source = Path(args.file)
    out = Path(args.out) if args.out else None
    problem = _usage_problem(args, out)
    if problem is not None:
        return fail("import", problem, 2)
    text = _read(source)
    if not isinstance(text, str):
        return text
    result = _convert(args, text)
    for note in result.notes:
        print(f"{source}:{note.line}: warning: {note.message}", file=sys.stderr)
    if not result.imported:
        return fail("import", f"{source}: no question could be imported", 1)
    return _write(args, result, source, out)


def _usage_problem(args: argparse.Namespace, out: Path | None) -> str | None:
    from course.content.slugs import is_slug

    for value, what in ((args.quiz_id, "--id"), (args.lesson, "--lesson")):
        if value is not None and not is_slug(value):
            return f"{what} {value!r} is not a slug (for example 'cost-quiz')"
    if out is not None and out.exists() and not args.force:
        return f"{out} exists; use --force to overwrite it"
    return None


def _read(source: Path) -> str | int:
    """The file's text, or the exit status once what is wrong is said: a file over the loader's size limit
    is refused before it is read or parsed."""
    from course.importers.size import ImportTooLarge, read_source

    try:
        return read_source(source)
    except ImportTooLarge as exc:
        return fail("import", f"{source} {exc}", 2)
    except (OSError, UnicodeDecodeError) as exc:
        return fail("import", f"cannot read {source}: {exc}", 2)


def _convert(args: argparse.Namespace, text: str) -> ImportResult:
    """The quiz; a question that cannot be read is skipped with a warning, the file as a whole never refused."""
    if args.format == "aiken":
        from course.importers.aiken import aiken_to_quiz

        return aiken_to_quiz(text, args.quiz_id, title=args.title, lesson=args.lesson)
    from course.importers.to_quiz import gift_to_quiz

    return gift_to_quiz(text, args.quiz_id, title=args.title, lesson=args.lesson)


def _write(args: argparse.Namespace, result: ImportResult, source: Path, out: Path | None) -> int:
    from course.importers.size import MAX_FILE_BYTES, too_large
    from course.importers.to_quiz import quiz_to_toml

    toml_text = quiz_to_toml(result.quiz, source.name, "Aiken" if args.format == "aiken" else "GIFT")
    size = len(toml_text.encode("utf-8"))
    if size > MAX_FILE_BYTES:  # the course would refuse to load it
        return fail("import", f"the quiz made from {source} {too_large(size)}", 1)
    if out is None:
        sys.stdout.write(toml_text)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(toml_text, encoding="utf-8")
        print(f"{out}: {result.imported} questions imported, {result.skipped} skipped", file=sys.stderr)
    return 0
