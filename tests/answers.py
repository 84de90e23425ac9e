"""Right and wrong responses for any question, for tests that walk whole quizzes.

Both are worked out here from what the author wrote in the quiz file (the question's fields as given,
`model_dump(exclude_unset=True)`), following the formats in docs/authoring.md, and never through the
engine's own helpers (`right_response`, `correct_keys`, `option_keys`): a bug there cannot make a test
that answers "right" pass.
"""

from __future__ import annotations

import string
from typing import Any

from course.content.models import Question
from course.scoring import Response


def authored(question: Question) -> dict[str, Any]:
    """The question as written in its quiz file: only the fields the author gave."""
    return question.model_dump(mode="json", by_alias=True, exclude_unset=True)


def _keys(data: dict[str, Any]) -> list[tuple[str, bool]]:
    """(key, correct) per option: the option's `id`, else its letter by position (a, b, c...)."""
    options = data["options"]
    assert len(options) <= len(string.ascii_lowercase), "tests spell option letters only up to z"
    return [(o.get("id") or string.ascii_lowercase[i], bool(o.get("correct", False))) for i, o in enumerate(options)]


def option_texts(question: Question) -> dict[str, str]:
    """Choice questions: each option's key (as above) and its text, as written."""
    data = authored(question)
    return {key: option["text"] for (key, _), option in zip(_keys(data), data["options"], strict=True)}


def right(question: Question) -> Response:
    """A response that earns full points."""
    data = authored(question)
    kind = data["type"]
    if kind == "single":
        return next(k for k, correct in _keys(data) if correct)  # any option marked correct is fully right
    if kind == "multiple":
        return [k for k, correct in _keys(data) if correct]
    if kind == "true_false":
        return data["answer"]
    if kind == "matching":
        return [pair["match"] for pair in data["pairs"]]
    if kind == "ordering":
        return list(range(len(data["items"])))  # the order the items are written in
    if kind == "short":
        return next(a["text"] for a in data["answers"] if a.get("weight", 1) >= 1)
    if kind == "numeric":
        spec = next((a for a in data.get("answers", []) if a.get("weight", 1) >= 1 and not a.get("other")), data)
        if spec.get("answer") is not None:
            return spec["answer"]
        return (spec["min"] + spec["max"]) / 2
    if kind == "cloze":  # one answer a gap: the text, the number, or the right option's key
        return [_right_gap(gap) for gap in data["gaps"]]
    raise TypeError(kind)


def _right_gap(gap: dict[str, Any]) -> str:
    if gap["kind"] == "short":
        return next(a if isinstance(a, str) else a["text"] for a in gap["answers"]
                    if isinstance(a, str) or a.get("weight", 1) >= 1)
    if gap["kind"] == "numeric":
        return f"{gap['answer']:g}"
    return next(k for k, correct in _keys(gap) if correct)


def wrong(question: Question) -> Response:
    """A response that earns nothing."""
    data = authored(question)
    kind = data["type"]
    if kind == "single":
        credited = [bool(o.get("weight")) for o in data["options"]]
        return next(k for (k, correct), partly in zip(_keys(data), credited, strict=True) if not correct and not partly)
    if kind == "multiple":
        return [k for k, correct in _keys(data) if not correct]
    if kind == "true_false":
        return not data["answer"]
    if kind == "matching":
        matches = [pair["match"] for pair in data["pairs"]]
        return matches[1:] + matches[:1]
    if kind == "ordering":
        n = len(data["items"])
        return list(range(1, n)) + [0]
    if kind == "short":
        return "zzzz qqqq xxxx"
    if kind == "numeric":
        specs = [a for a in data.get("answers", []) if not a.get("other")] or [data]
        highs = []
        for spec in specs:
            if spec.get("answer") is not None:
                low, high = spec["answer"] - spec.get("tolerance", 0), spec["answer"] + spec.get("tolerance", 0)
            else:
                low, high = spec["min"], spec["max"]
            highs.append(high + abs(high - low))
        return max(highs) + 1000
    if kind == "cloze":  # every gap wrong: words no answer has, a number far off, a choice worth nothing
        return [
            "zzzz qqqq xxxx" if gap["kind"] == "short"
            else f"{gap['answer'] + gap.get('tolerance', 0) + 1000:g}" if gap["kind"] == "numeric"
            else next(k for (k, correct), o in zip(_keys(gap), gap["options"], strict=True)
                      if not correct and not o.get("weight"))
            for gap in data["gaps"]
        ]
    raise TypeError(kind)
