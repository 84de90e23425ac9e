"""A parser for GIFT, Moodle's text format for question banks.

`parse_gift(text)` returns one dict per question, shaped like the output of gift-pegjs (the GIFT parser
published on npm) so that it can be checked against that project's test fixtures:

    {"type": "MC" | "TF" | "Short" | "Numerical" | "Matching" | "Essay" | "Description" | "Category",
     "id", "tags", "title", "stem": {"format", "text"}, "hasEmbeddedAnswers", "globalFeedback",
     "choices" | "isTrue"/"trueFeedback"/"falseFeedback" | "matchPairs", "line": 12}

`line` (1-based line where the question starts) is ours. Where gift-pegjs and Moodle's own importer
disagree, Moodle wins:

- True/false feedback. In `{TRUE#first#second}` Moodle shows the first feedback to a learner who
  answers wrongly and the second to one who answers rightly. Here `trueFeedback` is always the feedback
  for a learner who answers "true" and `falseFeedback` the one for "false" (gift-pegjs instead puts the
  first feedback in `trueFeedback` whatever the right answer is).
- Escapes are Moodle's: `\\: \\~ \\= \\# \\{ \\} \\\\` stand for the character, `\\n` for a new line; any
  other backslash is kept as written (so LaTeX such as `\\(x\\)` or `\\[x\\]` survives).
- Questions are separated by blank lines; a line starting with `//` is a comment and is dropped
  wherever it is (it does not end a question). A comment may carry `[id:...]` and `[tag:...]`.

Weights stay percentages (`%50%` -> 50) and numeric ranges stay `low..high`, as in gift-pegjs; the
conversion to quiz files turns them into fractions and `min`/`max`.

`parse_gift` raises `GiftSyntaxError` (with the line number) at the first question it cannot read;
nothing else is raised. `read_gift` reads every question it can and returns each one it cannot as
`{"type": "Error", "message", "line"}`, so that one unusual question never costs the rest of a file.
A question may carry `notes`: things Moodle's own reader does that an author should know about.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from course.importers.size import check_text

FORMATS = ("html", "markdown", "plain", "moodle")
DEFAULT_FORMAT = "moodle"
TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}
# What a backslash escapes in Moodle's GIFT reader, and what it stands for.
ESCAPES = {"\\": "\\", ":": ":", "~": "~", "=": "=", "#": "#", "{": "{", "}": "}", "n": "\n"}

_ID_RE = re.compile(r"\[id:([^\x00-\x1F\x7F]+?)]")
_TAG_RE = re.compile(r"\[tag:([^\x00-\x1F\x7F]+?)]")
_WEIGHT_RE = re.compile(r"%\s*(-?\d+(?:\.\d+)?)\s*%")
_NUMBER_RE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")

Question = dict[str, Any]


class GiftSyntaxError(ValueError):
    """GIFT text that cannot be read. `line` is 1-based."""

    def __init__(self, message: str, line: int):
        super().__init__(f"line {line}: {message}")
        self.message = message
        self.line = line


@dataclass(frozen=True, slots=True)
class _Tok:
    ch: str
    literal: bool  # written escaped (or a lone backslash): never a control character
    line: int

    def is_(self, ch: str) -> bool:
        return not self.literal and self.ch == ch

    @property
    def space(self) -> bool:
        return not self.literal and self.ch.isspace()


Toks = list[_Tok]


# --------------------------------------------------------------------------- public entry point


def parse_gift(text: str) -> list[Question]:
    """Parse a whole GIFT file into a list of questions (categories included, in file order)."""
    questions = read_gift(text)
    for question in questions:
        if question["type"] == "Error":
            raise GiftSyntaxError(question["message"], question["line"])
    return questions


def read_gift(text: str) -> list[Question]:
    """Like `parse_gift`, but a question that cannot be read becomes `{"type": "Error", ...}`. Raises
    ImportTooLarge for text over the loader's size limit, before parsing any of it."""
    check_text(text)
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    questions: list[Question] = []
    for lines, comments in _blocks(text):
        first_line, first = lines[0]
        if first.strip().startswith("$CATEGORY:"):
            category = first.strip()[len("$CATEGORY:") :].strip()
            questions.append({"type": "Category", "title": category, "line": first_line})
            lines = lines[1:]
            if not lines:
                continue
        toks = _tokenize(lines)
        try:
            question = _question(toks, comments)
        except GiftSyntaxError as exc:
            questions.append({"type": "Error", "message": exc.message, "line": exc.line, "start": lines[0][0]})
            continue
        if question is not None:
            questions.append(question)
    return questions


# --------------------------------------------------------------------------- blocks and tokens


