"""`course --ask-learner`, as every browser tab of `course serve` starts the app: it asks who is learning,
the last learner offered first (Enter continues as them), another chosen with the arrows, or a new one
typed; a plain `course` in a terminal still opens the last learner; snapshots at 80×24 and 60×20.

The question is painted before the course is loaded (from course.toml and the progress folder), and the course
loads behind it: the tests of that hold the load back until they let it run, so what a learner does meanwhile
is seen to wait for it, not to be lost."""

from __future__ import annotations

import shutil
import threading
from collections.abc import AsyncIterator, Callable
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
from course.tui.startup import Opened, Refused, asking_first, open_course
from course.tui.welcome.screen import WelcomeScreen
from tests.content_support import loaded
from tests.test_tui_snapshots import still
from tests.tui_support import FIXTURE, sync, text_of


def three_learners(progress: Path, last: str = "Bo") -> Path:
    """Ana, Bo and Chen have progress here; `last` was the last to learn."""
    course = loaded(FIXTURE)
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


# -- asked before the course is loaded --------------------------------------------------------------


def asking_before_the_load(progress: Path, load: Callable[[], Opened | Refused] | None = None) -> CourseApp:
    """The app as `course --ask-learner --content FIXTURE --progress PROGRESS` starts it: asking from course.toml
    and the progress folder, the course loaded behind the question (by `load`, else as `course` loads it)."""
    asking = asking_first(str(FIXTURE), None, str(progress))
    assert asking is not None
    app = CourseApp(None, None, None, asking=asking,
                    load=load or (lambda: open_course(str(FIXTURE), None, str(progress), ask=True)))
    app.animation_level = "none"
    return app


class HeldLoad:
    """A load that waits until the test lets it run."""

    def __init__(self, progress: Path) -> None:
        self.progress = progress
        self.release = threading.Event()

    def __call__(self) -> Opened | Refused:
        assert self.release.wait(30), "the test never let the load run"
        return open_course(str(FIXTURE), None, str(self.progress), ask=True)

    async def run(self, app: CourseApp, pilot: Pilot) -> None:
        """Let the load run and wait until the app has taken the course and acted on what waited for it."""
        self.release.set()
        await app.workers.wait_for_complete()  # the worker returns once the app has taken the course
        await pilot.pause()
        await pilot.pause()


def test_asking_first_reads_course_toml_and_falls_back_to_the_load_when_it_cannot(tmp_path):
    asking = asking_first(str(FIXTURE), None, str(tmp_path))
    assert asking is not None
    assert asking.course_title == load_course(FIXTURE).title and asking.progress_root == tmp_path
    assert asking_first(str(FIXTURE), "Ana", str(tmp_path)) is None  # a learner named: the map, as before
    broken = tmp_path / "course"
    shutil.copytree(FIXTURE, broken)
    (broken / "course.toml").write_text("id = \"unclosed\ntitle = 3\n", encoding="utf-8")
    assert asking_first(str(broken), None, str(tmp_path)) is None  # the loader says what is wrong


@sync
async def test_the_question_is_painted_before_the_load_as_it_is_after(tmp_path):
    three_learners(tmp_path)
    held = HeldLoad(tmp_path)
    early = asking_before_the_load(tmp_path, held)
    async with early.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(early.screen, WelcomeScreen) and not early.loaded and early.course is None
        learners = early.screen.query_one("#learners", OptionList)
        assert [learners.get_option_at_index(i).id for i in range(learners.option_count)] == ["Bo", "Ana", "Chen"]
        assert learners.highlighted == 0 and early.focused is learners
        before = early.export_screenshot()
        await held.run(early, pilot)
        assert early.loaded and isinstance(early.screen, WelcomeScreen) and early.learner is None
        assert early.export_screenshot() == before  # the load changes nothing on the question
    loaded = asking_app(tmp_path)
    async with loaded.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert loaded.export_screenshot() == before


@sync
async def test_enter_before_the_load_opens_the_offered_learner_once_it_is_loaded(tmp_path):
    root = three_learners(tmp_path)
    held = HeldLoad(tmp_path)
    app = asking_before_the_load(tmp_path, held)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen) and app.learner is None  # waits for the course
        await held.run(app, pilot)
        assert_learning_as(app, "Bo")
    assert read_last_learner(root) == "Bo"


@sync
async def test_a_new_name_typed_before_the_load_is_not_lost(tmp_path):
    root = three_learners(tmp_path)
    held = HeldLoad(tmp_path)
    app = asking_before_the_load(tmp_path, held)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("tab", *"Dana", "enter")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen) and app.learner is None
        await held.run(app, pilot)
        assert_learning_as(app, "Dana")
    assert read_last_learner(root) == "Dana" and (root / "Dana").is_dir()


@sync
async def test_a_name_refused_before_the_load_says_why_at_once_and_another_can_be_typed(tmp_path):
    three_learners(tmp_path)
    held = HeldLoad(tmp_path)
    app = asking_before_the_load(tmp_path, held)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("tab", *"a/b", "enter")
        await pilot.pause()
        assert "cannot be used as a learner name" in text_of(app, "#error")
        assert isinstance(app.focused, Input)
        await pilot.press(*["backspace"] * 3, *"ana", "enter")  # Ana is here: 'ana' is her
        await held.run(app, pilot)
        assert_learning_as(app, "Ana")


@sync
async def test_a_name_the_store_refuses_after_the_load_says_why(tmp_path):
    three_learners(tmp_path)
    held = HeldLoad(tmp_path)
    app = asking_before_the_load(tmp_path, held)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("tab", *"Аna", "enter")  # a Cyrillic А: it would look like Ana's name
        await pilot.pause()
        assert text_of(app, "#error") == ""
        await held.run(app, pilot)
        assert isinstance(app.screen, WelcomeScreen) and app.learner is None
        assert "cannot be used as a new learner name" in text_of(app, "#error")


@sync
async def test_a_load_that_fails_behind_the_question_shows_its_message(tmp_path):
    three_learners(tmp_path)

    def failing() -> Opened | Refused:
        raise RuntimeError("the course folder went away")

    app = asking_before_the_load(tmp_path, failing)
    with pytest.raises(RuntimeError, match="the course folder went away"):
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
    assert app.return_code == 1


@sync
async def test_help_opened_before_the_load_stays_over_the_one_question(tmp_path):
    three_learners(tmp_path)
    held = HeldLoad(tmp_path)
    app = asking_before_the_load(tmp_path, held)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        help_screen = app.screen
        assert not isinstance(help_screen, WelcomeScreen)
        await held.run(app, pilot)
        assert app.screen is help_screen
        assert [type(screen) for screen in app.screen_stack].count(WelcomeScreen) == 1
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert_learning_as(app, "Bo")
