"""`matching`: each item is paired with its match (distractors belong to no item). A response is the list of
the matches chosen, one an item in file order ("" for an item left without one)."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from typing import Literal

from pydantic import Field, field_validator, model_validator

from course.qtypes import gifttext as gift
from course.qtypes.base import (
    GiftSkip,
    QuestionType,
    Refused,
    Response,
    ScoreResult,
    Shown,
    letter,
    letters,
    result,
    shown_items,
)
from course.qtypes.fields import _CHOICES_SCHEMA, MAX_CHOICES, QuestionBase, Strict, Text, _check_text
from course.words import plural


class Pair(Strict):
    item: Text
    match: Text

    _texts = field_validator("item", "match")(_check_text)


class MatchingQuestion(QuestionBase):
    type: Literal["matching"]
    pairs: list[Pair] = Field(max_length=MAX_CHOICES, json_schema_extra=_CHOICES_SCHEMA)
    distractors: list[str] = Field(default=[])

    @model_validator(mode="after")
    def _pairs(self) -> MatchingQuestion:
        if len(self.pairs) < 2:
            raise ValueError("pairs: a matching question needs at least two pairs")
        if len(self.pairs) + len(self.distractors) > MAX_CHOICES:
            raise ValueError(
                f"pairs: a matching question can have at most {MAX_CHOICES} matches, distractors included "
                f"(found {len(self.pairs) + len(self.distractors):,}); split it into several questions"
            )
        items = [p.item for p in self.pairs]
        if len(set(items)) != len(items):
            raise ValueError("pairs: each item must be different")
        # Items may share a match (as in Moodle); a distractor is a match that belongs to no item.
        matches = {p.match for p in self.pairs}
        if len(set(self.distractors)) != len(self.distractors) or matches & set(self.distractors):
            raise ValueError("distractors: each distractor must differ from the matches and from the other distractors")
        return self

    def choices(self) -> list[str]:
        """Every match a learner can pick from, each once: the right ones, then the distractors."""
        return list(dict.fromkeys([p.match for p in self.pairs] + list(self.distractors)))



_PAIR = re.compile(r"(\d+)\s*[=:]?\s*([A-Za-z]+)")
_PAIR_GAP = re.compile(r"[\s,;]*")


def _sources(question: MatchingQuestion) -> list[str]:
    return [f"s{i + 1}" for i in range(len(question.pairs))]


def _targets(choices: list[str]) -> list[str]:
    return [f"t{i + 1}" for i in range(len(choices))]


class MatchingType(QuestionType[MatchingQuestion]):
    name = "matching"
    label = "matching"
    model = MatchingQuestion
    order = 40
    interaction_type = "matching"
    template = '''\
# ---------------------------------------------------------------- matching: pair items with matches
[[questions]]
id = "matching-example"
type = "matching"
prompt = "Match each file to its folder."
explanation = "Lessons live in lessons/, quizzes in quizzes/."
distractors = ["progress/"]   # optional: extra matches that belong to no item

[[questions.pairs]]
item = "A lesson"             # shown on the left
match = "lessons/"            # its match; every match is different

[[questions.pairs]]
item = "A quiz"
match = "quizzes/"

'''

    def show(self, question: MatchingQuestion, rng: random.Random, shuffle_options: bool) -> Shown:
        pairs = list(range(len(question.pairs)))
        choices = question.choices()
        if shuffle_options:
            rng.shuffle(pairs)
        rng.shuffle(choices)  # matches are always offered shuffled, or the answer would be the order
        return Shown(item_order=tuple(pairs), choice_order=tuple(choices))

    def score(self, question: MatchingQuestion, response: Response) -> ScoreResult:
        if not isinstance(response, list):
            return result(question, 0.0, [])
        hits = sum(
            1
            for pair, chosen in zip(question.pairs, response, strict=False)  # a stored response may be short or long
            if isinstance(chosen, str) and chosen == pair.match
        )
        return result(question, hits / len(question.pairs), [])

    def response_problem(self, question: MatchingQuestion, response: Response) -> str | None:
        choices = set(question.choices())
        if (
            isinstance(response, list) and len(response) == len(question.pairs) and any(response)
            and all(isinstance(chosen, str) and (chosen == "" or chosen in choices) for chosen in response)
        ):
            return None
        return (f"a matching question takes a list of {len(question.pairs)} matches, one per item in file order "
                f"(\"\" for none, at least one given), each one of its matches, got {self.quoted(response)}")

    def right_response(self, question: MatchingQuestion) -> Response:
        return [p.match for p in question.pairs]

    def guess_score(self, question: MatchingQuestion) -> float | None:
        return None  # a guess has no natural meaning here

    def printed_texts(self, question: MatchingQuestion) -> list[tuple[str, str]]:
        texts = [p.item for p in question.pairs] + [p.match for p in question.pairs] + list(question.distractors)
        return [("options", text) for text in texts]

    def describe_response(self, question: MatchingQuestion, response: Response, shown: Shown, marked: bool) -> str:
        if not isinstance(response, list):
            return "?"
        order = shown_items(shown, len(question.pairs))
        answered = [index for index in order if index < len(response)]  # a stored response may be short
        return "\n".join(self._matched_line(question, index, response, marked) for index in answered)

    @staticmethod
    def _matched_line(question: MatchingQuestion, index: int, response: Sequence[object], marked: bool) -> str:
        pair = question.pairs[index]
        chosen = response[index]
        shown = chosen if isinstance(chosen, str) and chosen else "(none)"
        line = f"• {pair.item} → {shown}"
        if not marked:
            return line
        return f"{line} ✓" if chosen == pair.match else f"{line} ✗ (right: {pair.match})"

    def unanswered_parts(self, question: MatchingQuestion, response: Response) -> int:
        return sum(1 for value in response if value == "") if isinstance(response, list) else 0

    def unanswered_doubt(self, question: MatchingQuestion, response: Response) -> str | None:
        missing = self.unanswered_parts(question, response)
        if not missing:
            return None
        return (f"{plural(missing, 'item')} {'have' if missing != 1 else 'has'} no match and "
                f"{'score' if missing != 1 else 'scores'} 0. Answer anyway?")

    def in_words(self, described: str) -> str:
        lines = []
        for line in described.split("\n"):
            line = line.removeprefix("• ").replace(" → ", ": ")
            if line.endswith(" ✓"):
                line = line[:-2] + " (right)"
            lines.append(line.replace(" ✗ (right: ", " (wrong; right: "))
        return "; ".join(lines)

    def plain_lines(self, question: MatchingQuestion, shown: Shown) -> list[tuple[str, str]]:
        order = shown_items(shown, len(question.pairs))
        lines = [("Items:", "")]
        lines += [(f"{n}.", question.pairs[index].item) for n, index in enumerate(order, 1)]
        lines.append(("Matches:", ""))
        lines += [(f"{letter(i)}.", match) for i, match in enumerate(shown.choice_order)]
        return lines

    def plain_expected(self, question: MatchingQuestion, shown: Shown) -> str:
        items, matches = len(question.pairs), len(shown.choice_order)
        return (f"For each item, type its number, an equals sign and the letter of its match "
                f"({letters(matches)}), separated by spaces (for example: 1=b 2=a). There are {items} items.")

    def parse(self, question: MatchingQuestion, shown: Shown, typed: str) -> Response | Refused:
        expected = self.plain_expected(question, shown)
        items, matches = len(question.pairs), len(shown.choice_order)
        lettered = {letter(i): match for i, match in enumerate(shown.choice_order)}
        order = shown_items(shown, items)
        response = [""] * items
        given: set[int] = set()
        text, at = typed.strip(), 0
        while at < len(text):
            found = _PAIR.match(text, at)
            if found is None:
                return Refused(f"“{text[at:].split()[0]}” is not an item and its match. {expected}")
            number, chosen = int(found.group(1)), found.group(2).lower()
            if not 1 <= number <= items:
                return Refused(f"There is no item {number}. {expected}")
            if chosen not in lettered:
                return Refused(f"There is no match {chosen}: the matches are {letters(matches)}. {expected}")
            if number in given:
                return Refused(f"Item {number} is given twice: give each item one match. {expected}")
            given.add(number)
            response[order[number - 1]] = lettered[chosen]
            gap = _PAIR_GAP.match(text, found.end())
            at = gap.end() if gap is not None else found.end()
            if at == found.end() and at < len(text):
                return Refused(f"Separate the items with spaces. {expected}")
        return response

    def typed_form(self, question: MatchingQuestion, shown: Shown, response: Response) -> str:
        if not isinstance(response, list):
            return str(response)
        order = shown_items(shown, len(question.pairs))
        lettered = {match: letter(i) for i, match in enumerate(shown.choice_order)}
        pairs = []
        for number, index in enumerate(order, 1):
            chosen = response[index] if index < len(response) else ""
            if isinstance(chosen, str) and chosen in lettered:
                pairs.append(f"{number}={lettered[chosen]}")
        return " ".join(pairs)

    def xapi_patterns(self, question: MatchingQuestion) -> list[str] | None:
        targets = dict(zip(question.choices(), _targets(question.choices()), strict=True))
        return ["[,]".join(f"{s}[.]{targets[p.match]}" for s, p in zip(_sources(question), question.pairs, strict=True))]

    def xapi_response(self, question: MatchingQuestion, response: Response) -> str | None:
        if not isinstance(response, list):
            return None
        choices = question.choices()
        targets = dict(zip(choices, _targets(choices), strict=True))
        pairs = [
            f"{source}[.]{targets[chosen]}"
            for source, chosen in zip(_sources(question), response, strict=False)
            if isinstance(chosen, str) and chosen in targets
        ]
        return "[,]".join(pairs) or None

    def xapi_components(self, question: MatchingQuestion) -> dict[str, list[tuple[str, str]]]:
        choices = question.choices()
        return {
            "source": list(zip(_sources(question), [p.item for p in question.pairs], strict=True)),
            "target": list(zip(_targets(choices), choices, strict=True)),
        }

    def gift(self, question: MatchingQuestion, notes: list[str]) -> list[str]:
        lines = []
        for pair in question.pairs:
            if "->" in pair.item:
                raise GiftSkip(f"the item {pair.item!r} contains `->`, which GIFT cannot escape")
            lines.append(f"={gift.escape(pair.item)} -> {gift.escape(pair.match)}")
        lines.extend(f"= -> {gift.escape(d)}" for d in question.distractors)
        if len(question.pairs) < 3 or len(question.choices()) < 3:
            notes.append(
                f"{len(question.pairs)} pairs, {len(question.choices())} matches: Moodle's GIFT documentation asks "
                "for at least three pairs, and its editor for two items and three matches"
            )
        return lines


TYPE = MatchingType()
