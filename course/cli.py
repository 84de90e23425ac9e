"""The `course` command: start the learner app, or check a course, or write its JSON Schemas."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from course import __version__
from course.words import plural

if TYPE_CHECKING:
    from collections.abc import Callable

    from course.content.cues import QuizCues
    from course.content.models import Course
    from course.progress import ProgressStore
    from course.reports.feed import Aggregator

    Feed = Callable[[list[str], *tuple[Aggregator, ...]], int]
    """Gives events to aggregators, says unreadable input in the list, returns learners with no event."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="course",
        description="A terminal course on outsourcing vs. offshoring. With no command, starts the course.",
    )
    parser.add_argument("--version", action="version", version=f"course {__version__}")
    parser.add_argument("--content", metavar="DIR", help="course folder to open (default: the shipped course)")
    parser.add_argument("--learner", metavar="NAME", help="learner to open (default: ask, or the last one)")
    parser.add_argument("--progress", metavar="DIR", help="folder where progress is kept")
    parser.add_argument(
        "--watch", action="store_true",
        help="live preview for authors: reload the course whenever one of its files changes",
    )
    parser.add_argument(
        "--plain", action="store_true",
        help="line by line, for screen readers and scripts: no screen redraw, no colour, answers typed "
        "(chosen by itself when the output is not a terminal, or TERM=dumb)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser(
        "check",
        help="validate a course's lesson and quiz files",
        description="Report every problem in a course's files, errors and warnings, with file, line and field. "
        "Exit status: 0 no errors (warnings allowed unless --strict), 1 errors found, 2 bad usage.",
    )
    check.add_argument("dir", nargs="?", help="course folder (default: the shipped course)")
    check.add_argument("--format", choices=["text", "json"], default="text", help="output format (default: text)")
    check.add_argument("--strict", action="store_true", help="warnings fail the check too (exit status 1)")

    report = commands.add_parser(
        "report",
        help="class results, or item analysis: every learner's progress in a course",
        usage="course report [items] [DIR] [--progress DIR | --lrs URL] [--format FORMAT] [--jsonl] [--quiz ID] "
        "[--attempts WHICH]",
        description="Summarise every learner's progress (lessons, quizzes, score distributions, most missed "
        "questions), or with `items`, analyse every question as Moodle's quiz statistics do (facility, "
        "discrimination, how often each option was chosen) and flag the questions to look at. Reads the "
        "progress files without changing them. Exit status: 0 done, 2 bad usage.",
    )
    report.add_argument("dir", nargs="?", metavar="[items] DIR", help="course folder (default: the shipped course)")
    report.add_argument("extra", nargs="?", help=argparse.SUPPRESS)  # the folder, after `items`
    report.add_argument(
        "--format", choices=["text", "csv", "json", "xapi"], default="text",
        help="output format (xapi: a JSON array of xAPI statements for a learning record store, written as it is "
        "made; not with items)",
    )
    report.add_argument("--jsonl", action="store_true", help="with --format xapi: one statement a line (JSON lines)")
    report.add_argument("--progress", metavar="DIR", default=argparse.SUPPRESS, help="progress folder to read")
    report.add_argument(
        "--lrs", metavar="URL",
        help="read the class's records from this learning record store (its xAPI endpoint) instead of the "
        "progress folder; credentials from COURSE_LRS_USERNAME and COURSE_LRS_PASSWORD",
    )
    report.add_argument("--quiz", metavar="ID", help="items: only this quiz")
    report.add_argument(
        "--attempts", choices=["first", "last", "highest", "all"], default="first",
        help="items: which graded attempts count (default: each learner's first; practice never counts)",
    )

    sync = commands.add_parser(
        "sync",
        help="send learners' records to a learning record store (LRS)",
        description="Send every learner's xAPI statements that the LRS does not have yet, in batches, and note "
        "each one as sent once the LRS has accepted it (a statement is never sent twice into the LRS: it keeps "
        "one per id). Credentials come from COURSE_LRS_USERNAME and COURSE_LRS_PASSWORD. Exit status: 0 "
        "everything is in the LRS, 1 the LRS could not be reached, refused the credentials, refused a "
        "statement or failed (what was sent stays sent, the rest waits for the next sync), 2 bad usage "
        "(no LRS configured, an invalid address, no such folder).",
    )
    sync.add_argument("dir", nargs="?", help="course folder (default: the shipped course)")
    sync.add_argument(
        "--lrs", metavar="URL",
        help="the LRS's xAPI endpoint, e.g. https://lrs.example.org/xAPI/ "
        "(default: COURSE_LRS_URL, else `lrs` in course.toml's [xapi] table)",
    )
    sync.add_argument("--progress", metavar="DIR", default=argparse.SUPPRESS, help="progress folder to send from")
    sync.add_argument("--batch-size", type=int, default=100, metavar="N", help="statements per request (default: 100)")
    sync.add_argument(
        "--retries", type=int, default=3, metavar="N",
        help="tries again after 1, 2, 4... seconds while the LRS is unreachable or failing (default: 3)",
    )

    schema = commands.add_parser(
        "schema",
        help="write JSON Schemas for quiz files and lesson front matter",
        description="Write quiz.schema.json and lesson.schema.json for editors that validate TOML.",
    )
    schema.add_argument("--out", metavar="DIR", help="folder to write into (default: print the quiz schema)")

    new = commands.add_parser(
        "new",
        help="start a lesson, a quiz or a course from a template",
        description="Write a lesson, a quiz or a whole course folder that passes `course check`, with every key "
        "shown and commented. Never overwrites a file. Exit status: 0 written, 2 refused (bad id, file exists).",
    )
    kinds = new.add_subparsers(dest="kind", metavar="KIND", required=True)
    new_lesson = kinds.add_parser("lesson", help="write lessons/ID.md", description="Write lessons/ID.md in a course folder.")
    new_lesson.add_argument("id", metavar="ID", help="id of the lesson (a slug, e.g. cost-basics)")
    new_lesson.add_argument("--dir", default=".", help="course folder (default: the current folder)")
    new_quiz = kinds.add_parser(
        "quiz", help="write quizzes/ID.toml", description="Write quizzes/ID.toml, with an example of every question type."
    )
    new_quiz.add_argument("id", metavar="ID", help="id of the quiz (a slug, e.g. cost-quiz)")
    new_quiz.add_argument("--lesson", metavar="LESSON_ID", help="lesson the quiz belongs to (default: none, an exam)")
    new_quiz.add_argument("--dir", default=".", help="course folder (default: the current folder)")
    new_course = kinds.add_parser(
        "course", help="make a course folder",
        description="Make a course folder: course.toml, lessons/ and quizzes/ with one lesson and its quiz.",
    )
    new_course.add_argument("dir", metavar="DIR", help="the folder to make (must not exist, or be empty)")

    importer = commands.add_parser(
        "import",
        help="turn a Moodle GIFT or Aiken file into a quiz file",
        description="Convert questions written in Moodle's GIFT or Aiken format into a quiz TOML file, with a "
        "warning (and its line in the file) for everything that cannot be carried over; a question that cannot "
        "be read is skipped. Exit status: 0 written, 1 no question could be imported, 2 bad usage.",
    )
    importer.add_argument("format", choices=["gift", "aiken"], help="format of the file: gift or aiken")
    importer.add_argument("file", help="the .gift or Aiken .txt file to read")
    importer.add_argument("--id", required=True, dest="quiz_id", metavar="QUIZ_ID", help="id of the new quiz (a slug)")
    importer.add_argument("--title", help="title of the quiz (default: made from the id)")
    importer.add_argument("--lesson", metavar="LESSON_ID", help="lesson the quiz belongs to (default: none, an exam)")
    importer.add_argument("--out", metavar="FILE", help="TOML file to write, e.g. quizzes/NAME.toml (default: print)")
    importer.add_argument("--force", action="store_true", help="overwrite --out if it exists")

    certificate = commands.add_parser(
        "certificate",
        help="make a learner's course certificate (PDF), or check a certificate's code",
        usage="course certificate [--learner NAME] [--out FILE.pdf] [--content DIR] [--progress DIR]\n"
        "       course certificate --verify FILE.pdf|FILE.jwt|FILE.json\n"
        "       course certificate --verify CODE [--content DIR] [--progress DIR]",
        description="Make the one-page PDF certificate of a learner who completed every lesson and passed the "
        "final exam (the score worked out again from the exam's answers), and record it in their progress; until "
        "then, say what is left to do. With an issuer key (`course issuer init`) the PDF carries a signed Open "
        "Badges 3.0 credential, also written beside it as FILE.jwt (signed) and FILE.json (readable). Making it "
        "again gives the same verification code and credential. With --verify FILE, check a signed certificate "
        "on its own (no progress folder needed); with --verify CODE, check a code against the progress folder. "
        "Exit status: 0 made or valid, 1 not earned yet, not valid, or the file could not be written, 2 bad usage.",
    )
    certificate.add_argument("--learner", metavar="NAME", default=argparse.SUPPRESS,
                             help="the learner (default: the one `course` would open)")
    certificate.add_argument("--out", metavar="FILE.pdf",
                             help="where to write it (default: COURSE-certificate-LEARNER.pdf in the current folder)")
    certificate.add_argument("--verify", metavar="FILE|CODE",
                             help="check a signed certificate (.pdf, .jwt or .json), or a verification code, instead")
    certificate.add_argument("--content", metavar="DIR", default=argparse.SUPPRESS,
                             help="course folder (default: the shipped course)")
    certificate.add_argument("--progress", metavar="DIR", default=argparse.SUPPRESS, help="progress folder")

    issuer = commands.add_parser(
        "issuer", help="set up the key that signs certificates (for instructors)",
        description="The issuer of certificates: an RSA key pair and a name and web address, kept in your own data "
        "folder (COURSE_ISSUER_DIR overrides it), never in a progress or course folder.",
    )
    issuer_commands = issuer.add_subparsers(dest="issuer_command", metavar="COMMAND", required=True)
    issuer_init = issuer_commands.add_parser(
        "init", help="make the issuer's key pair and profile",
        description="Make the key pair that signs certificates and say who the issuer is. The private key is "
        "written readable by you only; the public key (JWK) is printed, to publish where people can compare it. "
        "Exit status: 0 made, 1 a key is already there (give --force) or it could not be written, 2 bad usage.",
    )
    issuer_init.add_argument("--name", required=True, help="the issuer's name, as certificates show it")
    issuer_init.add_argument("--url", required=True, help="the issuer's web address (its id in credentials)")
    issuer_init.add_argument("--key-url", metavar="URL",
                             help="where you will also publish the public key (named as `kid` in credentials)")
    issuer_init.add_argument("--force", action="store_true", help="replace an existing key")

    exporter = commands.add_parser(
        "export",
        help="write quizzes as a Moodle GIFT file",
        description="Write a quiz file, or every quiz of a course folder, in Moodle's GIFT format, with a warning "
        "for everything GIFT cannot carry. Exit status: 0 written, 1 the quizzes have problems or nothing could "
        "be exported, 2 bad usage.",
    )
    exporter.add_argument("format", choices=["gift"], help="format to write (only gift so far)")
    exporter.add_argument("source", metavar="QUIZ_FILE_OR_COURSE_DIR", help="a quiz .toml file or a course folder")
    exporter.add_argument("--out", metavar="FILE", help="GIFT file to write (default: print)")
    exporter.add_argument("--force", action="store_true", help="overwrite --out if it exists")

    serve = commands.add_parser(
        "serve",
        help="serve the course to web browsers",
        description="Serve the course to web browsers: every tab that opens the address runs its own copy of the "
        "course, over the same progress folder as the terminal app. Listens on 127.0.0.1 (this computer only) "
        "unless --host names another address, which needs --public as well: anyone who can reach the port can "
        "open the course as any learner. Stop with Ctrl+C. Exit status: 0 stopped, 2 bad usage (a bad or busy "
        "address, no such folder).",
    )
    serve.add_argument("--port", type=int, default=8000, metavar="N", help="port to listen on (default: 8000)")
    serve.add_argument("--host", default="127.0.0.1", metavar="ADDR",
                       help="address to listen on (default: 127.0.0.1, only this computer)")
    serve.add_argument("--public", action="store_true",
                       help="allow a --host that other computers can reach (0.0.0.0: every network)")
    serve.add_argument("--content", metavar="DIR", default=argparse.SUPPRESS, help="course folder to serve")
    serve.add_argument("--progress", metavar="DIR", default=argparse.SUPPRESS, help="folder where progress is kept")
    return parser


