"""`course new lesson|quiz|course`: files from a template that pass `course check` (course.scaffold)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from course.cli.common import fail

if TYPE_CHECKING:
    import argparse


def run(args: argparse.Namespace) -> int:
    from course.scaffold import ScaffoldError, new_course, new_lesson, new_quiz

    root = Path(args.dir)
    try:
        if args.kind == "course":
            for made in new_course(root):
                print(made.path)
            print(f"next: course check {root}   then: course --content {root} --watch", file=sys.stderr)
            return 0
        written = new_lesson(root, args.id) if args.kind == "lesson" else new_quiz(root, args.id, args.lesson)
    except ScaffoldError as error:
        return fail("new", error, 2)
    print(written.path)
    if written.hint:
        print(f"note: {written.hint}", file=sys.stderr)
    return 0
