"""Reading lines and printing sentences: the only place the plain mode touches its input and output."""

from __future__ import annotations

import re
from typing import TextIO

from course.words import clean

MAX_LINE_CHARS = 1000
"""The longest line plain mode reads: far beyond any answer, name or command (a learner's name has at most 64
characters); a longer one is a paste gone wrong, refused without being echoed."""


class EndOfInput(Exception):
    """Standard input ended (Ctrl+D, or the end of a pipe): the learner is done."""


# The symbols the engine puts beside its words ("quiz passed ✓"); the words say it already.
_SYMBOLS = re.compile(r"\s*[✓✗◐○●⚑▶◀]")


def words_only(text: object) -> str:
    """`text` on one line, without terminal controls and without the symbols that repeat its words."""
    return " ".join(_SYMBOLS.sub("", clean(text)).split())


class Terminal:
    """Lines out, lines in. Prompts end without a newline (the answer is typed after them); when the input
    is not a terminal (a pipe, a script), what was read is echoed after its prompt, so the output reads as
    a transcript."""

    def __init__(self, stdin: TextIO, stdout: TextIO) -> None:
        self.stdin = stdin
        self.stdout = stdout
        try:
            self.echo = not stdin.isatty()
        except (AttributeError, ValueError):
            self.echo = True

    def say(self, text: str = "") -> None:
        """Print `text` (cleaned of terminal controls), one or more lines."""
        self.stdout.write(clean(text) + "\n")
        self.stdout.flush()

    def lines(self, lines: list[str]) -> None:
        for line in lines:
            self.say(line)

    def ask(self, prompt: str) -> str:
        """The next line typed after `prompt`, without its line end; EndOfInput when input has ended. A line
        longer than any answer can be is refused, neither read nor shown back, and the prompt asked again."""
        while True:
            self.stdout.write(clean(prompt).rstrip() + " ")
            self.stdout.flush()
            line = self.stdin.readline(MAX_LINE_CHARS + 1)
            if not line:
                self.stdout.write("\n")
                raise EndOfInput
            if len(line.rstrip("\r\n")) > MAX_LINE_CHARS:
                self._skip_rest(line)
                if self.echo:
                    self.stdout.write("(a very long line, not shown)\n")
                self.say(f"That line is longer than any answer here can be (over {MAX_LINE_CHARS:,} characters), "
                         "so it was not read. Type a shorter one.")
                continue
            line = line.rstrip("\r\n")
            if self.echo:
                self.stdout.write(clean(line))
                self.stdout.write("\n")
                self.stdout.flush()
            return line

    def _skip_rest(self, start: str) -> None:
        """Read past the end of an over-long line, a bounded piece at a time (never the whole line at once)."""
        piece = start
        while piece and not piece.endswith("\n"):
            piece = self.stdin.readline(64 * 1024)

    def yes(self, question: str) -> bool:
        """Ask a yes-or-no question until the answer is one of them."""
        while True:
            answer = self.ask(f"{question} Type y for yes or n for no:").strip().lower()
            if answer in ("y", "yes"):
                return True
            if answer in ("n", "no"):
                return False
            if answer == "?":
                self.say("This question waits for a yes or a no: y goes ahead, n does not.")
                continue
            self.say("Please type y for yes or n for no.")
