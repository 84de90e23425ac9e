"""The [xapi] settings (course.toml, then the environment) and `course report --format xapi` as a stream."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from course.cli import main
from course.content import load_course
from course.events import folder_events
from course.progress import ProgressStore
from course.quizrun import QuizSession
from course.xapi import XapiSettingsError, export, write_statements, xapi_settings
from course.xapi.settings import DEFAULT_ACTIVITY_BASE
from tests.answers import right, wrong
from tests.conftest import FIXTURES

XAPI_TABLE = """
[xapi]
home_page = "https://school.example.org"
activity_base = "https://lrs.example.org/xapi/"
lrs = "http://127.0.0.1:8100/xAPI"
language = "fr"
"""


def _course(tmp_path: Path, table: str = "") -> Path:
    root = tmp_path / "course"
    shutil.copytree(FIXTURES / "good_course", root)
    with (root / "course.toml").open("a", encoding="utf-8") as handle:
        handle.write(table)
    return root


def test_defaults_are_constants_and_the_home_page_follows_the_activity_base(tmp_path):
    settings = xapi_settings(load_course(_course(tmp_path)), environ={})
    assert settings.activity_base == DEFAULT_ACTIVITY_BASE == "https://course.invalid/xapi"
    assert settings.home_page == settings.activity_base and settings.lrs is None
    assert settings.language == "en" and dict(settings.emails) == {}


def test_course_toml_sets_them_and_the_environment_overrides_it(tmp_path):
    course = load_course(_course(tmp_path, XAPI_TABLE))
    assert course.problems == []
    settings = xapi_settings(course, environ={})
    assert (settings.home_page, settings.activity_base, settings.lrs, settings.language) == (
        "https://school.example.org", "https://lrs.example.org/xapi", "http://127.0.0.1:8100/xAPI", "fr")
    env = {"COURSE_XAPI_HOME_PAGE": "https://hr.example.com", "COURSE_XAPI_ACTIVITY_BASE": "https://x.example.com/b",
           "COURSE_LRS_URL": "https://lrs.example.com/xapi/"}
    settings = xapi_settings(course, environ=env)
    assert (settings.home_page, settings.activity_base, settings.lrs) == (
        "https://hr.example.com", "https://x.example.com/b", "https://lrs.example.com/xapi/")
    assert xapi_settings(course, environ={"COURSE_LRS_URL": ""}).lrs == "http://127.0.0.1:8100/xAPI"  # empty: unset


def test_course_check_reports_a_bad_value_with_its_file_line_and_field(tmp_path, capsys):
    table = '\n[xapi]\nlanguage = "fr"\nhome_page = "urn:course:x"\nactivity_base = "https://a.example/x#y"\nlrz = "x"\n'
    root = _course(tmp_path, table)
    assert main(["check", str(root)]) == 1
    out = capsys.readouterr().out
    lines = (root / "course.toml").read_text(encoding="utf-8").splitlines()
    where = {key: lines.index(next(line for line in lines if line.startswith(key))) + 1 for key in ("home_page", "activity_base", "lrz")}
    assert f"course.toml:{where['home_page']}: error: xapi.home_page: 'urn:course:x' is not an http(s) URL" in out
    assert f"course.toml:{where['activity_base']}: error: xapi.activity_base:" in out and "fragment" in out
    assert f"course.toml:{where['lrz']}: error: xapi.lrz: unknown key 'lrz'; did you mean 'lrs'?" in out
    # The good values of the table still count.
    assert load_course(root).xapi.language == "fr"


def test_a_bad_environment_value_stops_the_export_with_a_clear_message(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COURSE_XAPI_HOME_PAGE", "school")
    assert main(["report", str(_course(tmp_path)), "--progress", str(tmp_path / "p"), "--format", "xapi"]) == 2
    err = capsys.readouterr().err
    assert "environment variable COURSE_XAPI_HOME_PAGE: 'school' is not an http(s) URL" in err


def test_a_learner_with_an_email_address_is_an_mbox(tmp_path):
    root = _course(tmp_path, '\n[xapi]\nemails = "emails.toml"\n')
    (root / "emails.toml").write_text('ana = "Ana.Silva@Example.ORG"\n', encoding="utf-8")
    course = load_course(root)
    progress = _class(course, tmp_path / "progress")
    found = io.StringIO()
    write_statements(found, course, progress, xapi_settings(course, environ={}), [])
    actors = {s["actor"]["name"]: s["actor"] for s in json.loads(found.getvalue())}
    assert actors["ana"] == {"objectType": "Agent", "name": "ana", "mbox": "mailto:Ana.Silva@example.org"}
    assert actors["ben"]["account"] == {"homePage": DEFAULT_ACTIVITY_BASE, "name": "ben"}
    (root / "emails.toml").unlink()
    missing = load_course(root).problems
    assert [(p.file, p.line, p.field) for p in missing] == [("course.toml", 5, "xapi.emails")]  # the emails = line
    assert "no file 'emails.toml'" in missing[0].message
    (root / "emails.toml").write_text('ana = "not an address"\n', encoding="utf-8")
    with pytest.raises(XapiSettingsError, match=r"emails.toml: ana: 'not an address' is not an email address"):
        xapi_settings(course, environ={})


# --------------------------------------------------------------------------- the export as a stream


def _class(course, progress: Path, learners: int = 2) -> Path:
    store = ProgressStore(progress, course.id)
    for n in range(learners):
        learner = store.open(["ana", "ben", "cara", "dev"][n])
        learner.lesson_completed(course.lessons[0].id)
        session = QuizSession.start(course, next(iter(course.quizzes.values())), learner, seed=n)
        for i, played in enumerate(session.questions):
            session.answer(i, right(played.question) if (i + n) % 2 else wrong(played.question))
        session.finish()
    return progress


class _Recorder(io.StringIO):
    def __init__(self, learners_read: list[int]):
        super().__init__()
        self.learners_read = learners_read
        self.writes: list[tuple[int, str]] = []

    def write(self, text: str) -> int:
        self.writes.append((self.learners_read[0], text))
        return super().write(text)


def test_statements_are_written_one_learner_at_a_time_as_a_json_array(tmp_path, monkeypatch):
    loaded = load_course(_course(tmp_path))
    progress = _class(loaded, tmp_path / "progress", learners=3)
    read = [0]

    def counting(*args, **kwargs):
        for events in folder_events(*args, **kwargs):
            read[0] += 1
            yield events

    monkeypatch.setattr(export, "folder_events", counting)
    out = _Recorder(read)
    count = write_statements(out, loaded, progress, xapi_settings(loaded, environ={}), [])
    statements = json.loads(out.getvalue())
    assert len(statements) == count > 3 and read[0] == 3
    first_statement = next(i for i, (_, text) in enumerate(out.writes) if text.strip("[,\n"))
    assert out.writes[first_statement][0] == 1  # written before the second learner was read
    assert {s["actor"]["name"] for s in statements} == {"ana", "ben", "cara"}


def test_json_lines_hold_the_same_statements_and_an_empty_class_is_an_empty_array(tmp_path, capsys):
    root = _course(tmp_path)
    progress = _class(load_course(root), tmp_path / "progress")
    assert main(["report", str(root), "--progress", str(progress), "--format", "xapi"]) == 0
    array = json.loads(capsys.readouterr().out)
    assert main(["report", str(root), "--progress", str(progress), "--format", "xapi", "--jsonl"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line) for line in lines] == array and len(lines) > 2
    assert main(["report", str(root), "--progress", str(tmp_path / "nobody"), "--format", "xapi"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def _generated_course(root: Path) -> Path:
    from tests.benchmarks.gen import make_course

    return make_course(root / "course", 2, 10)


def _big_class(root: Path, learners: int, course_root: Path) -> Path:
    from tests.benchmarks.gen import write_attempt_files

    loaded = load_course(course_root)
    progress = root / "progress"
    store = ProgressStore(progress, loaded.id)
    for n in range(learners):
        store.open(f"learner-{n:03d}")
        for quiz in loaded.quizzes.values():
            write_attempt_files(progress / f"learner-{n:03d}", quiz.id, 5, [q.id for q in quiz.questions], seed=n)
    return progress


_PEAK = """
import io, sys, tracemalloc
from course.content import load_course
from course.xapi import write_statements, xapi_settings

