"""Item analysis as text (readable at 80 columns), CSV and JSON."""

from __future__ import annotations

import csv
import io
from dataclasses import asdict
from typing import Any

from course.words import plural

from .items import FLAGS, ItemReport, ItemStat

WHICH_TEXT = {
    "first": "each learner's first graded attempt",
    "last": "each learner's last graded attempt",
    "highest": "each learner's highest-scoring graded attempt",
    "all": "every graded attempt",
}


def _pct(value: float | None, signed: bool = False) -> str:
    if value is None:
        return "—"
    return f"{value:+.0%}" if signed else f"{value:.0%}"


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


HEADER = f"  {'Question':<28} {'Type':<10} {'n':>4} {'Facil.':>6} {'SD':>5} {'Guess':>5} {'Discr.':>6} {'Effic.':>6}"


def render_items_text(report: ItemReport) -> str:
    out = io.StringIO()
    out.write(f"Item analysis of {report.course_title} ({report.course_id})\n")
    out.write(f"Counted: {WHICH_TEXT[report.which]} (practice attempts never count).\n")
    out.write("Facility, SD, random guess score (Guess), discrimination index and\n")
    out.write("discriminative efficiency in %, as Moodle's quiz statistics report computes\n")
    out.write("them. Options: how often each was chosen (✓ right, ~ partly right).\n\n")
    for quiz in report.quizzes:
        out.write(f"{_cut(quiz.title, 60)} ({quiz.quiz}): {plural(quiz.attempts, 'attempt')}\n")
        if not quiz.attempts:
            out.write("  no graded attempt yet\n\n")
            continue
        out.write(HEADER + "\n" + "  " + "-" * (len(HEADER) - 2) + "\n")
        for item in quiz.items:
            _item_text(out, item)
        out.write("\n")
    flagged = [(q.quiz, i) for q in report.quizzes for i in q.items if i.flags]
    few = [i for q in report.quizzes for i in q.items if 0 < i.answered < report.min_responses]
    out.write(f"{plural(len(flagged), 'question')} flagged.\n")
    out.write(f"A question is flagged only with {report.min_responses} answers or more (--min-responses)")
    out.write(f"; {len(few)} had fewer.\n" if few else ".\n")
    for problem in report.problems:
        out.write(f"warning: {problem}\n")
    return out.getvalue()


def _item_text(out: io.StringIO, item: ItemStat) -> None:
    label = _cut(f"{item.question} {item.prompt}", 28)
    out.write(
        f"  {label:<28} {item.type:<10} {item.attempts:>4} {_pct(item.facility):>6} {_pct(item.sd):>5} "
        f"{_pct(item.random_guess):>5} {_pct(item.discrimination, True):>6} {_pct(item.efficiency, True):>6}\n"
    )
    for option in item.options:
        mark = "✓" if option.correct else ("~" if option.credit > 0 else " ")
        unpicked = "  ← nobody picks it" if option.distractor and option.chosen == 0 and item.answered else ""
        out.write(
            f"      {_cut(option.key, 6):<6} {mark} {_cut(option.text, 32):<32} {option.chosen:>5} "
            f"{_pct(option.share):>5}{unpicked}\n"
        )
    if item.invalid:
        out.write(f"      ? {plural(item.invalid, 'answer')} that name nothing the question offers, left out of the "
                  "options' counts\n")
    for flag in item.flags:
        out.write(f"      ! {FLAGS[flag]}\n")


COLUMNS = [
    "quiz", "question", "type", "prompt", "points", "attempts", "answered", "facility", "sd", "random_guess",
    "discrimination", "efficiency", "flags", "options", "invalid",
]


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def render_items_csv(report: ItemReport) -> str:
    """One row per question; statistics as fractions; `options` lists `key=times chosen`, `;`-separated."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for quiz in report.quizzes:
        for item in quiz.items:
            writer.writerow(
                [
                    item.quiz, item.question, item.type, item.prompt, f"{item.points:g}", item.attempts, item.answered,
                    _number(item.facility), _number(item.sd), _number(item.random_guess),
                    _number(item.discrimination), _number(item.efficiency), ";".join(item.flags),
                    ";".join(f"{o.key}={o.chosen}" for o in item.options), item.invalid,
                ]
            )
    return out.getvalue()


def render_items_json(report: ItemReport) -> dict[str, Any]:
    return asdict(report)
