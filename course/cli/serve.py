"""`course serve`: the course in web browsers (course.serve)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from course.cli.common import fail

if TYPE_CHECKING:
    import argparse


def run(args: argparse.Namespace) -> int:
    from course.course_toml import cheap_title
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
    # The page's title from course.toml; the course is loaded for it only when course.toml cannot say (each
    # tab's copy of the app loads the course itself).
    title = cheap_title(root)
    if title is None:
        from course.content import load_course

        title = load_course(root).title
    return serve(address, Path(args.content) if args.content else None, progress, title)
