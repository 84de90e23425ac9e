"""`course sync`: send the learners' xAPI statements that the LRS does not have yet (course.lrs)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from course.cli.common import fail, warn

if TYPE_CHECKING:
    import argparse

    from course.content.models import Course
    from course.lrs import LrsClient, SyncResult

NO_LRS = ("no LRS configured: give --lrs URL, set COURSE_LRS_URL, or set `lrs` in the [xapi] table of "
          "course.toml")


def run(args: argparse.Namespace) -> int:
    from course.content import load_course
    from course.locations import content_dir, progress_dir
    from course.lrs import sync

    root = content_dir(args.dir or args.content)
    if not root.is_dir():
        return fail("sync", f"{root}: no such folder", 2)
    if args.batch_size < 1 or args.retries < 0:
        return fail("sync", "--batch-size must be at least 1 and --retries at least 0", 2)
    course = load_course(root)
    client = _client(args, course)
    if isinstance(client, str):
        return fail("sync", client, 2)
    progress = progress_dir(root, course.id, args.progress)
    result = sync(course, progress, client, batch_size=args.batch_size, retries=args.retries)
    _say(result, client.endpoint)
    return 0 if result.complete else 1


def _client(args: argparse.Namespace, course: Course) -> LrsClient | str:
    """The LRS to send to, or what is wrong: no LRS set, or an unusable address or [xapi] setting."""
    from course.lrs import LrsClient, configured_lrs
    from course.lrs.outbox import statement_maker

    try:  # XapiSettingsError is a ValueError
        url = configured_lrs(course, args.lrs)
        client = LrsClient.from_env(url) if url is not None else None
        statement_maker(course)
    except ValueError as error:
        return str(error)
    return client if client is not None else NO_LRS


def _say(result: SyncResult, endpoint: str) -> None:
    for problem in result.problems:
        warn(problem)
    for conflict in result.conflicts:
        warn(f"{conflict}: the LRS already holds a different statement with this id; it keeps its own")
    for rejected in result.rejected:
        print(f"course sync: {rejected}", file=sys.stderr)
    learners = f"{result.learners} learner{'s' if result.learners != 1 else ''}"
    waiting = f"{result.waiting} waiting" if result.waiting else "none waiting"
    print(f"{result.sent} record{'s' if result.sent != 1 else ''} of {learners} sent to {endpoint}; {waiting}")
    if result.error is not None:
        print(f"course sync: {result.error}", file=sys.stderr)