def _blocks(text: str) -> list[tuple[list[tuple[int, str]], list[str]]]:
    """Questions as (numbered lines, comment lines): split at blank lines, comment lines dropped."""
    blocks: list[tuple[list[tuple[int, str]], list[str]]] = []
    lines: list[tuple[int, str]] = []
    comments: list[str] = []
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if stripped.startswith("//"):
            comments.append(stripped[2:])
        elif not stripped:
            if lines:
                blocks.append((lines, comments))
                lines, comments = [], []
        else:
            lines.append((number, line))
    if lines:
        blocks.append((lines, comments))
    return blocks


def _tokenize(lines: list[tuple[int, str]]) -> Toks:
    toks: Toks = []
    for index, (number, line) in enumerate(lines):
        if index:
            toks.append(_Tok("\n", False, number - 1))
        i = 0
        while i < len(line):
            ch = line[i]
            if ch == "\\" and i + 1 < len(line) and line[i + 1] in ESCAPES:
                toks.append(_Tok(ESCAPES[line[i + 1]], True, number))
                i += 2
            elif ch == "\\":
                toks.append(_Tok("\\", True, number))
                i += 1
            else:
                toks.append(_Tok(ch, False, number))
                i += 1
    return toks


def _find(toks: Toks, what: str, start: int = 0) -> int:
    """Index of the first unescaped occurrence of `what` at or after `start`, or -1."""
    n = len(what)
    for i in range(start, len(toks) - n + 1):
        if all(toks[i + k].is_(what[k]) for k in range(n)):
            return i
    return -1


def _split(toks: Toks, sep: str) -> list[Toks]:
    parts: list[Toks] = []
    start = 0
    while True:
        at = _find(toks, sep, start)
        if at < 0:
            parts.append(toks[start:])
            return parts
        parts.append(toks[start:at])
        start = at + len(sep)


def _strip(toks: Toks) -> Toks:
    start, end = 0, len(toks)
    while start < end and toks[start].space:
        start += 1
    while end > start and toks[end - 1].space:
        end -= 1
    return toks[start:end]


def _raw(toks: Toks) -> str:
    return "".join(t.ch for t in toks)


def _line(toks: Toks, default: int) -> int:
    return toks[0].line if toks else default


# --------------------------------------------------------------------------- text


def _render(toks: Toks, fmt: str) -> str:
    """Text as gift-pegjs gives it: trimmed; outside Markdown, new lines and runs of spaces become one space."""
    toks = _strip(toks)
    if fmt == "markdown":
        return _raw(toks)
    out: list[str] = []
    run: list[str] = []  # a run of unescaped white space
    for tok in [*toks, _Tok("", True, 0)]:
        if tok.space:
            run.append(tok.ch)
            continue
        if len(run) == 1:  # one white-space character stays as it is, unless it is a new line
            out.append(" " if run[0] in "\n\r" else run[0])
        elif run:
            out.append(" ")
        run = []
        out.append(tok.ch)
    return "".join(out)


def _rich(toks: Toks, default: str) -> dict[str, str]:
    """Text with an optional leading `[html]`, `[markdown]`, `[plain]` or `[moodle]` format."""
    toks = _strip(toks)
    fmt = default
    if toks and toks[0].is_("["):
        close = _find(toks, "]")
        name = _raw(toks[1:close]) if close > 0 else ""
        if name in FORMATS and not any(t.literal for t in toks[1:close]):
            fmt = name
            toks = toks[close + 1 :]
    return {"format": fmt, "text": _render(toks, fmt)}


def _optional_rich(toks: Toks, default: str) -> dict[str, str] | None:
    rich = _rich(toks, default)
    return rich if rich["text"].strip() else None


def _has_format(toks: Toks) -> str | None:
    toks = _strip(toks)
    if toks and toks[0].is_("["):
        close = _find(toks, "]")
        name = _raw(toks[1:close]) if close > 0 else ""
        if name in FORMATS:
            return name
    return None


# --------------------------------------------------------------------------- questions


