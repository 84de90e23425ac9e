"""The learner app sends records to the course's LRS in the background and says how far it got; with no
LRS configured nothing changes, and an LRS that is down, failing or refusing never stops the learner."""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path

import pytest

from course.lrs import waiting_count
from course.lrs.outbox import SENT_FOLDER
from course.tui.lesson.screen import LessonScreen
from course.tui.map.screen import MapScreen
from course.tui.widgets import RecordsStatus
from tests.lrs_support import (
    Reply,
    all_statements,
    free_port,
    one_more_attempt,
    scripted_lrs,
    stub_lrs,
    take_quizzes,
    unique_course,
)
from tests.tui_support import SIZE, make_app, sync

WAIT_SECONDS = 60.0  # a guard against a sync that never ends, not a measure of speed


def _class(tmp_path: Path):
    course = unique_course(tmp_path / "course")
    progress = tmp_path / "progress"
    take_quizzes(course, progress, "Ana", 2, seed=1)
    return course, progress


def _point_at(monkeypatch, url: str, username: str = "teacher", password: str = "pw") -> None:
    monkeypatch.setenv("COURSE_LRS_URL", url)
    monkeypatch.setenv("COURSE_LRS_USERNAME", username)
    monkeypatch.setenv("COURSE_LRS_PASSWORD", password)


async def _synced(app, pilot, runs: int) -> str:
    """Wait until the app has finished `runs` syncs; the status the map shows then."""
    waited = 0.0
    while app.records_sync is None or app.records_sync.runs < runs:
        assert waited < WAIT_SECONDS, "the background sync did not finish"
        await asyncio.sleep(0.05)
        waited += 0.05
    await pilot.pause()
    status = app.screen.query_one(RecordsStatus)
    assert status.display and status.has_class("-shown")
    return str(status.render())


def _status_shown(app) -> bool:
    return app.screen.query_one(RecordsStatus).display


@sync
async def test_the_app_sends_its_learners_records_in_the_background_and_says_so(tmp_path, ralph, monkeypatch):
    course, progress = _class(tmp_path)
    take_quizzes(course, progress, "Ben", 1, seed=2)  # another learner of this machine: `course sync` sends his
    _point_at(monkeypatch, ralph.url, ralph.username, ralph.password)
    app = make_app(progress, "Ana", content=course.root)
    async with app.run_test(size=SIZE) as pilot:
        assert await _synced(app, pilot, 1) == "✓ all records sent"
        everyone = all_statements(course, progress)
        sent = {i: s for i, s in everyone.items() if s["actor"]["name"] == "Ana"}
        assert Counter(s["id"] for s in ralph.statements_with_ids(set(everyone))) == Counter(set(sent))

        # Another attempt is finished (in another window, say): the next sync sends it, once.
        one_more_attempt(course, progress, "Ana", seed=5)
        assert waiting_count(course, progress, ralph.client().endpoint)[0] > 0
        app.sync_records()
        assert await _synced(app, pilot, 2) == "✓ all records sent"
        sent = {i for i, s in all_statements(course, progress).items() if s["actor"]["name"] == "Ana"}
        assert Counter(s["id"] for s in ralph.statements_with_ids(set(everyone) | sent)) == Counter(sent)
        assert isinstance(app.screen, MapScreen)


@sync
async def test_with_no_lrs_configured_nothing_changes(tmp_path, monkeypatch):
    course, progress = _class(tmp_path)
    monkeypatch.delenv("COURSE_LRS_URL", raising=False)
    app = make_app(progress, "Ana", content=course.root)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.records_sync is None and app.records_status is None
        assert not _status_shown(app)
    assert not list(progress.glob(f"*/{SENT_FOLDER}"))


async def _learner_goes_on(app, pilot) -> None:
    """The learner opens the lesson and comes back to the map, as if nothing were wrong."""
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, LessonScreen)
    await pilot.press("escape")
    await pilot.pause()
    assert isinstance(app.screen, MapScreen)


