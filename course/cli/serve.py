"""`course serve`: the course in web browsers (course.serve)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from course.cli.common import fail

if TYPE_CHECKING:
    import argparse


def run(args: argparse.Namespace) -> int:
    from course.content import load_course
    from course.locations import content_dir
    from course.serve import ServeError, check_address, serve

    root = content_dir(args.content)
    if not root.is_dir():
        return fail("serve", f"{root}: no such folder", 2)
    try:
        address = check_address(args.host, args.port, args.public)
    except ServeError as error:
        return fail("serve", error, 2)
    progress = Path(args.progress) if args.progress else None
    return serve(address, Path(args.content) if args.content else None, progress, load_course(root).title)
