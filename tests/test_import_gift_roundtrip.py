"""Round trip: every conformance fixture that holds questions imports into a quiz that `course check` accepts."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from course.cli import main
from course.content import load_course
from course.content.errors import field_path
from course.content.lint import lint_quiz
from course.content.models import Quiz
from course.importers.to_quiz import gift_to_quiz, quiz_to_toml

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "gift-pegjs"  # gift-pegjs, MIT: see its README


def gift_files() -> list[str]:
    return sorted(p.name for p in FIXTURES.glob("*.gift"))


def _importable() -> list[str]:
    return [n for n in gift_files() if gift_to_quiz((FIXTURES / n).read_text(encoding="utf-8"), "q").imported]


def test_most_fixtures_yield_questions() -> None:
    # Only essays, descriptions and categories (which have no equivalent here) yield nothing.
    assert len(_importable()) >= 25


@pytest.mark.parametrize("name", gift_files())
def test_imported_fixture_validates_and_checks_clean(name: str, tmp_path: Path, capsys) -> None:
    # A quiz without a lesson is a final exam; its title says so, so that check does not warn about that.
    result = gift_to_quiz((FIXTURES / name).read_text(encoding="utf-8"), "imported-quiz", title="Imported exam")
    if not result.imported:
        assert result.skipped or result.notes  # nothing silently lost
        return
    text = quiz_to_toml(result.quiz, name)
    Quiz.model_validate(tomllib.loads(text))

    course = tmp_path / "course"
    (course / "lessons").mkdir(parents=True)
    (course / "quizzes").mkdir()
    (course / "quizzes" / "imported.toml").write_text(text, encoding="utf-8")
    loaded = load_course(course)
    assert [str(p) for p in loaded.errors] == []
    # The only warnings are the explanations still to be written, one for each, and the item-writing rules'
    # findings on the questions as Moodle had them (a short answer with one accepted form, for one).
    questions = loaded.quiz("imported-quiz").questions
    placeholders = [i for i, q in enumerate(questions) if q.explanation.startswith("TODO")]
    findings = lint_quiz(loaded.quiz("imported-quiz"))
    item_writing = {(field_path(f.loc), f.message) for f in findings}
    assert [(p.field, "TODO" in p.message) for p in loaded.warnings if (p.field, p.message) not in item_writing] == [
        (f"questions[{i}].explanation", True) for i in placeholders
    ]
    assert len(loaded.warnings) == len(placeholders) + len(findings)
    assert loaded.quiz("imported-quiz") is not None
    assert len(loaded.quiz("imported-quiz").questions) == result.imported

    assert main(["check", str(course)]) == 0
    assert " error: " not in capsys.readouterr().out
    assert main(["check", "--strict", str(course)]) == (1 if placeholders or findings else 0)