@pytest.mark.parametrize("failure", ["down", "500", "wrong password"])
@sync
async def test_an_lrs_that_fails_is_said_quietly_and_the_learner_goes_on(tmp_path, ralph, monkeypatch, notices, failure):
    course, progress = _class(tmp_path)
    total = len(all_statements(course, progress))
    expected = {
        "down": "cannot reach the record store; will try again",
        "500": "the record store is failing; will try again",
        "wrong password": "the record store refused the credentials",
    }[failure]
    with stub_lrs(500) as stub:
        if failure == "down":
            _point_at(monkeypatch, f"http://127.0.0.1:{free_port()}/xAPI/")
        elif failure == "500":
            _point_at(monkeypatch, stub.url)
        else:
            _point_at(monkeypatch, ralph.url, ralph.username, "not-the-password")
        app = make_app(progress, "Ana", content=course.root)
        async with app.run_test(size=SIZE) as pilot:
            status = await _synced(app, pilot, 1)
            assert status == f"{total} records waiting to send · {expected}"
            assert len(status) + 4 <= SIZE[0], "the status fits the map's line at 80 columns"
            await _learner_goes_on(app, pilot)  # which also tries again
            assert await _synced(app, pilot, 2) == status
            assert not [n for n in notices if n[0] == "error"]
        assert app.return_code in (None, 0)
    assert not list(progress.glob(f"*/{SENT_FOLDER}/*"))
    assert len(all_statements(course, progress)) == total  # nothing lost


@sync
async def test_quitting_never_waits_for_a_slow_record_store_and_the_next_start_says_what_waits(tmp_path, monkeypatch):
    """An LRS that trickles its answer holds the sync, never the app: Ctrl+Q ends it at once (the sync's
    thread is a daemon the app does not wait for), nothing is marked sent, and the next start says how
    many records wait."""
    course, progress = _class(tmp_path)
    total = len(all_statements(course, progress, ["Ana"]))
    with scripted_lrs(lambda stub, request: Reply(200, length=100_000, trickle=0.5)) as stub:
        _point_at(monkeypatch, stub.url)
        app = make_app(progress, "Ana", content=course.root)
        async with app.run_test(size=SIZE) as pilot:
            waited = 0.0
            while not stub.requests:
                assert waited < WAIT_SECONDS, "the background sync did not start"
                await asyncio.sleep(0.05)
                waited += 0.05
            await pilot.press("ctrl+q")
        assert app.return_code in (None, 0)
        thread = app.records_sync.thread
        assert thread is not None and thread.daemon
        assert thread.is_alive(), "the app ended while its sync still waited for the record store"
    thread.join(WAIT_SECONDS)  # the stub has stopped: the request ends
    assert not thread.is_alive()
    assert not list(progress.glob(f"*/{SENT_FOLDER}/*"))

    with stub_lrs(500) as stub:
        _point_at(monkeypatch, stub.url)
        app = make_app(progress, "Ana", content=course.root)
        async with app.run_test(size=SIZE) as pilot:
            status = await _synced(app, pilot, 1)
    assert status == f"{total} records waiting to send · the record store is failing; will try again"


@pytest.mark.parametrize(
    ("error", "why"),
    [
        ("LrsMoved", "the record store has moved; update its address"),
        ("LrsNotAnLrs", "a web page answers instead of the record store"),
        ("LrsNotStored", "not kept by the record store; will try again"),
    ],
)
def test_the_status_names_an_lrs_that_moved_a_web_page_and_records_not_kept(error, why):
    import course.lrs as lrs
    from course.lrs import SyncResult
    from course.tui.records import status_text

    result = SyncResult("https://lrs.example.org/xAPI/", learners=1, waiting=12, error=getattr(lrs, error)("..."))
    text = status_text(result)
    assert text == f"12 records waiting to send · {why}"
    assert len(text) + 4 <= SIZE[0]


NOT_WITHOUT_AN_LRS = ("course.lrs.client", "course.lrs.sync", "course.lrs.wire", "urllib.request")
LOADED_APP = """
import asyncio, json, sys
from tests.tui_support import FIXTURE, SIZE, make_app, wait_until

async def main(progress):
    app = make_app(progress, "Ana")
    async with app.run_test(size=SIZE) as pilot:
        assert await wait_until(pilot, lambda: app.loaded)
        await pilot.pause()
    print(json.dumps(sorted(sys.modules)))

asyncio.run(main(__import__("pathlib").Path(sys.argv[1])))
"""


def test_with_no_lrs_configured_the_app_never_imports_the_client(tmp_path: Path) -> None:
    """Which LRS a course is pointed at is read without the client: a course with none never loads it, nor
    urllib's HTTP machinery (about 1.4 MiB resident). In a fresh interpreter: this one has them already."""
    import json
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-c", LOADED_APP, str(tmp_path / "progress")], capture_output=True,
                          text=True, cwd=root, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    modules = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert "course.lrs" in modules and "course.tui.map.screen" in modules  # the app ran and asked
    assert sorted(modules.intersection(NOT_WITHOUT_AN_LRS)) == []
