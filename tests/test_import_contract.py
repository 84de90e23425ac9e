"""The course engine never imports Textual: checked by import-linter and by importing it for real."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


def _lint_imports() -> list[str]:
    script = Path(sys.executable).parent / "lint-imports"
    if script.exists():
        return [str(script)]
    found = shutil.which("lint-imports")
    if found:
        return [found]
    pytest.fail("lint-imports is not installed; it is part of the test extra: pip install -e '.[test]'")


def test_import_linter_contracts_hold() -> None:
    done = subprocess.run(
        [*_lint_imports(), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "The course engine does not import Textual KEPT" in done.stdout


ENGINE = ["course.content", "course.scoring", "course.quizrun", "course.progress", "course.locations", "course.cli"]


def test_engine_modules_do_not_load_textual() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in ENGINE)
        + "from course.content import load_course\n"
        + "from course.locations import shipped_content_dir\n"
        + "load_course(shipped_content_dir())\n"
        + "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith(('textual.', 'course.tui')))\n"
        + "assert not bad, bad\n"
        + "print('ok', len([m for m in sys.modules if m.startswith('course')]))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ok ")


def test_course_check_does_not_load_textual() -> None:
    code = (
        "import sys\nfrom course.cli import main\n"
        "rc = main(['check'])\n"
        "assert 'textual' not in sys.modules, 'textual imported by course check'\n"
        "sys.exit(rc)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
