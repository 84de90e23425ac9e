"""One mistake, one problem: a file with an error of its own is not blamed again through the files that
name it (course.toml's `final_quiz`, a question's `section`)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from course.cli import main
from course.content import load_course
from tests.conftest import FIXTURES


def _good_course(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    shutil.copytree(FIXTURES / "good_course", root)
    return root


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _sections_written(tmp_path: Path, heading: str) -> Path:
    """The good course with the basics lesson's three `##` section headings written as `heading` (its
    `{title}` the section's title)."""
    root = _good_course(tmp_path)
    for title in ("Who does the work", "Where it is done {#where}", "Key takeaways"):
        _edit(root / "lessons/01-basics.md", f"\n## {title}\n", "\n" + heading.format(title=title) + "\n")
    return root


def _said(course_root: Path) -> list[tuple[str, int | None, str | None]]:
    return [(p.file, p.line, p.field) for p in load_course(course_root).problems]


# ---------------------------------------------------------------------------- course.toml's final_quiz


def test_an_error_in_the_final_exam_is_not_also_blamed_on_course_toml(tmp_path: Path) -> None:
    root = _good_course(tmp_path)
    (root / "course.toml").write_text('id = "good-course"\ntitle = "T"\nfinal_quiz = "final-exam"\n', encoding="utf-8")
    assert load_course(root).problems == []
    _edit(root / "quizzes/03-final.toml", "pass_mark = 0.8", "pass_mark = 5")
    course = load_course(root)
    assert _said(root) == [("quizzes/03-final.toml", 3, "pass_mark")], [str(p) for p in course.problems]
    assert course.final_exam is None  # not loaded until it is fixed


def test_an_unreadable_final_exam_is_not_also_blamed_on_course_toml(tmp_path: Path) -> None:
    root = _good_course(tmp_path)
    (root / "course.toml").write_text('id = "good-course"\ntitle = "T"\nfinal_quiz = "final-exam"\n', encoding="utf-8")
    _edit(root / "quizzes/03-final.toml", "pass_mark = 0.8", "pass_mark = = 1")
    assert [file for file, _, _ in _said(root)] == ["quizzes/03-final.toml"]


def test_a_final_quiz_that_names_no_quiz_file_is_still_an_error(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    root = _good_course(tmp_path)
    (root / "course.toml").write_text('id = "good-course"\ntitle = "T"\nfinal_quiz = "final-exan"\n', encoding="utf-8")
    _edit(root / "quizzes/03-final.toml", "pass_mark = 0.8", "pass_mark = 5")
    assert _said(root) == [("course.toml", 3, "final_quiz"), ("quizzes/03-final.toml", 3, "pass_mark")]
    assert main(["check", str(root)]) == 1
    assert "no quiz 'final-exan' in quizzes/" in capsys.readouterr().out


# ---------------------------------------------------------------------------- sections written with #


def test_sections_written_with_one_hash_are_one_error_that_names_the_fix(tmp_path: Path,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """The basics lesson's three sections written `#`: three questions (in two quizzes) name them."""
    root = _sections_written(tmp_path, "# {title}")
    course = load_course(root)
    assert _said(root) == [("lessons/01-basics.md", 13, None)], [str(p) for p in course.problems]
    message = course.problems[0].message
    assert "use ## for section headings" in message and "(lines 13, 21, 25)" in message and "`#`" in message
    assert main(["check", str(root)]) == 1
    out = capsys.readouterr().out
    assert out.count("error:") == 1 and "has no section" not in out


def test_a_hash_line_inside_fenced_code_is_not_taken_for_a_heading(tmp_path: Path) -> None:
    root = _sections_written(tmp_path, "### {title}")
    _edit(root / "lessons/01-basics.md", "## Not a section", "# Not a section")
    [problem] = load_course(root).problems
    assert problem.line == 13 and "has only `###` headings (lines 13, 21, 25)" in problem.message


def test_a_lesson_with_no_heading_at_all_still_says_what_a_section_is(tmp_path: Path) -> None:
    root = _sections_written(tmp_path, "{title}")
    [problem] = load_course(root).problems
    assert (problem.file, problem.line) == ("lessons/01-basics.md", 10)
    assert "at least one `## Section` heading" in problem.message


def test_underlined_headings_are_named_as_such(tmp_path: Path) -> None:
    root = _sections_written(tmp_path, "{title}\n===")
    [problem] = load_course(root).problems
    assert "only underlined headings" in problem.message and "use ## for section headings" in problem.message


def test_one_section_written_with_one_hash_among_the_others(tmp_path: Path) -> None:
    """`# Key takeaways` after two `##` sections is part of the section above: a warning where it is, and the
    question naming it is told why it is not found."""
    root = _good_course(tmp_path)
    _edit(root / "lessons/01-basics.md", "\n## Key takeaways\n", "\n# Key takeaways\n")
    problems = load_course(root).problems
    assert [(p.file, p.line, p.severity) for p in problems] == [
        ("lessons/01-basics.md", 25, "warning"), ("quizzes/03-final.toml", 11, "error"),
    ], [str(p) for p in problems]
    assert "`#` heading 'Key takeaways' is not a section" in problems[0].message
    assert "part of section 'where'; use ## for section headings" in problems[0].message
    assert problems[1].message == (
        "lesson 'basics' has no section 'key-takeaways': its heading is written `#` (lessons/01-basics.md:25); "
        "use ## for section headings"
    )


def test_an_explicit_id_on_a_one_hash_heading_is_matched_too(tmp_path: Path) -> None:
    root = _good_course(tmp_path)
    _edit(root / "lessons/01-basics.md", "\n## Where it is done {#where}\n", "\n# Where it is done {#where}\n")
    problems = load_course(root).problems
    assert [(p.file, p.severity) for p in problems] == [("lessons/01-basics.md", "warning"),
                                                        ("quizzes/01-basics.toml", "error")]
    assert "no section 'where': its heading is written `#` (lessons/01-basics.md:21)" in problems[1].message


def test_a_one_hash_title_above_the_first_section_is_the_introductions(tmp_path: Path) -> None:
    root = _good_course(tmp_path)
    _edit(root / "lessons/01-basics.md", "An introduction before the first section.\n",
          "# The basics\n\nAn introduction before the first section.\n")
    assert load_course(root).problems == []
