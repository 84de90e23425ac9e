"""Turn parsed GIFT questions into a quiz file of this course.

`gift_to_quiz(text, quiz_id)` parses GIFT text and returns the quiz as a dict ready for TOML, with
notes for whatever could not be carried over (each with the GIFT line it is about). Every question kept
has been validated with the course's own models, so the quiz written always loads.

How GIFT maps onto the course's question types (Moodle's own reading of GIFT is the reference):

- multiple choice with an `=` answer -> `single` (Moodle's one-answer question): every `=` option is
  fully right, a `~%50%` option earns half (`weight = 0.5`); negative weights are dropped with a note,
  since a question here never scores below 0;
- multiple choice without `=` -> `multiple` (Moodle's several-answer question): the weights are kept,
  or left out when they are this course's default (1/R for each right option, -1/W for each wrong one);
- true/false -> `true_false` (Moodle's feedback meaning, see `course.importers.gift`);
- short answer -> `short` (weights become fractions 0..1, `*` is a wildcard);
- numerical -> `numeric` (one answer, or several with weights, feedback and a catch-all);
- matching -> `matching` (pairs with no item become distractors);
- essay and description -> skipped; categories -> ignored. Each of these is noted.

A question that cannot be read is skipped with a note giving its line; the rest of the file is imported.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import tomli_w
from pydantic import TypeAdapter, ValidationError

from course.content.models import WEIGHT_SUM_TOLERANCE, NumericQuestion, Question, Quiz, ShortQuestion
from course.content.slugs import is_slug, slugify
from course.importers.gift import read_gift
from course.words import title_from_name

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
    """Parse GIFT text and convert it. A question that cannot be read is skipped with a note."""
    return questions_to_quiz(read_gift(text), quiz_id, title=title, lesson=lesson)


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
        if kind == "Error":
            result.notes.append(ImportNote(line, f"question skipped: it cannot be read: {gift.get('message')}"))
            result.skipped += 1
            continue
        notes: list[str] = []
        try:
            question = _convert(gift, notes)
            question = {"id": _question_id(gift, len(converted) + 1, used_ids, notes), **question}
            notes.extend(_first_match_notes(_question_adapter.validate_python(question)))
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
        if gift.get("tags"):
            notes.append(f"tags {', '.join(gift['tags'])} ignored: quiz files have no tags")
        used_ids.add(question["id"])
        converted.append(question)
        result.notes.extend(ImportNote(line, f"{question['id']}: {n}") for n in notes)
    quiz["questions"] = converted
    result.imported = len(converted)
    if converted:
        Quiz.model_validate(quiz)  # every question was checked; this checks the quiz as a whole
    return result


def quiz_to_toml(quiz: dict[str, Any], source: str | None = None, fmt: str = "GIFT") -> str:
    """The quiz as a TOML file, with a comment naming where it came from (a GIFT or Aiken file)."""
    header = f"# Imported from {fmt}" + (f" ({source})" if source else "") + f" by `course import {fmt.lower()}`.\n"
    if any(str(q.get("explanation", "")).startswith("TODO: add an explanation") for q in quiz.get("questions", [])):
        header += "# Search for TODO: some questions still need an explanation.\n"
    return header + "\n" + tomli_w.dumps(quiz, multiline_strings=True)


# --------------------------------------------------------------------------- helpers


def _matches(question: ShortQuestion, accepted: Any, text: str) -> bool:
    from course.scoring import score

    alone = question.model_copy(update={"answers": [accepted.model_copy(update={"weight": 1.0})]})
    return score(alone, text).correct


def _first_match_notes(question: Any) -> list[str]:
    """Moodle takes the first answer that matches, this course the one worth most: say where they differ."""
    notes: list[str] = []
    if isinstance(question, ShortQuestion):
        for later in question.answers:
            if later.wildcard:
                continue
            first = next((a for a in question.answers if _matches(question, a, later.text)), None)
            if first is not None and first.weight != later.weight and first is not later:
                notes.append(
                    f"{later.text!r} also matches the earlier answer {first.text!r}: "
                    f"Moodle gives {_percent(first.weight)}, "
                    f"here the answer worth most counts ({_percent(max(first.weight, later.weight))})"
                )
    elif isinstance(question, NumericQuestion) and question.answers:
        for number in question.answers:
            if number.other:
                continue
            low, high = number.bounds()
            value = number.answer if number.answer is not None else (low + high) / 2
            moodle = next((a for a in question.answers if a.other or a.bounds()[0] <= value <= a.bounds()[1]), None)
            best = question.best_match(value)
            if moodle is not None and best is not None and moodle.weight != best.weight:
                notes.append(
                    f"{value:g} matches more than one answer: Moodle takes the first ({_percent(moodle.weight)}), "
                    f"here the answer worth most counts ({_percent(best.weight)})"
                )
    return list(dict.fromkeys(notes))


def _title_from_id(quiz_id: str) -> str:
    return title_from_name(quiz_id) or "Imported quiz"


def _question_id(gift: dict[str, Any], number: int, used: set[str], notes: list[str]) -> str:
    """`// [id:...]` first (Moodle's ID number), then the title, then `q<number>`."""
    given = str(gift.get("id") or "").strip()
    title = gift.get("title") or ""
    base = ""
    if given:
        base = given if is_slug(given) else (slugify(given) if re.search(r"[A-Za-z0-9]", given) else "")
        if base and base != given:
            made = base[:60].rstrip("-")
            notes.append(f"[id:{given}] is not a slug (lower-case letters, digits, hyphens): id {made!r} used")
    if not is_slug(base):
        base = slugify(title) if re.search(r"[A-Za-z0-9]", title) else ""
    if not is_slug(base):
        base = f"q{number}"
    base = base[:60].rstrip("-")
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}-{n}", n + 1
    if given and candidate != base:
        notes.append(f"[id:{given}] is used by an earlier question: id {candidate!r} used")
    return candidate


