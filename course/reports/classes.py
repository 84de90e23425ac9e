"""The class report, as an aggregation over events only.

Nothing here reads a file: the same events give the same report whether they come from progress folders
or from a Learning Record Store, in whatever order they arrive. What each figure is made of:

- lessons completed: `LessonCompleted` events of the course's lessons;
- reading time: the `seconds` those completions carry, the time each lesson took to complete (time in a
  lesson not completed yet, or reading it again later, makes no event, so it is not counted);
- quizzes passed, attempts, best score: `QuizFinished` events that are not practice;
- attempts used and left: the graded attempts finished, and what the quiz's `max_attempts` leaves;
- most missed questions: `QuestionAnswered` events of graded (not practice) attempts; a skipped
  question makes no event. They are ranked by the upper end of the 95% Wilson interval of the share
  answered right (course.reports.wilson), so that a question answered by few learners ranks by what those
  few answers can show; a question with fewer than `min_responses` answers is not ranked at all;
- certainty, on a confidence-marked quiz: the certainty each graded answer was given with (1, 2, 3), and
  how many were right or wrong while sure (2 or 3, as the learner's review marks "sure, wrong");
- last active: the time of the learner's latest event (of any kind, practice included);
- open attempts: only from progress folders (course.reports.open_attempts); an LRS has no such record.

A learner with no event yet (a folder opened, nothing finished) appears in no learner row; an open
attempt of theirs is still listed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime

from course.content.models import Course, Quiz
from course.events import CourseCompleted, Event, LessonCompleted, QuestionAnswered, QuizFinished
from course.scoring import cbm_mark

from .open_attempts import OpenAttempt
from .wilson import wilson_interval

BINS = 10
"""Score distributions count best scores in tenths: 0–9%, 10–19%, ... 90–100%."""


MIN_RESPONSES = 10
"""Answers a question needs before a report ranks it among the most missed or flags it (`--min-responses`):
with fewer, one learner more or less moves its share by ten points or more."""

SURE = (2, 3)
"""The certainties that say the learner was sure (fairly or very): wrong at these, the CBM mark is below 0."""


def decile(score: float) -> int:
    """The tenth a score from 0 to 1 falls in (0..9; a full score is in the last)."""
    return min(BINS - 1, max(0, math.floor(score * BINS + 1e-9)))


@dataclass
class LearnerRow:
    learner: str
    lessons_completed: int
    lessons_total: int
    quizzes_passed: int
    quizzes_total: int
    best_scores: dict[str, float | None]  # quiz id -> best score 0..1 (None: not attempted)
    minutes_reading: float
    last_active: datetime | None
    course_completed: bool = False
    attempts_used: dict[str, int] = field(default_factory=dict)  # quiz id -> graded attempts finished
    attempts_left: dict[str, int | None] = field(default_factory=dict)  # quiz id -> left (None: no limit)


@dataclass
class QuestionStat:
    quiz: str
    question: str
    answered: int = 0
    correct: int = 0

    @property
    def correct_rate(self) -> float | None:
        return self.correct / self.answered if self.answered else None

    @property
    def right_at_most(self) -> float:
        """The upper end of the 95% Wilson interval of the share right: the most it plausibly is."""
        return wilson_interval(self.correct, self.answered)[1]


@dataclass
class CertaintyLevel:
    certainty: int  # 1 not very sure, 2 fairly sure, 3 very sure
    answers: int = 0
    right: int = 0


@dataclass
class CertaintyStat:
    """How sure learners were on a confidence-marked quiz, over its graded answers."""

    quiz: str
    title: str
    levels: list[CertaintyLevel] = field(default_factory=lambda: [CertaintyLevel(c) for c in (1, 2, 3)])
    sure_right: int = 0  # right while fairly or very sure
    sure_wrong: int = 0  # wrong (no credit) while fairly or very sure
    cbm_average: float | None = None  # the mean CBM mark per point, -6 to 3
    sure_wrong_by_learner: dict[str, int] = field(default_factory=dict)

    @property
    def answers(self) -> int:
        return sum(level.answers for level in self.levels)


@dataclass
class QuizStat:
    quiz: str
    title: str
    learners_attempted: int = 0
    learners_passed: int = 0
    attempts: int = 0
    mean_best_score: float | None = None
    distribution: list[int] = field(default_factory=lambda: [0] * BINS)  # learners' best scores by tenth


@dataclass
class ClassReport:
    course_id: str
    course_title: str
    learners: list[LearnerRow] = field(default_factory=list)
    quizzes: list[QuizStat] = field(default_factory=list)
    questions: list[QuestionStat] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    min_responses: int = MIN_RESPONSES
    certainty: list[CertaintyStat] = field(default_factory=list)  # the confidence-marked quizzes
    open_attempts: list[OpenAttempt] | None = None  # None: not known (the report was read from an LRS)

    def hardest(self, n: int = 5) -> list[QuestionStat]:
        """The most missed questions with `min_responses` answers or more: lowest upper end of the Wilson
        interval of the share right first (then the lower share, the more answers)."""
        ranked = [q for q in self.questions if q.answered and q.answered >= self.min_responses]
        return sorted(
            ranked, key=lambda q: (q.right_at_most, q.correct_rate or 0.0, -q.answered, q.quiz, q.question)
        )[:n]

    def too_few(self) -> list[QuestionStat]:
        """The questions answered, but fewer than `min_responses` times: not ranked."""
        return [q for q in self.questions if 0 < q.answered < self.min_responses]


def graded_quizzes(course: Course) -> list[Quiz]:
    """The quizzes a report has a column for: each lesson's quiz in course order, then the exams."""
    lesson_quizzes = [q for lesson in course.lessons if (q := course.quiz_for(lesson))]
    return lesson_quizzes + [q for q in course.exams if q not in lesson_quizzes]