def _serve(args: argparse.Namespace) -> int:
    from course.content import load_course
    from course.locations import content_dir
    from course.serve import ServeError, check_address, serve

    root = content_dir(args.content)
    if not root.is_dir():
        print(f"course serve: {root}: no such folder", file=sys.stderr)
        return 2
    try:
        address = check_address(args.host, args.port, args.public)
    except ServeError as error:
        print(f"course serve: {error}", file=sys.stderr)
        return 2
    progress = Path(args.progress) if args.progress else None
    return serve(address, Path(args.content) if args.content else None, progress, load_course(root).title)


def _check(args: argparse.Namespace) -> int:
    from course.content import load_course
    from course.locations import content_dir

    root = content_dir(args.dir)
    if not root.is_dir():
        print(f"course check: {root}: no such folder", file=sys.stderr)
        return 2
    course = load_course(root)
    problems = course.problems
    errors, warnings = len(course.errors), len(course.warnings)
    failed = errors > 0 or (args.strict and warnings > 0)
    # With --strict, how far a guesser following the options' surface cues gets, per quiz and course-wide.
    cues = _cue_figures(course) if args.strict else None
    if args.format == "json":
        report = {
            "course": course.id,
            "root": str(root),
            "lessons": len(course.lessons),
            "quizzes": len(course.quizzes),
            "errors": errors,
            "warnings": warnings,
            "problems": [p.model_dump() for p in problems],
        }
        if cues is not None:
            report["cues"] = {figures.quiz: figures.as_dict() for figures in [*cues[0], cues[1]]}
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        for problem in problems:
            print(problem)
        if cues is not None:
            from course.content.cues import summary_lines

            print("\nA guesser following the options' surface cues, against chance "
                  "(each cue: python -m course.content.cues DIR):")
            for figures in [*cues[0], cues[1]]:
                for line in summary_lines(figures):
                    print(f"  {line}")
        questions = sum(len(q.questions) for q in course.quizzes.values())
        summary = (f"{plural(len(course.lessons), 'lesson')}, {plural(len(course.quizzes), 'quiz', 'quizzes')}, "
                   f"{plural(questions, 'question')}")
        if problems:
            counts = ((errors, "error"), (warnings, "warning"))
            found = [f"{n} {word}{'s' if n != 1 else ''}" for n, word in counts if n]
            print(f"\n{' and '.join(found)} found in {root} ({summary} loaded)", file=sys.stderr)
        else:
            print(f"{root}: no problems ({summary})", file=sys.stderr)
    return 1 if failed else 0


