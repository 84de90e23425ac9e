"""Moodle's Aiken format: multiple-choice questions with one right answer, in plain text.

    Which planet is largest?
    A) Mars
    B. Jupiter
    ANSWER: B

A question is its text (one line in Moodle; several lines are accepted and joined), then its options,
one a line, each a capital letter in sequence (A, B, C...) followed by `)` or `.` and a space, then a
line `ANSWER: X` naming the right option. Blank lines between questions are optional. There is no
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
    """The questions of an Aiken file, and a note for each one skipped."""
    questions: list[dict[str, Any]] = []
    notes: list[ImportNote] = []
    current: _Question | None = None

    def skip(question: _Question, line: int, message: str) -> None:
        start = " ".join(question.text)[:50] or "(no text)"
        notes.append(ImportNote(line, f"question skipped ({start!r}, from line {question.line}): {message}"))

    def unfinished(question: _Question, line: int) -> None:
        if question.problem:
            skip(question, *question.problem)
        elif question.options:
            last = question.options[-1][0]
            skip(question, last, f"missing ANSWER: line after its last option (line {last})")
        else:
            skip(question, question.line, "no options and no ANSWER: line")

    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        answer = ANSWER.match(line)
        option = OPTION.match(line)
        if answer:
            if current is None:
                notes.append(ImportNote(number, "ANSWER: line without a question before it; ignored"))
                continue
            question, current = current, None
            if question.problem:
                skip(question, *question.problem)
                continue
            letters = [letter for _, letter, _ in question.options]
            wanted = answer.group(1).strip()
            if len(question.options) < 2:
                found = len(question.options)
                skip(question, number, f"{found} option{'s' if found != 1 else ''}; a question needs at least two")
            elif wanted.upper() not in letters or len(wanted) != 1:
                span = f"{letters[0]} to {letters[-1]}"
                skip(question, number, f"ANSWER: {wanted or '(nothing)'} names no option (the options are {span})")
            else:
                questions.append(_as_gift(question, letters.index(wanted.upper())))
        elif option and current is not None and current.text:
            letter, body = option.group(1), (option.group(2) or "").strip()
            expected = _expected(len(current.options))
            if current.problem is None:
                if letter != expected:
                    label = f"{letter}{line[1]}"
                    current.problem = (number, f"options out of sequence: expected {expected}) or {expected}., found {label}")
                elif not body:
                    current.problem = (number, f"option {letter} has no text")
            current.options.append((number, letter, body))
        elif current is not None and not current.options:
            current.text.append(line)  # the question text goes on
        else:
            if current is not None:
                unfinished(current, number)
            current = _Question(line=number, text=[line])
            if option:  # an option line where a question should start
                current.problem = (number, f"option {line[:2]} before any question text")
    if current is not None:
        unfinished(current, current.line)
    return questions, notes


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
