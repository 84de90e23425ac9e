"""Surface cues: how far a learner who has not read the lessons gets by picking options on their form alone.

Each cue is a deterministic guesser: on each choice question it ranks the options by one feature of their
wording (length, words shared with the prompt, hedged or absolute wording, how specific they are, whether
they give a reason) and picks the option it favours; options it cannot tell apart are picked at random, so
its expected credit on a question is the mean credit of the options it ties on. The combined guesser is a
learner who has noticed a pattern: on each single-answer question it follows the cue that did best against
chance on the quiz's other single-answer questions (all cues voting when none did). Multiple-answer
questions are answered by the cues' votes: every option with more votes than the question's median is
picked (those on the median at random), scored with the course's own scoring.

`quiz_cues(quiz)` measures one quiz; `course check` warns (rule `cue-guesser`) when the combined guesser
is well above chance on a quiz, and `course check --strict` prints the figures. To see them for any
course folder: `python -m course.content.cues DIR` (per cue: expected hits / questions against chance, for
the single-answer questions of the course and for each quiz).
"""

from __future__ import annotations

import itertools
import math
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from course.content.models import ChoiceQuestion, MultipleQuestion, Option, Question, Quiz, SingleQuestion
from course.content.wording import content_words, words

_NUMBER_RE = re.compile(r"\d")
HEDGES = frozenset(
    "usually often can may might some sometimes typically generally mostly partly largely tends tend depends "
    "depending likely unlikely many several most often frequently".split()
)
ABSOLUTES = frozenset("always never only all none every entirely completely totally simply alone any".split())
REASONS = frozenset("because since therefore so thus hence".split())

# A guesser is "well above chance" when it beats chance by at least this share of the questions' points and
# by at least WELL_ABOVE_Z standard deviations of a random guesser's total (one-sided, about 2%); a single
# cue, one of seven tried, needs CUE_ABOVE_Z (about 0.7%, so that seven tries rarely find one by luck).
WELL_ABOVE = 0.15
WELL_ABOVE_Z = 2.0
CUE_ABOVE_Z = 2.5
# Fewer choice questions than this tell nothing either way.
MIN_QUESTIONS = 4


def _length(option: Option, _prompt: frozenset[str]) -> float:
    return len(" ".join(option.text.split()))


def _overlap(option: Option, prompt: frozenset[str]) -> float:
    return len(content_words(option.text) & prompt)


def _hedged(option: Option, _prompt: frozenset[str]) -> float:
    found = words(option.text)
    return sum(w in HEDGES for w in found) - sum(w in ABSOLUTES for w in found)


def _specific(option: Option, _prompt: frozenset[str]) -> float:
    text = option.text
    return len(_NUMBER_RE.findall(text)) + text.count(",") + text.count(";") + sum(w == "and" for w in words(text))


def _no_reason(option: Option, _prompt: frozenset[str]) -> float:
    return -sum(w in REASONS for w in words(option.text))


@dataclass(frozen=True)
class Cue:
    name: str
    says: str
    feature: Callable[[Option, frozenset[str]], float]
    sign: int  # +1: the guesser favours high values; -1: low ones


CUES = (
    Cue("shortest", "the shortest option", _length, -1),
    Cue("longest", "the longest option", _length, +1),
    Cue("most-prompt-words", "the option sharing most words with the prompt", _overlap, +1),
    Cue("fewest-prompt-words", "the option sharing fewest words with the prompt", _overlap, -1),
    Cue("hedged", "the most hedged, least absolute option", _hedged, +1),
    Cue("most-specific", "the most specific option (numbers, lists)", _specific, +1),
    Cue("no-reason", "an option that gives no reason (no 'because', 'since')", _no_reason, +1),
)
COMBINED = "combined"
_COMBINED_CUE = Cue(COMBINED, "the option most cues favour", _length, 0)


@dataclass
class Tally:
    """Expected credit of a guesser summed over questions, against chance on the same questions."""

    questions: int = 0
    hits: float = 0.0
    chance: float = 0.0
    variance: float = 0.0  # of a random guesser's total

    def add(self, hit: float, chance: float, variance: float) -> None:
        self.questions += 1
        self.hits += hit
        self.chance += chance
        self.variance += variance

    @property
    def z(self) -> float:
        return (self.hits - self.chance) / math.sqrt(self.variance) if self.variance > 0 else 0.0

    def above(self, z: float) -> bool:
        return self.questions >= MIN_QUESTIONS and self.hits - self.chance >= WELL_ABOVE * self.questions and self.z >= z

    @property
    def well_above(self) -> bool:
        return self.above(WELL_ABOVE_Z)

    def as_dict(self) -> dict[str, float | int | bool]:
        return {
            "questions": self.questions, "hits": round(self.hits, 3), "chance": round(self.chance, 3),
            "z": round(self.z, 2), "well_above": self.well_above,
        }

    def line(self) -> str:
        if not self.questions:
            return "no questions"
        return (
            f"{self.hits:.1f} / {self.questions} ({self.hits / self.questions:.0%}) against "
            f"{self.chance:.1f} by chance ({self.chance / self.questions:.0%})"
        )


