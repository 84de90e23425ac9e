"""Item analysis: how each question of each quiz behaved, as Moodle's quiz statistics report defines it.

For one question (an item) over the attempts that count, with x its mark in an attempt, X the rest of
that attempt's marks (the sum of its other questions' marks) and n the number of attempts:

- facility index: mean(x) / maximum mark, 0 (nobody got it) to 1 (everybody did);
- standard deviation: the sample standard deviation of x (n - 1), as a fraction of the maximum mark;
- random guess score: what picking at random would earn on average (choice and true/false questions);
- discrimination index: the correlation of x with X, cov(x, X) / sqrt(var(x) var(X)), -1 to 1;
- discriminative efficiency: cov(x, X) / cov_max(x, X), where cov_max pairs the sorted x with the sorted
  X (the largest covariance those marks allow); at most 1, of the same sign as the discrimination index.

Moodle shows these as percentages; they are kept here as fractions. The statistics need two attempts or
more (and marks that vary); otherwise they are None.

Which attempts count: by default each learner's first graded attempt at the quiz (what Moodle's
documentation recommends for item analysis, since later attempts build on the earlier ones); also the
last, the highest-scoring, or all graded attempts (each then counted as if by a different learner).
Practice attempts never count. A question the quiz always asks (one written in it, not drawn from
another quiz) that an attempt left unanswered counts as a mark of 0, as in Moodle; a drawn question
counts only in the attempts that answered it, since an attempt that did not may never have shown it.

A question is flagged (too easy, too hard...) only once it has `min_responses` answers or more (default
MIN_RESPONSES): with two or three, any figure is chance.

Events arrive in any order. Until a learner's attempts at a quiz are known to be complete (progress
folders say so after each learner; a Learning Record Store only at the end), the aggregator keeps the
answers of the attempt that counts so far and of attempts it cannot rank yet; an attempt that can no
longer count is dropped at once.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

from course.content.markdown import plain_text
from course.content.models import Course, Question, Quiz
from course.events import Event, QuestionAnswered, QuizFinished
from course.progress.models import Response
from course.qtypes import type_of
from course.quizrun import resolve_key

from .classes import MIN_RESPONSES

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

Which = Literal["first", "last", "highest", "all"]
WHICH: tuple[Which, ...] = ("first", "last", "highest", "all")

TOO_EASY = 0.95
TOO_HARD = 0.2
FLAGS = {
    "too_easy": f"too easy (facility above {TOO_EASY:.0%})",
    "too_hard": f"too hard (facility below {TOO_HARD:.0%})",
    "negative_discrimination": "discriminates negatively (stronger learners do worse on it)",
    "unpicked_distractor": "a wrong option nobody picks",
}


@dataclass
class OptionStat:
    key: str  # the option's key as responses store it ("a", "b", or its id; "true"/"false")
    text: str
    correct: bool  # a right answer (of a multiple choice, one of the right options)
    credit: float  # what picking it earns, as a fraction of the points (negative: what it costs)
    chosen: int  # attempts that picked it
    share: float | None  # chosen / attempts that answered the question

    @property
    def distractor(self) -> bool:
        """A wrong option: not right and earning nothing."""
        return not self.correct and self.credit <= 0


@dataclass
class ItemStat:
    quiz: str
    question: str  # the question's key in the quiz ("q1", or "other-quiz/q1" when drawn)
    type: str
    prompt: str
    points: float
    attempts: int  # attempts counted for this question
    answered: int  # of which answered (not skipped)
    facility: float | None
    sd: float | None
    random_guess: float | None
    discrimination: float | None
    efficiency: float | None
    options: list[OptionStat] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    invalid: int = 0  # of the answers, those that are no answer to the question (a choice naming no option)


@dataclass
class QuizItems:
    quiz: str
    title: str
    attempts: int
    items: list[ItemStat] = field(default_factory=list)


@dataclass
class ItemReport:
    course_id: str
    course_title: str
    which: Which
    quizzes: list[QuizItems] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    min_responses: int = MIN_RESPONSES  # a question with fewer answers is never flagged


# ---------------------------------------------------------------------------------------------- statistics


@dataclass(frozen=True)
class Moments:
    facility: float | None
    sd: float | None
    discrimination: float | None
    efficiency: float | None


def item_moments(marks: list[float] | array[float], rest: list[float] | array[float], max_mark: float) -> Moments:
    """Facility, SD, discrimination index and discriminative efficiency of one item from its marks and the
    rest-of-test marks of the same attempts (Moodle's formulas, as fractions)."""
    n = len(marks)
    if n == 0 or max_mark <= 0:
        return Moments(None, None, None, None)
    mx = math.fsum(marks) / n
    facility = min(1.0, max(0.0, mx / max_mark))
    if n < 2:
        return Moments(facility, None, None, None)
    my = math.fsum(rest) / n
    dx = [x - mx for x in marks]
    dy = [y - my for y in rest]
    var_x = math.fsum(d * d for d in dx) / (n - 1)
    var_y = math.fsum(d * d for d in dy) / (n - 1)
    cov = math.fsum(a * b for a, b in zip(dx, dy, strict=True)) / (n - 1)
    cov_max = math.fsum((a - mx) * (b - my) for a, b in zip(sorted(marks), sorted(rest), strict=True)) / (n - 1)
    tiny = 1e-12 * max(1.0, max_mark) ** 2
    sd = math.sqrt(var_x) / max_mark
    discrimination = None
    if var_x > tiny and var_y > tiny:
        discrimination = min(1.0, max(-1.0, cov / math.sqrt(var_x * var_y)))
    efficiency = min(1.0, cov / cov_max) if cov_max > tiny else None
    return Moments(facility, sd, discrimination, efficiency)


def random_guess_score(question: Question) -> float | None:
    """What a random response earns on average, as a fraction of the points (each type says how it is
    guessed: an option of a single choice, a non-empty set of options of a multiple choice, one in two for
    true/false, 0 for typed answers); None where a guess has no natural meaning (matching, ordering)."""
    return type_of(question).guess_score(question)


# ---------------------------------------------------------------------------------------------- aggregation


class _Attempt:
    __slots__ = ("answers", "finished", "score", "started")

    def __init__(self) -> None:
        self.answers: dict[str, tuple[float, float, Response]] = {}  # question key -> (mark, points, response)
        self.finished: datetime | None = None  # set once its QuizFinished event has come
        self.started = _EPOCH
        self.score = 0.0


class _Candidates:
    """One learner's attempts at one quiz that may still count."""

    __slots__ = ("attempts", "dropped")

    def __init__(self) -> None:
        self.attempts: dict[str, _Attempt] = {}
        self.dropped: set[str] = set()


class _Item:
    __slots__ = ("answered", "chosen", "invalid", "marks", "points", "rest")

    def __init__(self) -> None:
        self.marks: array[float] = array("d")
        self.rest: array[float] = array("d")
        self.points = 0.0
        self.answered = 0  # answers that are answers to the question (see ItemStat.invalid)
        self.invalid = 0
        self.chosen: Counter[str] = Counter()


class _QuizTotals:
    __slots__ = ("attempts", "items")

    def __init__(self) -> None:
        self.attempts = 0
        self.items: dict[str, _Item] = {}


def _rank(which: Which, attempt_id: str, attempt: _Attempt) -> tuple[object, ...]:
    """Sort key: the attempt that counts sorts first."""
    started = attempt.started
    if which == "first":
        return (started, attempt_id)
    if which == "last":
        return (-started.timestamp(), _reverse(attempt_id))
    return (-attempt.score, started, attempt_id)  # highest; of equal scores, the earliest


def _reverse(text: str) -> tuple[int, ...]:
    return tuple(-ord(ch) for ch in text)


class ItemAggregator:
    """Takes events (see course.reports.feed) and makes the item analysis of every quiz (or of one)."""

    def __init__(
        self, course: Course, which: Which = "first", quiz: str | None = None, min_responses: int = MIN_RESPONSES
    ) -> None:
        if which not in WHICH:
            raise ValueError(f"which attempts: {which!r} is not one of {', '.join(WHICH)}")
        self.course = course
        self.min_responses = min_responses
        self.which: Which = which
        self.only = quiz
        self._pending: dict[tuple[str, str], _Candidates] = {}
        self._by_learner: dict[str, set[str]] = {}
        self._totals: dict[str, _QuizTotals] = {}
        self._questions: dict[tuple[str, str], Question | None] = {}  # (quiz, question key): its question

    # -- taking events

    def add(self, event: Event) -> None:
        if not isinstance(event, QuestionAnswered | QuizFinished) or event.practice:
            return
        if self.only is not None and event.quiz != self.only:
            return
        key = (event.learner, event.quiz)
        candidates = self._pending.get(key)
        if candidates is None:
            candidates = self._pending[key] = _Candidates()
            self._by_learner.setdefault(event.learner, set()).add(event.quiz)
        if event.attempt in candidates.dropped:
            return
        attempt = candidates.attempts.get(event.attempt)
        if attempt is None:
            attempt = candidates.attempts[event.attempt] = _Attempt()
        if isinstance(event, QuestionAnswered):
            attempt.answers[event.question] = (event.score, event.points, event.response)
            return
        attempt.finished, attempt.started, attempt.score = event.at, event.started_at, event.score
        self._prune(candidates)

    def _prune(self, candidates: _Candidates) -> None:
        """Of the attempts whose end is known, only the one that counts so far is kept (all, for "all")."""
        if self.which == "all":
            return
        ranked = sorted(
            (_rank(self.which, attempt_id, attempt), attempt_id)
            for attempt_id, attempt in candidates.attempts.items()
            if attempt.finished is not None
        )
        for _, attempt_id in ranked[1:]:
            del candidates.attempts[attempt_id]
            candidates.dropped.add(attempt_id)

    def held_attempts(self) -> int:
        """Attempts whose answers are held until their learner is done: none between two learners read
        from progress folders, which is what keeps memory flat however large the class."""
        return sum(len(candidates.attempts) for candidates in self._pending.values())

    def learner_done(self, learner: str) -> None:
        """Count what the learner's attempts contribute, and forget them."""
        for quiz_id in sorted(self._by_learner.pop(learner, ())):
            candidates = self._pending.pop((learner, quiz_id), None)
            if candidates is not None:
                self._count(quiz_id, candidates)

    def _count(self, quiz_id: str, candidates: _Candidates) -> None:
        finished = sorted(
            (_rank(self.which, attempt_id, attempt), attempt_id, attempt)
            for attempt_id, attempt in candidates.attempts.items()
            if attempt.finished is not None  # answers without their attempt's end cannot be ranked
        )
        counted = [a for _, _, a in finished] if self.which == "all" else [a for _, _, a in finished[:1]]
        quiz = self.course.quiz(quiz_id)
        always = [q.id for q in quiz.questions] if quiz is not None else []
        totals = self._totals.get(quiz_id)
        if totals is None:
            totals = self._totals[quiz_id] = _QuizTotals()
        for attempt in counted:
            totals.attempts += 1
            marks = {key: mark for key, (mark, _, _) in attempt.answers.items()}
            for key in always:
                marks.setdefault(key, 0.0)  # asked but skipped: a mark of 0
            total = math.fsum(marks.values())
            for key, mark in marks.items():
                item = totals.items.get(key)
                if item is None:
                    item = totals.items[key] = _Item()
                item.marks.append(mark)
                item.rest.append(total - mark)
                answer = attempt.answers.get(key)
                if answer is None:
                    continue
                item.points = max(item.points, answer[1])
                if self._is_answer(quiz, key, answer[2]):
                    item.answered += 1
                    item.chosen.update(_picked(answer[2]))
                else:  # kept from before the engine refused such responses: counted apart, not as a pick
                    item.invalid += 1

    def _is_answer(self, quiz: Quiz | None, key: str, response: Response) -> bool:
        """Whether a stored response is an answer to its question as the course has it now (a skip is; so is
        any response to a question no longer in the course, which has nothing to check it against)."""
        if response is None or quiz is None:
            return True
        where = (quiz.id, key)
        if where not in self._questions:
            found = resolve_key(self.course, quiz, key)
            self._questions[where] = found[1] if found else None
        question = self._questions[where]
        return question is None or type_of(question).response_problem(question, response) is None

    # -- the result

    def report(self, problems: list[str] | None = None) -> ItemReport:
        for learner in sorted(self._by_learner):
            self.learner_done(learner)
        course = self.course
        report = ItemReport(
            course.id, course.title, self.which, problems=list(problems or []), min_responses=self.min_responses
        )
        quiz_ids = [q.id for q in _quiz_order(course)]
        quiz_ids += sorted(q for q in self._totals if q not in quiz_ids)
        for quiz_id in quiz_ids:
            if self.only is not None and quiz_id != self.only:
                continue
            quiz = course.quiz(quiz_id)
            totals = self._totals.get(quiz_id, _QuizTotals())
            result = QuizItems(quiz_id, quiz.title if quiz else quiz_id, totals.attempts)
            for key in _item_order(quiz, totals.items):
                stat = _item_stat(course, quiz, quiz_id, key, totals.items.get(key))
                if stat.answered < self.min_responses:  # too few answers to say anything of it: no flag
                    stat.flags = []
                result.items.append(stat)
            report.quizzes.append(result)
        return report


def _quiz_order(course: Course) -> list[Quiz]:
    lesson_quizzes = [q for lesson in course.lessons if (q := course.quiz_for(lesson))]
    rest = sorted((q for q in course.quizzes.values() if q not in lesson_quizzes), key=lambda q: q.id)
    return lesson_quizzes + rest


def _item_order(quiz: Quiz | None, items: dict[str, _Item]) -> list[str]:
    written = [q.id for q in quiz.questions] if quiz is not None else []
    return written + sorted(k for k in items if k not in written)


def _picked(response: Response) -> list[str]:
    """The option keys a response picked (choice questions), or "true"/"false"."""
    if isinstance(response, bool):
        return ["true" if response else "false"]
    if isinstance(response, str):
        return [response]
    if isinstance(response, list):
        return list(dict.fromkeys(str(r) for r in response))
    return []


def _options(question: Question | None, item: _Item) -> list[OptionStat]:
    def share(n: int) -> float | None:
        return n / item.answered if item.answered else None

    rows = type_of(question).option_rows(question) if question is not None else None
    if rows is None:
        return []
    return [
        OptionStat(key, plain_text(text), right, credit, item.chosen[key], share(item.chosen[key]))
        for key, text, right, credit in rows
    ]


def _item_stat(course: Course, quiz: Quiz | None, quiz_id: str, key: str, item: _Item | None) -> ItemStat:
    found = resolve_key(course, quiz, key) if quiz is not None else None
    question = found[1] if found else None
    item = item or _Item()
    points = question.points if question is not None else item.points
    moments = item_moments(item.marks, item.rest, points)
    options = _options(question, item)
    flags = []
    if moments.facility is not None and moments.facility > TOO_EASY:
        flags.append("too_easy")
    if moments.facility is not None and moments.facility < TOO_HARD:
        flags.append("too_hard")
    if moments.discrimination is not None and moments.discrimination < 0:
        flags.append("negative_discrimination")
    if item.answered and any(o.distractor and o.chosen == 0 for o in options):
        flags.append("unpicked_distractor")
    return ItemStat(
        quiz=quiz_id,
        question=key,
        type=_type_name(question),
        prompt=plain_text(question.prompt) if question is not None else key,
        points=points,
        attempts=len(item.marks),
        answered=item.answered,
        facility=moments.facility,
        sd=moments.sd,
        random_guess=random_guess_score(question) if question is not None else None,
        discrimination=moments.discrimination,
        efficiency=moments.efficiency,
        options=options,
        flags=flags,
        invalid=item.invalid,
    )


def _type_name(question: Question | None) -> str:
    if question is None:
        return "?"
    return question.type
