"""The command palette's course commands (course.tui.palette) and the state screens read of the app."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette

from course.content import load_course
from course.progress import ProgressStore
from course.tui.app import CourseApp
from course.tui.lesson.screen import LessonScreen
from course.tui.map.screen import MapScreen
from course.tui.palette import CourseCommands
from course.tui.quiz.screen import QuizScreen
from course.tui.shared import Shared, shared
from tests.content_support import loaded
from tests.tui_support import paste

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "tui_course"
GOOD = Path(__file__).resolve().parent / "fixtures" / "good_course"
SIZE = (80, 24)


def make_app(progress: Path, learner: str | None) -> CourseApp:
    course = loaded(FIXTURE)  # the test process's one load of the fixture, a copy (content_support.loaded)
    store = ProgressStore(progress, course.id)
    return CourseApp(course, store, store.open(learner) if learner else None)


async def choose_in_palette(pilot, app: CourseApp, query: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(app.screen, CommandPalette)
    await paste(pilot, query)
    for _ in range(20):  # the providers answer in the background
        await pilot.pause(0.05)
        if app.screen.query_one(CommandList).option_count:
            break
    await pilot.press("enter")
    await pilot.pause()
    await pilot.pause()


def test_palette_takes_a_quiz_and_opens_a_lesson(tmp_path: Path) -> None:
    async def run() -> None:
        app = make_app(tmp_path / "progress", "Pia")
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await choose_in_palette(pilot, app, "Take quiz: Costs quiz")
            assert isinstance(app.screen, QuizScreen) and app.screen.session.quiz.id == "more-quiz"
            await choose_in_palette(pilot, app, "Go to lesson: More on costs")
            assert isinstance(app.screen, LessonScreen) and app.screen.lesson.id == "more"
            await choose_in_palette(pilot, app, "Course map")
            assert isinstance(app.screen, MapScreen)

    asyncio.run(run())


def test_palette_offers_the_screen_commands_and_the_courses(tmp_path: Path) -> None:
    async def run() -> None:
        app = make_app(tmp_path / "progress", "Pia")
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            provider = CourseCommands(app.screen)
            commands = {command.title: command for command in provider.commands()}
            for title in ("Continue where I left off", "Take the quiz", "Course map", "Switch learner", "Help",
                          "Go to lesson: Basics of sending work out", "Take quiz: Costs quiz", "Quit"):
                assert title in commands
            # Going to a lesson or a quiz is found by searching, not listed when the palette opens.
            assert not commands["Go to lesson: Basics of sending work out"].discover
            discovered = [hit.text async for hit in provider.discover()]
            assert discovered == sorted(discovered) and "Course map" in discovered
            assert not any(text.startswith(("Go to lesson", "Take quiz")) for text in discovered)
            found = [hit.text async for hit in provider.search("costs")]
            assert "Take quiz: Costs quiz" in found and "Go to lesson: More on costs" in found

    asyncio.run(run())


def test_without_a_learner_the_palette_offers_no_lesson_or_quiz(tmp_path: Path) -> None:
    async def run() -> None:
        app = make_app(tmp_path / "progress", None)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            titles = [command.title for command in CourseCommands(app.screen).commands()]
            assert "Switch learner" in titles
            assert not any(title.startswith(("Go to lesson", "Take quiz", "Course map")) for title in titles)

    asyncio.run(run())


@pytest.mark.parametrize("learner", ["Pia", None])
def test_screens_read_the_apps_state_through_the_protocol(tmp_path: Path, learner: str | None) -> None:
    async def run() -> None:
        app = make_app(tmp_path / "progress", learner)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            state = shared(app.screen)
            assert isinstance(state, Shared)
            assert state.course is app.course and state.store is app.store and state.learner is app.learner

    asyncio.run(run())


def test_the_palette_offers_only_the_courses_commands(tmp_path: Path) -> None:
    """Textual's own system commands (its key panel, maximize, screenshot) are not offered; theme and quit
    are, as the course's; a final exam is taken as a quiz, in the same words as every other quiz."""

    async def run() -> None:
        course = load_course(GOOD)
        store = ProgressStore(tmp_path / "progress", course.id)
        app = CourseApp(course, store, store.open("Pia"))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            titles = [command.title for command in CourseCommands(app.screen).commands()]
            assert not {"Keys", "Maximize", "Minimize", "Screenshot", "Theme"} & set(titles)
            assert {"Change theme", "Quit", "Help", "Switch learner"} <= set(titles)
            assert "Take quiz: Final exam" in titles
            assert not any(title.startswith("Take exam") for title in titles)

    asyncio.run(run())
