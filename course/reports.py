"""Class results: every learner's progress in one course, read without changing a file.

Used by `course report`. Unreadable files are reported, never moved or rewritten (that is the learner
app's job when the learner next opens the course).
"""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from course.content.models import Course
from course.progress import ProgressStore
from course.scoring import percent


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
        return sorted(answered, key=lambda q: (q.correct_rate or 0.0, -q.answered))[:n]


def xapi_export(course: Course, progress_root: Path) -> tuple[list[dict[str, Any]], list[str]]:
    """Every learner's xAPI statements (see course.xapi) and what could not be read, in memory: for a
    large class, course.xapi.write_statements writes them as they are made."""
    from course.events import folder_events
    from course.xapi import StatementMaker, xapi_settings

    problems: list[str] = []
    maker = StatementMaker(course, xapi_settings(course))
    statements = [s for events in folder_events(course, progress_root, problems) for s in maker.statements(events)]
    return statements, problems


def class_report(course: Course, progress_root: Path) -> ClassReport:
    report = ClassReport(course_id=course.id, course_title=course.title)
    lesson_quizzes = [q for lesson in course.lessons if (q := course.quiz_for(lesson))]
    graded = lesson_quizzes + [q for q in course.exams if q not in lesson_quizzes]
    quiz_stats = {q.id: QuizStat(quiz=q.id, title=q.title) for q in graded}
    best_by_quiz: dict[str, list[float]] = {q.id: [] for q in graded}
    question_stats: dict[tuple[str, str], QuestionStat] = {}

    for record in ProgressStore(progress_root, course.id).records(report.problems):
        name, summary, attempts = record.name, record.summary, record.attempts
        best: dict[str, float | None] = {}
        for quiz in graded:
            state = summary.quizzes.get(quiz.id)
            best[quiz.id] = state.best_score if state else None
            stat = quiz_stats[quiz.id]
            if state and state.attempts:
                stat.learners_attempted += 1
                stat.attempts += state.attempts
                stat.learners_passed += int(state.passed)
                if state.best_score is not None:
                    best_by_quiz[quiz.id].append(state.best_score)
        for attempt in attempts:
            if attempt.practice or attempt.finished_at is None:
                continue
            for answer in attempt.answers:
                key = (attempt.quiz, answer.question)
                stat_q = question_stats.setdefault(key, QuestionStat(quiz=attempt.quiz, question=answer.question))
                stat_q.answered += 1
                stat_q.correct += int(answer.correct)
        lesson_ids = {lesson.id for lesson in course.lessons}
        report.learners.append(
            LearnerRow(
                learner=name,
                lessons_completed=sum(
                    1 for lid, s in summary.lessons.items() if lid in lesson_ids and s.completed_at is not None
                ),
                lessons_total=len(course.lessons),
                quizzes_passed=sum(1 for q in graded if (s := summary.quizzes.get(q.id)) and s.passed),
                quizzes_total=len(graded),
                best_scores=best,
                minutes_reading=round(sum(s.seconds for s in summary.lessons.values()) / 60, 1),
                last_active=summary.updated_at,
            )
        )
    for quiz_id, scores in best_by_quiz.items():
        if scores:
            quiz_stats[quiz_id].mean_best_score = sum(scores) / len(scores)
    report.quizzes = list(quiz_stats.values())
    report.questions = sorted(question_stats.values(), key=lambda q: (q.quiz, q.question))
    return report


def render_text(report: ClassReport) -> str:
    out = io.StringIO()
    out.write(f"{report.course_title} ({report.course_id}): {len(report.learners)} learner(s)\n\n")
    if report.learners:
        header = f"{'Learner':<20} {'Lessons':>9} {'Quizzes passed':>15} {'Reading':>9}  Last active"
        out.write(header + "\n" + "-" * len(header) + "\n")
        for row in report.learners:
            last = row.last_active.astimezone().strftime("%Y-%m-%d %H:%M") if row.last_active else "—"
            out.write(
                f"{row.learner[:20]:<20} {row.lessons_completed:>4}/{row.lessons_total:<4} "
                f"{row.quizzes_passed:>9}/{row.quizzes_total:<5} {row.minutes_reading:>7.0f}m  {last}\n"
            )
        out.write("\n")
    if report.quizzes:
        header = f"{'Quiz':<40} {'Tried':>6} {'Passed':>7} {'Attempts':>9} {'Mean best':>10}"
        out.write(header + "\n" + "-" * len(header) + "\n")
        for q in report.quizzes:
            out.write(
                f"{q.title[:40]:<40} {q.learners_attempted:>6} {q.learners_passed:>7} {q.attempts:>9} "
                f"{percent(q.mean_best_score):>10}\n"
            )
        out.write("\n")
    hardest = report.hardest()
    if hardest:
        out.write("Most missed questions (graded attempts):\n")
        for stat in hardest:
            out.write(f"  {stat.quiz}/{stat.question}: {percent(stat.correct_rate)} right of {stat.answered}\n")
        out.write("\n")
    for problem in report.problems:
        out.write(f"warning: {problem}\n")
    return out.getvalue()


def render_csv(report: ClassReport) -> str:
    """One row per learner, one column per graded quiz (best score as a fraction)."""
    out = io.StringIO()
    quiz_ids = [q.quiz for q in report.quizzes]
    writer = csv.writer(out)
    writer.writerow(
        ["learner", "lessons_completed", "lessons_total", "quizzes_passed", "quizzes_total", "minutes_reading", "last_active"]
        + [f"best:{qid}" for qid in quiz_ids]
    )
    for row in report.learners:
        writer.writerow(
            [
                row.learner,
                row.lessons_completed,
                row.lessons_total,
                row.quizzes_passed,
                row.quizzes_total,
                row.minutes_reading,
                row.last_active.isoformat() if row.last_active else "",
            ]
            + ["" if row.best_scores.get(qid) is None else f"{row.best_scores[qid]:.4f}" for qid in quiz_ids]
        )
    return out.getvalue()


def render_json(report: ClassReport) -> dict[str, Any]:
    data = asdict(report)
    for row in data["learners"]:
        row["last_active"] = row["last_active"].isoformat() if row["last_active"] else None
    for q, stat in zip(data["questions"], report.questions, strict=True):
        q["correct_rate"] = stat.correct_rate
    return data