_BLOCK_END = re.compile(r"</(p|div|h[1-6]|ul|ol|table|tr|blockquote|pre)\s*>", re.I)


_MEDIA = re.compile(r"<(img|audio|video|iframe|object|embed|source|svg|canvas)\b", re.I)
_EMPHASIS = re.compile(r"<(b|strong|i|em)\b[^>]*>(.*?)</\1\s*>", re.I | re.S)
_LINK = re.compile(r"""<a\b([^>]*)>(.*?)</a\s*>""", re.I | re.S)
_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)


def _note_once(notes: list[str], note: str) -> None:
    if note not in notes:
        notes.append(note)


def _link_to_markdown(found: re.Match[str], notes: list[str]) -> str:
    href = _HREF.search(found.group(1))
    label = re.sub(r"<[^>]*>", "", found.group(2)).strip()
    url = html.unescape(next((g for g in href.groups() if g is not None), "")).strip() if href else ""
    if not url:
        return found.group(2)
    if re.match(r"(?i)\s*javascript:", url):
        _note_once(notes, f"link to {url!r} dropped (a script, not a page); its text kept")
        return found.group(2)
    url = url.replace(" ", "%20").replace(")", "%29").replace("(", "%28")
    label = label.replace("[", "\\[").replace("]", "\\]")
    return f"[{label}]({url})" if label and label != url else url


def _emphasis_to_markdown(found: re.Match[str]) -> str:
    """`<b>`/`<strong>` as `**bold**`, `<i>`/`<em>` as `*italics*`; spaces inside the tags go outside the marks."""
    inner = found.group(2)
    if not inner.strip():
        return inner
    mark = "**" if found.group(1).lower() in ("b", "strong") else "*"
    lead = inner[: len(inner) - len(inner.lstrip())]
    trail = inner[len(inner.rstrip()) :]
    return f"{lead}{mark}{inner.strip()}{mark}{trail}"


