"""Item-writing rules: flaws that let a test-wise learner answer a question without the lesson.

Each rule gives warnings, never errors: the quiz works, but a question can be answered from its form
rather than from what it asks. An author who has a reason for a flagged question silences the rule on
that question with `lint_ok = ["rule-id"]` and says why in `lint_reason` (on the quiz, for the quiz-wide
rules `true-false-balance`, `wrong-option-count` and `cue-guesser`). docs/authoring.md, "Item-writing
warnings", describes every rule. The rules on surface cues (course.content.cues), on answers printed in
another question (course.content.leaks) and on typed-answer forms live in modules of their own.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from course.content.leaks import Leak, exam_leaks, quiz_leaks
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
from course.content.typed import weaker_forms
from course.qtypes import type_of

# The right option "is the longest by a clear margin": at least this many times the longest distractor and
# at least this many characters longer (single choice); in multiple choice, every right option at least
# this many characters longer than every distractor.
LONGEST_RATIO = 1.5
LONGEST_CHARS = 10
# Multiple-answer questions: a quiz with at least this many has them "all with the same number of wrong options".
SAME_WRONG_MIN = 3
# Quiz-wide rules, silenced by `lint_ok` at the top of the quiz file.
QUIZ_RULES = ("true-false-balance", "wrong-option-count", "cue-guesser")
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
    question: str | None = None  # the id of the question it is about; None for a quiz-wide rule

    @property
    def message(self) -> str:
        about = f"question '{self.question}': " if self.question else ""
        where = "on the question" if self.question else "at the top of the quiz"
        return (
            f'{about}{self.reason} (item-writing rule "{self.rule}": fix it, or justify it {where} with '
            f'lint_ok = ["{self.rule}"] and lint_reason = "why")'
        )


def lint_quiz(quiz: Quiz, drawn: Sequence[Quiz] = ()) -> list[Finding]:
    """The item-writing warnings of one quiz that loaded without errors, silenced ones left out. `drawn` are
    the quizzes a final exam draws from: the questions its draws may pick (by their tags) are looked at with
    the exam's own, as an attempt may show them together."""
    drawn = _pickable(quiz, drawn)
    found: list[Finding] = []
    for index, question in enumerate(quiz.questions):
        where: list[str | int] = ["questions", index]
        found += [
            Finding(f.rule, f.loc, f.reason, question.id)
            for f in _question_findings(question, where)
            if f.rule not in question.lint_ok
        ]
    found += _leak_findings(quiz, drawn)
    # A silenced quiz-wide rule is not even measured.
    for rule, check in (
        ("true-false-balance", _true_false_balance),
        ("wrong-option-count", _wrong_option_count),
        ("cue-guesser", _cue_guesser),
    ):
        if rule not in quiz.lint_ok:
            found += check(quiz, drawn)
    return found


_Rule = Callable[[Any, list[str | int]], Iterator[Finding]]


def _question_rules(question: Question) -> list[tuple[str, _Rule]]:
    """The rules run on a question: those on the options of any choice question (the family's fields:
    `single`, `multiple`), those its type names as reading its own fields (`lint_rules`), and those on any
    question's prompt."""
    rules: list[tuple[str, _Rule]] = []
    if isinstance(question, ChoiceQuestion):
        rules += [
            ("longest-option", _longest_option),
            ("shortest-option", _shortest_option),
            ("absolute-words", _absolute_words),
            ("of-the-above", _of_the_above),
        ]
    rules += [(rule, TYPE_RULES[rule]) for rule in type_of(question).lint_rules]
    rules.append(("negative-stem", _negative_stem))
    return rules


def _question_findings(question: Question, where: list[str | int]) -> Iterator[Finding]:
    """The findings of each rule the question does not silence (a silenced rule is not even run)."""
    for rule, check in _question_rules(question):
        if rule not in question.lint_ok:
            yield from check(question, where)


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


def _shortest_option(question: ChoiceQuestion, where: list[str | int]) -> Iterator[Finding]:
    keys, distractors = _keys_and_distractors(question)
    if not keys or not distractors:
        return
    longest_key = max(_length(question.options[i].text) for i in keys)
    shortest_distractor = min(_length(question.options[i].text) for i in distractors)
    margin = shortest_distractor - longest_key
    if isinstance(question, SingleQuestion):
        flagged = shortest_distractor >= LONGEST_RATIO * longest_key and margin >= LONGEST_CHARS
        what = "the right option is the shortest by a clear margin"
    else:
        flagged = isinstance(question, MultipleQuestion) and margin >= LONGEST_CHARS
        what = "every right option is shorter than every distractor"
    if flagged:
        yield Finding(
            "shortest-option",
            [*where, "options", keys[0]],
            f"{what} ({longest_key} characters against at least {shortest_distractor}): a learner can pick by "
            "length alone; write the right option as fully as the others, or shorten the distractors "
            "(a distractor padded with a reason, 'because …', is a tell too)",
        )


