"""The `course` command: start the learner app (full screen, or line by line with --plain), or run one of
the subcommands. The options are in course.cli.parser; each subcommand is a module of this package, imported
only when it runs, so that starting the course imports none of them."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from course.cli.parser import build_parser

if TYPE_CHECKING:
    import argparse

__all__ = ["console", "main"]

# Each subcommand's module; it runs the subcommand with `run(args)` and returns the exit status.
SUBCOMMANDS = {
    "check": "course.cli.check",
    "report": "course.cli.report",
    "schema": "course.cli.schema",
    "sync": "course.cli.sync",
    "import": "course.cli.importing",
    "export": "course.cli.export",
    "new": "course.cli.new",
    "certificate": "course.cli.certificate",
    "issuer": "course.cli.issuer",
    "serve": "course.cli.serve",
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command is not None:
        status: int = importlib.import_module(SUBCOMMANDS[args.command]).run(args)
        return status
    if args.plain or not _full_screen_possible():
        return _plain(args)
    from course.tui import run

    return run(content=args.content, learner=args.learner, progress=args.progress, watch=args.watch,
               ask=args.ask_learner)


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
    if args.watch or args.ask_learner:
        option = "--watch" if args.watch else "--ask-learner"
        print(f"course: {option} needs the full-screen app: run it in a terminal, without --plain", file=sys.stderr)
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


def __getattr__(name: str) -> Any:
    """`from course.cli import _certificate_learner`, as before the subcommands had modules of their own,
    without importing that module at start-up."""
    if name == "_certificate_learner":
        from course.cli.certificate import certificate_learner

        return certificate_learner
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