def _question(toks: Toks, comments: list[str]) -> Question | None:
    start_line = toks[0].line if toks else 1
    qid = None
    tags: list[str] | None = None
    for comment in comments:
        found = _ID_RE.search(comment)
        if found:
            qid = found.group(1).strip().replace("\\]", "]")
        for tag in _TAG_RE.findall(comment):
            tags = (tags or []) + [tag]

    rest = _strip(toks)
    title = None
    if rest and _find(rest[:2], "::") == 0:
        close = _find(rest, "::", 2)
        if close < 0:
            raise GiftSyntaxError("the title `::...` is not closed with `::` (write \\: for a colon)", rest[0].line)
        title = _render(rest[2:close], DEFAULT_FORMAT) or None
        rest = rest[close + 2 :]

    common: Question = {"id": qid, "tags": tags, "title": title, "line": start_line}
    opening = _find(rest, "{")
    closing = _find(rest, "}")
    if opening < 0 and closing < 0:
        stem = _rich(rest, DEFAULT_FORMAT)
        return {**common, "type": "Description", "stem": stem, "hasEmbeddedAnswers": False}
    if closing < 0:
        raise GiftSyntaxError("the answers `{...` are not closed with `}` (write \\{ for a brace)", rest[opening].line)
    if opening < 0 or closing < opening:
        raise GiftSyntaxError("`}` without an opening `{` (write \\} for a brace)", rest[closing].line)
    stem1, body, stem2 = rest[:opening], rest[opening + 1 : closing], _strip(rest[closing + 1 :])
    extra = [i for i, t in enumerate(stem2) if t.is_("{") or t.is_("}")]
    if extra:
        raise GiftSyntaxError(
            "a question may have only one answer block {...} (write \\{ and \\} for braces in text)",
            stem2[extra[0]].line,
        )
    if _find(stem2[:2], "//") == 0:  # a comment after the answers, not text
        stem2 = []

    fmt = _has_format(stem1) or _has_format(stem2) or DEFAULT_FORMAT
    text1 = _rich(stem1, fmt)["text"]
    embedded = bool(stem2)
    text = text1
    if embedded:
        text = (text1 + " " if text1 else "") + "_____ " + _rich(stem2, fmt)["text"]
    question: Question = {**common, "stem": {"format": fmt, "text": text}, "hasEmbeddedAnswers": embedded}
    question.update(_answers(body, fmt, rest[opening].line))
    return question


def _answers(body: Toks, fmt: str, line: int) -> Question:
    global_at = _find(body, "####")
    global_feedback = None
    if global_at >= 0:
        global_feedback = _optional_rich(body[global_at + 4 :], fmt)
        body = body[:global_at]
    body = _strip(body)
    result: Question = {"globalFeedback": global_feedback}
    if not body:
        result["type"] = "Essay"
        return result
    if body[0].is_("#"):
        result["type"] = "Numerical"
        result["choices"] = _numerical(body[1:], fmt, line)
        return result
    if _find(body, "~") >= 0:
        result["type"] = "MC"
        result["choices"] = [_choice(c, fmt) for c in _choices(body, line)]
        return result
    if _find(body, "=") >= 0 and _find(body, "->") >= 0:
        result["type"] = "Matching"
        result["matchPairs"] = [_pair(c, fmt) for c in _choices(body, line)]
        return result
    parts = _split(body, "#")
    head = _strip(parts[0])
    if _raw(head) in TRUE_FALSE and not any(t.literal for t in head):
        if len(parts) > 3:
            raise GiftSyntaxError("a true/false answer takes at most two #feedbacks", _line(parts[3], line))
        is_true = TRUE_FALSE[_raw(head)]
        # Moodle: the first feedback is for a wrong answer, the second for a right one.
        wrong = _optional_rich(parts[1], fmt) if len(parts) > 1 else None
        right = _optional_rich(parts[2], fmt) if len(parts) > 2 else None
        result.update(
            type="TF",
            isTrue=is_true,
            trueFeedback=right if is_true else wrong,
            falseFeedback=wrong if is_true else right,
        )
        return result
    result["type"] = "Short"
    if body[0].is_("="):
        result["choices"] = [_choice(c, fmt) for c in _choices(body, line)]
    elif _find(body, "=") >= 0:
        # Moodle reads `{abc =def}` as two answers, the first one without its `=`.
        result["choices"] = [_choice(c, fmt) for c in _choices([_Tok("=", False, body[0].line), *body], line)]
    else:  # a single right answer may leave out the =
        text, feedback = _text_and_feedback(body, fmt)
        result["choices"] = [{"isCorrect": True, "weight": None, "text": text, "feedback": feedback}]
    return result


def _choices(body: Toks, line: int) -> list[tuple[str, Toks]]:
    """Split `=a ~b#fb ...` into (marker, tokens after the marker)."""
    body = _strip(body)
    if not body or not (body[0].is_("=") or body[0].is_("~")):
        raise GiftSyntaxError("each answer must start with = (right) or ~ (wrong)", _line(body, line))
    out: list[tuple[str, Toks]] = []
    for tok in body:
        if tok.is_("=") or tok.is_("~"):
            out.append((tok.ch, []))
        else:
            out[-1][1].append(tok)
    return out


def _weight(toks: Toks) -> tuple[float | None, Toks]:
    toks = _strip(toks)
    if not toks or not toks[0].is_("%"):
        return None, toks
    close = _find(toks, "%", 1)
    if close < 0 or any(t.literal for t in toks[: close + 1]):
        return None, toks
    found = _WEIGHT_RE.fullmatch(_raw(toks[: close + 1]))
    if not found:
        return None, toks
    return _number(found.group(1)), toks[close + 1 :]


