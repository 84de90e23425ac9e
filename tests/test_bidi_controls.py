"""Bidirectional overrides and isolates in course files: `course check` says where they are (file, line, column,
which character), and every front end shows the text inert, without them."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from course.cli import main
from course.content import load_course
from course.content.bidi import bidi_controls
from course.words import clean
from tests.plain_support import Piped, plain_env
from tests.tui_support import FIXTURE

RLO, PDI, LRI = "\u202e", "\u2069", "\u2066"


def course_with_bidi(tmp_path: Path) -> Path:
    content = tmp_path / "course"
    shutil.copytree(FIXTURE, content)
    lesson = content / "lessons" / "01-basics.md"
    lesson.write_text(lesson.read_text("utf-8").replace("Definitions\n", f"Definitions\n\nA {RLO}tseretni{PDI} line.\n", 1),
                      "utf-8")
    quiz = next((content / "quizzes").glob("*.toml"))
    quiz.write_text(quiz.read_text("utf-8").replace('title = "', f'title = "{LRI}', 1), "utf-8")
    return content


def test_check_warns_with_file_line_column_and_character(tmp_path: Path, capsys) -> None:
    content = course_with_bidi(tmp_path)
    assert main(["check", str(content)]) == 0  # a warning: the course works
    out = capsys.readouterr().out
    lesson_line = next(n for n, line in enumerate((content / "lessons" / "01-basics.md").read_text("utf-8")
                                                   .splitlines(), 1) if RLO in line)
    assert (f"lessons/01-basics.md:{lesson_line}: warning: column 3 holds a bidirectional control character "
            "(U+202E RIGHT-TO-LEFT OVERRIDE)") in out
    assert "(U+2066 LEFT-TO-RIGHT ISOLATE)" in out and "quizzes/" in out
    assert main(["check", "--strict", str(content)]) == 1


def test_the_shipped_course_and_fixtures_hold_none() -> None:
    root = Path(__file__).resolve().parents[1]
    for path in [*(root / "lessons").glob("*.md"), *(root / "quizzes").glob("*.toml")]:
        assert bidi_controls(path.read_text("utf-8")) == [], path


@given(st.text())
def test_clean_text_holds_no_bidi_control(text: str) -> None:
    assert bidi_controls(clean(text)) == []


def test_the_app_and_plain_mode_show_the_text_without_them(tmp_path: Path) -> None:
    content = course_with_bidi(tmp_path)
    course = load_course(content)
    lesson = course.lessons[0]
    from course.tui.lesson.screen import section_renderable
    from tests.tui_support import plain

    shown = plain(section_renderable(lesson, 0), width=200)
    assert "A tseretni line." in shown and RLO not in shown and PDI not in shown
    env = {**plain_env(tmp_path / "progress"), "COURSE_CONTENT_DIR": str(content)}
    piped = Piped(["--plain", "--learner", "Ana"], env)
    out, _ = piped.child.communicate(b"1\nq\nq\n", timeout=60)
    text = out.decode("utf-8")
    assert "A tseretni line." in text
    assert RLO not in text and PDI not in text and LRI not in text
