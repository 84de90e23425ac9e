"""`course check` and `course schema` from the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from course.cli import main
from tests.conftest import FIXTURES, ROOT

BROKEN = FIXTURES / "broken"
GOOD = FIXTURES / "good_course"


def _run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "COURSE_CONTENT_DIR"}
    return subprocess.run([sys.executable, "-m", "course", *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=60)


def test_check_shipped_course_exits_0() -> None:
    done = _run("check")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == ""
    assert "no problems" in done.stderr


def test_check_shipped_course_explicit_dir_exits_0(capsys) -> None:
    assert main(["check", str(ROOT)]) == 0
    assert capsys.readouterr().out == ""


def test_check_good_fixture_exits_0(capsys) -> None:
    assert main(["check", str(GOOD)]) == 0
    out, err = capsys.readouterr()
    assert out == "" and "no problems (2 lessons, 3 quizzes, 13 questions)" in err


def test_check_broken_course_exits_1_with_file_line_field_message() -> None:
    done = _run("check", str(BROKEN / "unknown-key"))
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "quizzes/02-other.toml:4: error: pass_mak: unknown key 'pass_mak'; did you mean 'pass_mark'?",
        "quizzes/02-other.toml:12: error: questions[0].feedbak_wrong: unknown key 'feedbak_wrong'; did you mean 'feedback_wrong'?",
    ]
    assert "2 errors found" in done.stderr


@pytest.mark.parametrize("case", ["id-not-slug", "missing-required", "draw-too-many", "duplicate-lesson-ids"])
def test_every_problem_line_has_file_line_field(case: str, capsys) -> None:
    assert main(["check", str(BROKEN / case)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines
    for line in lines:
        file, lineno, severity, field, message = line.split(":", 4)
        assert (BROKEN / case / file).is_file(), line
        assert int(lineno) >= 1
        assert severity == " error"
        assert field.strip() and " " not in field.strip()
        assert message.strip()


def test_check_json_lists_problems() -> None:
    done = _run("check", "--format", "json", str(BROKEN / "id-not-slug"))
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert report["lessons"] == 1 and report["quizzes"] == 1
    assert [(p["file"], p["line"], p["field"]) for p in report["problems"]] == [
        ("lessons/02-other.md", 2, "id"),
        ("quizzes/02-other.toml", 1, "id"),
        ("quizzes/03-third.toml", 6, "questions[0].id"),
        ("quizzes/04-fourth.toml", 12, "questions[0].options[0].id"),
    ]
    assert all("is not a slug" in p["message"] for p in report["problems"])


def test_check_json_clean(capsys) -> None:
    assert main(["check", "--format", "json", str(GOOD)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["problems"] == [] and report["course"] == "good-course"


def test_check_missing_folder_exits_2(tmp_path: Path) -> None:
    done = _run("check", str(tmp_path / "nope"))
    assert done.returncode == 2
    assert "no such folder" in done.stderr and done.stdout == ""


def test_check_json_on_a_missing_folder_prints_the_error_as_json(tmp_path: Path) -> None:
    done = _run("check", "--format", "json", str(tmp_path / "nope"))
    assert done.returncode == 2
    report = json.loads(done.stdout)
    assert report["error"].endswith("no such folder") and str(tmp_path / "nope") in report["error"]
    assert report["problems"] == [] and "no such folder" in done.stderr


@pytest.mark.parametrize("args", [["check", "--format", "xml"], ["check", "a", "b"], ["nonsense"], ["check", "--bogus"]])
def test_bad_usage_exits_2(args: list[str], capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(args)
    assert exc.value.code == 2
    assert "usage:" in capsys.readouterr().err


def test_bad_usage_exits_2_from_the_command_line() -> None:
    done = _run("check", "--format", "yaml")
    assert done.returncode == 2 and "invalid choice" in done.stderr


def test_check_uses_course_content_dir(monkeypatch, capsys) -> None:
    monkeypatch.setenv("COURSE_CONTENT_DIR", str(BROKEN / "one-pair"))
    assert main(["check"]) == 1
    assert capsys.readouterr().out.startswith("quizzes/02-other.toml:11: error: questions[0].pairs:")


# ---------------------------------------------------------------------------- schema


def test_schema_writes_two_json_schemas(tmp_path: Path) -> None:
    out = tmp_path / "schemas"
    done = _run("schema", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["lesson.schema.json", "quiz.schema.json"]
    quiz = json.loads((out / "quiz.schema.json").read_text())
    lesson = json.loads((out / "lesson.schema.json").read_text())
    for schema in (quiz, lesson):
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["type"] == "object"
        assert schema["additionalProperties"] is False
    props = quiz["properties"]
    assert "path" not in props
    assert props["pass_mark"]["minimum"] == 0 and props["pass_mark"]["maximum"] == 1
    assert props["questions"]["type"] == "array"
    assert set(quiz["required"]) == {"id", "title"}
    assert {"id", "title", "lesson", "shuffle_questions", "shuffle_options", "max_attempts", "feedback", "confidence",
            "draw"} <= set(props)
    assert props["confidence"]["type"] == "boolean" and props["confidence"]["default"] is False
    defs = quiz["$defs"]
    assert {"SingleQuestion", "MultipleQuestion", "TrueFalseQuestion", "MatchingQuestion", "OrderingQuestion",
            "ShortQuestion", "NumericQuestion", "Option", "Draw"} <= set(defs)
    assert all(defs[name].get("additionalProperties") is False for name in ("SingleQuestion", "Option", "Draw"))
    assert "from" in defs["Draw"]["properties"]  # authors write `from`, not `from_`
    assert set(lesson["required"]) == {"id", "title", "order", "summary", "objectives"}
    assert lesson["properties"]["objectives"]["minItems"] == 1


def test_schema_without_out_prints_the_quiz_schema(capsys) -> None:
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "Course quiz file"


def test_good_and_shipped_files_validate_against_the_schemas(tmp_path: Path) -> None:
    import tomllib

    import jsonschema

    from course.content.markdown import split_front_matter
    from course.content.schema import lesson_schema, quiz_schema

    # Each schema is checked against its meta-schema once and made into one validator for every file
    # (jsonschema.validate() checks the schema again on every call: that was most of this test's time).
    quizzes, lessons = (jsonschema.validators.validator_for(s)(s) for s in (quiz_schema(), lesson_schema()))
    for validator in (quizzes, lessons):
        validator.check_schema(validator.schema)
    for path in sorted((GOOD / "quizzes").glob("*.toml")) + sorted((ROOT / "quizzes").glob("*.toml")):
        quizzes.validate(tomllib.loads(path.read_text(encoding="utf-8")))
    for path in sorted((GOOD / "lessons").glob("0*.md")) + sorted((ROOT / "lessons").glob("0*.md")):
        front, _, _ = split_front_matter(path.read_text(encoding="utf-8"))
        lessons.validate(tomllib.loads(front))
    with pytest.raises(jsonschema.ValidationError):
        quizzes.validate({"id": "x", "title": "T", "pass_mak": 1})