def _html_to_text(text: str, notes: list[str]) -> str:
    for tag in sorted({m.group(1).lower() for m in _MEDIA.finditer(text)}):
        _note_once(notes, f"<{tag}> dropped: images and other media cannot be shown in the terminal")
    if re.search(r"<table\b", text, re.I):
        _note_once(notes, "an HTML table became plain lines: its layout is lost")
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    text = re.sub(r"\s*\n\s*", " ", text)  # new lines in HTML source are spaces
    text = _LINK.sub(lambda m: _link_to_markdown(m, notes), text)  # links are kept as Markdown links
    text = _EMPHASIS.sub(_emphasis_to_markdown, text)  # and bold and italics as Markdown's
    text = re.sub(r"<br\s*/?>", "\n", text, flags=re.I)
    text = re.sub(r"<li\b[^>]*>", "\n- ", text, flags=re.I)
    text = _BLOCK_END.sub("\n\n", text)
    text = re.sub(r"<[^>]*>", "", text)
    text = html.unescape(text).replace("\xa0", " ")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*\b[^<>]*>")


def _text(rich: dict[str, str] | None, notes: list[str]) -> str:
    if not rich:
        return ""
    text = rich.get("text", "")
    # Moodle's default format (moodle auto-format) is HTML as well when the text holds tags.
    if rich.get("format") == "html" or (rich.get("format") == "moodle" and _TAG.search(text)):
        return _html_to_text(text, notes)
    if rich.get("format") == "markdown" and re.search(r"!\[[^\]]*\]\(", text):
        _note_once(notes, "Markdown image kept as written: images cannot be shown in the terminal")
    return text.strip()


def _fraction(choice: dict[str, Any]) -> float:
    weight = choice.get("weight")
    if weight is not None:
        return float(weight) / 100
    return 1.0 if choice.get("isCorrect") else 0.0


_BLANK_BEFORE_PUNCTUATION = re.compile(r"_____ (?=[.,;:!?)\]…])")


def _percent(fraction: float) -> str:
    return f"{fraction * 100:g}%"