@dataclass
class QuizCues:
    """A quiz's figures: single-answer questions per cue; all choice questions for the combined guesser."""

    quiz: str
    single: dict[str, Tally] = field(default_factory=lambda: {c.name: Tally() for c in (*CUES, _COMBINED_CUE)})
    choice: Tally = field(default_factory=Tally)  # the combined guesser on every choice question

    def as_dict(self) -> dict[str, object]:
        """For `course check --strict --format json`: the combined guesser on every choice question, and each
        cue (and the combined guesser) on the single-answer questions."""
        return {
            "choice_questions": self.choice.as_dict(),
            "single_answer": {name: tally.as_dict() for name, tally in self.single.items()},
        }

    def best_cue(self) -> tuple[Cue, Tally] | None:
        tallies = [(c, self.single[c.name]) for c in CUES if self.single[c.name].questions]
        return max(tallies, key=lambda item: item[1].hits - item[1].chance) if tallies else None

    def gamed(self) -> str | None:
        """Why a guesser following cues does well above chance here, or None."""
        if self.choice.well_above:
            return (
                "a guesser who picks by the surface cue that works on the other questions (one of "
                f"{', '.join(c.name for c in CUES)}) scores {self.choice.line()} on "
                f"{plural_questions(self.choice.questions)}"
            )
        best = self.best_cue()
        if best is not None and best[1].above(CUE_ABOVE_Z):
            cue, tally = best
            return f"picking {cue.says} scores {tally.line()} on the single-answer questions"
        return None


def plural_questions(count: int) -> str:
    return f"{count} choice question{'s' if count != 1 else ''}"




def _favoured(values: Sequence[float]) -> list[int]:
    best = max(values)
    return [i for i, v in enumerate(values) if v == best]


def _cue_values(question: ChoiceQuestion, prompt: frozenset[str]) -> dict[str, list[float]]:
    """Each cue's value for each option (higher: favoured); a feature two cues share is measured once."""
    measured: dict[Callable[[Option, frozenset[str]], float], list[float]] = {}
    for cue in CUES:
        if cue.feature not in measured:
            measured[cue.feature] = [cue.feature(option, prompt) for option in question.options]
    return {cue.name: [cue.sign * v for v in measured[cue.feature]] for cue in CUES}


def _votes(values: dict[str, list[float]], count: int) -> list[float]:
    votes = [0.0] * count
    for cue_values in values.values():
        picked = _favoured(cue_values)
        if len(picked) < count:  # a cue that ties on every option does not vote
            for i in picked:
                votes[i] += 1 / len(picked)
    return votes


@dataclass(frozen=True)
class _SingleHits:
    """One single-answer question: each cue's expected credit, the votes' pick, chance and its variance."""

    by_cue: dict[str, float]
    voted: float
    chance: float
    variance: float


def _single(question: SingleQuestion, prompt: frozenset[str]) -> _SingleHits:
    credits = question.credits()
    n = len(credits)
    chance = sum(credits) / n
    variance = sum(c * c for c in credits) / n - chance * chance
    values = _cue_values(question, prompt)
    by_cue = {}
    for name, cue_values in values.items():
        picked = _favoured(cue_values)
        by_cue[name] = sum(credits[i] for i in picked) / len(picked)
    picked = _favoured(_votes(values, n))
    return _SingleHits(by_cue, sum(credits[i] for i in picked) / len(picked), chance, variance)


def _combine(singles: list[_SingleHits], into: QuizCues) -> None:
    """Each cue on its own, and the combined guesser: on each question, the cue that did best against chance
    on the other single-answer questions (a learner who has noticed a pattern); the cues' votes when there
    are no others, or no cue did better than chance on them."""
    total = {cue.name: sum(s.by_cue[cue.name] for s in singles) for cue in CUES}
    chance = sum(s.chance for s in singles)
    for single in singles:
        for cue in CUES:
            into.single[cue.name].add(single.by_cue[cue.name], single.chance, single.variance)
        others = {name: total[name] - single.by_cue[name] - (chance - single.chance) for name in total}
        best = max(others.values(), default=0.0)
        followed = [name for name, gain in others.items() if gain == best] if best > 1e-9 else []
        hit = sum(single.by_cue[name] for name in followed) / len(followed) if followed else single.voted
        into.single[COMBINED].add(hit, single.chance, single.variance)
        into.choice.add(hit, single.chance, single.variance)


# A multiple-answer question with more options than this is measured against a sample of chance, not all subsets.
_ALL_SUBSETS = 10


