"""The GIFT parser against the gift-pegjs test fixtures (tests/fixtures/gift-pegjs, MIT, see its README).

Each NAME.gift is parsed and compared with NAME.json. Differences that the fixtures' README documents
between gift-pegjs and Moodle are normalised here, Moodle being the reference (see `_normalise`).
The fixtures are part of the project, so these tests run in any clone; a missing fixture folder fails.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from course.importers.gift import parse_gift

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "gift-pegjs"


def fixture_names() -> list[str]:
    return sorted(p.stem for p in FIXTURES.glob("*.gift") if p.with_suffix(".json").is_file())


def test_the_fixture_pairs_are_there() -> None:
    # every .gift with its .json, and the licence that must travel with them
    assert len(fixture_names()) >= 35, f"gift-pegjs fixture pairs missing from {FIXTURES}"
    assert (FIXTURES / "LICENSE").is_file()


def _normalise(expected: dict[str, Any]) -> dict[str, Any]:
    expected = dict(expected)
    if expected.get("type") == "TF" and expected.get("isTrue"):
        # README: gift-pegjs puts the first #feedback in trueFeedback; Moodle shows the first feedback
        # to a learner who answers wrongly. For {TRUE#first#second} that is the learner who answers
        # false, so the first feedback is the feedback for "false" and the second the one for "true".
        expected["trueFeedback"], expected["falseFeedback"] = expected["falseFeedback"], expected["trueFeedback"]
    return expected


def _without_line(question: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in question.items() if k != "line"}


@pytest.mark.parametrize("name", fixture_names())
def test_fixture(name: str) -> None:
    gift = (FIXTURES / f"{name}.gift").read_text(encoding="utf-8")
    expected = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    parsed = [_without_line(q) for q in parse_gift(gift)]
    assert len(parsed) == len(expected), [q.get("type") for q in parsed]
    for got, want in zip(parsed, expected, strict=True):
        assert got == _normalise(want)
