"""`course report [items]`: the class report, or item analysis, from the progress folders or an LRS; with
`--format xapi`, the progress folder's xAPI statements."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from course.cli.common import fail, warn
from course.words import plural

if TYPE_CHECKING:
    import argparse
    from pathlib import Path

    from course.content.models import Course
    from course.reports.feed import Aggregator

    Feed = Callable[[list[str], *tuple[Aggregator, ...]], int]
    """Gives events to aggregators, says unreadable input in the list, returns learners with no event."""

R = TypeVar("R")  # a report, as its aggregator makes it


def usage_problem(args: argparse.Namespace) -> str | None:
    """What is wrong with how `course report` was called, or None."""
    items = args.dir == "items"
    if args.extra is not None and not items:
        return f"unexpected {args.extra!r} (did you mean `course report items {args.extra}`?)"
    if not items and (args.quiz is not None or args.attempts != "first"):
        return "--quiz and --attempts go with `course report items`"
    if items and args.format == "xapi":
        return "items: --format is text, csv or json"
    if args.jsonl and args.format != "xapi":
        return "--jsonl goes with --format xapi"
    if args.min_responses is not None and args.min_responses < 1:
        return f"--min-responses must be 1 or more, not {args.min_responses}"
    if args.lrs is not None and args.format == "xapi":
        return "--format xapi writes the progress folder's statements; the LRS already has them"
    return None


def run(args: argparse.Namespace) -> int:
    from course.content import load_course
    from course.locations import content_dir

    problem = usage_problem(args)
    if problem is not None:
        return fail("report", problem, 2)
    items = args.dir == "items"
    root = content_dir((args.extra if items else args.dir) or args.content)
    if not root.is_dir():
        return fail("report", f"{root}: no such folder", 2)
    course = load_course(root)
    if items and args.quiz is not None and course.quiz(args.quiz) is None:
        known = ", ".join(sorted(course.quizzes)) or "none"
        return fail("report items", f"no quiz {args.quiz!r} in {root} (quizzes: {known})", 2)
    if args.lrs is not None:
        return _from_lrs(args, course)
    return _from_progress(args, course, root)


def _report(args: argparse.Namespace, course: Course, feed: Feed) -> int:
    return _items_report(args, course, feed) if args.dir == "items" else _class_report(args, course, feed)


def _from_lrs(args: argparse.Namespace, course: Course) -> int:
    lrs = _lrs_feed(course, args.lrs)
    if isinstance(lrs, str):
        return fail("report", lrs, 2)
    from course.lrs import LrsError

    try:
        return _report(args, course, lrs)
    except LrsError as error:
        return fail("report", error, 1)


def _from_progress(args: argparse.Namespace, course: Course, root: Path) -> int:
    from course.locations import progress_dir

    progress = progress_dir(root, course.id, args.progress)
    if args.format == "xapi":
        return _xapi_report(args, course, progress)

    def feed(problems: list[str], *aggregators: Aggregator) -> int:
        """Events to the report: from the progress folders, one learner at a time."""
        from course.reports import feed_folders

        return feed_folders(course, progress, problems, *aggregators)

    return _report(args, course, feed)


def _lrs_feed(course: Course, url: str) -> Feed | str:
    """Events to the report from the statements an LRS holds about the course, page after page; or what
    is wrong with the address or the course's xAPI settings."""
    from course.lrs import LrsClient
    from course.reports import feed_events
    from course.reports.statements import course_events, course_iri
    from course.xapi import XapiSettingsError

    try:
        client = LrsClient.from_env(url)
        course_iri(course)  # the course's xAPI settings are usable
    except (ValueError, XapiSettingsError) as error:
        return str(error)

    def feed(problems: list[str], *aggregators: Aggregator) -> int:
        feed_events(course_events(course, client.statements(), problems), *aggregators)
        return 0

    return feed


def _xapi_report(args: argparse.Namespace, course: Course, progress: Path) -> int:
    from course.xapi import XapiSettingsError, write_statements, xapi_settings

    try:
        settings = xapi_settings(course)
    except XapiSettingsError as error:
        return fail("report", error, 2)
    problems: list[str] = []
    write_statements(sys.stdout, course, progress, settings, problems, lines=args.jsonl)
    for problem in problems:
        warn(problem)
    return 0


def _class_report(args: argparse.Namespace, course: Course, feed: Feed) -> int:
    from course.reports import ClassAggregator, render_csv, render_json, render_text

    problems: list[str] = []
    aggregator = ClassAggregator(course, _min_responses(args))
    idle = feed(problems, aggregator)
    _write(args.format, aggregator.report(problems), render_json, render_csv, render_text)
    if idle:
        verbs = "has finished nothing yet and is" if idle == 1 else "have finished nothing yet and are"
        print(f"note: {plural(idle, 'learner')} {verbs} not listed", file=sys.stderr)
    return 0


def _items_report(args: argparse.Namespace, course: Course, feed: Feed) -> int:
    from course.reports import ItemAggregator, render_items_csv, render_items_json, render_items_text

    problems: list[str] = []
    aggregator = ItemAggregator(course, args.attempts, args.quiz, _min_responses(args))
    feed(problems, aggregator)
    _write(args.format, aggregator.report(problems), render_items_json, render_items_csv, render_items_text)
    return 0


def _min_responses(args: argparse.Namespace) -> int:
    from course.reports import MIN_RESPONSES

    return MIN_RESPONSES if args.min_responses is None else int(args.min_responses)


def _write(
    form: str,
    report: R,
    as_json: Callable[[R], object],
    as_csv: Callable[[R], str],
    as_text: Callable[[R], str],
) -> None:
    """The report on stdout in the format asked for (json, csv or text)."""
    if form == "json":
        print(json.dumps(as_json(report), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write((as_csv if form == "csv" else as_text)(report))