class _QuizTally:
    __slots__ = ("attempts", "best", "passed")

    def __init__(self) -> None:
        self.attempts = 0
        self.passed = False
        self.best: float | None = None


class _LearnerTally:
    __slots__ = ("completed", "last", "quizzes", "reading")

    def __init__(self) -> None:
        self.reading: dict[str, float] = {}  # completed lesson -> seconds spent reading it
        self.quizzes: dict[str, _QuizTally] = {}
        self.last: datetime | None = None
        self.completed = False


class ClassAggregator:
    """Takes events (see course.reports.feed) and makes the class report. Every figure is a count, a sum
    kept per lesson, a maximum or a flag, so the order events arrive in changes nothing; per learner it
    keeps one small tally, whatever the number of attempts."""

    def __init__(self, course: Course, min_responses: int = MIN_RESPONSES) -> None:
        self.course = course
        self.min_responses = min_responses
        self.graded = graded_quizzes(course)
        self._graded_ids = {q.id for q in self.graded}
        self._lesson_ids = {lesson.id for lesson in course.lessons}
        self._learners: dict[str, _LearnerTally] = {}
        self._questions: dict[tuple[str, str], QuestionStat] = {}
        confident = [q for q in self.graded if q.confidence]
        self._certainty = {q.id: CertaintyStat(quiz=q.id, title=q.title) for q in confident}
        self._cbm: dict[str, list[float]] = {q.id: [0.0, 0.0] for q in confident}  # quiz -> [marks, points]
        self._open: list[OpenAttempt] | None = None

    def add_open(self, attempts: list[OpenAttempt]) -> None:
        """One learner's open attempts, from their progress folder (course.reports.feed)."""
        if self._open is None:
            self._open = []
        self._open.extend(a for a in attempts if a.quiz in self._graded_ids)

    def add(self, event: Event) -> None:
        tally = self._learners.get(event.learner)
        if tally is None:
            tally = self._learners[event.learner] = _LearnerTally()
        if tally.last is None or event.at > tally.last:
            tally.last = event.at
        if isinstance(event, LessonCompleted):
            tally.reading[event.lesson] = event.seconds
        elif isinstance(event, QuizFinished):
            if event.practice or event.quiz not in self._graded_ids:
                return
            quiz = tally.quizzes.get(event.quiz)
            if quiz is None:
                quiz = tally.quizzes[event.quiz] = _QuizTally()
            quiz.attempts += 1
            quiz.passed = quiz.passed or event.passed
            quiz.best = event.score if quiz.best is None else max(quiz.best, event.score)
        elif isinstance(event, QuestionAnswered):
            if event.practice:
                return
            key = (event.quiz, event.question)
            stat = self._questions.get(key)
            if stat is None:
                stat = self._questions[key] = QuestionStat(quiz=event.quiz, question=event.question)
            stat.answered += 1
            stat.correct += int(event.correct)
            if event.certainty is not None and event.quiz in self._certainty:
                self._add_certainty(event)
        elif isinstance(event, CourseCompleted):
            tally.completed = True

    def _add_certainty(self, event: QuestionAnswered) -> None:
        stat = self._certainty[event.quiz]
        certainty = event.certainty or 1
        level = stat.levels[certainty - 1]
        level.answers += 1
        level.right += int(event.correct)
        fraction = event.score / event.points if event.points > 0 else float(event.correct)
        mark = cbm_mark(fraction, certainty)
        self._cbm[event.quiz][0] += mark * (event.points if event.points > 0 else 1.0)
        self._cbm[event.quiz][1] += event.points if event.points > 0 else 1.0
        if certainty in SURE:
            if event.correct:
                stat.sure_right += 1
            elif mark < 0:
                stat.sure_wrong += 1
                stat.sure_wrong_by_learner[event.learner] = stat.sure_wrong_by_learner.get(event.learner, 0) + 1

    def learner_done(self, learner: str) -> None:
        """Nothing to fold: a learner's tally is already as small as their row."""

    def report(self, problems: list[str] | None = None) -> ClassReport:
        course = self.course
        report = ClassReport(
            course_id=course.id, course_title=course.title, problems=list(problems or []),
            min_responses=self.min_responses,
        )
        stats = {q.id: QuizStat(quiz=q.id, title=q.title) for q in self.graded}
        bests: dict[str, list[float]] = {q.id: [] for q in self.graded}
        for name in sorted(self._learners):
            tally = self._learners[name]
            best: dict[str, float | None] = {}
            for quiz in self.graded:
                state = tally.quizzes.get(quiz.id)
                best[quiz.id] = state.best if state else None
                if state is None:
                    continue
                stat = stats[quiz.id]
                stat.learners_attempted += 1
                stat.learners_passed += int(state.passed)
                stat.attempts += state.attempts
                if state.best is not None:
                    bests[quiz.id].append(state.best)
                    stat.distribution[decile(state.best)] += 1
            report.learners.append(
                LearnerRow(
                    learner=name,
                    lessons_completed=len(self._lesson_ids & tally.reading.keys()),
                    lessons_total=len(course.lessons),
                    quizzes_passed=sum(1 for q in tally.quizzes.values() if q.passed),
                    quizzes_total=len(self.graded),
                    best_scores=best,
                    minutes_reading=round(math.fsum(sorted(tally.reading.values())) / 60, 1),
                    last_active=tally.last,
                    course_completed=tally.completed,
                    attempts_used={q.id: _used(tally, q) for q in self.graded},
                    attempts_left={q.id: _left(tally, q) for q in self.graded},
                )
            )
        for quiz_id, scores in bests.items():
            if scores:
                stats[quiz_id].mean_best_score = math.fsum(scores) / len(scores)
        report.quizzes = list(stats.values())
        report.questions = sorted(self._questions.values(), key=lambda q: (q.quiz, q.question))
        for quiz_id, sure in self._certainty.items():
            marks, points = self._cbm[quiz_id]
            sure.cbm_average = marks / points if points else None
            sure.sure_wrong_by_learner = dict(sorted(sure.sure_wrong_by_learner.items(), key=lambda kv: (-kv[1], kv[0])))
        report.certainty = list(self._certainty.values())
        if self._open is not None:
            report.open_attempts = sorted(self._open, key=lambda a: (a.last_active, a.learner, a.quiz))
        return report


def _used(tally: _LearnerTally, quiz: Quiz) -> int:
    state = tally.quizzes.get(quiz.id)
    return state.attempts if state else 0


def _left(tally: _LearnerTally, quiz: Quiz) -> int | None:
    """The graded attempts the learner has left at `quiz`, as the app counts them; None without a limit."""
    return None if quiz.max_attempts is None else max(0, quiz.max_attempts - _used(tally, quiz))
