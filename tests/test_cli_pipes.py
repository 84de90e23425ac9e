"""The command ends quietly when the program reading its output stops early (`course report | head`)."""

from __future__ import annotations

import subprocess
import sys
import tomllib

import pytest

from tests.conftest import ROOT


@pytest.mark.parametrize(
    "args",
    [["report", "--format", "json"], ["report", "--format", "xapi"], ["check", "--format", "json"], ["schema"]],
)
def test_a_reader_that_goes_away_gets_no_traceback(args, tmp_path):
    child = subprocess.Popen(
        [sys.executable, "-m", "course", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    )
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()  # the reader is gone before the first line is written: every write fails
    err = child.stderr.read().decode()
    assert child.wait(timeout=60) == 1
    assert "Traceback" not in err and "BrokenPipeError" not in err and "Exception ignored" not in err


def test_the_installed_command_is_the_one_that_handles_a_closed_pipe():
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["course"] == "course.cli:console"
