"""Small widgets shared by the screens."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from course.tui.safe import one_line


class SaveWarning(Static):
    """A warning that stays on screen while progress cannot be saved."""

    def on_mount(self) -> None:
        self.watch(self.app, "save_problem", self._show, init=True)

    def _show(self, problem: str | None) -> None:
        self.set_class(bool(problem), "-shown")
        if problem:
            self.update(Text(f"⚠ Progress NOT saved: {one_line(problem, 300)} — you can keep working."))


class TopBar(Horizontal):
    """One line: what this screen shows on the left, where you are on the right."""

    def __init__(self, title: str, where: str = "", **kwargs) -> None:
        super().__init__(classes="topbar", **kwargs)
        self._title = title
        self._where = where

    def compose(self) -> ComposeResult:
        yield Static(Text(one_line(self._title)), classes="title", markup=False)
        yield Static(Text(self._where), classes="where", markup=False)

    def set_where(self, where: str) -> None:
        self.query_one(".where", Static).update(Text(where))

    def set_title(self, title: str) -> None:
        self.query_one(".title", Static).update(Text(one_line(title)))
