"""The `course` command's options and subcommands (argparse). Only the parser: what each subcommand does is in
its own module of course.cli, imported when that subcommand runs."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from course import __version__

if TYPE_CHECKING:
    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]  # what add_subparsers returns


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="course",
        description="A terminal course on outsourcing vs. offshoring. With no command, starts the course.",
    )
    parser.add_argument("--version", action="version", version=f"course {__version__}")
    parser.add_argument("--content", metavar="DIR", help="course folder to open (default: the shipped course)")
    parser.add_argument("--learner", metavar="NAME", help="learner to open (default: ask, or the last one)")
    parser.add_argument("--progress", metavar="DIR", help="folder where progress is kept")
    parser.add_argument(
        "--ask-learner", action="store_true",
        help="ask who is learning, the last learner offered first, rather than opening the last one "
        "(every browser tab of `course serve` starts so)",
    )
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
    _add_check(commands)
    _add_report(commands)
    _add_sync(commands)
    _add_schema(commands)
    _add_new(commands)
    _add_import(commands)
    _add_certificate(commands)
    _add_issuer(commands)
    _add_export(commands)
    _add_serve(commands)
    return parser


def _add_check(commands: Subparsers) -> None:
    check = commands.add_parser(
        "check",
        help="validate a course's lesson and quiz files",
        description="Report every problem in a course's files, errors and warnings, with file, line and field. "
        "Exit status: 0 no errors (warnings allowed unless --strict), 1 errors found, 2 bad usage.",
    )
    check.add_argument("dir", nargs="?", help="course folder (default: the shipped course)")
    check.add_argument("--format", choices=["text", "json"], default="text", help="output format (default: text)")
    check.add_argument("--strict", action="store_true", help="warnings fail the check too (exit status 1)")


def _add_report(commands: Subparsers) -> None:
    report = commands.add_parser(
        "report",
        help="class results, or item analysis: every learner's progress in a course",
        usage="course report [items] [DIR] [--progress DIR | --lrs URL] [--format FORMAT] [--jsonl] [--quiz ID] "
        "[--attempts WHICH] [--min-responses N]",
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
        "--min-responses", metavar="N", type=int,
        help="answers a question needs before it is ranked among the most missed or flagged (default: 10)",
    )
    report.add_argument(
        "--attempts", choices=["first", "last", "highest", "all"], default="first",
        help="items: which graded attempts count (default: each learner's first; practice never counts)",
    )


def _add_sync(commands: Subparsers) -> None:
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


def _add_schema(commands: Subparsers) -> None:
    schema = commands.add_parser(
        "schema",
        help="write JSON Schemas for quiz files and lesson front matter",
        description="Write quiz.schema.json and lesson.schema.json for editors that validate TOML.",
    )
    schema.add_argument("--out", metavar="DIR", help="folder to write into (default: print the quiz schema)")


def _add_new(commands: Subparsers) -> None:
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


def _add_import(commands: Subparsers) -> None:
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


def _add_certificate(commands: Subparsers) -> None:
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


def _add_issuer(commands: Subparsers) -> None:
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


def _add_export(commands: Subparsers) -> None:
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


def _add_serve(commands: Subparsers) -> None:
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
