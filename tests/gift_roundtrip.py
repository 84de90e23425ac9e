"""Helpers for GIFT round trips: what a question means, responses to score it with, and the trip itself.

`meaning(question)` is what a question asks and how it scores, written out independently of the engine's
scoring code: two questions with the same meaning must score every response the same, and the tests check
that as well, on generated responses (`responses`).
"""

from __future__ import annotations

import itertools
import random
from typing import Any

from pydantic import TypeAdapter

from course.content.models import (
    ChoiceQuestion,
    MatchingQuestion,
    MultipleQuestion,
    NumericQuestion,
    Question,
    Quiz,
    ShortAnswer,
    ShortQuestion,
    SingleQuestion,
    TrueFalseQuestion,
)
from course.content.placeholders import is_placeholder
from course.exporters.gift import quiz_to_gift
from course.importers.to_quiz import gift_to_quiz
from course.scoring import Response, answer_key, score

QUESTION = TypeAdapter(Question)
# What GIFT cannot carry; the export reports each one (see course.exporters.gift), and a test puts it back
# before comparing.
LOST_QUESTION_FIELDS = ("points", "section", "feedback_wrong", "fuzzy", "unit")
LOST_OPTION_FIELDS = ("id", "pinned")


def _text(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


def _weight(value: float) -> float:
    return round(value, 6)


def meaning(question: Question) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": question.type,
        "prompt": question.prompt.strip(),
        # A placeholder explanation (TODO...) is not exported, and the import writes its own placeholder.
        "explanation": "TODO" if is_placeholder(question.explanation) else question.explanation.strip(),
    }
    if isinstance(question, ChoiceQuestion):
        # The credit of each option, from the fields as written (not from the engine's `credits`).
        right = sum(o.correct for o in question.options)
        wrong = len(question.options) - right
        weighted = any(o.weight is not None for o in question.options)
        options = []
        for o in question.options:
            if isinstance(question, SingleQuestion):
                credit = 1.0 if o.correct else (o.weight or 0.0)
            elif weighted:
                credit = o.weight or 0.0
            else:
                credit = 1 / right if o.correct else -1 / wrong
            options.append((o.text.strip(), o.correct, _weight(credit), _text(o.feedback)))
        out["options"] = options
    elif isinstance(question, TrueFalseQuestion):
        out["answer"] = (question.answer, _text(question.feedback_true), _text(question.feedback_false))
    elif isinstance(question, MatchingQuestion):
        out["pairs"] = [(p.item.strip(), p.match.strip()) for p in question.pairs]
        out["distractors"] = [d.strip() for d in question.distractors]
    elif isinstance(question, ShortQuestion):
        # The answer worth most that matches counts (the first of equals): order matters only among equals.
        # Forms that are the same answer here (an article, the number of the last word, case: the GIFT export
        # writes them out for Moodle) with the same weight and feedback are one answer.
        answers = sorted(_distinct_answers(question), key=lambda a: -a.weight)
        out["answers"] = [(a.text.strip(), _weight(a.weight), _text(a.feedback), a.wildcard and "*" in a.text) for a in answers]
    elif isinstance(question, NumericQuestion):
        if question.answers:
            accepted = sorted(question.answers, key=lambda a: (a.other, -a.weight))
            out["answers"] = [
                ("*",) if a.other else _range(a.answer, a.tolerance, a.min, a.max)
                for a in accepted
            ]
            out["weights"] = [(_weight(a.weight), _text(a.feedback)) for a in accepted]
        else:
            out["answers"] = [_range(question.answer, question.tolerance, question.min, question.max)]
            out["weights"] = [(1.0, None)]
    return out


def _distinct_answers(question: ShortQuestion) -> list[ShortAnswer]:
    seen: set[tuple[str, bool, float, str | None]] = set()
    kept = []
    for a in question.answers:
        wildcard = a.wildcard and "*" in a.text
        key = (answer_key(a.text.replace("*", "\u2217") if wildcard else a.text), wildcard, a.weight, _text(a.feedback))
        if key not in seen:
            seen.add(key)
            kept.append(a)
    return kept


