"""What the subcommands say alike: an error with the command's name, a warning."""

from __future__ import annotations

import sys


def fail(command: str, message: object, status: int) -> int:
    """Say `course COMMAND: message` on stderr; return the exit status to end with."""
    print(f"course {command}: {message}", file=sys.stderr)
    return status


def warn(message: object) -> None:
    print(f"warning: {message}", file=sys.stderr)
