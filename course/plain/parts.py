"""Answering part by part: a question whose type names plain parts (a cloze's gaps, course.qtypes
`plain_parts`) is asked one part at a time, then the whole answer is read back, and any part can be typed
again before the answer is given. The first part is typed at the question's own prompt, so the question
commands (s, n, p, f, q...) work there as at any question; the other prompts take only the part's answer,
Enter (the part left empty) and ?. Every part can also be typed on one line, separated by |, which the
type's `parse` reads as the whole answer."""

from __future__ import annotations

from course.plain.answers import Refused, blank_doubt, parse
from course.plain.io import Terminal, words_only
from course.progress.models import Response
from course.qtypes import type_of
from course.qtypes.base import PlainPart
from course.quizrun import PlayedQuestion

ONE_LINE = "|"
"""What separates the parts typed on one line (the type's `parse` reads such a line whole)."""


def parts_of(played: PlayedQuestion) -> list[PlainPart]:
    """The parts asked in turn; none when the answer is typed on one line."""
    return type_of(played.question).plain_parts(played.question, played.shown)


def typed_whole(typed: str) -> bool:
    """Whether a line typed at a question with parts gives every part at once."""
    return ONE_LINE in typed


def part_prompt(lead: str, part: PlainPart) -> str:
    """The prompt of the first part, at the question's own prompt: `Question 3 of 8, gap 1 of 3, words`."""
    return f"{lead}, {part.name}, {part.asks} (? for help):"


def part_lines(part: PlainPart) -> list[str]:
    """What the part is chosen from, before it is asked; nothing for a typed part."""
    if not part.lines:
        return []
    return [f"{part.name[:1].upper()}{part.name[1:]}, one of:",
            *(f"{label} {words_only(text)}" for label, text in part.lines)]


def _noun(parts: list[PlainPart]) -> str:
    """What a part is called, from its name (`gap 2 of 3` -> `gap`)."""
    return parts[0].name.split(" ")[0] if parts else "part"


def part_help(parts: list[PlainPart]) -> list[str]:
    noun = _noun(parts)
    return [
        f"This question is answered one {noun} at a time: type the {noun}'s answer (a choice by its letter) and "
        f"press Enter, or press Enter alone to leave the {noun} empty (it scores 0).",
        f"After the last {noun} your whole answer is read back: y gives it, a {noun}'s number types that {noun} "
        "again, n leaves the question unanswered.",
        f"At the first {noun}, the question's commands work as at any question (s skips, q leaves...); every "
        f"{noun} can also be typed there on one line, in order, separated by |.",
    ]


class PartAsker:
    """Asks the parts of one question in turn, then reads the answer back until it is given or dropped."""

    def __init__(self, term: Terminal, played: PlayedQuestion) -> None:
        self.term = term
        self.played = played
        self.qtype = type_of(played.question)
        self.parts = parts_of(played)
        self.values = [""] * len(self.parts)

    def take(self, index: int, typed: str) -> bool:
        """Keep `typed` as part `index`'s answer; False (and why, said) when it is not one."""
        value = self.qtype.parse_part(self.played.question, self.played.shown, index, typed)
        if isinstance(value, Refused):
            self.term.say(value.message)
            return False
        self.values[index] = value
        return True

    def ask(self, index: int) -> None:
        """Ask part `index` until a line is an answer to it."""
        part = self.parts[index]
        self.term.lines(part_lines(part))
        while True:
            typed = self.term.ask(f"{part.name[:1].upper()}{part.name[1:]}, {part.asks} (? for help):")
            if typed.strip() == "?":
                self.term.lines(part_help(self.parts))
                continue
            if self.take(index, typed):
                return

    def answer(self, first: str) -> Response | None:
        """The answer, from `first` (typed for the first part at the question's prompt) on; None when the first
        line is not an answer to the first part, or the learner leaves the question unanswered (said)."""
        if not self.take(0, first):
            return None
        for index in range(1, len(self.parts)):
            self.ask(index)
        return self.check()

    def check(self) -> Response | None:
        """Read the whole answer back; y gives it, a part's number types that part again, n drops it."""
        question, shown, noun, count = self.played.question, self.played.shown, _noun(self.parts), len(self.parts)
        while True:
            said = self.qtype.describe_response(question, list(self.values), shown, False)
            self.term.say(f"Your answer: {words_only(self.qtype.in_words(said))}")
            doubt = blank_doubt(self.played, list(self.values)) or "Give this answer?"
            typed = self.term.ask(f"{doubt} Type y for yes, a {noun}'s number from 1 to {count} to change it, or n "
                                  "to leave the question unanswered:").strip().lower()
            if typed in ("y", "yes"):
                response = self.qtype.from_parts(question, shown, list(self.values))
                if not isinstance(response, Refused):
                    return response
                self.term.say(response.message)
            elif typed in ("n", "no"):
                self.term.say(f"Not answered. The question asks its first {noun} again.")
                return None
            elif typed.isdigit() and 1 <= int(typed) <= count:
                self.ask(int(typed) - 1)
            elif typed == "?":
                self.term.lines(part_help(self.parts))
            else:
                self.term.say(f"Please type y, n, or a {noun}'s number from 1 to {count}.")


def read_answer(term: Terminal, played: PlayedQuestion, typed: str) -> Response | None:
    """The answer a line typed at a question gives, asking for the rest part by part when the question has
    parts; None when it gives none (why is said). Parts left empty are asked about before the answer counts."""
    if parts_of(played) and not typed_whole(typed):
        return PartAsker(term, played).answer(typed)
    response = parse(played, typed)
    if isinstance(response, Refused):
        term.say(response.message)
        return None
    doubt = blank_doubt(played, response)
    if doubt and not term.yes(doubt):
        term.say("Not answered. Type the answer again.")
        return None
    return response


def part_verdicts(played: PlayedQuestion, response: Response) -> list[str]:
    """Each part of an answer given, right or wrong (none for a type without parts)."""
    if response is None:
        return []
    return [words_only(line) for line in
            type_of(played.question).part_verdicts(played.question, played.shown, response)]