def _cue_figures(course: Course) -> tuple[list[QuizCues], QuizCues]:
    from course.content.cues import course_cues

    return course_cues(course.quizzes[qid] for qid in sorted(course.quizzes))


def _schema(args: argparse.Namespace) -> int:
    from course.content.schema import lesson_schema, quiz_schema

    schemas = {"quiz.schema.json": quiz_schema(), "lesson.schema.json": lesson_schema()}
    if not args.out:
        print(json.dumps(schemas["quiz.schema.json"], indent=2))
        return 0
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name, schema in schemas.items():
        (out / name).write_text(json.dumps(schema, indent=2) + "\n", encoding="utf-8")
        print(out / name)
    return 0


def _report_usage(args: argparse.Namespace) -> str | None:
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
    if args.lrs is not None and args.format == "xapi":
        return "--format xapi writes the progress folder's statements; the LRS already has them"
    return None


def _report(args: argparse.Namespace) -> int:
    from course.content import load_course
    from course.locations import content_dir, progress_dir

    problem = _report_usage(args)
    if problem is not None:
        print(f"course report: {problem}", file=sys.stderr)
        return 2
    items = args.dir == "items"
    root = content_dir((args.extra if items else args.dir) or args.content)
    if not root.is_dir():
        print(f"course report: {root}: no such folder", file=sys.stderr)
        return 2
    course = load_course(root)
    if items and args.quiz is not None and course.quiz(args.quiz) is None:
        known = ", ".join(sorted(course.quizzes)) or "none"
        print(f"course report items: no quiz {args.quiz!r} in {root} (quizzes: {known})", file=sys.stderr)
        return 2
    if args.lrs is not None:
        lrs = _lrs_feed(course, args.lrs)
        if isinstance(lrs, str):
            print(f"course report: {lrs}", file=sys.stderr)
            return 2
        from course.lrs import LrsError

        try:
            return _items_report(args, course, lrs) if items else _class_report(args, course, lrs)
        except LrsError as error:
            print(f"course report: {error}", file=sys.stderr)
            return 1
    progress = progress_dir(root, course.id, args.progress)
    if args.format == "xapi":
        return _xapi_report(args, course, progress)

    def feed(problems: list[str], *aggregators: Aggregator) -> int:
        """Events to the report: from the progress folders, one learner at a time."""
        from course.reports import feed_folders

        return feed_folders(course, progress, problems, *aggregators)

    return _items_report(args, course, feed) if items else _class_report(args, course, feed)


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
        print(f"course report: {error}", file=sys.stderr)
        return 2
    problems: list[str] = []
    write_statements(sys.stdout, course, progress, settings, problems, lines=args.jsonl)
    for problem in problems:
        print(f"warning: {problem}", file=sys.stderr)
    return 0


