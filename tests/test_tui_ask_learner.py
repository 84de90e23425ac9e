"""`course --ask-learner`, as every browser tab of `course serve` starts the app: it asks who is learning,
the last learner offered first (Enter continues as them), another chosen with the arrows, or a new one
typed; a plain `course` in a terminal still opens the last learner; snapshots at 80×24 and 60×20."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from course.cli import main
from course.content import load_course
from course.progress import ProgressStore, read_last_learner, write_last_learner
from course.tui.app import CourseApp
from course.tui.map.screen import MapScreen
from course.tui.startup import Opened, open_course
from course.tui.welcome.screen import WelcomeScreen
from tests.test_tui_snapshots import still
from tests.tui_support import FIXTURE, sync, text_of


def three_learners(progress: Path, last: str = "Bo") -> Path:
    """Ana, Bo and Chen have progress here; `last` was the last to learn."""
    course = load_course(FIXTURE)
    store = ProgressStore(progress, course.id)
    for name in ("Ana", "Bo", "Chen"):
        store.open(name)
    write_last_learner(store.root, last)
    return store.root


def asking_app(progress: Path) -> CourseApp:
    """The app as `course --ask-learner --content FIXTURE --progress PROGRESS` opens it."""
    opened = open_course(str(FIXTURE), None, str(progress), ask=True)
    assert isinstance(opened, Opened)
    app = CourseApp(opened.course, opened.store, opened.learner)
    app.animation_level = "none"
    return app


@asynccontextmanager
async def asked_with_three_learners(tmp_path: Path) -> AsyncIterator[tuple[Path, CourseApp, Pilot]]:
    """The asking app run at 80×24 over Ana, Bo and Chen (Bo the last), settled on its question."""
    root = three_learners(tmp_path)
    app = asking_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        yield root, app, pilot


def assert_learning_as(app: CourseApp, name: str) -> None:
    assert isinstance(app.screen, MapScreen)
    assert app.learner is not None and app.learner.name == name


def test_asking_opens_no_learner_unless_one_is_named_and_a_terminal_still_opens_the_last(tmp_path):
    three_learners(tmp_path)
    asked = open_course(str(FIXTURE), None, str(tmp_path), ask=True)
    assert isinstance(asked, Opened) and asked.learner is None
    terminal = open_course(str(FIXTURE), None, str(tmp_path))
    assert isinstance(terminal, Opened) and terminal.learner is not None and terminal.learner.name == "Bo"
    named = open_course(str(FIXTURE), "Chen", str(tmp_path), ask=True)
    assert isinstance(named, Opened) and named.learner is not None and named.learner.name == "Chen"


@sync
async def test_enter_continues_as_the_last_learner_offered_first(tmp_path):
    async with asked_with_three_learners(tmp_path) as (root, app, pilot):
        assert isinstance(app.screen, WelcomeScreen)
        learners = app.screen.query_one("#learners", OptionList)
        assert [learners.get_option_at_index(i).id for i in range(learners.option_count)] == ["Bo", "Ana", "Chen"]
        assert learners.highlighted == 0 and app.focused is learners
        assert "Enter continues as Bo" in text_of(app, ".label")
        await pilot.press("enter")
        await pilot.pause()
        assert_learning_as(app, "Bo")
    assert read_last_learner(root) == "Bo"


@sync
async def test_another_learner_is_one_arrow_away_and_becomes_the_last(tmp_path):
    async with asked_with_three_learners(tmp_path) as (root, app, pilot):
        await pilot.press("down", "enter")
        await pilot.pause()
        assert_learning_as(app, "Ana")
    assert read_last_learner(root) == "Ana"


@sync
async def test_a_new_learner_can_be_added_from_the_question(tmp_path):
    async with asked_with_three_learners(tmp_path) as (root, app, pilot):
        await pilot.press("tab")
        assert isinstance(app.focused, Input)
        await pilot.press(*"Dana", "enter")
        await pilot.pause()
        assert_learning_as(app, "Dana")
    assert read_last_learner(root) == "Dana"
    assert (root / "Dana").is_dir()


@sync
async def test_with_no_learner_yet_it_is_the_first_run_welcome(tmp_path):
    app = asking_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert not app.screen.query("#learners")
        assert "Welcome!" in text_of(app, "#intro")


def test_the_plain_mode_refuses_ask_learner(capsys):
    assert main(["--plain", "--ask-learner", "--content", str(FIXTURE)]) == 2
    assert "--ask-learner needs the full-screen app" in capsys.readouterr().err


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
def test_ask_learner_snapshots(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    three_learners(tmp_path)
    assert snap_compare(asking_app(tmp_path), terminal_size=size, run_before=still)
