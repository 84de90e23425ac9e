"""What the choice types (`single`, `multiple`) share: options shown in an order, picked by key."""

from __future__ import annotations

import random
from typing import TypeVar

from course.qtypes.base import AnswerTerms, QuestionType, Response, Shown, in_order, partly, percent
from course.qtypes.fields import ChoiceQuestion, Option

C = TypeVar("C", bound=ChoiceQuestion)


class ChoiceType(QuestionType[C]):
    """The pieces `single` and `multiple` share; each type adds its scoring, typing and GIFT lines."""

    partly = staticmethod(partly)
    percent = staticmethod(percent)

    def show(self, question: C, rng: random.Random, shuffle_options: bool) -> Shown:
        keys = question.option_keys()
        if not shuffle_options:
            return Shown(option_order=tuple(keys))
        movable = [k for k, o in zip(keys, question.options, strict=True) if not o.pinned]
        rng.shuffle(movable)
        it = iter(movable)
        return Shown(option_order=tuple(k if o.pinned else next(it) for k, o in zip(keys, question.options, strict=True)))

    @staticmethod
    def option_feedback(question: C, keys: list[str]) -> list[str]:
        options = question.option_by_key()
        return [fb for k in keys if (o := options.get(k)) and (fb := o.feedback)]

    @staticmethod
    def credited(question: C, shown: Shown) -> list[tuple[Option, float]]:
        """Each option and what picking it earns, in the order shown."""
        credit = question.credit_by_key()
        options = question.option_by_key()
        return [(options[key], credit[key]) for key in in_order(list(options), shown.option_order)]

    def describe_response(self, question: C, response: Response, shown: Shown, marked: bool) -> str:
        options = question.option_by_key()
        keys = response if isinstance(response, list) else [response]
        chosen = [k for k in keys if isinstance(k, str) and k in options]
        texts = [options[k].text for k in in_order(chosen, shown.option_order)]
        return "; ".join(texts) if texts else "(nothing chosen)"

    def printed_texts(self, question: C) -> list[tuple[str, str]]:
        return [("options", o.text) for o in question.options]

    def answer_terms(self, question: C) -> list[AnswerTerms]:
        return [AnswerTerms.picked_from(question.options)]

    def option_rows(self, question: C) -> list[tuple[str, str, bool, float]] | None:
        return [
            (key, option.text, option.correct or credit >= 1, credit)
            for key, option, credit in zip(question.option_keys(), question.options, question.credits(), strict=True)
        ]

    def plain_lines(self, question: C, shown: Shown) -> list[tuple[str, str]]:
        options = question.option_by_key()
        return [(f"{n}.", options[key].text) for n, key in enumerate(shown.option_order, 1)]

    def typed_form(self, question: C, shown: Shown, response: Response) -> str:
        keys = response if isinstance(response, list) else [response]
        return " ".join(str(n) for n, key in enumerate(shown.option_order, 1) if key in keys)

    def xapi_components(self, question: C) -> dict[str, list[tuple[str, str]]]:
        return {"choices": [(key, o.text) for key, o in zip(question.option_keys(), question.options, strict=True)]}