def _class_report(args: argparse.Namespace, course: Course, feed: Feed) -> int:
    from course.reports import ClassAggregator, render_csv, render_json, render_text

    problems: list[str] = []
    aggregator = ClassAggregator(course)
    idle = feed(problems, aggregator)
    report = aggregator.report(problems)
    if args.format == "json":
        print(json.dumps(render_json(report), indent=2, ensure_ascii=False))
    elif args.format == "csv":
        sys.stdout.write(render_csv(report))
    else:
        sys.stdout.write(render_text(report))
    if idle:
        verbs = "has finished nothing yet and is" if idle == 1 else "have finished nothing yet and are"
        print(f"note: {plural(idle, 'learner')} {verbs} not listed", file=sys.stderr)
    return 0


def _items_report(args: argparse.Namespace, course: Course, feed: Feed) -> int:
    from course.reports import ItemAggregator, render_items_csv, render_items_json, render_items_text

    problems: list[str] = []
    aggregator = ItemAggregator(course, args.attempts, args.quiz)
    feed(problems, aggregator)
    report = aggregator.report(problems)
    if args.format == "json":
        print(json.dumps(render_items_json(report), indent=2, ensure_ascii=False))
    elif args.format == "csv":
        sys.stdout.write(render_items_csv(report))
    else:
        sys.stdout.write(render_items_text(report))
    return 0


