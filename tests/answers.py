"""Right and wrong responses for any question, for tests that walk whole quizzes.

Both are worked out from what the author wrote in the quiz file (the question's fields as given,
`model_dump(exclude_unset=True)`), following the formats in docs/authoring.md, and never through the
engine's own helpers (`right_response`, `correct_keys`, `option_keys`): a bug there cannot make a test
that answers "right" pass. Each type's test file (tests/qtypes/test_<type>.py) says how, in its
`right_as_written` and `wrong_as_written`; the contract test (tests/qtypes/contract.py) asks every type for them.
"""

from __future__ import annotations

import importlib
import string
from collections.abc import Callable
from typing import Any

from course.content.models import Question
from course.scoring import Response

_AsWritten = Callable[[dict[str, Any]], Response]


def authored(question: Question) -> dict[str, Any]:
    """The question as written in its quiz file: only the fields the author gave."""
    return question.model_dump(mode="json", by_alias=True, exclude_unset=True)


def option_keys_as_written(data: dict[str, Any]) -> list[tuple[str, bool]]:
    """(key, correct) per option of a table with `options`: the option's `id`, else its letter by position
    (a, b, c...)."""
    options = data["options"]
    assert len(options) <= len(string.ascii_lowercase), "tests spell option letters only up to z"
    return [(o.get("id") or string.ascii_lowercase[i], bool(o.get("correct", False))) for i, o in enumerate(options)]


def option_texts(question: Question) -> dict[str, str]:
    """Choice questions: each option's key (as above) and its text, as written."""
    data = authored(question)
    return {key: option["text"] for (key, _), option in zip(option_keys_as_written(data), data["options"], strict=True)}


def as_written(kind: str, which: str) -> _AsWritten:
    """The `right_as_written` or `wrong_as_written` of the type `kind`, from tests/qtypes/test_<kind>.py."""
    try:
        module = importlib.import_module(f"tests.qtypes.test_{kind}")
    except ModuleNotFoundError:
        raise LookupError(f"no tests/qtypes/test_{kind}.py: each question type has its test file") from None
    found = getattr(module, f"{which}_as_written", None)
    if not callable(found):
        raise LookupError(f"tests/qtypes/test_{kind}.py has no {which}_as_written(data): a {which} response to a "
                          f"{kind!r} question, worked out from the quiz file")
    return found  # type: ignore[no-any-return]


def right(question: Question) -> Response:
    """A response that earns full points."""
    data = authored(question)
    return as_written(data["type"], "right")(data)


def wrong(question: Question) -> Response:
    """A response that earns nothing."""
    data = authored(question)
    return as_written(data["type"], "wrong")(data)
