"""Turn parsed GIFT questions into a quiz file of this course.

`gift_to_quiz(text, quiz_id)` parses GIFT text and returns the quiz as a dict ready for TOML, with
notes for whatever could not be carried over (each with the GIFT line it is about). Every question kept
has been validated with the course's own models, so the quiz written always loads.

How GIFT maps onto the course's question types:

- multiple choice with one fully right answer -> `single`; with several right answers or with
  weights -> `multiple` (options with a weight > 0 are the right ones; the course scores each right
  option 1/R and each wrong one -1/W, so other weights are noted as lost);
- true/false -> `true_false` (Moodle's feedback meaning, see `course.importers.gift`);
- short answer -> `short` (weights become fractions 0..1);
- numerical -> `numeric` (answer and tolerance, or min and max; of several answers the full-credit
  one is kept);
- matching -> `matching` (pairs with no item become distractors);
- essay and description -> skipped; categories -> ignored. Each of these is noted.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

import tomli_w
from pydantic import TypeAdapter, ValidationError

from course.content.models import Question, Quiz
from course.content.slugs import is_slug, slugify
from course.importers.gift import parse_gift

EXPLANATION_PLACEHOLDER = (
    "TODO: add an explanation. This question was imported from GIFT without general feedback (####)."
)

_question_adapter: TypeAdapter[Any] = TypeAdapter(Question)


@dataclass(frozen=True)
class ImportNote:
    """Something an author should know about the import, at a line of the GIFT file."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class ImportResult:
    quiz: dict[str, Any]
    notes: list[ImportNote] = field(default_factory=list)
    imported: int = 0
    skipped: int = 0


class _Skip(Exception):
    """A question that cannot become a course question; the message says why."""


# --------------------------------------------------------------------------- entry points


def gift_to_quiz(
    text: str, quiz_id: str, title: str | None = None, lesson: str | None = None
) -> ImportResult:
    """Parse GIFT text and convert it. Raises `GiftSyntaxError` when the text cannot be parsed."""
    return questions_to_quiz(parse_gift(text), quiz_id, title=title, lesson=lesson)


def questions_to_quiz(
    questions: list[dict[str, Any]], quiz_id: str, title: str | None = None, lesson: str | None = None
) -> ImportResult:
    quiz: dict[str, Any] = {"id": quiz_id, "title": title or _title_from_id(quiz_id)}
    if lesson:
        quiz["lesson"] = lesson
    result = ImportResult(quiz=quiz)
    converted: list[dict[str, Any]] = []
    used_ids: set[str] = set()
    for gift in questions:
        line = int(gift.get("line", 0))
        kind = gift.get("type")
        if kind == "Category":
            message = f"category {gift.get('title')!r} ignored: quiz files have no categories"
            result.notes.append(ImportNote(line, message))
            continue
        notes: list[str] = []
        try:
            question = _convert(gift, notes)
            question = {"id": _question_id(gift, len(converted) + 1, used_ids), **question}
            _question_adapter.validate_python(question)
        except _Skip as exc:
            result.notes.extend(ImportNote(line, n) for n in notes)
            result.notes.append(ImportNote(line, f"question skipped: {exc}"))
            result.skipped += 1
            continue
        except ValidationError as exc:
            result.notes.extend(ImportNote(line, n) for n in notes)
            reason = "; ".join(err["msg"] for err in exc.errors())
            result.notes.append(ImportNote(line, f"question skipped: it does not make a valid question ({reason})"))
            result.skipped += 1
            continue
        used_ids.add(question["id"])
        converted.append(question)
        result.notes.extend(ImportNote(line, f"{question['id']}: {n}") for n in notes)
    quiz["questions"] = converted
    result.imported = len(converted)
    if converted:
        Quiz.model_validate(quiz)  # every question was checked; this checks the quiz as a whole
    return result


def quiz_to_toml(quiz: dict[str, Any], source: str | None = None) -> str:
    """The quiz as a TOML file, with a comment naming where it came from."""
    header = "# Imported from GIFT" + (f" ({source})" if source else "") + " by `course import gift`.\n"
    if any(q.get("explanation") == EXPLANATION_PLACEHOLDER for q in quiz.get("questions", [])):
        header += "# Search for TODO: some questions still need an explanation.\n"
    return header + "\n" + tomli_w.dumps(quiz, multiline_strings=True)


# --------------------------------------------------------------------------- helpers


def _title_from_id(quiz_id: str) -> str:
    return quiz_id.replace("-", " ").strip().capitalize() or "Imported quiz"


