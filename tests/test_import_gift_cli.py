"""`course import gift`: exit codes, warnings with GIFT lines, --out and --force."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from course.cli import main
from course.content.models import Quiz

GOOD = """// A small bank
::Capital::Capital of France? {=Paris ~Lyon ####Paris is the capital.}

Write an essay. {}

Sky is blue {T}
"""


@pytest.fixture
def gift(tmp_path: Path) -> Path:
    path = tmp_path / "bank.gift"
    path.write_text(GOOD, encoding="utf-8")
    return path


def test_prints_toml_and_warnings_with_lines(gift: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "gift", str(gift), "--id", "bank", "--title", "Bank"]) == 0
    out, err = capsys.readouterr()
    quiz = Quiz.model_validate(tomllib.loads(out))
    assert (quiz.id, quiz.title, [q.id for q in quiz.questions]) == ("bank", "Bank", ["capital", "q2"])
    assert f"{gift}:4: warning:" in err and "essay" in err
    assert f"{gift}:6: warning:" in err and "add an explanation" in err


def test_writes_out_and_refuses_to_overwrite_without_force(
    gift: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "quizzes" / "bank.toml"
    args = ["import", "gift", str(gift), "--id", "bank", "--lesson", "geography", "--out", str(out)]
    assert main(args) == 0
    first = out.read_text(encoding="utf-8")
    assert tomllib.loads(first)["lesson"] == "geography"
    out.write_text("# edited by hand\n", encoding="utf-8")
    capsys.readouterr()
    assert main(args) == 2
    assert "--force" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "# edited by hand\n"
    assert main([*args, "--force"]) == 0
    assert out.read_text(encoding="utf-8") == first


def test_an_unreadable_question_is_skipped_with_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.gift"
    bad.write_text("Fine {T}\n\nBroken {=a ~b\n\nAlso fine {F}\n", encoding="utf-8")
    out = tmp_path / "bad.toml"
    assert main(["import", "gift", str(bad), "--id", "bad", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert f"{bad}:3: warning: question skipped: it cannot be read:" in err
    assert "2 questions imported, 1 skipped" in err
    assert [q["answer"] for q in tomllib.loads(out.read_text(encoding="utf-8"))["questions"]] == [True, False]


def test_unreadable_file_exits_1_with_the_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.gift"
    bad.write_text("Broken {=a ~b\n", encoding="utf-8")
    out = tmp_path / "bad.toml"
    assert main(["import", "gift", str(bad), "--id", "bad", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:1: warning: question skipped" in err and "no question could be imported" in err
    assert not out.exists()


def test_nothing_importable_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    essay = tmp_path / "essay.gift"
    essay.write_text("Write {}\n", encoding="utf-8")
    assert main(["import", "gift", str(essay), "--id", "essay"]) == 1
    assert "no question could be imported" in capsys.readouterr().err


@pytest.mark.parametrize(
    "args",
    [
        ["import", "gift"],
        ["import", "gift", "FILE"],
        ["import", "xml", "FILE", "--id", "x"],
    ],
)
def test_bad_usage_exits_2(args: list[str], gift: Path) -> None:
    args = [str(gift) if a == "FILE" else a for a in args]
    with pytest.raises(SystemExit) as info:
        main(args)
    assert info.value.code == 2


def test_bad_id_or_missing_file_exits_2(gift: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "gift", str(gift), "--id", "Not A Slug"]) == 2
    assert main(["import", "gift", str(tmp_path / "missing.gift"), "--id", "x"]) == 2
    assert "not a slug" in capsys.readouterr().err
