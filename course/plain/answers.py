"""Typed answers: what each question type offers, read from one line of text, and said back in words.

`parse` turns a typed line into the same response the full app's widgets give (an option key, a list of
keys, item indexes, matches, text or a number), so scoring and the progress files cannot tell the two apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from course.content.models import (
    ChoiceQuestion,
    MatchingQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderingQuestion,
    TrueFalseQuestion,
)
from course.plain.text import plain_line
from course.progress.models import Response
from course.quizrun import PlayedQuestion
from course.scoring import parse_number, typed_number_problem

MAX_TEXT = 200  # as the app's answer box


@dataclass(frozen=True)
class Refused:
    """Why a typed line is not an answer to the question, and what is expected instead."""

    message: str


def letter(index: int) -> str:
    """The letter of a match: a, b, ... z, then aa, ab, ..."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def _letters(count: int) -> str:
    return f"a to {letter(count - 1)}"


_NUMBERS = re.compile(r"[\s,;]+")


def _numbers(typed: str) -> list[int] | None:
    """Whole numbers separated by spaces or commas; None when anything else is there."""
    parts = [part for part in _NUMBERS.split(typed.strip()) if part]
    if not parts or not all(part.isdigit() and part.isascii() for part in parts):
        return None
    return [int(part) for part in parts]


def _item_order(played: PlayedQuestion, count: int) -> list[int]:
    return list(played.item_order) if sorted(played.item_order) == list(range(count)) else list(range(count))


# -- what each question shows ---------------------------------------------------------------------------


def choices_lines(played: PlayedQuestion) -> list[str]:
    """The options, items or matches of a question, numbered (and lettered) as typed answers name them."""
    question = played.question
    if isinstance(question, ChoiceQuestion):
        options = question.option_by_key()
        return [f"{n}. {plain_line(options[key].text)}" for n, key in enumerate(played.option_order, 1)]
    if isinstance(question, TrueFalseQuestion):
        return ["1. True", "2. False"]
    if isinstance(question, MatchingQuestion):
        order = _item_order(played, len(question.pairs))
        lines = ["Items:"]
        lines += [f"{n}. {plain_line(question.pairs[index].item)}" for n, index in enumerate(order, 1)]
        lines.append("Matches:")
        lines += [f"{letter(i)}. {plain_line(match)}" for i, match in enumerate(played.choice_order)]
        return lines
    if isinstance(question, OrderingQuestion):
        order = _item_order(played, len(question.items))
        return [f"{n}. {plain_line(question.items[index])}" for n, index in enumerate(order, 1)]
    if isinstance(question, NumericQuestion) and question.unit:
        return [f"The answer is in {plain_line(question.unit)}."]
    return []


def expected(played: PlayedQuestion) -> str:
    """How to type an answer to this question, in one sentence."""
    question = played.question
    if isinstance(question, MultipleQuestion):
        count = len(played.option_order)
        return (f"Type the numbers of every option that applies, from 1 to {count}, separated by spaces "
                "(for example: 1 3).")
    if isinstance(question, ChoiceQuestion):
        return f"Type the number of one option, from 1 to {len(played.option_order)}."
    if isinstance(question, TrueFalseQuestion):
        return "Type 1 for True or 2 for False."
    if isinstance(question, MatchingQuestion):
        items, matches = len(question.pairs), len(played.choice_order)
        return (f"For each item, type its number, an equals sign and the letter of its match "
                f"({_letters(matches)}), separated by spaces (for example: 1=b 2=a). There are {items} items.")
    if isinstance(question, OrderingQuestion):
        count = len(question.items)
        example = " ".join(str(n) for n in range(count, 0, -1))
        return (f"Type the numbers of all {count} items in the right order, separated by spaces "
                f"(for example: {example}).")
    if isinstance(question, NumericQuestion):
        return "Type a number in digits, such as 6 or 8.5."
    return "Type your answer in words."


# -- reading a typed answer ----------------------------------------------------------------------------


def parse(played: PlayedQuestion, typed: str) -> Response | Refused:
    """The response a typed line stands for, or why it is not one (never raises)."""
    question = played.question
    if not typed.strip():
        return Refused(f"Nothing was typed. {expected(played)}")
    if isinstance(question, MultipleQuestion):
        return _multiple(played, typed)
    if isinstance(question, ChoiceQuestion):
        return _single(played, typed)
    if isinstance(question, TrueFalseQuestion):
        return _true_false(played, typed)
    if isinstance(question, MatchingQuestion):
        return _matching(played, question, typed)
    if isinstance(question, OrderingQuestion):
        return _ordering(played, question, typed)
    if isinstance(question, NumericQuestion):
        return _numeric(typed)
    text = typed.strip()  # a short answer
    if len(text) > MAX_TEXT:
        return Refused(f"That answer has {len(text)} characters; an answer has at most {MAX_TEXT}.")
    return text


def _single(played: PlayedQuestion, typed: str) -> Response | Refused:
    numbers = _numbers(typed)
    count = len(played.option_order)
    if numbers is None or len(numbers) != 1:
        return Refused(f"“{typed.strip()}” is not one option's number. {expected(played)}")
    if not 1 <= numbers[0] <= count:
        return Refused(f"There is no option {numbers[0]}. {expected(played)}")
    return played.option_order[numbers[0] - 1]