def _text_and_feedback(toks: Toks, fmt: str) -> tuple[dict[str, str], dict[str, str] | None]:
    at = _find(toks, "#")
    if at < 0:
        return _rich(toks, fmt), None
    return _rich(toks[:at], fmt), _optional_rich(toks[at + 1 :], fmt)


def _choice(choice: tuple[str, Toks], fmt: str) -> dict[str, Any]:
    marker, toks = choice
    weight, toks = _weight(toks)
    text, feedback = _text_and_feedback(toks, fmt)
    return {"isCorrect": marker == "=", "weight": weight, "text": text, "feedback": feedback}


def _pair(choice: tuple[str, Toks], fmt: str) -> dict[str, Any]:
    marker, toks = choice
    line = _line(toks, 0)
    arrow = _find(toks, "->")
    if marker != "=" or arrow < 0:
        raise GiftSyntaxError("each pair of a matching question is written `=item -> match`", line)
    right = toks[arrow + 2 :]
    hash_at = _find(right, "#")
    if hash_at >= 0:  # Moodle keeps no feedback per pair
        right = right[:hash_at]
    return {"subquestion": _rich(toks[:arrow], fmt), "subanswer": _render(right, DEFAULT_FORMAT)}


# --------------------------------------------------------------------------- numbers


def _number(text: str) -> float:
    value = float(text)
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def _parse_number(toks: Toks, line: int) -> float:
    text = _raw(_strip(toks))
    if not _NUMBER_RE.fullmatch(text):
        raise GiftSyntaxError(f"{text!r} is not a number", _line(toks, line))
    value = _number(text)
    if not math.isfinite(value):
        raise GiftSyntaxError(f"{text!r} is too large", _line(toks, line))
    return value


def _numeric_answer(toks: Toks, line: int) -> dict[str, Any]:
    colon = _find(toks, ":")
    if colon >= 0:
        number = _parse_number(toks[:colon], line)
        margin = _parse_number(toks[colon + 1 :], line)
        return {"type": "range", "number": number, "range": abs(margin)}
    dots = _find(toks, "..")
    if dots >= 0:
        low = _parse_number(toks[:dots], line)
        high = _parse_number(toks[dots + 2 :], line)
        return {"type": "high-low", "numberHigh": high, "numberLow": low}
    return {"type": "simple", "number": _parse_number(toks, line)}


def _numerical(toks: Toks, fmt: str, line: int) -> Any:
    toks = _strip(toks)
    tilde = _find(toks, "~")
    if tilde >= 0:
        # Moodle: from the first `~` on is the feedback for any other (wrong) number: `{#3:2 ~#Wrong}`.
        return _numerical_with_other(toks[:tilde], toks[tilde + 1 :], fmt, line)
    if _find(toks, "=") < 0:
        at = _find(toks, "#")
        answer = _numeric_answer(toks if at < 0 else toks[:at], line)
        if at < 0:
            return answer
        feedback = _optional_rich(toks[at + 1 :], fmt)
        return [{"isCorrect": True, "weight": None, "text": answer, "feedback": feedback}]
    choices = []
    if toks and not toks[0].is_("="):  # Moodle: the first answer may leave out its `=`
        toks = [_Tok("=", False, toks[0].line), *toks]
    for marker, part in _choices(toks, line):
        weight, part = _weight(part)
        at = _find(part, "#")
        spec, feedback = (part, None) if at < 0 else (part[:at], _optional_rich(part[at + 1 :], fmt))
        # A bare `=` or `*` is Moodle's "any other answer".
        text: Any = (
            {"format": fmt, "text": "*"} if _raw(_strip(spec)) in ("", "*") else _numeric_answer(spec, line)
        )
        choices.append({"isCorrect": marker == "=", "weight": weight, "text": text, "feedback": feedback})
    return choices


def _numerical_with_other(answers: Toks, other: Toks, fmt: str, line: int) -> list[dict[str, Any]]:
    answers = _strip(answers)
    if not answers:
        raise GiftSyntaxError("a numeric question needs a number before `~` (the feedback for other numbers)", line)
    choices = _numerical(answers, fmt, line)
    if isinstance(choices, dict):
        choices = [{"isCorrect": True, "weight": None, "text": choices, "feedback": None}]
    at = _find(other, "#")
    ignored = _raw(_strip(other if at < 0 else other[:at]))
    feedback = _optional_rich(other[at + 1 :], fmt) if at >= 0 else None
    catch_all: dict[str, Any] = {
        "isCorrect": False, "weight": 0, "text": {"format": fmt, "text": "*"}, "feedback": feedback,
    }
    if ignored:
        catch_all["notes"] = [
            f"{ignored!r} after `~` ignored: in a numeric question Moodle reads `~` as the feedback for any "
            "other number, with no credit"
        ]
    return [*choices, catch_all]