def _several_right_single(question: SingleQuestion, where: list[str | int]) -> Iterator[Finding]:
    right = [i for i, o in enumerate(question.options) if o.correct]
    if len(right) == len(question.options):
        yield Finding(
            "several-right-single",
            [*where, "options", right[1]],
            f"a one-answer question with every option marked correct ({len(right)} of {len(right)}): any pick "
            "earns full points, so it tells nothing about the learner; keep one right option, make it "
            "`type = \"multiple\"`, or give the others a partial `weight`",
        )
    elif len(right) > 1:
        yield Finding(
            "several-right-single",
            [*where, "options", right[1]],
            f"a one-answer question with {len(right)} options marked correct (options "
            f"{', '.join(str(i) for i in right)}): the learner is told to pick one, and any of them earns full "
            "points; keep one right option, make it `type = \"multiple\"`, or give the others a partial `weight`",
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


def _short_answer_forms(question: ShortQuestion, where: list[str | int]) -> Iterator[Finding]:
    weaker = weaker_forms(question)
    if weaker:
        shown = "; ".join(f"{form!r} scores {given:.0%}, {answer!r} {full:.0%}" for answer, form, given, full in weaker[:4])
        yield Finding(
            "short-answer-forms",
            [*where, "answers"],
            f"a learner who types an accepted answer with an article, in the other number or in other letter case "
            f"scores less: {shown}{' …' if len(weaker) > 4 else ''}; add the forms as accepted answers with the "
            "same weight (an irregular plural such as 'analyses'), or reword a wildcard so that they match",
        )


TYPE_RULES: dict[str, _Rule] = {
    "several-right-single": _several_right_single,
    "one-short-answer": _one_short_answer,
    "short-answer-forms": _short_answer_forms,
}
"""The rules a question type names in its `lint_rules`, by id: each reads that type's own fields."""


def _pickable(quiz: Quiz, drawn: Sequence[Quiz]) -> list[Quiz]:
    """The quizzes `quiz` draws from, each with only the questions one of its draws may pick (all of its
    tags on the question)."""
    pickable = []
    for source in drawn:
        draws = [frozenset(d.tags) for d in quiz.draw if d.from_ == source.id]
        questions = [q for q in source.questions if any(tags <= set(q.tags) for tags in draws)]
        if questions:
            pickable.append(source if len(questions) == len(source.questions) else source.model_copy(update={"questions": questions}))
    return pickable


def _pool(quiz: Quiz, drawn: Sequence[Quiz]) -> list[Question]:
    """A quiz's own questions, then those of the quizzes its draws pick from (an exam's attempt shows both)."""
    return [*quiz.questions, *(q for source in drawn for q in source.questions)]


def _wrong_option_count(quiz: Quiz, drawn: Sequence[Quiz] = ()) -> Iterator[Finding]:
    multiples = [q for q in _pool(quiz, drawn) if isinstance(q, MultipleQuestion) and "wrong-option-count" not in q.lint_ok]
    if len(multiples) < SAME_WRONG_MIN:
        return
    counts = {len(_keys_and_distractors(q)[1]) for q in multiples}
    if len(counts) == 1:
        count = counts.pop()
        own = [i for i, q in enumerate(quiz.questions) if isinstance(q, MultipleQuestion)]
        loc: list[str | int] = ["questions", own[0], "options"] if own else ["draw", 0]
        scope = "of the quiz" if not drawn else "an attempt may show (its own and those its draws pick from)"
        yield Finding(
            "wrong-option-count",
            loc,
            f"all {len(multiples)} multiple-answer questions {scope} have exactly {count} wrong "
            f"option{'s' if count != 1 else ''}: a learner who notices leaves out the {count} least likely "
            "and picks the rest; vary the number of wrong options (and of right ones) between questions",
        )


def _cue_guesser(quiz: Quiz, drawn: Sequence[Quiz] = ()) -> Iterator[Finding]:
    from course.content.cues import quiz_cues  # here, so that `python -m course.content.cues` runs it fresh

    why = quiz_cues(quiz, _pool(quiz, drawn)).gamed()
    if why:
        scope = " (its own questions and those its draws pick from)" if drawn else ""
        yield Finding(
            "cue-guesser",
            ["title"],
            f"{why}{scope}: the quiz can be passed on the options' form; `python -m course.content.cues` "
            "gives each cue's figures; vary which option is longest, shortest, most hedged, most specific or "
            "gives a reason (a question is left out of the figures with its own lint_ok = [\"cue-guesser\"])",
        )


def _leak_findings(quiz: Quiz, drawn: Sequence[Quiz]) -> list[Finding]:
    own = {id(q): i for i, q in enumerate(quiz.questions)}
    draw_of: dict[int, tuple[int, str]] = {}
    for number, draw in enumerate(quiz.draw):
        for source in drawn:
            if source.id == draw.from_:
                draw_of.update({id(q): (number, source.id) for q in source.questions})
    found: list[Finding] = []
    for leak in exam_leaks(quiz, drawn) if drawn else quiz_leaks(quiz):
        if "answer-in-sibling" in leak.question.lint_ok:
            continue
        if id(leak.question) in own:
            loc: list[str | int] = ["questions", own[id(leak.question)]]
            found.append(Finding("answer-in-sibling", loc, _leak_reason(leak), leak.question.id))
        elif id(leak.question) in draw_of:
            number, source_id = draw_of[id(leak.question)]
            found.append(Finding(
                "answer-in-sibling", ["draw", number],
                f"drawn from quiz '{source_id}': " + _leak_reason(leak), leak.question.id,
            ))
    return found


def _leak_reason(leak: Leak) -> str:
    return (
        f"its answer {leak.term!r} is printed in the {leak.part} of question '{leak.where.id}', which a learner "
        "sees in the same quiz: they can copy it, or pick it as the term they have seen; reword that question, "
        "or ask this one another way"
    )


def _true_false_balance(quiz: Quiz, _drawn: Sequence[Quiz] = ()) -> Iterator[Finding]:
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
            f"{TRUE_FALSE_SHARE:.0%} one way): a learner who always answers {side} passes them; balance them",
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
