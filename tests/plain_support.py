"""Driving `course --plain` in tests: through a pipe as a script would, reading each prompt before typing,
and answering the test course's quiz right from what the questions show."""

from __future__ import annotations

import io
import os
import re
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from course.plain import run as run_plain
from tests.tui_support import FIXTURE

PROMPT = re.compile(r"[:?] $")  # every prompt ends with a colon or a question mark and a space, no newline


def run_typed(content: Path, learner: str, progress: Path, typed: list[str]) -> str:
    """`course --plain` run in this process on `content` as `learner`, each of `typed` a line of input: what it
    printed, once it has ended with 0."""
    out = io.StringIO()
    stdin = io.StringIO("".join(f"{line}\n" for line in typed))
    assert run_plain(str(content), learner, str(progress), stdin=stdin, stdout=out) == 0, out.getvalue()
    return out.getvalue()


def plain_env(progress: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, "COURSE_PROGRESS_DIR": str(progress), "COURSE_CONTENT_DIR": str(FIXTURE), **extra}
    env.pop("TEXTUAL", None)
    return env


@contextmanager
def sigint_as(disposition: signal.Handlers) -> Iterator[None]:
    """SIGINT handled as `disposition` (signal.SIG_DFL, signal.SIG_IGN) in this test process inside the block;
    programs started inside it inherit an ignored one."""
    previous = signal.signal(signal.SIGINT, disposition)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def ctrl_c_as_a_shell_gives_it() -> AbstractContextManager[None]:
    """Programs started inside this block get Ctrl+C (SIGINT) as a shell starts them with: not ignored.

    A pytest-xdist test process ignores SIGINT (only the controller takes Ctrl+C), and an ignored signal stays
    ignored in every program started from it, so Python in the child never raises KeyboardInterrupt and a test
    that interrupts it waits in vain. (Whether it happened depended on the order of the tests: a test process
    that had run an asyncio loop with a SIGINT handler had put SIGINT back to Python's handler.)"""
    return sigint_as(signal.SIG_DFL)


class Piped:
    """`course` with its input and output on pipes; `until_prompt` reads up to the next prompt."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        with ctrl_c_as_a_shell_gives_it():
            self.child = subprocess.Popen(
                [sys.executable, "-m", "course", *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.PIPE, env=env,
            )
        self.seen = ""

    def until_prompt(self, timeout: float = 30) -> str:
        """The output up to and including the next prompt."""
        return self.until(PROMPT, "a prompt", timeout)

    def until(self, pattern: re.Pattern[str], what: str, timeout: float = 30) -> str:
        """The output up to and including the next match of `pattern` (`what` names it in a failure)."""
        assert self.child.stdout is not None
        start = len(self.seen)
        deadline = time.monotonic() + timeout
        buffer = b""
        while True:
            text = buffer.decode("utf-8", errors="ignore")
            if pattern.search(text):
                self.seen += text
                return self.seen[start:]
            left = deadline - time.monotonic()
            assert left > 0, f"no {what} within {timeout} s; output so far:\n{self.seen}{text}"
            ready, _, _ = select.select([self.child.stdout], [], [], left)
            if ready:
                chunk = os.read(self.child.stdout.fileno(), 65536)
                assert chunk, f"the output ended before {what}:\n{self.seen}{text}"
                buffer += chunk

    def type(self, line: str) -> str:
        """Type `line` at the prompt just read; the output up to the next prompt, after the line's echo (input
        that is not a terminal is echoed after its prompt, so that the output reads as a transcript)."""
        assert self.child.stdin is not None
        self.child.stdin.write(line.encode() + b"\n")
        self.child.stdin.flush()
        shown = self.until_prompt()
        assert shown.startswith(line + "\n"), shown
        return shown[len(line) + 1 :]

    def finish(self, lines: list[str] = (), timeout: float = 30) -> tuple[int, str, str]:
        """Type the last lines and close the input; the exit status, the rest of the output, and stderr."""
        out, err = self.child.communicate("".join(f"{line}\n" for line in lines).encode(), timeout=timeout)
        return self.child.returncode, out.decode(), err.decode()


# -- answering the test course's quiz from what it shows ------------------------------------------------

RIGHT_MATCH = {"Local agency runs the call centre": "Domestic outsourcing", "Own office abroad": "Offshoring"}
RIGHT_ORDER = ["Define the scope", "Sign the contract", "Track KPIs"]
RIGHT_CHOICE = {"Which one moves": ["Outsourcing"], "Which are motives": ["Flexibility", "Skills"]}


def numbered(block: str, after: str | None = None) -> dict[str, str]:
    """`N. text` (or `x. text`) lines of a question, text -> its number or letter; from the line `after` on."""
    lines = block.splitlines()
    if after is not None:
        lines = lines[lines.index(after) + 1 :]
    found: dict[str, str] = {}
    for line in lines:
        match = re.fullmatch(r"([0-9]+|[a-z]+)\. (.+)", line)
        if match is None:
            if found:
                break
            continue
        found[match.group(2)] = match.group(1)
    return found


def right_answer(question: str) -> str:
    """What to type for the question whose text (as shown) is `question`: the right answer."""
    if "Match each arrangement" in question:
        items, matches = numbered(question, "Items:"), numbered(question, "Matches:")
        return " ".join(f"{items[item]}={matches[match]}" for item, match in RIGHT_MATCH.items())
    if "Put the steps in order" in question:
        items = numbered(question)
        return " ".join(items[item] for item in RIGHT_ORDER)
    for start, texts in RIGHT_CHOICE.items():
        if start in question:
            options = numbered(question)
            return " ".join(options[text] for text in texts)
    if "true or false" in question:
        return "2"
    if "service levels" in question:
        return "SLA"
    if "How many lessons" in question:
        return "2"
    raise AssertionError(f"not a question of the test course:\n{question}")
