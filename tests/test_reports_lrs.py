"""`course report --lrs`: the class report and the item analysis read back from a real LRS (Ralph) equal
those over the progress folders the statements were sent from."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from course.cli import main
from tests.lrs_support import take_quizzes, unique_course


@pytest.fixture
def lrs_env(ralph, monkeypatch):
    monkeypatch.setenv("COURSE_LRS_USERNAME", ralph.username)
    monkeypatch.setenv("COURSE_LRS_PASSWORD", ralph.password)
    monkeypatch.delenv("COURSE_LRS_URL", raising=False)
    return ralph


def _run(capsys, *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_reports_from_the_lrs_equal_the_reports_from_the_folders(tmp_path: Path, lrs_env, capsys):
    course = unique_course(tmp_path / "course")
    progress = tmp_path / "progress"
    for seed, name in enumerate(("ana", "ben", "cara", "dev")):
        take_quizzes(course, progress, name, attempts=2, seed=seed)
    assert main(["sync", str(course.root), "--progress", str(progress), "--lrs", lrs_env.url]) == 0
    capsys.readouterr()
    other = unique_course(tmp_path / "other")  # another course's records in the same LRS stay out
    take_quizzes(other, tmp_path / "other-progress", "ana", attempts=1, seed=9)
    assert main(["sync", str(other.root), "--progress", str(tmp_path / "other-progress"), "--lrs", lrs_env.url]) == 0
    capsys.readouterr()

    for extra in ([], ["--format", "json"], ["--format", "csv"]):
        folder = _run(capsys, "report", str(course.root), "--progress", str(progress), *extra)
        lrs = _run(capsys, "report", str(course.root), "--lrs", lrs_env.url, *extra)
        assert folder[0] == lrs[0] == 0 and _open_unknown(folder[1]) == lrs[1], extra
        assert "4 learners" in folder[1] or extra
    for extra in ([], ["--format", "json", "--attempts", "all"], ["--format", "csv", "--attempts", "last"]):
        folder = _run(capsys, "report", "items", str(course.root), "--progress", str(progress), *extra)
        lrs = _run(capsys, "report", "items", str(course.root), "--lrs", lrs_env.url, *extra)
        assert folder[0] == lrs[0] == 0 and folder[1] == lrs[1], extra


def _open_unknown(report: str) -> str:
    """The class report over the folders, with open attempts as an LRS gives them: not known (an attempt
    not finished makes no statement), in place of those the folders list."""
    if report.startswith("{"):
        data = json.loads(report)
        assert isinstance(data["open_attempts"], list)
        return json.dumps({**data, "open_attempts": None}, indent=2, ensure_ascii=False) + "\n"
    if report.startswith("learner,"):
        return report
    return re.sub(r"Open attempts \(started, not finished\).*?\n\n", lambda _: OPEN_UNKNOWN, report, count=1,
                  flags=re.S)


OPEN_UNKNOWN = (
    "Open attempts: not known (a learning record store holds finished attempts only;\n"
    "read the progress folders to see who is in the middle of a quiz).\n\n"
)


def test_an_lrs_that_cannot_be_read_is_said_clearly(tmp_path: Path, lrs_env, monkeypatch, capsys):
    from tests.lrs_support import free_port

    course = unique_course(tmp_path / "course")
    status, out, err = _run(capsys, "report", str(course.root), "--lrs", f"http://127.0.0.1:{free_port()}/xAPI/")
    assert status == 1 and out == "" and "could not be reached" in err and "Traceback" not in err
    monkeypatch.setenv("COURSE_LRS_PASSWORD", "wrong")
    status, out, err = _run(capsys, "report", "items", str(course.root), "--lrs", lrs_env.url)
    assert status == 1 and "refused the credentials" in err and "wrong" not in err
    status, _, err = _run(capsys, "report", str(course.root), "--lrs", "not a url")
    assert status == 2 and err.startswith("course report: ")
    status, _, err = _run(capsys, "report", str(course.root), "--lrs", lrs_env.url, "--format", "xapi")
    assert status == 2 and "the LRS already has them" in err
