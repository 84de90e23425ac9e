"""A one-answer (`single`) question with several, or all, options marked correct gets a warning from
`course check`, and `course check --strict` fails on it; `lint_ok` silences it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from course.cli import main
from course.content import load_course
from tests.conftest import FIXTURES

RULE = 'item-writing rule "several-right-single"'


def _course(tmp_path: Path, correct: tuple[bool, bool, bool], lint_ok: bool = False) -> Path:
    """The shipped-style fixture quiz of this rule alone in a course, its three options marked as given."""
    root = tmp_path / "course"
    (root / "quizzes").mkdir(parents=True)
    (root / "lessons").mkdir()
    source = FIXTURES / "lint" / "flawed" / "quizzes" / "several-right-single.toml"
    shutil.copy(source, root / "quizzes" / "exam.toml")
    text = (root / "quizzes" / "exam.toml").read_text(encoding="utf-8")
    head, *options = text.split("[[questions.options]]\n")
    assert len(options) == 3
    options = [
        "".join(line + "\n" for line in option.splitlines() if line.strip() and not line.startswith("correct"))
        + ("correct = true\n" if right else "") + "\n"
        for option, right in zip(options, correct, strict=True)
    ]
    if lint_ok:
        head = head.replace('type = "single"\n', 'type = "single"\nlint_ok = ["several-right-single"]\n'
                            'lint_reason = "Both names are in use."\n')
    (root / "quizzes" / "exam.toml").write_text(head + "".join(f"[[questions.options]]\n{o}" for o in options),
                                               encoding="utf-8")
    return root


@pytest.mark.parametrize(("correct", "words"), [
    ((True, True, False), "with 2 options marked correct (options 0, 1)"),
    ((True, False, True), "with 2 options marked correct (options 0, 2)"),
    ((True, True, True), "with every option marked correct (3 of 3): any pick earns full points"),
])
def test_several_or_all_right_options_warn_and_fail_the_strict_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], correct: tuple[bool, bool, bool], words: str
) -> None:
    root = _course(tmp_path, correct)
    warnings = [p for p in load_course(root).problems if RULE in p.message]
    assert len(warnings) == 1 and words in warnings[0].message, [str(p) for p in load_course(root).problems]
    assert warnings[0].severity == "warning" and warnings[0].file == "quizzes/exam.toml"
    assert main(["check", str(root)]) == 0  # a warning alone does not fail the check...
    capsys.readouterr()
    assert main(["check", "--strict", str(root)]) == 1  # ...but does with --strict
    assert words in capsys.readouterr().out


def test_one_right_option_gives_no_warning(tmp_path: Path) -> None:
    root = _course(tmp_path, (True, False, False))
    assert load_course(root).problems == []
    assert main(["check", "--strict", str(root)]) == 0


def test_lint_ok_silences_it(tmp_path: Path) -> None:
    root = _course(tmp_path, (True, True, True), lint_ok=True)
    assert not [p for p in load_course(root).problems if RULE in p.message]