def _convert(gift: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    kind = gift.get("type")
    if kind in ("Essay", "Description"):
        what = "an essay question" if kind == "Essay" else "a description (text without answers)"
        raise _Skip(f"{what} has no equivalent question type in this course")
    prompt = _text(gift.get("stem"), notes) or (gift.get("title") or "").strip()
    if gift.get("hasEmbeddedAnswers"):  # `answer {...}.`: the blank takes no space before punctuation
        prompt = _BLANK_BEFORE_PUNCTUATION.sub("_____", prompt)
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


def _weight(value: float) -> float:
    return round(value, 7)


def _choice_question(gift: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    choices = gift.get("choices") or []
    if len(choices) < 2:
        raise _Skip("a multiple-choice question needs at least two answers")
    texts: list[str] = []
    for choice in choices:
        text = _text(choice.get("text"), notes) or (choice.get("text") or {}).get("text", "").strip()
        if not text:
            raise _Skip("an option has no text")
        texts.append(text)
    feedbacks = [_text(c.get("feedback"), notes) for c in choices]
    # Moodle: with an `=` answer the learner picks one option; without, several.
    if any(c.get("isCorrect") for c in choices):
        return _one_answer(choices, texts, feedbacks, notes)
    return _several_answers(choices, texts, feedbacks)


def _option(text: str, feedback: str) -> dict[str, Any]:
    option: dict[str, Any] = {"text": text}
    if feedback:
        option["feedback"] = feedback
    return option


def _one_answer(
    choices: list[dict[str, Any]], texts: list[str], feedbacks: list[str], notes: list[str]
) -> dict[str, Any]:
    options: list[dict[str, Any]] = []
    for choice, text, feedback in zip(choices, texts, feedbacks, strict=True):
        option = _option(text, feedback)
        weight = choice.get("weight")
        fraction = _fraction(choice)
        if choice.get("isCorrect"):
            if weight is not None and abs(fraction - 1) > 1e-9:
                notes.append(
                    f"option {text!r}: Moodle reads `=` as fully right whatever its weight ({_percent(fraction)}); "
                    "kept fully right (write ~%50% for partial credit)"
                )
            option["correct"] = True
        elif fraction >= 1:
            if fraction > 1:
                notes.append(f"option {text!r}: weight {_percent(fraction)} above 100%: set to 100%")
            option["correct"] = True
        elif fraction > 0:
            option["weight"] = _weight(fraction)
        elif fraction < 0:
            notes.append(
                f"option {text!r}: penalty {_percent(fraction)} dropped: a one-answer question here scores "
                "between 0 and its points, so a wrong pick earns 0"
            )
        options.append(option)
    options = [{k: o[k] for k in ("text", "correct", "weight", "feedback") if k in o} for o in options]
    return {"type": "single", "options": options}


def _several_answers(choices: list[dict[str, Any]], texts: list[str], feedbacks: list[str]) -> dict[str, Any]:
    fractions = [_fraction(c) for c in choices]
    for text, fraction in zip(texts, fractions, strict=True):
        if fraction > 1 or fraction < -1:
            raise _Skip(f"option {text!r} has a weight of {_percent(fraction)}, outside -100%..100%")
    right = [f for f in fractions if f > 0]
    if not right:
        raise _Skip("no option earns credit (mark one with = or give it a positive %weight%)")
    total = sum(right)
    if abs(total - 1) > WEIGHT_SUM_TOLERANCE:
        raise _Skip(
            f"the positive weights add up to {_percent(total)}, not 100%, so no answer earns full points "
            "(Moodle warns about this too); make them add up to 100%"
        )
    wrong = [f for f in fractions if f <= 0]
    r, w = len(right), len(wrong)
    default = all(abs(f - 1 / r) < 0.005 for f in right) and all(abs(f + 1 / w) < 0.005 for f in wrong)
    options: list[dict[str, Any]] = []
    for text, feedback, fraction in zip(texts, feedbacks, fractions, strict=True):
        option: dict[str, Any] = {"text": text}
        if fraction > 0:
            option["correct"] = True
        if not default:
            option["weight"] = _weight(fraction)
        if feedback:
            option["feedback"] = feedback
        options.append(option)
    return {"type": "multiple", "options": options}


def _true_false(gift: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    fields: dict[str, Any] = {"type": "true_false", "answer": bool(gift.get("isTrue"))}
    for key, name in (("trueFeedback", "feedback_true"), ("falseFeedback", "feedback_false")):
        text = _text(gift.get(key), notes)
        if text:
            fields[name] = text
    return fields


def _answer_fraction(choice: dict[str, Any], notes: list[str], what: str = "") -> float:
    """A short or numeric answer's weight as a fraction, held within 0..1 (with a note when it was not)."""
    fraction = _fraction(choice)
    if 0 <= fraction <= 1:
        return fraction
    clamped = min(max(fraction, 0.0), 1.0)
    notes.append(f"weight {_percent(fraction)}{what} out of 0..100%: set to {_percent(clamped)}")
    return clamped


def _weighed(answer: dict[str, Any], fraction: float, choice: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    """`answer` with its weight (when not full) and its feedback (when there is one)."""
    if fraction != 1:
        answer["weight"] = _weight(fraction)
    feedback = _text(choice.get("feedback"), notes)
    if feedback:
        answer["feedback"] = feedback
    return answer


def _short(gift: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    answers: list[dict[str, Any]] = []
    for choice in gift.get("choices") or []:
        text = _text(choice.get("text"), notes)
        if not text:
            continue
        fraction = _answer_fraction(choice, notes, f" of {text!r}")
        answer: dict[str, Any] = {"text": text}
        # Moodle: `*` stands for any text; `\*` is a star.
        if re.search(r"(?<!\\)\*", text):
            answer["wildcard"] = True
            if "\\*" in text:
                notes.append(f"answer {text!r}: `\\*` is read as the wildcard too (a star is punctuation here)")
            answer["text"] = text.replace("\\*", "*")
        elif "\\*" in text:
            answer["text"] = text.replace("\\*", "*")
        answers.append(_weighed(answer, fraction, choice, notes))
    if not any(a.get("weight", 1) >= 1 for a in answers):
        raise _Skip("no accepted answer is worth full points (100%)")
    _note_looser_than_moodle(answers, notes)
    if all(set(a) == {"text"} for a in answers):
        return {"type": "short", "answers": [a["text"] for a in answers]}
    return {"type": "short", "answers": answers}


def _punctuation(ch: str) -> bool:
    return unicodedata.category(ch).startswith("P") and ch != "*"


def _unpunctuated(text: str) -> list[str]:
    """The forms of `text` that a learner may type here for it and Moodle refuses: its punctuation left out,
    and its dashes typed as spaces (`S.L.A.` -> `SLA`; `e-mail` -> `email`, `e mail`)."""
    if not any(_punctuation(ch) for ch in text):
        return []
    dropped = "".join(ch for ch in text if not _punctuation(ch))
    spaced = "".join(" " if unicodedata.category(ch) == "Pd" else ch for ch in text if not _punctuation(ch) or
                     unicodedata.category(ch) == "Pd")
    return [f for f in dict.fromkeys(" ".join(form.split()) for form in (dropped, spaced)) if f and f != text]


def _note_looser_than_moodle(answers: list[dict[str, Any]], notes: list[str]) -> None:
    """Moodle compares a short answer as written, ignoring case only; here punctuation is ignored too (and a
    dash may be typed as a space). Say so for each answer with punctuation, naming the forms only this course
    takes (those another answer of the question does not already list)."""
    listed = {a["text"].casefold() for a in answers}
    for answer in answers:
        if answer.get("wildcard"):
            continue
        forms = [f for f in _unpunctuated(answer["text"]) if f.casefold() not in listed]
        if forms:
            notes.append(
                f"answer {answer['text']!r} scores differently in Moodle: punctuation is ignored here, so "
                f"{' and '.join(map(repr, forms))} also earn{'s' if len(forms) == 1 else ''} "
                f"{_percent(answer.get('weight', 1))}, which Moodle refuses (it ignores case only)"
            )


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


def _numeric(gift: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    choices = gift.get("choices")
    if isinstance(choices, dict):
        return {"type": "numeric", **_numeric_fields(choices, notes)}
    choices = choices or []
    answers: list[dict[str, Any]] = []
    for choice in choices:
        notes.extend(choice.get("notes") or [])
        spec = choice.get("text")
        other = not (isinstance(spec, dict) and "type" in spec)
        fraction = _answer_fraction(choice, notes)
        answer: dict[str, Any] = {"other": True} if other else _numeric_fields(spec, notes)
        answers.append(_weighed(answer, fraction, choice, notes))
        if other:
            break
    if len(answers) < len(choices):
        notes.append(
            f"{len(choices) - len(answers)} answer(s) after the catch-all (`=*` or `~`) dropped: Moodle tries "
            "answers in order, so they could never match"
        )
    if not any(a.get("weight", 1) >= 1 and not a.get("other") for a in answers):
        raise _Skip("no numeric answer is worth full points (100%)")
    if len(answers) == 1 and set(answers[0]) <= {"answer", "tolerance", "min", "max"}:
        return {"type": "numeric", **answers[0]}
    return {"type": "numeric", "answers": answers}


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
    kept = [d for d in distractors if d not in matches]
    fields: dict[str, Any] = {"type": "matching", "pairs": pairs}
    if kept:
        fields["distractors"] = kept
    return fields
