"""The class report as text (readable at 80 columns), CSV and JSON."""

from __future__ import annotations

import csv
import io
from dataclasses import asdict
from typing import Any

from course.scoring import percent
from course.words import plural

from .classes import BINS, ClassReport

WIDTH = 80
GLYPHS = "▁▂▃▄▅▆▇█"
NONE = "·"


def spark(counts: list[int]) -> str:
    """One glyph per bin, its height in proportion to the largest bin; `·` for an empty bin, so a bin
    with one learner never looks like one with none."""
    top = max(counts, default=0)
    if top == 0:
        return NONE * len(counts)
    return "".join(
        NONE if n == 0 else GLYPHS[max(0, min(len(GLYPHS) - 1, -(-n * len(GLYPHS) // top) - 1))] for n in counts
    )


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _rule(header: str) -> str:
    return header + "\n" + "-" * len(header) + "\n"


def render_text(report: ClassReport) -> str:
    out = io.StringIO()
    out.write(f"{report.course_title} ({report.course_id}): {plural(len(report.learners), 'learner')}\n\n")
    if report.learners:
        out.write(_rule(f"{'Learner':<20} {'Lessons':>9} {'Quizzes passed':>15} {'Reading':>9}  Last active (UTC)"))
        for row in report.learners:
            last = row.last_active.strftime("%Y-%m-%d %H:%M") if row.last_active else "—"
            done = " ✓" if row.course_completed else ""
            out.write(
                f"{_cut(row.learner, 20):<20} {row.lessons_completed:>4}/{row.lessons_total:<4} "
                f"{row.quizzes_passed:>9}/{row.quizzes_total:<5} {row.minutes_reading:>7.0f}m  {last}{done}\n"
            )
        if any(row.course_completed for row in report.learners):
            out.write("✓ completed the course\n")
        out.write("\n")
    if report.quizzes:
        out.write(_rule(f"{'Quiz':<40} {'Tried':>6} {'Passed':>7} {'Attempts':>9} {'Mean best':>10}"))
        for q in report.quizzes:
            out.write(
                f"{_cut(q.title, 40):<40} {q.learners_attempted:>6} {q.learners_passed:>7} {q.attempts:>9} "
                f"{percent(q.mean_best_score):>10}\n"
            )
        out.write("Attempts: finished and graded (practice and open attempts are not counted).\n\n")
        out.write(_distribution(report))
    hardest = report.hardest()
    if hardest:
        out.write("Most missed questions (graded attempts):\n")
        for stat in hardest:
            out.write(f"  {stat.quiz}/{stat.question}: {percent(stat.correct_rate)} right of {stat.answered}\n")
        out.write("\n")
    for problem in report.problems:
        out.write(f"warning: {problem}\n")
    return out.getvalue()


def _distribution(report: ClassReport) -> str:
    """Each quiz's best scores by tenth, one line per quiz: `0% ·▁▃█▅▂··▁▁ 100%`."""
    tried = [q for q in report.quizzes if q.learners_attempted]
    if not tried:
        return ""
    title = WIDTH - 2 * BINS - 26
    lines = [
        "Best scores by tenth (0–9% … 90–100%; bar height: learners, · none):",
        *(
            f"  {_cut(q.title, title):<{title}}  0% {spark(q.distribution)} 100%  "
            f"{plural(q.learners_attempted, 'learner'):>12}"
            for q in tried
        ),
    ]
    return "\n".join(lines) + "\n\n"


def render_csv(report: ClassReport) -> str:
    """One row per learner, one column per graded quiz (best score as a fraction)."""
    out = io.StringIO()
    quiz_ids = [q.quiz for q in report.quizzes]
    writer = csv.writer(out)
    writer.writerow(
        ["learner", "lessons_completed", "lessons_total", "quizzes_passed", "quizzes_total", "minutes_reading",
         "last_active", "course_completed"]
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
                "yes" if row.course_completed else "no",
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