loaded = load_course(sys.argv[1])
sink = io.StringIO()
sink.write = lambda text: len(text)  # nothing kept
write_statements(sink, loaded, sys.argv[2], xapi_settings(loaded, environ={}), [])  # first-use imports
for progress in sys.argv[2:]:
    tracemalloc.start()
    count = write_statements(sink, loaded, progress, xapi_settings(loaded, environ={}), [])
    print(count, tracemalloc.get_traced_memory()[1])
    tracemalloc.stop()
"""


def test_memory_stays_flat_as_the_class_grows(tmp_path):
    """The peak of memory allocated while exporting six times as many learners stays about the same. Measured
    in a process of its own: tracemalloc counts every thread's allocations, and a test process may hold threads
    that earlier tests left."""
    import subprocess
    import sys

    course_root = _generated_course(tmp_path)
    classes = [_big_class(tmp_path / str(learners), learners, course_root) for learners in (5, 30)]
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, str(course_root), *map(str, classes)],
        capture_output=True, text=True, check=True,
    )
    (small, small_peak), (big, big_peak) = [tuple(map(int, line.split())) for line in done.stdout.splitlines()]
    assert (small, big) == (5 * 2 * 5 * 11, 30 * 2 * 5 * 11)  # 10 answers and the attempt, 5 attempts of 2 quizzes
    assert big_peak < 1.5 * small_peak, (small_peak, big_peak)
