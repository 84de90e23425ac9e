"""The class report as text (readable at 80 columns), CSV and JSON."""

from __future__ import annotations

import csv
import io
from dataclasses import asdict
from datetime import datetime
from typing import Any

from course.scoring import CERTAINTY_WORDS, percent
from course.words import plural

from .classes import BINS, ClassReport, LearnerRow

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
        out.write(_attempts(report))
    if report.quizzes:
        out.write(_rule(f"{'Quiz':<40} {'Tried':>6} {'Passed':>7} {'Attempts':>9} {'Mean best':>10}"))
        for q in report.quizzes:
            out.write(
                f"{_cut(q.title, 40):<40} {q.learners_attempted:>6} {q.learners_passed:>7} {q.attempts:>9} "
                f"{percent(q.mean_best_score):>10}\n"
            )
        out.write("Attempts: finished and graded (practice and open attempts are not counted).\n\n")
        out.write(_distribution(report))
    out.write(_most_missed(report))
    out.write(_open_attempts(report))
    out.write(_certainty(report))
    for problem in report.problems:
        out.write(f"warning: {problem}\n")
    return out.getvalue()


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else "—"


def _attempts(report: ClassReport) -> str:
    """Graded attempts each learner used, and those left at each quiz that sets `max_attempts`."""
    if not report.learners:
        return ""
    limited = [q.quiz for q in report.quizzes if report.learners[0].attempts_left.get(q.quiz) is not None]
    if limited:
        lines = ["Attempts used (graded, finished), and left at the quizzes with max_attempts:"]
    else:
        lines = ["Attempts used (graded, finished; no quiz sets max_attempts, so none runs out):"]
    for row in report.learners:
        shown = f"  {_cut(row.learner, 20):<20} {sum(row.attempts_used.values()):>4} used"
        if limited:
            shown += "; left: " + ", ".join(_left_at(row, qid) for qid in limited)
        lines.append(_cut(shown, WIDTH))
    return "\n".join(lines) + "\n\n"


def _left_at(row: LearnerRow, quiz: str) -> str:
    left = row.attempts_left.get(quiz)
    return f"{quiz} {'none' if left == 0 else left}"


def _most_missed(report: ClassReport) -> str:
    hardest = report.hardest()
    few = report.too_few()
    if not hardest and not few:
        return ""
    lines = [
        "Most missed questions (graded attempts), by the most their share right may be",
        f"(the upper end of its 95% Wilson interval), each with {report.min_responses} answers or more:",
    ]
    lines += [f"  {s.quiz}/{s.question}: {percent(s.correct_rate)} right of {s.answered}" for s in hardest]
    if not hardest:
        lines.append("  none yet")
    if few:
        lines.append(
            f"{plural(len(few), 'question')} with fewer answers {'is' if len(few) == 1 else 'are'} not ranked "
            "(--min-responses)."
        )
    return "\n".join(lines) + "\n\n"


def _open_attempts(report: ClassReport) -> str:
    """Who has an attempt open, and on which question, the longest idle first."""
    if report.open_attempts is None:
        return (
            "Open attempts: not known (a learning record store holds finished attempts only;\n"
            "read the progress folders to see who is in the middle of a quiz).\n\n"
        )
    if not report.open_attempts:
        return "Open attempts (started, not finished): none.\n\n"
    titles = {q.quiz: q.title for q in report.quizzes}
    lines = ["Open attempts (started, not finished), the longest idle first:"]
    for attempt in report.open_attempts:
        title = titles.get(attempt.quiz, attempt.quiz)
        lines.append(_cut(f"  {attempt.learner}, last active {_when(attempt.last_active)}: {title}", WIDTH))
        lines.append(_cut(
            f"    {attempt.quiz}, on question {attempt.position} of {attempt.questions}, {attempt.answered} "
            f"answered ({attempt.question})",
            WIDTH,
        ))
    return "\n".join(lines) + "\n\n"


def _certainty(report: ClassReport) -> str:
    """How sure learners were on each confidence-marked quiz."""
    out = []
    for stat in report.certainty:
        head = f"Certainty on {stat.quiz} ({plural(stat.answers, 'graded answer')})"
        if not stat.answers:
            out.append(head + ": none yet.\n")
            continue
        lines = [head + ":"]
        for level in stat.levels:
            right = percent(level.right / level.answers) if level.answers else "—"
            lines.append(
                f"  {CERTAINTY_WORDS[level.certainty] + f' ({level.certainty})':<18} "
                f"{plural(level.answers, 'answer'):>12}  {right:>4} right"
            )
        cbm = "—" if stat.cbm_average is None else f"{stat.cbm_average:.2f}"
        lines.append(f"  sure (2 or 3) and right: {stat.sure_right} · sure and wrong: {stat.sure_wrong} · "
                     f"CBM average {cbm}")
        if stat.sure_wrong_by_learner:
            who = ", ".join(f"{name} {n}" for name, n in stat.sure_wrong_by_learner.items())
            lines.append(_cut(f"  sure and wrong, by learner: {who}", WIDTH))
        out.append("\n".join(lines) + "\n")
    return "\n".join(out) + ("\n" if out else "")


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
        + [f"attempts:{qid}" for qid in quiz_ids]
        + [f"left:{qid}" for qid in quiz_ids]
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
            + [row.attempts_used.get(qid, 0) for qid in quiz_ids]
            + ["" if row.attempts_left.get(qid) is None else row.attempts_left[qid] for qid in quiz_ids]
        )
    return out.getvalue()


def render_json(report: ClassReport) -> dict[str, Any]:
    data = asdict(report)
    for row in data["learners"]:
        row["last_active"] = row["last_active"].isoformat() if row["last_active"] else None
    for q, stat in zip(data["questions"], report.questions, strict=True):
        q["correct_rate"] = stat.correct_rate
        q["right_at_most"] = stat.right_at_most
    for attempt in data["open_attempts"] or []:
        attempt["started_at"] = attempt["started_at"].isoformat()
        attempt["last_active"] = attempt["last_active"].isoformat()
    for certainty, confident in zip(data["certainty"], report.certainty, strict=True):
        certainty["answers"] = confident.answers
    return data
