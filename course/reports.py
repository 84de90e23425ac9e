"""Class results: every learner's progress in one course, read without changing a file.

Used by `course report`. Unreadable files are reported, never moved or rewritten (that is the learner
app's job when the learner next opens the course).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from pydantic import ValidationError

from course.content.models import Course
from course.progress import Attempt, FutureFormatError, LearnerSummary, ProgressStore
from course.progress.errors import CorruptFileError
from course.progress.layout import SUMMARY_FILE, is_attempt_file
from course.progress.migrate import migrate_attempt, migrate_summary
from course.progress.tomlfiles import read_toml


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


def _read_summary(path: Path, course_id: str, learner: str) -> LearnerSummary:
    data = read_toml(path)
    data, _ = migrate_summary(data, path, course=course_id, learner=learner, now=datetime.now().astimezone())
    return LearnerSummary.model_validate(data)


def _read_attempts(folder: Path, problems: list[str]) -> list[Attempt]:
    attempts = []
    if not folder.is_dir():
        return attempts
    for quiz_dir in sorted(p for p in folder.iterdir() if p.is_dir()):
        for path in sorted(quiz_dir.iterdir()):
            if not is_attempt_file(path.name):
                continue
            try:
                data, _ = migrate_attempt(read_toml(path), path)
                attempts.append(Attempt.model_validate(data))
            except (CorruptFileError, ValidationError, FutureFormatError, OSError) as exc:
                problems.append(f"{path}: left out ({_reason(exc)})")
    return attempts


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return f"{exc.error_count()} invalid field(s)"
    return str(exc)


def learner_records(
    course: Course, progress_root: Path, problems: list[str]
) -> Iterator[tuple[str, LearnerSummary, list[Attempt]]]:
    """(name, summary, attempts) of every readable learner of `course`; what cannot be read goes to
    `problems`. Nothing is written."""
    for name in ProgressStore(progress_root, course.id).learners():
        folder = progress_root / name
        summary_path = folder / SUMMARY_FILE
        if not summary_path.exists():
            continue
        try:
            summary = _read_summary(summary_path, course.id, name)
        except (CorruptFileError, ValidationError, FutureFormatError, OSError) as exc:
            problems.append(f"{summary_path}: learner {name!r} left out ({_reason(exc)})")
            continue
        if summary.course != course.id:
            problems.append(f"{summary_path}: belongs to course {summary.course!r}, not {course.id!r}")
            continue
        yield name, summary, _read_attempts(folder / "attempts", problems)


def xapi_export(course: Course, progress_root: Path) -> tuple[list[dict], list[str]]:
    """Every learner's xAPI statements (see course.xapi) and what could not be read."""
    from course.xapi import learner_statements

    problems: list[str] = []
    statements: list[dict] = []
    for _, summary, attempts in learner_records(course, progress_root, problems):
        statements.extend(learner_statements(course, summary, attempts))
    return statements, problems


def class_report(course: Course, progress_root: Path) -> ClassReport:
    report = ClassReport(course_id=course.id, course_title=course.title)
    lesson_quizzes = [q for lesson in course.lessons if (q := course.quiz_for(lesson))]
    graded = lesson_quizzes + [q for q in course.exams if q not in lesson_quizzes]
    quiz_stats = {q.id: QuizStat(quiz=q.id, title=q.title) for q in graded}
    best_by_quiz: dict[str, list[float]] = {q.id: [] for q in graded}
    question_stats: dict[tuple[str, str], QuestionStat] = {}

    for name, summary, attempts in learner_records(course, progress_root, report.problems):
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


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


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
                f"{_pct(q.mean_best_score):>10}\n"
            )
        out.write("\n")
    hardest = report.hardest()
    if hardest:
        out.write("Most missed questions (graded attempts):\n")
        for q in hardest:
            out.write(f"  {q.quiz}/{q.question}: {_pct(q.correct_rate)} right of {q.answered}\n")
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


def render_json(report: ClassReport) -> dict:
    data = asdict(report)
    for row in data["learners"]:
        row["last_active"] = row["last_active"].isoformat() if row["last_active"] else None
    for q, stat in zip(data["questions"], report.questions):
        q["correct_rate"] = stat.correct_rate
    return data