def multiple_fraction(credits: Sequence[float], right: frozenset[int], picked: Sequence[int]) -> float:
    """The fraction of its points a `multiple` question gives for the options at `picked` (positions), as
    course.scoring.score gives it (Moodle's rule: every right option and nothing that costs is full marks,
    otherwise the credits added up, held under full marks, never below 0), without building a response for
    each of the many subsets the chance figure needs. tests/test_lint_cues_and_leaks.py checks that the two agree."""
    if right <= set(picked) and all(credits[i] >= 0 for i in picked):
        return 1.0
    return max(0.0, min(sum(credits[i] for i in picked), 1.0 - 1e-6))


def _multiple(question: MultipleQuestion, prompt: frozenset[str], into: QuizCues) -> None:
    credits = question.credits()
    right = frozenset(i for i, o in enumerate(question.options) if o.correct)
    n = len(credits)
    values = _votes(_cue_values(question, prompt), n)
    middle = sorted(values)[n // 2]
    above = [i for i, v in enumerate(values) if v > middle]
    # Options on the median are picked or not at random: the mean over those choices (at most 2^6 of them).
    at = [i for i, v in enumerate(values) if v == middle][:6]
    outcomes = [
        multiple_fraction(credits, right, above + [i for i, bit in zip(at, bits, strict=True) if bit])
        for bits in itertools.product((0, 1), repeat=len(at))
    ]
    hit = sum(outcomes) / len(outcomes)
    masks: Iterable[int] = range(2**n) if n <= _ALL_SUBSETS else range(0, 2**n, max(1, 2**n // 1024))
    fractions = [multiple_fraction(credits, right, [i for i in range(n) if mask >> i & 1]) for mask in masks]
    chance = sum(fractions) / len(fractions)
    variance = sum(f * f for f in fractions) / len(fractions) - chance * chance
    into.choice.add(hit, chance, variance)


def quiz_cues(quiz: Quiz, questions: Iterable[Question] | None = None) -> QuizCues:
    """The guessers' figures on a quiz's own choice questions (or on `questions`)."""
    found = QuizCues(quiz.id)
    singles: list[_SingleHits] = []
    for question in quiz.questions if questions is None else questions:
        if not isinstance(question, ChoiceQuestion) or len(question.options) < 2 or "cue-guesser" in question.lint_ok:
            continue
        prompt = content_words(question.prompt)
        if isinstance(question, SingleQuestion):
            singles.append(_single(question, prompt))
        elif isinstance(question, MultipleQuestion):
            _multiple(question, prompt, found)
    _combine(singles, found)
    return found


def course_cues(quizzes: Iterable[Quiz]) -> tuple[list[QuizCues], QuizCues]:
    """Each quiz's figures, and the whole course's: every quiz's own questions once, the combined guesser
    learning its pattern from the whole course."""
    listed = list(quizzes)
    per_quiz = [quiz_cues(quiz) for quiz in listed]
    everything = Quiz.model_construct(id="(course)", title="The course", questions=[q for quiz in listed for q in quiz.questions])
    return per_quiz, quiz_cues(everything)


def summary_lines(figures: QuizCues) -> list[str]:
    """One line for the combined guesser on the choice questions, one for the strongest single cue."""
    name = "the course" if figures.quiz == "(course)" else figures.quiz
    lines = [f"{name}: cue-following guesser on choice questions: {figures.choice.line()}"
             + ("  <- well above chance" if figures.choice.well_above else "")]
    best = figures.best_cue()
    if best is not None:
        cue, tally = best
        lines.append(f"{' ' * len(name)}  strongest cue on single-answer questions, {cue.name}: {tally.line()}"
                     + ("  <- well above chance" if tally.above(CUE_ABOVE_Z) else ""))
    return lines


def table(per_quiz: Sequence[QuizCues], total: QuizCues) -> str:
    """Per cue: expected hits / single-answer questions against chance, for the course then each quiz."""
    names = [c.name for c in CUES] + [COMBINED]
    width = max(len(n) for n in names) + 2
    out = []
    for figures in (total, *per_quiz):
        title = "whole course" if figures is total else figures.quiz
        out.append(f"{title}: single-answer questions, expected hits by cue against chance")
        for name in names:
            tally = figures.single[name]
            mark = "  <- well above chance" if tally.above(WELL_ABOVE_Z if name == COMBINED else CUE_ABOVE_Z) else ""
            out.append(f"  {name:<{width}}{tally.line()}{mark}")
        out.append(f"  {'all choice questions, combined':<{width}} {figures.choice.line()}"
                   + ("  <- well above chance" if figures.choice.well_above else ""))
        out.append("")
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    from pathlib import Path

    from course.content import load_course

    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1 or args[0].startswith("-"):
        print("usage: python -m course.content.cues COURSE_DIR", file=sys.stderr)
        return 2
    root = Path(args[0])
    if not root.is_dir():
        print(f"{root}: no such folder", file=sys.stderr)
        return 2
    course = load_course(root)
    per_quiz, total = course_cues(course.quizzes[q] for q in sorted(course.quizzes))
    print(table(per_quiz, total), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