def _sync(args: argparse.Namespace) -> int:
    from course.content import load_course
    from course.locations import content_dir, progress_dir
    from course.lrs import LrsClient, configured_lrs, sync
    from course.lrs.outbox import statement_maker

    root = content_dir(args.dir or args.content)
    if not root.is_dir():
        print(f"course sync: {root}: no such folder", file=sys.stderr)
        return 2
    if args.batch_size < 1 or args.retries < 0:
        print("course sync: --batch-size must be at least 1 and --retries at least 0", file=sys.stderr)
        return 2
    course = load_course(root)
    try:  # an unusable [xapi] setting or LRS address (XapiSettingsError is a ValueError)
        url = configured_lrs(course, args.lrs)
        client = LrsClient.from_env(url) if url is not None else None
        statement_maker(course)
    except ValueError as error:
        print(f"course sync: {error}", file=sys.stderr)
        return 2
    if client is None:
        print(
            "course sync: no LRS configured: give --lrs URL, set COURSE_LRS_URL, or set `lrs` in the [xapi] "
            "table of course.toml",
            file=sys.stderr,
        )
        return 2
    progress = progress_dir(root, course.id, args.progress)
    result = sync(course, progress, client, batch_size=args.batch_size, retries=args.retries)
    for problem in result.problems:
        print(f"warning: {problem}", file=sys.stderr)
    for conflict in result.conflicts:
        print(f"warning: {conflict}: the LRS already holds a different statement with this id; it keeps its own",
              file=sys.stderr)
    for rejected in result.rejected:
        print(f"course sync: {rejected}", file=sys.stderr)
    learners = f"{result.learners} learner{'s' if result.learners != 1 else ''}"
    waiting = f"{result.waiting} waiting" if result.waiting else "none waiting"
    print(f"{result.sent} record{'s' if result.sent != 1 else ''} of {learners} sent to {client.endpoint}; {waiting}")
    if result.error is not None:
        print(f"course sync: {result.error}", file=sys.stderr)
    return 0 if result.complete else 1


