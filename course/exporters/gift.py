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

Each question starts with `// [id:...]` and `::id::`, so that its id survives the round trip. Texts are
written `[markdown]`, as prompts are Markdown here; GIFT's special characters are escaped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from course.content.models import (
    MatchingQuestion,
    MultipleQuestion,
    NumericAnswer,
    NumericQuestion,
    OrderingQuestion,
    Question,
    Quiz,
    ShortAnswer,
    ShortQuestion,
    SingleQuestion,
    TrueFalseQuestion,
)
from course.scoring import ARTICLES, number_forms

Accepted = TypeVar("Accepted", ShortAnswer, NumericAnswer)

# The grades Moodle's question bank offers (question_bank::fraction_options_full). Moodle's GIFT import
# refuses any other weight unless the teacher picks "nearest grade" on the import form.
MOODLE_GRADES = (
    1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3, 0.25, 0.2,
    0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05, 0.0,
)
_SPECIAL = {"\\": "\\\\", "~": "\\~", "=": "\\=", "#": "\\#", "{": "\\{", "}": "\\}", ":": "\\:", "\n": "\\n"}


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


class _Skip(Exception):
    pass


def escape(text: str) -> str:
    """Text as GIFT writes it: special characters escaped, new lines as `\\n`, on one line."""
    text = text.strip().replace("\r\n", "\n").replace("\r", "\n")
    return "".join(_SPECIAL.get(ch, ch) for ch in text)


def percent(fraction: float) -> str:
    """A weight as GIFT writes it: `%50%`, `%33.33333%`, `%-100%`."""
    value = f"{fraction * 100:.5f}".rstrip("0").rstrip(".")
    return f"%{'0' if value in ('', '-0') else value}%"


def _is_moodle_grade(fraction: float) -> bool:
    return any(abs(abs(fraction) - grade) < 1e-6 for grade in MOODLE_GRADES)


def _feedback(text: str | None) -> str:
    return f"#{escape(text)}" if text and text.strip() else ""


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() and abs(value) < 2**53 else repr(float(value))


def _text_answer(text: str, notes: list[str]) -> str:
    if text.lstrip().startswith("%"):
        notes.append(f"answer {text!r} starts with %: GIFT would read it as a weight")
    return escape(text)


# --------------------------------------------------------------------------- question types


def _single(question: SingleQuestion, notes: list[str]) -> list[str]:
    lines = []
    # GIFT reads answers without any `~` as a short answer: when every option is right, the second and
    # later ones are written `~%100%`, which Moodle reads as fully right too.
    all_right = all(o.correct for o in question.options)
    for index, (option, credit) in enumerate(zip(question.options, question.credits(), strict=True)):
        text = _text_answer(option.text, notes)
        if option.correct:
            marker = "~%100%" if all_right and index else "="
            lines.append(f"{marker}{text}{_feedback(option.feedback)}")
            continue
        if credit > 0 and not _is_moodle_grade(credit):
            notes.append(f"weight {percent(credit)} is not one of Moodle's grades (see docs/authoring.md)")
        weight = percent(credit) if credit > 0 or option.text.lstrip().startswith("%") else ""
        lines.append(f"~{weight}{text}{_feedback(option.feedback)}")
    return lines


def _multiple(question: MultipleQuestion, notes: list[str]) -> list[str]:
    lines = []
    for option, credit in zip(question.options, question.credits(), strict=True):
        if not _is_moodle_grade(credit):
            notes.append(
                f"weight {percent(credit)} of {option.text!r} is not one of Moodle's grades: Moodle imports it "
                "only with 'Match grades: nearest grade' (see docs/authoring.md)"
            )
        lines.append(f"~{percent(credit)}{escape(option.text)}{_feedback(option.feedback)}")
    return lines


def _true_false(question: TrueFalseQuestion, _notes: list[str]) -> list[str]:
    # Moodle: the first feedback is for a learner who answers wrongly, the second for one who is right.
    wrong, right = (
        (question.feedback_false, question.feedback_true)
        if question.answer
        else (question.feedback_true, question.feedback_false)
    )
    text = "TRUE" if question.answer else "FALSE"
    if right and right.strip():
        text += f"#{escape(wrong or '')}#{escape(right)}"
    elif wrong and wrong.strip():
        text += f"#{escape(wrong)}"
    return [text]


def _matching(question: MatchingQuestion, notes: list[str]) -> list[str]:
    lines = []
    for pair in question.pairs:
        if "->" in pair.item:
            raise _Skip(f"the item {pair.item!r} contains `->`, which GIFT cannot escape")
        lines.append(f"={escape(pair.item)} -> {escape(pair.match)}")
    lines.extend(f"= -> {escape(d)}" for d in question.distractors)
    if len(question.pairs) < 3 or len(question.choices()) < 3:
        notes.append(
            f"{len(question.pairs)} pairs, {len(question.choices())} matches: Moodle's GIFT documentation asks for at "
            "least three pairs, and its editor for two items and three matches"
        )
    return lines


