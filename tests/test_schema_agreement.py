"""`course check` and the JSON Schema from `course schema` accept the same files.

Every quiz file and lesson front matter of the corpus (tests/fixtures/schema_corpus, the broken and good
fixture courses, the shipped course) is validated both ways, file by file: by the rules `course check`
applies to one file (those across files, such as a section of another lesson, are not the schema's business)
and by the generated schema with jsonschema, as an editor would. They must agree, except on the few rules
JSON Schema cannot state, which `check-only-*` files (and the fixtures listed below) break and only check refuses.
"""

from __future__ import annotations

import functools
from pathlib import Path

import jsonschema
import pytest

from course.content.files import ContentFileError, parse_toml, read_text
from course.content.loader import check_lesson_data, check_quiz_data
from course.content.markdown import FrontMatterError, split_front_matter
from course.content.schema import lesson_schema, quiz_schema
from tests.conftest import FIXTURES, ROOT

CORPUS = FIXTURES / "schema_corpus"
# Fixture files that break only a rule the schema cannot state.
CHECK_ONLY = {
    "broken/duplicate-option-ids/quizzes/02-other.toml",
    "broken/duplicate-question-ids/quizzes/02-other.toml",
}
# Fixture files that are not readable as content at all.
NOT_CONTENT = {
    "broken/deep-nesting/quizzes/02-other.toml",
    "broken/non-utf8/quizzes/02-other.toml",
    "broken/toml-syntax/quizzes/02-other.toml",
    "broken/front-matter-syntax/lessons/02-other.md",
    "broken/front-matter-unclosed/lessons/02-other.md",
}


def _files() -> list[tuple[str, Path]]:
    found: list[tuple[str, Path]] = []
    for folder in sorted(p for p in (FIXTURES / "broken").iterdir() if p.is_dir()) + [
        FIXTURES / "good_course", FIXTURES / "tui_course", CORPUS, ROOT,
    ]:
        for kind, suffix in (("quizzes", ".toml"), ("lessons", ".md")):
            for path in sorted((folder / kind).glob(f"*{suffix}")):
                if path.name.lower() != "readme.md":
                    name = path.relative_to(FIXTURES).as_posix() if path.is_relative_to(FIXTURES) else f"shipped/{kind}/{path.name}"
                    found.append((name, path))
    return found


def _read(path: Path) -> dict | None:
    """The TOML of a quiz file or lesson front matter, or None when it is not TOML at all (check says so)."""
    try:
        text = read_text(path, path.parent.parent)
        if path.suffix == ".md":
            front, _, _ = split_front_matter(text)
            return parse_toml(front)
        return parse_toml(text)
    except (ContentFileError, FrontMatterError):
        return None


FILES = _files()


@functools.cache
def _validator(is_quiz: bool) -> jsonschema.Draft202012Validator:
    """The validator of the quiz or the lesson schema, made once: the quiz schema takes 16 ms to make."""
    return jsonschema.Draft202012Validator(quiz_schema() if is_quiz else lesson_schema())


def test_the_corpus_is_large_and_has_every_kind() -> None:
    names = [name for name, _ in FILES]
    assert len(names) > 150
    for prefix in ("good-", "bad-", "check-only-"):
        assert any(Path(name).name.startswith(prefix) for name in names), prefix


@pytest.mark.parametrize(("name", "path"), FILES, ids=[name for name, _ in FILES])
def test_check_and_schema_agree_file_by_file(name: str, path: Path) -> None:
    data = _read(path)
    if data is None:
        # Not UTF-8, not TOML, nested too deeply or no front matter: check refuses the file before its
        # contents, and there is nothing for a schema to validate.
        assert name in NOT_CONTENT
        return
    is_quiz = path.suffix == ".toml"
    checked, found = check_quiz_data(data) if is_quiz else check_lesson_data(data)
    by_check = checked is not None
    assert by_check == (not found), found
    errors = sorted(_validator(is_quiz).iter_errors(data), key=str)
    by_schema = not errors
    check_only = Path(name).name.startswith("check-only-") or name in CHECK_ONLY
    if check_only:
        assert (by_check, by_schema) == (False, True), (found, [e.message for e in errors])
    else:
        assert by_check == by_schema, (found, [e.message for e in errors])
    if Path(name).name.startswith("good-"):
        assert by_check
    if Path(name).name.startswith("bad-"):
        assert not by_check