def _import(args: argparse.Namespace) -> int:
    from course.content.slugs import is_slug
    from course.importers.to_quiz import gift_to_quiz, quiz_to_toml

    for value, what in ((args.quiz_id, "--id"), (args.lesson, "--lesson")):
        if value is not None and not is_slug(value):
            print(f"course import: {what} {value!r} is not a slug (for example 'cost-quiz')", file=sys.stderr)
            return 2
    source = Path(args.file)
    out = Path(args.out) if args.out else None
    if out is not None and out.exists() and not args.force:
        print(f"course import: {out} exists; use --force to overwrite it", file=sys.stderr)
        return 2
    from course.importers.size import MAX_FILE_BYTES, ImportTooLarge, read_source, too_large

    try:  # a file over the loader's size limit is refused before it is read or parsed
        text = read_source(source)
    except ImportTooLarge as exc:
        print(f"course import: {source} {exc}", file=sys.stderr)
        return 2
    except (OSError, UnicodeDecodeError) as exc:
        print(f"course import: cannot read {source}: {exc}", file=sys.stderr)
        return 2
    # A question that cannot be read is skipped with a warning; the file as a whole is never refused.
    if args.format == "aiken":
        from course.importers.aiken import aiken_to_quiz

        result = aiken_to_quiz(text, args.quiz_id, title=args.title, lesson=args.lesson)
    else:
        result = gift_to_quiz(text, args.quiz_id, title=args.title, lesson=args.lesson)
    for note in result.notes:
        print(f"{source}:{note.line}: warning: {note.message}", file=sys.stderr)
    if not result.imported:
        print(f"course import: {source}: no question could be imported", file=sys.stderr)
        return 1
    toml_text = quiz_to_toml(result.quiz, source.name, "Aiken" if args.format == "aiken" else "GIFT")
    if len(toml_text.encode("utf-8")) > MAX_FILE_BYTES:  # the course would refuse to load it
        print(f"course import: the quiz made from {source} {too_large(len(toml_text.encode()))}", file=sys.stderr)
        return 1
    if out is None:
        sys.stdout.write(toml_text)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(toml_text, encoding="utf-8")
        print(f"{out}: {result.imported} questions imported, {result.skipped} skipped", file=sys.stderr)
    return 0