def best_first(answers: Sequence[Accepted], notes: list[str]) -> list[Accepted]:
    """Answers worth most first (the first of equals kept first; a catch-all last): Moodle takes the first
    answer that matches, the course the one worth most, and in this order the two agree."""
    ordered = sorted(answers, key=lambda a: (bool(getattr(a, "other", False)), -a.weight))
    if ordered != list(answers):
        notes.append("answers written best first: Moodle takes the first answer that matches, this course the best")
    return ordered


_ARTICLE_RE = re.compile(r"^(?:a|an|the)\s+(?=\S)", re.IGNORECASE)


def moodle_forms(text: str, wildcard: bool) -> list[str]:
    """`text` and the forms of it that this course scores the same and Moodle does not (Moodle ignores
    case only): with and without a leading article (a, an, the), and the last word in the other number
    (`number_forms`). A wildcard that starts with `*` needs no article, one that ends with `*` no number."""
    base = text.strip()
    article = _ARTICLE_RE.match(base)
    bare = base[article.end():] if article else base
    starts = [base, bare]
    if not (wildcard and bare.startswith("*")):
        starts += [f"{word} {bare}" for word in ARTICLES]
    forms = [f for start in starts for f in ([start] if wildcard and start.endswith("*") else number_forms(start))]
    unique: dict[str, str] = {}
    for form in forms:
        unique.setdefault(form.casefold(), form)
    return list(unique.values())


def _short(question: ShortQuestion, notes: list[str]) -> list[str]:
    if question.fuzzy:
        notes.append(f"fuzzy = {question.fuzzy} (typing mistakes allowed) has no GIFT form: Moodle wants exact answers")
    lines: list[str] = []
    written: set[str] = set()
    ordered = best_first(question.answers, notes)
    # Moodle takes the first answer that matches: each answer's forms come after the answers of its weight
    # and before any answer worth less (a `*` for every other answer, say).
    for weight in sorted({a.weight for a in ordered}, reverse=True):
        group = [a for a in ordered if a.weight == weight]
        for accepted in group:
            lines.append(_short_line(accepted, accepted.text, notes))
            written.add(accepted.text.strip().casefold())
        for accepted in group:
            wildcard = accepted.wildcard and "*" in accepted.text
            for form in moodle_forms(accepted.text, wildcard)[1:]:
                if form.casefold() not in written:
                    lines.append(_short_line(accepted, form, notes))
                    written.add(form.casefold())
    return lines


def _short_line(accepted: ShortAnswer, form: str, notes: list[str]) -> str:
    if "->" in form:
        raise _Skip(f"the answer {accepted.text!r} contains `->`: GIFT would read a matching question")
    text = _text_answer(form, notes)
    if not accepted.wildcard:
        text = text.replace("*", "\\*")  # Moodle: `*` is a wildcard in short answers, `\*` a star
    weight = "" if accepted.weight >= 1 else percent(accepted.weight)
    if weight and not _is_moodle_grade(accepted.weight):
        notes.append(f"weight {weight} is not one of Moodle's grades (see docs/authoring.md)")
    return f"={weight}{text}{_feedback(accepted.feedback)}"


def _numeric_value(accepted: NumericAnswer) -> str:
    if accepted.other:
        return "*"
    if accepted.answer is not None:
        tolerance = f":{_number(accepted.tolerance)}" if accepted.tolerance else ""
        return f"{_number(accepted.answer)}{tolerance}"
    assert accepted.min is not None and accepted.max is not None
    return f"{_number(accepted.min)}..{_number(accepted.max)}"


def _numeric(question: NumericQuestion, notes: list[str]) -> list[str]:
    if question.unit:
        notes.append(f"unit {question.unit!r} has no GIFT form (Moodle's units are set in the question editor)")
    if not question.answers:
        return ["#" + _numeric_value(question.accepted()[0])]
    lines = []
    for accepted in best_first(question.answers, notes):
        if accepted.other and accepted.weight == 0:
            lines.append(f"~{_feedback(accepted.feedback)}")  # Moodle: feedback for any other number
            continue
        weight = "" if accepted.weight >= 1 else percent(accepted.weight)
        if weight and not _is_moodle_grade(accepted.weight):
            notes.append(f"weight {weight} is not one of Moodle's grades (see docs/authoring.md)")
        lines.append(f"={weight}{_numeric_value(accepted)}{_feedback(accepted.feedback)}")
    return ["#", *lines]


_WRITERS = {
    "single": _single,
    "multiple": _multiple,
    "true_false": _true_false,
    "matching": _matching,
    "short": _short,
    "numeric": _numeric,
}


def question_to_gift(question: Question, notes: list[str]) -> str:
    """One question as a GIFT block. Raises `_Skip` (a ValueError-like) when GIFT has no form for it."""
    if isinstance(question, OrderingQuestion):
        raise _Skip("ordering questions have no GIFT form (Moodle's ordering type is not part of GIFT)")
    answers = _WRITERS[question.type](question, notes)  # type: ignore[operator]
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
    elif question.type in ("true_false",):
        head[-1] += answers[0]
        answers = []
    body = [f"\t{line}" for line in answers]
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
