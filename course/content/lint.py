"""Item-writing rules: flaws that let a test-wise learner answer a question without the lesson.

Each rule gives warnings, never errors: the quiz works, but a question can be answered from its form
rather than from what it asks. An author who has a reason for a flagged question silences the rule on
that question with `lint_ok = ["rule-id"]` (on the quiz, for the quiz-wide rule `true-false-balance`).
docs/authoring.md, "Item-writing warnings", describes every rule.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass

from course.content.models import (
    WORDS_PER_MINUTE,
    ChoiceQuestion,
    Lesson,
    MultipleQuestion,
    Question,
    Quiz,
    ShortQuestion,
    SingleQuestion,
    TrueFalseQuestion,
)

# The right option "is the longest by a clear margin": at least this many times the longest distractor and
# at least this many characters longer (single choice); in multiple choice, every right option at least
# this many characters longer than every distractor.
LONGEST_RATIO = 1.5
LONGEST_CHARS = 10
# Words that make a statement easy to reject: true of few things, so a learner guesses "wrong" on sight.
ABSOLUTE_WORDS = ("always", "never", "only", "all", "none", "no longer", "simply", "alone")
_ABSOLUTE_RE = re.compile(r"\b(" + "|".join(w.replace(" ", r"\s+") for w in ABSOLUTE_WORDS) + r")\b", re.IGNORECASE)
_ABOVE_RE = re.compile(r"\b(all|none|both|neither)\s+of\s+the\s+above\b", re.IGNORECASE)
# An option such as "None of these" is not a statement: its "none" is no absolute claim.
_NONE_OF_RE = re.compile(r"^\W*(all|none|both|neither)\s+of\s+(the\s+above|these|those|the\s+options)\W*$", re.IGNORECASE)
# "Which is NOT", "all EXCEPT", "Which of these is not", "Which one does not", "Which cannot".
_NEGATIVE_CAPS_RE = re.compile(r"\b(NOT|EXCEPT)\b")
_NEGATIVE_RE = re.compile(
    r"\bexcept\b|\b(which|what)\b(\s+[\w’']+){0,4}?\s+"
    r"(is|are|was|were|does|do|did|would|could|should|can|will|has|have)(\s+not\b|n[’']t\b)"
    r"|\b(which|what)\b(\s+[\w’']+){0,4}?\s+cannot\b",
    re.IGNORECASE,
)
# A quiz's true/false answers are "mostly one way" with at least this many items, more than this share one way.
TRUE_FALSE_MIN = 4
TRUE_FALSE_SHARE = 0.7
# A lesson's `minutes` is "far from" the estimate from its word count when off by more than this factor and
# by at least MINUTES_APART minutes (a 3-minute note on a 1-minute lesson is rounding, not a mistake).
MINUTES_FACTOR = 2
MINUTES_APART = 3


@dataclass(frozen=True)
class Finding:
    rule: str
    loc: list[str | int]
    reason: str

    @property
    def message(self) -> str:
        return f'{self.reason} (item-writing rule "{self.rule}": fix it, or justify it with lint_ok = ["{self.rule}"])'


def lint_quiz(quiz: Quiz) -> list[Finding]:
    """The item-writing warnings of one quiz that loaded without errors, silenced ones left out."""
    found: list[Finding] = []
    for index, question in enumerate(quiz.questions):
        where: list[str | int] = ["questions", index]
        found += [f for f in _question_findings(question, where) if f.rule not in question.lint_ok]
    if "true-false-balance" not in quiz.lint_ok:
        found += _true_false_balance(quiz)
    return found


def _question_findings(question: Question, where: list[str | int]) -> Iterator[Finding]:
    if isinstance(question, ChoiceQuestion):
        yield from _longest_option(question, where)
        yield from _absolute_words(question, where)
        yield from _of_the_above(question, where)
    if isinstance(question, ShortQuestion):
        yield from _one_short_answer(question, where)
    yield from _negative_stem(question, where)


def _keys_and_distractors(question: ChoiceQuestion) -> tuple[list[int], list[int]]:
    keys = [i for i, o in enumerate(question.options) if o.correct]
    distractors = [i for i, o in enumerate(question.options) if not o.correct and not (o.weight or 0) > 0]
    return keys, distractors


def _length(text: str) -> int:
    return len(" ".join(text.split()))


def _longest_option(question: ChoiceQuestion, where: list[str | int]) -> Iterator[Finding]:
    keys, distractors = _keys_and_distractors(question)
    if not keys or not distractors:
        return
    shortest_key = min(_length(question.options[i].text) for i in keys)
    longest_distractor = max(_length(question.options[i].text) for i in distractors)
    margin = shortest_key - longest_distractor
    if isinstance(question, SingleQuestion):
        flagged = shortest_key >= LONGEST_RATIO * longest_distractor and margin >= LONGEST_CHARS
        what = "the right option is the longest by a clear margin"
    else:
        flagged = isinstance(question, MultipleQuestion) and margin >= LONGEST_CHARS
        what = "every right option is longer than every distractor"
    if flagged:
        yield Finding(
            "longest-option",
            [*where, "options", keys[0]],
            f"{what} ({shortest_key} characters against at most {longest_distractor}): a learner can pick by "
            "length alone; lengthen a distractor or shorten the right option",
        )


def _absolute(text: str) -> list[str]:
    if _NONE_OF_RE.match(text):
        return []
    return [" ".join(m.group(1).lower().split()) for m in _ABSOLUTE_RE.finditer(text)]


def _absolute_words(question: ChoiceQuestion, where: list[str | int]) -> Iterator[Finding]:
    keys, distractors = _keys_and_distractors(question)
    if any(_absolute(question.options[i].text) for i in keys):
        return
    flagged = [(i, _absolute(question.options[i].text)) for i in distractors]
    flagged = [(i, words) for i, words in flagged if words]
    if flagged:
        words = sorted({w for _, found in flagged for w in found})
        which = ", ".join(f"options[{i}]" for i, _ in flagged)
        yield Finding(
            "absolute-words",
            [*where, "options", flagged[0][0]],
            f"absolute words ({', '.join(repr(w) for w in words)}) in distractors ({which}) but not in a right "
            "option: a learner rules them out without the lesson; make the distractors plausible "
            "misconceptions, or word a right option as firmly",
        )


def _of_the_above(question: ChoiceQuestion, where: list[str | int]) -> Iterator[Finding]:
    for index, option in enumerate(question.options):
        match = _ABOVE_RE.search(option.text)
        if match:
            yield Finding(
                "of-the-above",
                [*where, "options", index],
                f"an option {' '.join(match.group(0).split())!r}: it tests whether a learner spots two right "
                "(or wrong) options rather than the subject, and reads oddly when options are shuffled; "
                "write a real option",
            )


def _negative_stem(question: Question, where: list[str | int]) -> Iterator[Finding]:
    match = _NEGATIVE_CAPS_RE.search(question.prompt) or _NEGATIVE_RE.search(question.prompt)
    if match:
        yield Finding(
            "negative-stem",
            [*where, "prompt"],
            f"a negatively worded question ({' '.join(match.group(0).split())!r}): learners misread it and it "
            "tests what is false rather than what is true; ask for the right answer instead",
        )


def _one_short_answer(question: ShortQuestion, where: list[str | int]) -> Iterator[Finding]:
    accepted = [a for a in question.answers if a.weight > 0]
    if len(accepted) == 1 and not accepted[0].wildcard:
        yield Finding(
            "one-short-answer",
            [*where, "answers"],
            f"only one accepted answer ({accepted[0].text!r}): a learner who understood may type a synonym, "
            "a longer or shorter form, and be marked wrong; add the forms they would type, with partial "
            "weights and feedback for the close ones",
        )


def _true_false_balance(quiz: Quiz) -> Iterator[Finding]:
    items = [(i, q) for i, q in enumerate(quiz.questions) if isinstance(q, TrueFalseQuestion)]
    if len(items) < TRUE_FALSE_MIN:
        return
    true_count = sum(q.answer for _, q in items)
    majority = true_count * 2 >= len(items)
    count = true_count if majority else len(items) - true_count
    if count / len(items) > TRUE_FALSE_SHARE:
        first = next(i for i, q in items if q.answer is majority)
        side = "true" if majority else "false"
        yield Finding(
            "true-false-balance",
            ["questions", first, "answer"],
            f"{count} of the quiz's {len(items)} true/false answers are {side} (more than "
            f"{TRUE_FALSE_SHARE:.0%} one way): a learner who always answers {side} passes them; balance them "
            "(this rule is silenced with lint_ok at the top of the quiz)",
        )


def minutes_problem(lesson: Lesson) -> str | None:
    """Why a lesson's written `minutes` is far from its word count, or None."""
    given, estimate = lesson.meta.minutes, lesson.estimated_minutes
    if given is None or abs(given - estimate) < MINUTES_APART:
        return None
    if not (given > MINUTES_FACTOR * estimate or given * MINUTES_FACTOR < estimate):
        return None
    words_per_minute = math.ceil(lesson.words / given)
    return (
        f"says {given} minutes, but its {lesson.words} words read in about {estimate} (at {WORDS_PER_MINUTE} words a minute; "
        f"{given} minutes would be {words_per_minute} a minute); correct it, or leave `minutes` out and the "
        "estimate is used"
    )
