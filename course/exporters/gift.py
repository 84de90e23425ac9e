"""Writing quizzes as GIFT, Moodle's text format for question banks (`course export gift`).

`quiz_to_gift(quiz)` returns the GIFT text and notes for whatever GIFT cannot carry. What is written is
what Moodle's GIFT importer reads, and what `course import gift` reads back into the same question,
scoring included:

- `single` -> `{=right ~%50%partly right ~wrong}` (a one-answer question: it has an `=`);
- `multiple` -> `{~%50%right ~%50%right ~%-100%wrong}` (no `=`: Moodle lets learners pick several);
  the course's default scoring (1/R for each right option, -1/W for each wrong one) is written as weights;
- `true_false` -> `{TRUE#feedback for a wrong answer#feedback for a right one}`;
- `matching` -> `{=item -> match = -> distractor}`;
- `short` -> `{=answer =%50%partly#feedback}`, `*` for a wildcard, `\\*` for a star; each answer is followed
  by the forms this course accepts as the same answer and Moodle would not (a leading article, the other
  number of the last word: `=the KPI =KPIs`), with its weight and feedback, so that Moodle scores them the same;
- `numeric` -> `{#6:0.5}`, `{#5..7}`, or `{#=6#feedback =%50%5..7 ~#any other number}`;
- `ordering` has no GIFT form: it is left out, with a note.

An explanation that is still a placeholder (it starts with TODO, as the importers write it) is never
exported: the question gets no general feedback (`####`), and a note says so.

Each question starts with `// [id:...]` and `::id::`, so that its id survives the round trip. Texts are
written `[markdown]`, as prompts are Markdown here; GIFT's special characters are escaped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from course.content.models import Question, Quiz
from course.content.placeholders import is_placeholder
from course.qtypes import type_of
from course.qtypes.base import GiftSkip
from course.qtypes.gifttext import MOODLE_GRADES, best_first, escape, moodle_forms, percent

__all__ = [
    "MOODLE_GRADES", "ExportNote", "GiftExport", "best_first", "escape", "moodle_forms", "percent",
    "question_to_gift", "quiz_to_gift",
]


@dataclass(frozen=True)
class ExportNote:
    """Something GIFT cannot carry, about one quiz (and question)."""

    quiz: str
    question: str | None
    message: str

    def __str__(self) -> str:
        where = self.quiz + (f" {self.question}" if self.question else "")
        return f"{where}: {self.message}"


@dataclass
class GiftExport:
    text: str = ""
    notes: list[ExportNote] = field(default_factory=list)
    exported: int = 0
    skipped: int = 0


_Skip = GiftSkip  # raised by a type's writer when GIFT has no form for the question


def question_to_gift(question: Question, notes: list[str]) -> str:
    """One question as a GIFT block. Raises `_Skip` (a ValueError-like) when GIFT has no form for it."""
    qtype = type_of(question)
    answers = qtype.gift(question, notes)
    if question.points != 1:
        notes.append(f"points = {question.points:g}: GIFT has no marks; Moodle gives 1 (set it in the quiz)")
    if question.feedback_wrong:
        notes.append("feedback_wrong has no GIFT form (Moodle's 'incorrect feedback' is set in the editor)")
    if any(getattr(o, "pinned", False) for o in getattr(question, "options", [])):
        notes.append("pinned options: GIFT has no way to keep an option in place")
    if any(getattr(o, "id", None) for o in getattr(question, "options", [])):
        notes.append("option ids are not kept: GIFT options have none (they become a, b, c...)")
    head = [f"// [id:{question.id}]", f"::{question.id}::[markdown]{escape(question.prompt)} {{"]
    if answers and answers[0] == "#":  # numeric with several answers: `{#` then one answer a line
        head[-1] += "#"
        answers = answers[1:]
    elif answers and answers[0].startswith("#"):
        head[-1] += answers[0]
        answers = answers[1:]
    elif qtype.gift_inline:
        head[-1] += answers[0]
        answers = []
    body = [f"\t{line}" for line in answers]
    if is_placeholder(question.explanation):
        notes.append("the explanation is still a TODO placeholder: no general feedback (####) written")
    else:
        body.append(f"\t####{escape(question.explanation)}")
    return "\n".join([*head, *body, "}"])


def quiz_to_gift(quiz: Quiz, export: GiftExport | None = None) -> GiftExport:
    """Append `quiz` to `export` (a new one by default): a `$CATEGORY:` line, then each question."""
    export = export or GiftExport()
    title = " ".join(quiz.title.split())
    blocks = [f"// {quiz.id}: {title}", f"$CATEGORY: $course$/top/{title.replace('/', '-')}"]
    sections = 0
    for question in quiz.questions:
        notes: list[str] = []
        try:
            block = question_to_gift(question, notes)
        except _Skip as exc:
            export.notes.append(ExportNote(quiz.id, question.id, f"question left out: {exc}"))
            export.skipped += 1
            continue
        sections += bool(question.section)
        export.notes.extend(ExportNote(quiz.id, question.id, n) for n in dict.fromkeys(notes))
        blocks.append(block)
        export.exported += 1
    if sections:
        export.notes.append(
            ExportNote(
                quiz.id, None, f"the lesson sections that {sections} question(s) point to are not kept (GIFT has none)"
            )
        )
    if quiz.confidence:
        export.notes.append(
            ExportNote(
                quiz.id, None,
                "confidence = true is not kept (GIFT has no quiz settings): in Moodle, pick a question behaviour "
                "'with CBM' in the quiz's settings",
            )
        )
    for draw in quiz.draw:
        export.notes.append(
            ExportNote(
                quiz.id, None,
                f"the draw of {draw.count} question(s) from {draw.from_!r} is not kept: export that quiz too",
            )
        )
    export.text += "\n\n".join(blocks) + "\n\n"
    return export
