"""The certificate from `course --plain`'s map: said when it is ready, `g` makes it where the app does and
says where and its code, or says what is left to do."""

from __future__ import annotations

import io

from course.content import load_course
from course.plain import run as run_plain
from tests.conftest import ROOT
from tests.test_certificate import learner
from tests.test_tui_certificate import FILE


def plain_session(progress, name: str, typed: str) -> str:
    out = io.StringIO()
    assert run_plain(str(ROOT), name, str(progress), stdin=io.StringIO(typed), stdout=out) == 0
    return out.getvalue()


def test_g_makes_the_certificate_and_says_where_and_its_code(tmp_path):
    learner(load_course(ROOT), tmp_path / "progress", "Ana")
    shown = plain_session(tmp_path / "progress", "Ana", "g\nq\n")
    assert "Certificate ready: type g to make it." in shown
    path = tmp_path / "progress" / "Ana" / FILE.format("Ana")
    assert path.is_file()
    assert f"Certificate saved to {path}. Its verification code is " in shown


def test_g_says_what_is_left_to_do(tmp_path):
    course = load_course(ROOT)
    learner(course, tmp_path / "progress", "Bo", lessons=len(course.lessons) - 1, exam=(15,))
    shown = plain_session(tmp_path / "progress", "Bo", "g\nq\n")
    assert "Certificate ready" not in shown
    assert (f"No certificate yet. Complete the lesson “{course.lessons[-1].title}”. "
            "Pass the final exam (best so far 60%, 75% needed).") in shown
    assert not list((tmp_path / "progress" / "Bo").glob("*.pdf"))
