"""What a question type is: the pieces the engine asks of it, and the values they pass around.

Each type is one module of this package (`single.py`, `cloze.py`...) holding a `QuestionType` subclass with
its pydantic model and every piece: how it is shown, scored, described, typed in plain mode, said in xAPI
and written in GIFT, and its `course new` example. A piece a type lacks raises `MissingPiece`, naming the
type, the piece and where to add it: no front end falls back on another type's behaviour.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, ClassVar, Generic, TypeVar

from course.qtypes.fields import Option, QuestionBase, _letter

Response = str | bool | float | int | list[str] | list[int] | None
"""What a learner gave, in a form TOML can store (each type's module says what its responses are); None = skipped."""


class MissingPiece(NotImplementedError):
    """A question type lacks a piece the engine needs."""

    def __init__(self, type_name: str, piece: str):
        self.type_name, self.piece = type_name, piece
        super().__init__(
            f"question type {type_name!r} has no {piece}: add it to its module, course/qtypes/{type_name}.py"
        )


class GiftSkip(Exception):
    """GIFT has no form for this question; the message says why (the export notes it and goes on)."""


@dataclass(frozen=True)
class Shown:
    """The order an attempt showed a question's parts in (derived from the attempt's seed)."""

    option_order: tuple[str, ...] = ()  # choice questions: option keys in display order
    item_order: tuple[int, ...] = ()  # ordering: the starting order shown; matching: pair order
    choice_order: tuple[str, ...] = ()  # matching: the matches offered, in display order


@dataclass(frozen=True)
class AnswerTerms:
    """One answer a learner gives (to a question, or to one gap of it) as texts another question could print,
    for `course check`'s answer-in-sibling rule: `right` earns full points; `wrong` holds the options it is
    picked from that do not, or is None when the answer is typed (nothing to tell it apart from)."""

    right: tuple[str, ...]
    wrong: tuple[str, ...] | None = None

    @classmethod
    def picked_from(cls, options: Sequence[Option]) -> AnswerTerms:
        """An answer picked from `options`: the right ones told apart from the wrong ones."""
        return cls(tuple(o.text for o in options if o.correct), tuple(o.text for o in options if not o.correct))


@dataclass(frozen=True)
class Refused:
    """Why a typed line is not an answer to the question, and what is expected instead."""

    message: str


@dataclass(frozen=True)
class PlainPart:
    """One part of an answer that plain mode asks for on a line of its own (a gap of a cloze passage)."""

    name: str  # the part as its prompt names it: "gap 2 of 3"
    asks: str  # what to type, in a few words: "words", "a number", "a letter from a to c"
    lines: tuple[tuple[str, str], ...] = ()  # what to choose from, listed before it is asked: (label, Markdown text)


@dataclass(frozen=True)
class ScoreResult:
    score: float  # 0..points
    points: float
    feedback: list[str] = field(default_factory=list)
    correct: bool = False  # the answer earned the whole question (a 0-point question too); never when skipped

    @property
    def fraction(self) -> float:
        return self.score / self.points if self.points else (1.0 if self.correct else 0.0)


def result(question: QuestionBase, fraction: float, feedback: list[str]) -> ScoreResult:
    """The score of an answer that earned `fraction` of the question (kept within 0..1)."""
    fraction = min(1.0, max(0.0, fraction))
    if fraction < 1.0 and question.feedback_wrong:
        feedback = [*feedback, question.feedback_wrong]
    # Full marks are exactly the points: rounding must never lift a score above them.
    earned = question.points if fraction >= 1.0 else round(question.points * fraction, 6)
    if fraction < 1.0 and earned >= question.points:
        earned = question.points * fraction  # rounding must not make a partly right answer look fully right
    return ScoreResult(score=earned, points=question.points, feedback=feedback, correct=fraction >= 1.0)


def in_order(keys: list[str], order: Sequence[str]) -> list[str]:
    """`keys` in the order the learner saw them (`order`); keys not in it keep their place after those."""
    position = {key: i for i, key in enumerate(order)}
    return sorted(keys, key=lambda key: position.get(key, len(position)))


def partly(parts: list[str]) -> str:
    return "; partly right: " + ", ".join(parts) if parts else ""


def percent(fraction: float | None) -> str:
    """A score from 0 to 1 as a whole percentage (`89%`); `—` when there is none."""
    return "—" if fraction is None else f"{fraction:.0%}"


letter = _letter  # an option's or a match's letter by position: a, b, ... z, then aa, ab, ...


def letters(count: int) -> str:
    return f"a to {letter(count - 1)}"


_NUMBERS = re.compile(r"[\s,;]+")


def typed_numbers(typed: str) -> list[int] | None:
    """Whole numbers separated by spaces or commas; None when anything else is there."""
    parts = [part for part in _NUMBERS.split(typed.strip()) if part]
    if not parts or not all(part.isdigit() and part.isascii() for part in parts):
        return None
    return [int(part) for part in parts]


def shown_items(shown: Shown, count: int) -> list[int]:
    """The items' indexes in the order shown, every one once (a stored order that does not fit is ignored)."""
    return list(shown.item_order) if sorted(shown.item_order) == list(range(count)) else list(range(count))


def xapi_number(value: float) -> str:
    """A number as xAPI response patterns write it: plain decimal digits, never an exponent (`1e+20`)."""
    text = format(Decimal(repr(round(float(value), 10))), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


Q = TypeVar("Q", bound=QuestionBase)


class QuestionType(Generic[Q]):
    """One question type and everything the engine knows of it. Subclasses set the class attributes and
    override the methods; a method left as it is here raises `MissingPiece` (the contract test names each)."""

    name: ClassVar[str]  # the `type` of its questions in quiz files
    label: ClassVar[str]  # the type as a learner is told it (the question headings)
    model: ClassVar[type[QuestionBase]]
    order: ClassVar[int] = 100  # place in lists of types (the schema, the docs' table)
    interaction_type: ClassVar[str | None] = None  # xAPI's interactionType
    gift_skip: ClassVar[str | None] = None  # why GIFT has no form for the type, when it has none
    gift_inline: ClassVar[bool] = False  # GIFT writes its one answer on the question's line ({TRUE})
    template: ClassVar[str | None] = None  # its example in `course new quiz` (a [[questions]] table)
    # The item-writing rules of `course check` (course.content.lint) that read this type's own fields, by id;
    # the rules on every question, and those on the options of choice questions, apply without being named.
    lint_rules: ClassVar[tuple[str, ...]] = ()

    def _missing(self, piece: str) -> MissingPiece:
        return MissingPiece(self.name, piece)

    # -- showing and scoring

    def show(self, question: Q, rng: random.Random, shuffle_options: bool) -> Shown:
        """The order this attempt shows the question's parts in (nothing to order by default)."""
        return Shown()

    def score(self, question: Q, response: Response) -> ScoreResult:
        """Score a response that is not None; never raises for one of the wrong shape (it scores 0)."""
        raise self._missing("scorer (score)")

    def response_problem(self, question: Q, response: Response) -> str | None:
        """Why `response` (not None) is no answer to this question, in words, or None when it is one. Only its
        shape and what it names are checked, never whether it is right: the engine refuses such a response
        rather than saving it, and item analysis counts one kept from before as invalid."""
        raise self._missing("response check (response_problem)")

    @staticmethod
    def quoted(response: object) -> str:
        """A response as a refusal quotes it: short, as written in Python."""
        text = repr(response)
        return text if len(text) <= 60 else text[:57] + "..."

    def right_response(self, question: Q) -> Response:
        """A response that earns full points."""
        raise self._missing("right response (right_response)")

    def guess_score(self, question: Q) -> float | None:
        """The fraction a learner picking at random expects (None when guessing cannot score, as typing)."""
        raise self._missing("random-guess score (guess_score)")

    # -- words

    def describe_response(self, question: Q, response: Response, shown: Shown, marked: bool) -> str:
        """A response (not None) in words, for review screens and reports."""
        raise self._missing("description of a response (describe_response)")

    def describe_right_answer(self, question: Q, shown: Shown) -> str:
        """The right answer in words (only what earns full points is called right)."""
        return self.describe_response(question, self.right_response(question), shown, False)

    def in_words(self, described: str) -> str:
        """A description (`describe_response`, `describe_right_answer`) said in words, without arrows and
        marks, for plain mode and screen readers."""
        return described

    def printed_texts(self, question: Q) -> list[tuple[str, str]]:
        """What a learner reads in the question besides its prompt, as (part, text): its options, items,
        matches or passage (`course check` looks there for another question's answer)."""
        return []

    def answer_terms(self, question: Q) -> list[AnswerTerms]:
        """Each answer the question asks for, as texts (`course check` warns when another question prints
        one); none when its answers are not words (true or false, a number, an order)."""
        return []

    def option_rows(self, question: Q) -> list[tuple[str, str, bool, float]] | None:
        """(key, Markdown text, right, credit) of each thing a learner picks, for item analysis; None when nothing is picked."""
        return None

    # -- plain mode

    def plain_lines(self, question: Q, shown: Shown) -> list[tuple[str, str]]:
        """The options, items or matches as (label, Markdown text), numbered (and lettered) as typed answers
        name them; a heading has no text."""
        return []

    def plain_expected(self, question: Q, shown: Shown) -> str:
        """How to type an answer, in one sentence."""
        raise self._missing("plain-mode how-to (plain_expected)")

    def parse(self, question: Q, shown: Shown, typed: str) -> Response | Refused:
        """The response a typed line (not blank) stands for, or why it is not one (never raises)."""
        raise self._missing("plain-mode parser (parse)")

    def typed_form(self, question: Q, shown: Shown, response: Response) -> str:
        """How a learner would type `response` (not None): the inverse of `parse`."""
        raise self._missing("plain-mode typed form (typed_form)")

    def plain_parts(self, question: Q, shown: Shown) -> list[PlainPart]:
        """The parts plain mode asks for one at a time, in order (a cloze's gaps); none when the whole answer
        is typed on one line. A type with parts also gives `parse_part`, `from_parts` and `part_verdicts`."""
        return []

    def parse_part(self, question: Q, shown: Shown, index: int, typed: str) -> str | Refused:
        """What part `index` keeps of a typed line ("" when it is blank: the part left empty), or why the line
        is not an answer to that part."""
        raise self._missing("plain-mode part parser (parse_part)")

    def from_parts(self, question: Q, shown: Shown, parts: list[str]) -> Response | Refused:
        """The response the parts' answers (from `parse_part`) make, or why they make none."""
        raise self._missing("plain-mode answer from its parts (from_parts)")

    def part_verdicts(self, question: Q, shown: Shown, response: Response) -> list[str]:
        """Each part of a response (not None) right or wrong, one sentence a part, with the right answer to a
        part that is not; none for a type without parts."""
        return []

    def brief_right_answer(self, question: Q, shown: Shown) -> str:
        """The right answer said once, for plain mode (a screen reader reads every word): one accepted form
        where several are accepted."""
        return self.describe_right_answer(question, shown)

    def unanswered_parts(self, question: Q, response: Response) -> int:
        """How many parts of an answer were left empty (matching items without a match, gaps left blank)."""
        return 0

    def unanswered_doubt(self, question: Q, response: Response) -> str | None:
        """What to ask before taking an answer with parts left empty (None when nothing is asked)."""
        return None

    # -- xAPI

    def xapi_patterns(self, question: Q) -> list[str] | None:
        """The responses that earn full points, in xAPI's format; None when they cannot be listed."""
        raise self._missing("xAPI correct-responses pattern (xapi_patterns)")

    def xapi_response(self, question: Q, response: Response) -> str | None:
        """A stored response in xAPI's format for the interaction type; None when it has nothing to say."""
        raise self._missing("xAPI response string (xapi_response)")

    def xapi_components(self, question: Q) -> dict[str, list[tuple[str, str]]]:
        """The interaction component lists (choices, source, target...): (id, Markdown text) each."""
        return {}

    # -- GIFT

    def gift(self, question: Q, notes: list[str]) -> list[str]:
        """The answer lines of the question's GIFT block; raises GiftSkip when GIFT has no form for it."""
        if self.gift_skip is not None:
            raise GiftSkip(self.gift_skip)
        raise self._missing("GIFT writer (gift) or a declared skip (gift_skip)")


AnyType = QuestionType[Any]
