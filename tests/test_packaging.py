"""The wheel carries the course content, and an installed wheel finds and loads it from anywhere."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT, made_once

pytestmark = pytest.mark.slow


def _build_wheel(out: Path) -> Path:
    if importlib.util.find_spec("build") is not None:
        cmd = [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(ROOT)]
    else:
        cmd = [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-w", str(out)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=out)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    wheels = sorted(out.glob("course-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built once a run (2 s of CPU) even when pytest-xdist runs this module's tests in two processes."""
    (built,) = made_once(tmp_path_factory, "wheel", _build_wheel).glob("course-*.whl")
    return built


def test_wheel_contains_content_and_styles(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    lessons = sorted(p.name for p in (ROOT / "lessons").glob("*.md"))
    quizzes = sorted(p.name for p in (ROOT / "quizzes").glob("*.toml"))
    assert lessons and quizzes
    for name in lessons:
        assert f"course/_content/lessons/{name}" in names
    for name in quizzes:
        assert f"course/_content/quizzes/{name}" in names
    for tcss in sorted((ROOT / "course" / "tui").rglob("*.tcss")):
        assert f"course/tui/{tcss.relative_to(ROOT / 'course' / 'tui').as_posix()}" in names
    assert "course/content/loader.py" in names and "course/__main__.py" in names
    for font in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "LICENSE"):  # certificates, and the fonts' licence
        assert f"course/certificate/fonts/{font}" in names
    assert not any(n.startswith(("tests/", "course/tests/")) for n in names)


def test_installed_wheel_finds_and_loads_the_shipped_course(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    # Dependencies come from the running environment, without its own copy of `course` (an editable
    # install is a .pth file there, and .pth files in a directory added this way are not processed).
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    (site / "outer.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", str(wheel)]
        if _pip_has_python_option() else
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--target", str(site), str(wheel)],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    code = (
        "import json, course\n"
        "from course.locations import shipped_content_dir\n"
        "from course.content import load_course\n"
        "root = shipped_content_dir()\n"
        "c = load_course(root)\n"
        "from datetime import datetime, UTC\n"
        "from course.certificate import CertificateText, render_pdf\n"
        "pdf = render_pdf(CertificateText(c.title, 'Зоя', 'Exam', 0.8, datetime.now(UTC), 'ABCD-EFGH-JK'))\n"
        "print(json.dumps({'package': course.__file__, 'root': str(root), 'problems': [str(p) for p in c.problems],"
        " 'lessons': len(c.lessons), 'quizzes': len(c.quizzes), 'pdf': pdf.pdf[:5].decode(), 'missing': pdf.missing}))\n"
    )
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    run = subprocess.run([str(python), "-c", code], cwd=outside, capture_output=True, text=True, timeout=60,
                         env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert Path(report["package"]).is_relative_to(venv), report
    assert Path(report["root"]) == Path(report["package"]).parent / "_content"
    assert report["problems"] == []
    assert report["pdf"] == "%PDF-" and report["missing"] == []  # a certificate, in the font the wheel carries
    assert report["lessons"] == len(list((ROOT / "lessons").glob("[!R]*.md")))
    assert report["quizzes"] == len(list((ROOT / "quizzes").glob("*.toml")))
    check = subprocess.run([str(python), "-m", "course", "check"], cwd=outside, capture_output=True, text=True,
                           timeout=60, env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert check.returncode == 0, check.stdout + check.stderr


def _pip_has_python_option() -> bool:
    done = subprocess.run([sys.executable, "-m", "pip", "--version"], capture_output=True, text=True)
    try:
        major, minor = (int(x) for x in done.stdout.split()[1].split(".")[:2])
    except (IndexError, ValueError):
        return False
    return (major, minor) >= (22, 3)


def test_ci_runs_the_readme_test_command_word_for_word() -> None:
    """A newcomer's run and CI's run are the same line: README's quick start (its second line) is in .ci/run."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick_start = readme.split("## Quick start", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0].splitlines()
    test_command = quick_start[1]
    assert "python3 -m pytest -n auto" in test_command and "chromium" in test_command
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