def _export(args: argparse.Namespace) -> int:
    from course.content.loader import _Collector, load_course, load_quiz
    from course.exporters.gift import GiftExport, quiz_to_gift

    source = Path(args.source)
    out = Path(args.out) if args.out else None
    if out is not None and out.exists() and not args.force:
        print(f"course export: {out} exists; use --force to overwrite it", file=sys.stderr)
        return 2
    if source.is_dir():
        course = load_course(source)
        problems = [str(p) for p in course.errors]  # warnings do not stop an export
        quizzes = sorted(course.quizzes.values(), key=lambda q: str(q.path or q.id))
    elif source.is_file():
        collector = _Collector(source.parent)
        quiz = load_quiz(source, collector).quiz
        problems = [str(p) for p in collector.problems]
        quizzes = [quiz] if quiz is not None else []
    else:
        print(f"course export: {source}: no such file or folder", file=sys.stderr)
        return 2
    for problem in problems:
        print(problem, file=sys.stderr)  # "file:line: error: ..."
    export = GiftExport()
    for quiz in quizzes:
        quiz_to_gift(quiz, export)
    for note in export.notes:
        print(f"warning: {note}", file=sys.stderr)
    if problems or not export.exported:
        why = "fix the problems above first" if problems else "no question to export"
        print(f"course export: {source}: {why}", file=sys.stderr)
        return 1
    if out is None:
        sys.stdout.write(export.text)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(export.text, encoding="utf-8")
        print(f"{out}: {export.exported} questions exported, {export.skipped} left out", file=sys.stderr)
    return 0


def _new(args: argparse.Namespace) -> int:
    from course.scaffold import ScaffoldError, new_course, new_lesson, new_quiz

    try:
        if args.kind == "course":
            root = Path(args.dir)
            for written in new_course(root):
                print(written.path)
            print(f"next: course check {root}   then: course --content {root} --watch", file=sys.stderr)
            return 0
        root = Path(args.dir)
        written = new_lesson(root, args.id) if args.kind == "lesson" else new_quiz(root, args.id, args.lesson)
    except ScaffoldError as error:
        print(f"course new: {error}", file=sys.stderr)
        return 2
    print(written.path)
    if written.hint:
        print(f"note: {written.hint}", file=sys.stderr)
    return 0


def _certificate_learner(store: ProgressStore, given: str | None) -> str:
    """The learner to make the certificate of, as `course` would open them; ValueError says why there is none."""
    from course.progress import read_last_learner, validate_learner_name

    known = store.learners()
    name = given or read_last_learner(store.root) or (known[0] if len(known) == 1 else None)
    listed = ", ".join(known) or "none yet"
    if name is None:
        raise ValueError(f"which learner? give --learner NAME (learners in {store.root}: {listed})")
    found = store.find(name)  # by the naming rule, as `course` opens them; InvalidLearnerName is a ValueError
    if found is None:
        raise ValueError(f"no learner {validate_learner_name(name)!r} in {store.root} (learners: {listed})")
    return found