def _range(answer: float | None, tolerance: float, low: float | None, high: float | None) -> tuple:
    if answer is not None:
        return ("±", float(answer), float(tolerance))
    return ("..", float(low or 0), float(high or 0))  # type: ignore[arg-type]


def restore_lost(original: Question, back: Question) -> Question:
    """`back` with what GIFT cannot carry taken from `original` (the export reports each of these)."""
    data = back.model_dump(mode="python", by_alias=True, exclude_unset=True)
    source = original.model_dump(mode="python", by_alias=True, exclude_unset=True)
    for key in LOST_QUESTION_FIELDS:
        if key in source:
            data[key] = source[key]
    if isinstance(original, ChoiceQuestion):
        for mine, theirs in zip(data["options"], source["options"], strict=False):
            for key in LOST_OPTION_FIELDS:
                if key in theirs:
                    mine[key] = theirs[key]
    return QUESTION.validate_python(data)


def responses(question: Question, rng: random.Random, count: int = 60) -> list[Response]:
    """Right, partly right, wrong and malformed responses for `question`."""
    out: list[Response] = [None, "", 0, []]
    if isinstance(question, ChoiceQuestion):
        keys = question.option_keys()
        out += list(keys)
        subsets = [list(c) for n in range(len(keys) + 1) for c in itertools.combinations(keys, n)]
        out += subsets if len(subsets) <= 128 else rng.sample(subsets, 128)
    elif isinstance(question, TrueFalseQuestion):
        out += [True, False]
    elif isinstance(question, MatchingQuestion):
        choices = question.choices()
        out.append([p.match for p in question.pairs])
        out += [[rng.choice([*choices, ""]) for _ in question.pairs] for _ in range(count)]
    elif isinstance(question, ShortQuestion):
        for a in question.answers:
            text = a.text.replace("*", "")
            out += [a.text, text, text.upper(), f" {text}. ", text + "x", "x" + text, text[:-1], text + " more words"]
        out += ["".join(rng.choice("abc *.") for _ in range(rng.randint(0, 8))) for _ in range(count)]
    elif isinstance(question, NumericQuestion):
        for a in question.accepted():
            if a.other:
                continue
            low, high = a.bounds()
            for value in (low, high, (low + high) / 2):
                out += [value, value - 1e-3 * max(1, abs(value)), value + 1e-3 * max(1, abs(value)), str(value)]
        out += [rng.uniform(-1e4, 1e4) for _ in range(count)] + ["not a number", "1,000"]
    return out


def _position(question: Question, response: Response, into: Question) -> Response:
    """A choice response given by option position, in the keys of `into` (ids are not carried)."""
    if not isinstance(question, ChoiceQuestion) or not isinstance(into, ChoiceQuestion):
        return response
    mapping = dict(zip(question.option_keys(), into.option_keys(), strict=False))
    if isinstance(response, str):
        return mapping.get(response, response)
    if isinstance(response, list):
        return [mapping.get(k, k) if isinstance(k, str) else k for k in response]
    return response


def assert_same_scores(original: Question, back: Question, rng: random.Random) -> int:
    """Every generated response scores the same on both (score, fully right, feedback). Returns how many."""
    checked = 0
    for response in responses(original, rng):
        mine = score(original, response)
        theirs = score(back, _position(original, response, back))
        assert (mine.score, mine.correct, mine.feedback) == (theirs.score, theirs.correct, theirs.feedback), (
            original.id, response, mine, theirs,
        )
        checked += 1
    return checked


def round_trip(quiz: Quiz) -> tuple[dict[str, Question], list[str], list[str]]:
    """Export `quiz` as GIFT and import it back: the questions by id, export notes, import notes."""
    export = quiz_to_gift(quiz)
    result = gift_to_quiz(export.text, quiz.id)
    back = {q["id"]: QUESTION.validate_python(q) for q in result.quiz["questions"]}
    return back, [str(n) for n in export.notes], [str(n) for n in result.notes]


def is_multiple(question: Question) -> bool:
    return isinstance(question, MultipleQuestion)