def _question_id(gift: dict[str, Any], number: int, used: set[str]) -> str:
    title = gift.get("title") or ""
    base = slugify(title) if re.search(r"[A-Za-z0-9]", title) else ""
    if not is_slug(base):
        base = f"q{number}"
    base = base[:60].rstrip("-")
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


_BLOCK_END = re.compile(r"</(p|div|h[1-6]|ul|ol|table|tr|blockquote|pre)\s*>", re.I)


def _html_to_text(text: str, notes: list[str]) -> str:
    if re.search(r"<img\b", text, re.I) and "images dropped" not in " ".join(notes):
        notes.append("images dropped (<img> in HTML text cannot be shown in the terminal)")
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    text = re.sub(r"\s*\n\s*", " ", text)  # new lines in HTML source are spaces
    text = re.sub(r"<br\s*/?>", "\n", text, flags=re.I)
    text = re.sub(r"<li\b[^>]*>", "\n- ", text, flags=re.I)
    text = _BLOCK_END.sub("\n\n", text)
    text = re.sub(r"<[^>]*>", "", text)
    text = html.unescape(text).replace("\xa0", " ")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _text(rich: dict[str, str] | None, notes: list[str]) -> str:
    if not rich:
        return ""
    if rich.get("format") == "html":
        return _html_to_text(rich.get("text", ""), notes)
    return rich.get("text", "").strip()


def _fraction(choice: dict[str, Any]) -> float:
    weight = choice.get("weight")
    if weight is not None:
        return float(weight) / 100
    return 1.0 if choice.get("isCorrect") else 0.0


def _percent(fraction: float) -> str:
    return f"{fraction * 100:g}%"


