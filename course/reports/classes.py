"""The class report, as an aggregation over events only.

Nothing here reads a file: the same events give the same report whether they come from progress folders
or from a Learning Record Store, in whatever order they arrive. What each figure is made of:

- lessons completed: `LessonCompleted` events of the course's lessons;
- reading time: the `seconds` those completions carry, the time each lesson took to complete (time in a
  lesson not completed yet, or reading it again later, makes no event, so it is not counted);
- quizzes passed, attempts, best score: `QuizFinished` events that are not practice;
- most missed questions: `QuestionAnswered` events of graded (not practice) attempts; a skipped
  question makes no event;
- last active: the time of the learner's latest event (of any kind, practice included).

A learner with no event yet (a folder opened, nothing finished) appears in no report.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime

from course.content.models import Course, Quiz
from course.events import CourseCompleted, Event, LessonCompleted, QuestionAnswered, QuizFinished

BINS = 10
"""Score distributions count best scores in tenths: 0–9%, 10–19%, ... 90–100%."""


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


@dataclass
class QuestionStat:
    quiz: str
    question: str
    answered: int = 0
    correct: int = 0

    @property
    def correct_rate(self) -> float | None:
        return self.correct / self.answered if self.answered else None


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

    def hardest(self, n: int = 5) -> list[QuestionStat]:
        answered = [q for q in self.questions if q.answered]
        return sorted(answered, key=lambda q: (q.correct_rate or 0.0, -q.answered, q.quiz, q.question))[:n]


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

    def __init__(self, course: Course) -> None:
        self.course = course
        self.graded = graded_quizzes(course)
        self._graded_ids = {q.id for q in self.graded}
        self._lesson_ids = {lesson.id for lesson in course.lessons}
        self._learners: dict[str, _LearnerTally] = {}
        self._questions: dict[tuple[str, str], QuestionStat] = {}

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
        elif isinstance(event, CourseCompleted):
            tally.completed = True

    def learner_done(self, learner: str) -> None:
        """Nothing to fold: a learner's tally is already as small as their row."""

    def report(self, problems: list[str] | None = None) -> ClassReport:
        course = self.course
        report = ClassReport(course_id=course.id, course_title=course.title, problems=list(problems or []))
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
                )
            )
        for quiz_id, scores in bests.items():
            if scores:
                stats[quiz_id].mean_best_score = math.fsum(scores) / len(scores)
        report.quizzes = list(stats.values())
        report.questions = sorted(self._questions.values(), key=lambda q: (q.quiz, q.question))
        return report
