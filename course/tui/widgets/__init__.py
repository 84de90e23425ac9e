"""Small widgets shared by the screens."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.dom import NoScreen
from textual.screen import Screen
from textual.widgets import Footer as TextualFooter
from textual.widgets import Static

from course.tui.safe import one_line
from course.tui.textual_shim import set_footer_ready


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


class Footer(TextualFooter):
    """Textual's footer, rebuilt only when the keys it shows change.

    The stock footer rebuilds all its keys on every focus change; moving between quiz questions moves
    focus twice, and those rebuilds were about a third of the time a move took.
    """

    _shown: tuple | None = None
    _pending = False

    def bindings_changed(self, screen: Screen) -> None:
        set_footer_ready(self)
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._pending:
            self._pending = True
            self.call_after_refresh(self._recompose_if_changed)

    def _signature(self) -> tuple:
        return tuple(
            (binding.key, binding.action, binding.description, enabled, tooltip)
            for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show
        )

    async def _recompose_if_changed(self) -> None:
        self._pending = False
        try:
            signature = self._signature()
        except NoScreen:  # its screen has gone meanwhile
            return
        if signature != self._shown:
            self._shown = signature
            await self.recompose()