def _convert(gift: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    kind = gift.get("type")
    if kind in ("Essay", "Description"):
        what = "an essay question" if kind == "Essay" else "a description (text without answers)"
        raise _Skip(f"{what} has no equivalent question type in this course")
    prompt = _text(gift.get("stem"), notes) or (gift.get("title") or "").strip()
    if not prompt:
        raise _Skip("the question has no text")
    explanation = _text(gift.get("globalFeedback"), notes)
    if not explanation:
        notes.append(
            "no general feedback (####...) to use as the explanation: add an explanation (placeholder written)"
        )
        explanation = EXPLANATION_PLACEHOLDER
    base = {"prompt": prompt, "explanation": explanation}
    converters = {
        "MC": _choice_question,
        "TF": _true_false,
        "Short": _short,
        "Numerical": _numeric,
        "Matching": _matching,
    }
    if kind not in converters:
        raise _Skip(f"unknown question type {kind!r}")
    fields = converters[kind](gift, notes)
    # Key order of the TOML written: type, prompt, explanation, then the fields of the type.
    return {"type": fields.pop("type"), **base, **fields}


def _choice_question(gift: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    choices = gift.get("choices") or []
    fractions = [_fraction(c) for c in choices]
    options: list[dict[str, Any]] = []
    for choice, fraction in zip(choices, fractions):
        text = _text(choice.get("text"), notes) or (choice.get("text") or {}).get("text", "").strip()
        if not text:
            raise _Skip("an option has no text")
        option: dict[str, Any] = {"text": text}
        if fraction > 0:
            option["correct"] = True
        feedback = _text(choice.get("feedback"), notes)
        if feedback:
            option["feedback"] = feedback
        options.append(option)
    right = [f for f in fractions if f > 0]
    if not right:
        raise _Skip("no option is right (mark one with = or give it a positive %weight%)")
    weighted = any(c.get("weight") is not None for c in choices)
    if len(right) == 1 and abs(right[0] - 1) < 1e-9 and all(f <= 0 for f in fractions if f != right[0]):
        if any(f < 0 for f in fractions):
            notes.append("negative weights dropped: a single-choice question scores all or nothing")
        return {"type": "single", "options": options}
    wrong = [f for f in fractions if f <= 0]
    r, w = len(right), len(wrong)
    if not weighted:
        notes.append(
            f"{r} options are marked = (fully right): Moodle accepts any one of them, here learners must pick "
            "all of them (multiple choice with partial credit)"
        )
    elif any(abs(f - 1 / r) > 0.005 for f in right) or (w and any(abs(f + 1 / w) > 0.005 for f in wrong)):
        weights = ", ".join(_percent(f) for f in fractions)
        notes.append(
            f"weights ({weights}) not kept: each right option scores 1/{r} and each wrong one costs 1/{w} "
            "of the points here"
            if w
            else f"weights ({weights}) not kept: each right option scores 1/{r} of the points here"
        )
    return {"type": "multiple", "options": options}


def _true_false(gift: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    fields: dict[str, Any] = {"type": "true_false", "answer": bool(gift.get("isTrue"))}
    for key, name in (("trueFeedback", "feedback_true"), ("falseFeedback", "feedback_false")):
        text = _text(gift.get(key), notes)
        if text:
            fields[name] = text
    return fields


def _short(gift: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    answers: list[dict[str, Any]] = []
    for choice in gift.get("choices") or []:
        text = _text(choice.get("text"), notes)
        if not text:
            continue
        fraction = _fraction(choice)
        if fraction > 1 or fraction < 0:
            clamped = min(max(fraction, 0.0), 1.0)
            notes.append(f"weight {_percent(fraction)} of {text!r} out of 0..100%: set to {_percent(clamped)}")
            fraction = clamped
        if "*" in text:
            notes.append(f"answer {text!r}: the * wildcard is not supported, it must be typed as written")
        answer: dict[str, Any] = {"text": text}
        if fraction != 1:
            answer["weight"] = round(fraction, 6)
        feedback = _text(choice.get("feedback"), notes)
        if feedback:
            answer["feedback"] = feedback
        answers.append(answer)
    if not any(a.get("weight", 1) > 0 for a in answers):
        raise _Skip("no accepted answer with a weight above 0")
    if all(set(a) == {"text"} for a in answers):
        return {"type": "short", "answers": [a["text"] for a in answers]}
    return {"type": "short", "answers": answers}


def _numeric_fields(spec: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    kind = spec.get("type")
    if kind == "range":
        return {"answer": spec["number"], "tolerance": abs(spec["range"])}
    if kind == "high-low":
        low, high = spec["numberLow"], spec["numberHigh"]
        if low > high:
            notes.append(f"range {low}..{high} written high to low: read as {high}..{low}")
            low, high = high, low
        return {"min": low, "max": high}
    return {"answer": spec["number"]}


def _describe(spec: dict[str, Any]) -> str:
    kind = spec.get("type")
    if kind == "range":
        return f"{spec['number']}±{spec['range']}"
    if kind == "high-low":
        return f"{spec['numberLow']}..{spec['numberHigh']}"
    return str(spec.get("number", "*"))


def _numeric(gift: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    choices = gift.get("choices")
    if isinstance(choices, dict):
        return {"type": "numeric", **_numeric_fields(choices, notes)}
    usable = [c for c in choices or [] if isinstance(c.get("text"), dict) and "type" in c["text"]]
    if len(usable) < len(choices or []):
        notes.append("the catch-all answer (= or *) dropped")
    credited = [c for c in usable if _fraction(c) > 0]
    if not credited:
        raise _Skip("no numeric answer gives credit")
    best = max(credited, key=_fraction)  # the first of the best
    best_fraction = _fraction(best)
    if best_fraction < 1:
        notes.append(
            f"no answer gives full credit: {_describe(best['text'])} ({_percent(best_fraction)}) "
            "used as the right answer"
        )
    others = [c for c in usable if c is not best]
    if others:
        dropped = ", ".join(f"{_describe(c['text'])} ({_percent(_fraction(c))})" for c in others)
        notes.append(f"a numeric question keeps one answer: {_describe(best['text'])} kept; dropped {dropped}")
    if any(c.get("feedback") for c in usable):
        notes.append("feedback on numeric answers dropped (a numeric question has no per-answer feedback)")
    return {"type": "numeric", **_numeric_fields(best["text"], notes)}


def _matching(gift: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    pairs: list[dict[str, str]] = []
    distractors: list[str] = []
    for pair in gift.get("matchPairs") or []:
        item = _text(pair.get("subquestion"), notes)
        match = (pair.get("subanswer") or "").strip()
        if not match:
            raise _Skip("a pair has no match")
        if item:
            pairs.append({"item": item, "match": match})
        elif match not in distractors:
            distractors.append(match)
    matches = [p["match"] for p in pairs]
    repeated = sorted({m for m in matches if matches.count(m) > 1})
    if repeated:
        raise _Skip(f"several items share the match {repeated[0]!r}; here each item needs its own match")
    kept = [d for d in distractors if d not in matches]
    fields: dict[str, Any] = {"type": "matching", "pairs": pairs}
    if kept:
        fields["distractors"] = kept
    return fields
