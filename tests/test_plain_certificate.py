"""The certificate from `course --plain`'s map: said when it is ready, `g` makes it where the app does and
says where and its code, or says what is left to do."""

from __future__ import annotations

import io

from course.cli import main
from course.plain import run as run_plain
from tests.conftest import ROOT
from tests.content_support import loaded
from tests.test_certificate import learner
from tests.test_tui_certificate import FILE


def plain_session(progress, name: str, typed: str) -> str:
    out = io.StringIO()
    assert run_plain(str(ROOT), name, str(progress), stdin=io.StringIO(typed), stdout=out) == 0
    return out.getvalue()


def test_g_makes_the_certificate_and_says_where_and_its_code(tmp_path):
    learner(loaded(ROOT), tmp_path / "progress", "Ana")
    shown = plain_session(tmp_path / "progress", "Ana", "g\nq\n")
    assert "Certificate ready: type g to make it." in shown
    path = tmp_path / "progress" / "Ana" / FILE.format("Ana")
    assert path.is_file()
    assert f"Certificate saved to {path}. Its verification code is " in shown
    assert "It is not signed: there is no issuer key on this computer." in shown


def test_with_an_issuer_key_g_makes_a_signed_certificate(tmp_path, monkeypatch):
    from course.certificate.issuer import init_issuer

    monkeypatch.setenv("COURSE_ISSUER_DIR", str(tmp_path / "issuer"))
    init_issuer("Northwind School", "https://northwind.example")
    learner(loaded(ROOT), tmp_path / "progress", "Ana")
    shown = plain_session(tmp_path / "progress", "Ana", "g\nq\n")
    jwt_path = (tmp_path / "progress" / "Ana" / FILE.format("Ana")).with_suffix(".jwt")
    assert (f"It is signed by Northwind School (https://northwind.example); the signed credential is attached and "
            f"saved beside it as {jwt_path}.") in " ".join(shown.split())
    assert main(["certificate", "--verify", str(jwt_path)]) == 0


def test_g_says_what_is_left_to_do(tmp_path):
    course = loaded(ROOT)
    learner(course, tmp_path / "progress", "Bo", lessons=len(course.lessons) - 1, exam=(15,))
    shown = plain_session(tmp_path / "progress", "Bo", "g\nq\n")
    assert "Certificate ready" not in shown
    assert (f"No certificate yet. Complete the lesson “{course.lessons[-1].title}”. "
            "Pass the final exam (best so far 60%, 75% needed).") in shown
    assert not list((tmp_path / "progress" / "Bo").glob("*.pdf"))