def _certificate(args: argparse.Namespace) -> int:
    from course.certificate import CertificateError, NotYet, default_file_name, issue, verify
    from course.content import load_course
    from course.locations import content_dir, progress_dir
    from course.progress import FutureFormatError, ProgressSaveError, ProgressStore

    if args.verify is not None and (args.out is not None or args.learner is not None):
        print("course certificate: --verify checks a code; --learner and --out go with making a certificate",
              file=sys.stderr)
        return 2
    if args.verify is not None:
        from course.certificate.offline import looks_like_file, verify_file

        if looks_like_file(args.verify):  # a signed certificate checks out on its own: no course, no progress
            checked_file = verify_file(Path(args.verify))
            print(checked_file.message, file=sys.stdout if checked_file.valid else sys.stderr)
            return 0 if checked_file.valid else 1
    root = content_dir(args.content)
    if not root.is_dir():
        print(f"course certificate: {root}: no such folder", file=sys.stderr)
        return 2
    course = load_course(root)
    store = ProgressStore(progress_dir(course.root, course.id, args.progress), course.id)
    if args.verify is not None:
        try:
            checked = verify(course, store.root, args.verify)
        except ValueError as error:
            print(f"course certificate: {error}", file=sys.stderr)
            return 2
        print(checked.message, file=sys.stdout if checked.valid else sys.stderr)
        return 0 if checked.valid else 1
    try:
        learner = _certificate_learner(store, args.learner)
        progress = store.open(learner)
        out = Path(args.out) if args.out else Path(default_file_name(course, progress.name))
        issued = issue(course, progress, out)
    except ValueError as error:
        print(f"course certificate: {error}", file=sys.stderr)
        return 2
    except (CertificateError, ProgressSaveError, FutureFormatError) as error:
        print(f"course certificate: {error}", file=sys.stderr)
        return 1
    if isinstance(issued, NotYet):
        print(f"course certificate: no certificate yet for {progress.name}. {issued}", file=sys.stderr)
        return 1
    if issued.missing:
        print(f"warning: the certificate's font has no glyph for {' '.join(issued.missing)}; "
              "they are left blank", file=sys.stderr)
    text = issued.text
    print(f"{issued.path}: certificate of {text.learner} for “{text.course_title}”, final exam {text.score:.0%}, "
          f"verification code {text.code}")
    if issued.signed:
        print(f"{issued.jwt_path}: signed Open Badges 3.0 credential by {text.issuer} (also attached to the PDF); "
              f"{issued.json_path}: what it says. Check it: course certificate --verify {issued.path}")
    else:
        print("warning: not signed: no issuer key is set up (`course issuer init --name NAME --url URL`), so the "
              "certificate says it is not signed and only the progress folder can confirm its code", file=sys.stderr)
    return 0


def _issuer(args: argparse.Namespace) -> int:
    from course.certificate.issuer import IssuerError, init_issuer

    try:
        made, key_path = init_issuer(args.name, args.url, force=args.force, kid=args.key_url)
    except ValueError as error:
        print(f"course issuer init: {error}", file=sys.stderr)
        return 2
    except IssuerError as error:
        print(f"course issuer init: {error}", file=sys.stderr)
        return 1
    print(f"Issuer “{made.name}” ({made.url}). Private key: {key_path} (readable by you only; keep it there, "
          "back it up, never share it).")
    print(f"Public key (JWK, thumbprint {made.thumbprint}); publish it so people can check who signed:")
    print(json.dumps(made.public_jwk, indent=2))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "check":
        return _check(args)
    if args.command == "report":
        return _report(args)
    if args.command == "schema":
        return _schema(args)
    if args.command == "sync":
        return _sync(args)
    if args.command == "import":
        return _import(args)
    if args.command == "export":
        return _export(args)
    if args.command == "new":
        return _new(args)
    if args.command == "certificate":
        return _certificate(args)
    if args.command == "issuer":
        return _issuer(args)
    if args.command == "serve":
        return _serve(args)
    if args.plain or not _full_screen_possible():
        return _plain(args)
    from course.tui import run

    return run(content=args.content, learner=args.learner, progress=args.progress, watch=args.watch)


def _full_screen_possible() -> bool:
    """Whether the full-screen app can run: input and output are a terminal that is not a dumb one, or the app
    is given a driver of its own (`course serve` runs each browser tab's copy over pipes with Textual's web
    driver named in TEXTUAL_DRIVER)."""
    import os

    if os.environ.get("TEXTUAL_DRIVER"):
        return True
    try:
        terminal = sys.stdout.isatty() and sys.stdin.isatty()
    except (AttributeError, ValueError):
        terminal = False
    return terminal and os.environ.get("TERM") != "dumb"


def _plain(args: argparse.Namespace) -> int:
    if args.watch:
        print("course: --watch needs the full-screen app: run it in a terminal, without --plain", file=sys.stderr)
        return 2
    from course.plain import run as run_plain

    return run_plain(content=args.content, learner=args.learner, progress=args.progress)


def console() -> int:
    """The `course` command: main(), ending quietly when the reader of its output goes away
    (`course report --format json | head`), as Unix tools do, instead of with a traceback."""
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:
        # Python flushes stdout once more at exit; point it at the null device so that cannot fail too.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    return code


if __name__ == "__main__":
    sys.exit(console())