def _multiple(played: PlayedQuestion, typed: str) -> Response | Refused:
    numbers = _numbers(typed)
    count = len(played.option_order)
    if numbers is None:
        return Refused(f"“{typed.strip()}” is not a list of option numbers. {expected(played)}")
    wrong = [n for n in numbers if not 1 <= n <= count]
    if wrong:
        return Refused(f"There is no option {wrong[0]}. {expected(played)}")
    chosen = set(numbers)
    return [key for n, key in enumerate(played.option_order, 1) if n in chosen]


_TRUE = {"1", "true", "t", "yes"}
_FALSE = {"2", "false", "f", "no"}


def _true_false(played: PlayedQuestion, typed: str) -> Response | Refused:
    word = typed.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    return Refused(f"“{typed.strip()}” is neither 1 (True) nor 2 (False). {expected(played)}")


def _ordering(played: PlayedQuestion, question: OrderingQuestion, typed: str) -> Response | Refused:
    count = len(question.items)
    numbers = _numbers(typed)
    if numbers is None:
        return Refused(f"“{typed.strip()}” is not a list of item numbers. {expected(played)}")
    wrong = [n for n in numbers if not 1 <= n <= count]
    if wrong:
        return Refused(f"There is no item {wrong[0]}. {expected(played)}")
    twice = [n for i, n in enumerate(numbers) if n in numbers[:i]]
    if twice:
        return Refused(f"Item {twice[0]} is there twice: give each item once. {expected(played)}")
    if len(numbers) != count:
        missing = [n for n in range(1, count + 1) if n not in numbers]
        return Refused(f"Item {missing[0]} is missing: give all {count} items. {expected(played)}")
    shown = _item_order(played, count)
    return [shown[n - 1] for n in numbers]


_PAIR = re.compile(r"(\d+)\s*[=:]?\s*([A-Za-z]+)")
_PAIR_GAP = re.compile(r"[\s,;]*")


def _matching(played: PlayedQuestion, question: MatchingQuestion, typed: str) -> Response | Refused:
    items, matches = len(question.pairs), len(played.choice_order)
    letters = {letter(i): match for i, match in enumerate(played.choice_order)}
    shown = _item_order(played, items)
    response = [""] * items
    given: set[int] = set()
    text, at = typed.strip(), 0
    while at < len(text):
        found = _PAIR.match(text, at)
        if found is None:
            return Refused(f"“{text[at:].split()[0]}” is not an item and its match. {expected(played)}")
        number, chosen = int(found.group(1)), found.group(2).lower()
        if not 1 <= number <= items:
            return Refused(f"There is no item {number}. {expected(played)}")
        if chosen not in letters:
            return Refused(f"There is no match {chosen}: the matches are {_letters(matches)}. {expected(played)}")
        if number in given:
            return Refused(f"Item {number} is given twice: give each item one match. {expected(played)}")
        given.add(number)
        response[shown[number - 1]] = letters[chosen]
        gap = _PAIR_GAP.match(text, found.end())
        at = gap.end() if gap is not None else found.end()
        if at == found.end() and at < len(text):
            return Refused(f"Separate the items with spaces. {expected(played)}")
    return response


def _numeric(typed: str) -> Response | Refused:
    problem = typed_number_problem(typed)
    if problem is not None:
        return Refused(problem)
    number = parse_number(typed.strip())
    if number is None:  # typed_number_problem said it is one
        return Refused(f"“{typed.strip()}” is not a number: type it in digits, such as 6 or 8.5.")
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def unmatched(response: Response) -> int:
    """How many items of a matching answer were given no match."""
    return sum(1 for value in response if value == "") if isinstance(response, list) else 0


# -- saying an answer back ------------------------------------------------------------------------------


def typed_form(played: PlayedQuestion, response: Response) -> str:
    """How a learner would type `response` here (the inverse of `parse`), for showing a saved answer."""
    question = played.question
    if response is None:
        return ""
    if isinstance(question, ChoiceQuestion):
        keys = response if isinstance(response, list) else [response]
        return " ".join(str(n) for n, key in enumerate(played.option_order, 1) if key in keys)
    if isinstance(question, TrueFalseQuestion):
        return "1" if response is True else "2"
    if isinstance(question, OrderingQuestion) and isinstance(response, list):
        shown = _item_order(played, len(question.items))
        return " ".join(str(shown.index(i) + 1) for i in response if isinstance(i, int) and i in shown)
    if isinstance(question, MatchingQuestion) and isinstance(response, list):
        shown = _item_order(played, len(question.pairs))
        letters = {match: letter(i) for i, match in enumerate(played.choice_order)}
        pairs = []
        for number, index in enumerate(shown, 1):
            chosen = response[index] if index < len(response) else ""
            if isinstance(chosen, str) and chosen in letters:
                pairs.append(f"{number}={letters[chosen]}")
        return " ".join(pairs)
    return str(response)
