"""Moodle's Aiken format: multiple-choice questions with one right answer, in plain text.

    Which planet is largest?
    A) Mars
    B. Jupiter
    ANSWER: B

A question is its text (one line in Moodle; several lines are accepted and joined), then its options,
one a line, each a capital letter in sequence (A, B, C...) followed by `)` or `.` and a space, then a
line `ANSWER: X` naming the right option (`ANSWER: B)` and `ANSWER: B.` are read as `B`, as Moodle reads
them). Blank lines between questions are optional. There is no
feedback or explanation in the format.

`parse_aiken(text)` returns the questions in the shape the GIFT parser gives (so that
`course.importers.to_quiz` turns them into a quiz) and a note, with its line, for every question that
had to be skipped: missing `ANSWER:`, an answer letter that names no option, fewer than two options,
options out of sequence. The rest of the file is still read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from course.importers.size import check_text
from course.importers.to_quiz import ImportNote, ImportResult, questions_to_quiz

OPTION = re.compile(r"^([A-Z])[.)](?:\s+(.*))?$")
ANSWER = re.compile(r"^ANSWER\s*:\s*(.*)$")
EXPLANATION_PLACEHOLDER = "TODO: add an explanation. Aiken questions carry none."


@dataclass
class _Question:
    line: int  # first line of the question text
    text: list[str] = field(default_factory=list)
    options: list[tuple[int, str, str]] = field(default_factory=list)  # (line, letter, text)
    problem: tuple[int, str] | None = None  # the first thing wrong, at its line


def _expected(n: int) -> str:
    return chr(ord("A") + n) if n < 26 else "?"


def parse_aiken(text: str) -> tuple[list[dict[str, Any]], list[ImportNote]]:
    """The questions of an Aiken file, and a note for each one skipped. Raises ImportTooLarge for text
    over the loader's size limit, before parsing any of it."""
    check_text(text)
    parser = _Parser()
    for number, raw in enumerate(text.splitlines(), 1):
        parser.line(number, raw.strip())
    parser.end()
    return parser.questions, parser.notes


class _Parser:
    """Reads an Aiken file a line at a time: question text, options, then the ANSWER: line."""

    def __init__(self) -> None:
        self.questions: list[dict[str, Any]] = []
        self.notes: list[ImportNote] = []
        self.current: _Question | None = None

    def line(self, number: int, line: str) -> None:
        if not line:
            return
        answer = ANSWER.match(line)
        option = OPTION.match(line)
        current = self.current
        if answer:
            self._answer(number, answer.group(1).strip())
        elif option and current is not None and current.text:
            self._option(current, number, option.group(1), (option.group(2) or "").strip(), line[1])
        elif current is not None and not current.options:
            current.text.append(line)  # the question text goes on
        else:
            self._unfinished()
            self.current = _Question(line=number, text=[line])
            if option:  # an option line where a question should start
                self.current.problem = (number, f"option {line[:2]} before any question text")

    def end(self) -> None:
        self._unfinished()

    def _skip(self, question: _Question, line: int, message: str) -> None:
        start = " ".join(question.text)[:50] or "(no text)"
        self.notes.append(ImportNote(line, f"question skipped ({start!r}, from line {question.line}): {message}"))

    def _unfinished(self) -> None:
        """The question read so far ends without its ANSWER: line (another question starts, or the file ends)."""
        question, self.current = self.current, None
        if question is None:
            return
        if question.problem:
            self._skip(question, *question.problem)
        elif question.options:
            last = question.options[-1][0]
            self._skip(question, last, f"missing ANSWER: line after its last option (line {last})")
        else:
            self._skip(question, question.line, "no options and no ANSWER: line")

    def _option(self, question: _Question, number: int, letter: str, body: str, mark: str) -> None:
        expected = _expected(len(question.options))
        if question.problem is None:
            if letter != expected:
                question.problem = (
                    number, f"options out of sequence: expected {expected}) or {expected}., found {letter}{mark}"
                )
            elif not body:
                question.problem = (number, f"option {letter} has no text")
        question.options.append((number, letter, body))

    def _answer(self, number: int, wanted: str) -> None:
        question, self.current = self.current, None
        if question is None:
            self.notes.append(ImportNote(number, "ANSWER: line without a question before it; ignored"))
            return
        if question.problem:
            self._skip(question, *question.problem)
            return
        letters = [letter for _, letter, _ in question.options]
        written = wanted
        if len(wanted) == 2 and wanted[1] in ").":  # `ANSWER: B)` or `ANSWER: B.`, as the option is written
            wanted = wanted[0]
        if len(letters) < 2:
            count = len(letters)
            self._skip(question, number, f"{count} option{'s' if count != 1 else ''}; a question needs at least two")
        elif wanted.upper() not in letters or len(wanted) != 1:
            span = f"{letters[0]} to {letters[-1]}"
            self._skip(question, number, f"ANSWER: {written or '(nothing)'} names no option (the options are {span})")
        else:
            self.questions.append(_as_gift(question, letters.index(wanted.upper())))


def _as_gift(question: _Question, right: int) -> dict[str, Any]:
    """The question in the shape of the GIFT parser's multiple choice."""
    return {
        "type": "MC",
        "line": question.line,
        "title": None,
        "stem": {"format": "plain", "text": " ".join(question.text)},
        "globalFeedback": {"format": "plain", "text": EXPLANATION_PLACEHOLDER},
        "choices": [
            {"text": {"format": "plain", "text": body}, "isCorrect": i == right, "weight": None, "feedback": None}
            for i, (_, _, body) in enumerate(question.options)
        ],
    }


def aiken_to_quiz(
    text: str, quiz_id: str, title: str | None = None, lesson: str | None = None
) -> ImportResult:
    """Parse Aiken text and convert it; bad questions are skipped with a note, never raised."""
    questions, notes = parse_aiken(text)
    result = questions_to_quiz(questions, quiz_id, title=title, lesson=lesson)
    result.notes = sorted([*notes, *result.notes], key=lambda note: note.line)
    result.skipped += len([n for n in notes if "question skipped" in n.message])
    if result.imported:
        result.notes.append(
            ImportNote(1, "Aiken has no explanations: each question got one starting with TODO; write them")
        )
    return result
