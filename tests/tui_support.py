"""Driving the learner app in tests: opening it on the test course, reading what it shows, and the keys a
learner presses for the answers that need more than one."""

from __future__ import annotations

import asyncio
import functools
import io
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from textual import events
from textual.widgets import OptionList, Static

from course.progress import ProgressStore, read_last_learner
from course.tui.app import CourseApp
from course.tui.quiz.answers import OrderList
from tests.content_support import loaded

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "tui_course"
LONG = Path(__file__).resolve().parent / "fixtures" / "tui_long_course"
"""A course of long questions (quiz `cases-quiz`: one answer, all that apply, matching, short, numeric)."""
SIZE = (80, 24)
WAIT = 20.0
"""The longest a test lets the app run for something that happens in a thread (a load, a file watcher)."""


async def wait_until(pilot, condition: Callable[[], bool]) -> bool:
    """Let the app run until `condition` holds, for at most WAIT seconds."""
    for _ in range(int(WAIT / 0.05)):
        if condition():
            return True
        await pilot.pause(0.05)
    return condition()


async def paste(pilot, text: str) -> None:
    """Paste `text` into the focused widget, as a terminal sends a paste: in one piece, not key by key (a
    long text typed through Pilot waits for the app after every key)."""
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


def sync(test):
    """Run an async test function to completion (no async pytest plugin is needed)."""

    @functools.wraps(test)
    def wrapper(*args, **kwargs):
        return asyncio.run(test(*args, **kwargs))

    return wrapper


def make_app(progress: Path, learner: str | None = None, content: Path = FIXTURE) -> CourseApp:
    course = loaded(content)  # the test process's one load of a fixture (or the shipped course), a copy
    store = ProgressStore(progress, course.id)
    name = learner or read_last_learner(store.root)
    return CourseApp(course, store, store.open(name) if name else None)


async def open_quiz_question(pilot, app: CourseApp, quiz: str, question: int):
    """Open question `question` of quiz `quiz` and return its quiz screen, showing that question."""
    from course.tui.quiz.screen import QuizScreen

    await pilot.pause()
    app.open_quiz(quiz, question=question)
    await pilot.pause()
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, QuizScreen) and screen.index == question
    return screen


async def open_long(pilot, app: CourseApp, question: int = 0):
    """Open question `question` of the LONG course's quiz and return its quiz screen."""
    return await open_quiz_question(pilot, app, "cases-quiz", question)


def plain(renderable: object, width: int = 120) -> str:
    """Any Rich renderable (a Text, a Table, ...) as plain text, whitespace runs shown as one space."""
    console = Console(file=io.StringIO(), width=width, color_system=None, legacy_windows=False)
    console.print(renderable)
    return " ".join(console.file.getvalue().split())


def text_of(app: CourseApp, selector: str) -> str:
    """The plain text a Static shows (Rich renderables rendered without styles)."""
    content = app.screen.query_one(selector, Static).content
    if isinstance(content, str):
        return content
    if hasattr(content, "plain"):
        return content.plain
    console = Console(file=io.StringIO(), width=100, color_system=None, legacy_windows=False)
    console.print(content)
    return console.file.getvalue()


async def order_items(pilot, app: CourseApp) -> None:
    """Put the ordering question right with the keys the learner uses (↑ ↓ and K)."""
    items = app.screen.query_one(OrderList)
    for target in range(len(items.item_order)):
        here = items.item_order.index(target)
        while items.highlighted != here:
            await pilot.press("down" if items.highlighted < here else "up")
        for _ in range(here - target):
            await pilot.press("K")
    assert items.item_order == list(range(len(items.item_order)))


async def choose_in_open_list(pilot, app: CourseApp, wanted: str) -> None:
    """With a Select focused: Enter opens its list, ↓ moves to the line that reads `wanted`, Enter picks it."""
    await pilot.press("enter")
    await pilot.pause()
    shown = app.focused
    assert isinstance(shown, OptionList), f"Enter did not open a list ({shown!r} has the focus)"
    for _ in range(shown.option_count):
        if str(shown.get_option_at_index(shown.highlighted).prompt) == wanted:
            break
        await pilot.press("down")
    assert str(shown.get_option_at_index(shown.highlighted).prompt) == wanted, f"{wanted!r} is not offered"
    await pilot.press("enter")
    await pilot.pause()


KEY_CHARS = {"space": " ", "enter": "\r", "tab": "\t"}


async def press_at_once(pilot, *keys: str) -> None:
    """Press `keys` as a terminal delivers a fast typist's keys: all of them are queued before the app handles
    the first, so none waits for what the one before it started (`pilot.press` lets the app settle between
    keys). Then wait until the app has handled them all."""
    app = pilot.app
    for key in keys:
        event = events.Key(key, key if len(key) == 1 else KEY_CHARS.get(key))
        event.set_sender(app)
        app.post_message(event)
    await pilot.pause()
    await pilot.pause()
