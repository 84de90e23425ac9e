"""`ordering`: items put in the right order. A response is the list of the items' indexes (in file order),
in the order the learner gave."""

from __future__ import annotations

import random
from typing import Literal

from pydantic import Field, model_validator

from course.qtypes.base import QuestionType, Refused, Response, ScoreResult, Shown, result, shown_items, typed_numbers
from course.qtypes.fields import _CHOICES_SCHEMA, MAX_CHOICES, QuestionBase, Text, _check_text


class OrderingQuestion(QuestionBase):
    type: Literal["ordering"]
    items: list[Text] = Field(max_length=MAX_CHOICES, json_schema_extra={**_CHOICES_SCHEMA, "uniqueItems": True})

    @model_validator(mode="after")
    def _items(self) -> OrderingQuestion:
        if len(self.items) < 2:
            raise ValueError("items: an ordering question needs at least two items")
        if len(set(self.items)) != len(self.items):
            raise ValueError("items: each item must be different")
        for item in self.items:
            _check_text(item)
        return self




def derangement(n: int, rng: random.Random) -> list[int]:
    """A shuffled order of range(n) that is not already the right one (when n > 1)."""
    order = list(range(n))
    for _ in range(20):
        rng.shuffle(order)
        if order != list(range(n)):
            return order
    return order[1:] + order[:1]


def _ids(question: OrderingQuestion) -> list[str]:
    return [f"i{i + 1}" for i in range(len(question.items))]


class OrderingType(QuestionType[OrderingQuestion]):
    name = "ordering"
    label = "put in order"
    model = OrderingQuestion
    order = 50
    interaction_type = "sequencing"
    template = '''\
# ---------------------------------------------------------------- ordering: put items in order
[[questions]]
id = "ordering-example"
type = "ordering"
prompt = "Put these steps in order."
explanation = "Write, check, then publish."
items = ["Write the file", "Run the checks", "Publish the course"]   # the right order; shown shuffled

'''
    gift_skip = "ordering questions have no GIFT form (Moodle's ordering type is not part of GIFT)"

    def show(self, question: OrderingQuestion, rng: random.Random, shuffle_options: bool) -> Shown:
        return Shown(item_order=tuple(derangement(len(question.items), rng)))

    def score(self, question: OrderingQuestion, response: Response) -> ScoreResult:
        n = len(question.items)
        if not isinstance(response, list) or sorted(
            x for x in response if isinstance(x, int) and not isinstance(x, bool)
        ) != list(range(n)):
            return result(question, 0.0, [])
        hits = sum(1 for position, index in enumerate(response) if position == index)
        return result(question, hits / n, [])

    def response_problem(self, question: OrderingQuestion, response: Response) -> str | None:
        n = len(question.items)
        if (
            isinstance(response, list) and all(isinstance(i, int) and not isinstance(i, bool) for i in response)
            and sorted(response) == list(range(n))
        ):
            return None
        return (f"an ordering question takes its items' numbers 0 to {n - 1} (file order), each once, in the "
                f"order given, got {self.quoted(response)}")

    def right_response(self, question: OrderingQuestion) -> Response:
        return list(range(len(question.items)))

    def guess_score(self, question: OrderingQuestion) -> float | None:
        return None  # a guess has no natural meaning here

    def printed_texts(self, question: OrderingQuestion) -> list[tuple[str, str]]:
        return [("options", item) for item in question.items]

    def describe_response(self, question: OrderingQuestion, response: Response, shown: Shown, marked: bool) -> str:
        if not isinstance(response, list):
            return "?"
        return " → ".join(
            question.items[i] for i in response if isinstance(i, int) and 0 <= i < len(question.items)
        )

    def in_words(self, described: str) -> str:
        return described.replace(" → ", ", then ")

    def plain_lines(self, question: OrderingQuestion, shown: Shown) -> list[tuple[str, str]]:
        order = shown_items(shown, len(question.items))
        return [(f"{n}.", question.items[index]) for n, index in enumerate(order, 1)]

    def plain_expected(self, question: OrderingQuestion, shown: Shown) -> str:
        count = len(question.items)
        example = " ".join(str(n) for n in range(count, 0, -1))
        return (f"Type the numbers of all {count} items in the right order, separated by spaces "
                f"(for example: {example}).")

    def parse(self, question: OrderingQuestion, shown: Shown, typed: str) -> Response | Refused:
        expected = self.plain_expected(question, shown)
        count = len(question.items)
        numbers = typed_numbers(typed)
        if numbers is None:
            return Refused(f"“{typed.strip()}” is not a list of item numbers. {expected}")
        wrong = [n for n in numbers if not 1 <= n <= count]
        if wrong:
            return Refused(f"There is no item {wrong[0]}. {expected}")
        twice = [n for i, n in enumerate(numbers) if n in numbers[:i]]
        if twice:
            return Refused(f"Item {twice[0]} is there twice: give each item once. {expected}")
        if len(numbers) != count:
            missing = [n for n in range(1, count + 1) if n not in numbers]
            return Refused(f"Item {missing[0]} is missing: give all {count} items. {expected}")
        order = shown_items(shown, count)
        return [order[n - 1] for n in numbers]

    def typed_form(self, question: OrderingQuestion, shown: Shown, response: Response) -> str:
        if not isinstance(response, list):
            return str(response)
        order = shown_items(shown, len(question.items))
        return " ".join(str(order.index(i) + 1) for i in response if isinstance(i, int) and i in order)

    def xapi_patterns(self, question: OrderingQuestion) -> list[str] | None:
        return ["[,]".join(_ids(question))]

    def xapi_response(self, question: OrderingQuestion, response: Response) -> str | None:
        items = _ids(question)
        n = len(items)
        if not isinstance(response, list) or sorted(i for i in response if isinstance(i, int)) != list(range(n)):
            return None
        return "[,]".join(items[i] for i in response if isinstance(i, int))

    def xapi_components(self, question: OrderingQuestion) -> dict[str, list[tuple[str, str]]]:
        return {"choices": list(zip(_ids(question), question.items, strict=True))}


TYPE = OrderingType()
