"""A lesson section's text in a scrolling pane that renders it once per width.

A `Static` inside a scrolling container is measured by rendering it (its height), drawn by rendering it again, and
its change of height after a move asks for a second layout of the whole screen. Here the section is rendered to
lines once, kept, and drawn line by line as the pane scrolls; a move is one layout (for the new scroll height)."""

from __future__ import annotations

from typing import ClassVar

from rich.console import RenderableType
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip


class SectionView(ScrollView, can_focus=True, inherit_bindings=False):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "scroll_up", "Scroll up", show=False),
        Binding("down,j", "scroll_down", "Scroll down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown,space", "page_down", "Page down", show=False),
        Binding("home", "scroll_home", "Top", show=False),
        Binding("end", "scroll_end", "Bottom", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._renderable: RenderableType | None = None
        self._strips: list[Strip] = []
        self._width = -1

    def show(self, renderable: RenderableType, *, top: bool = True) -> None:
        """Show `renderable`, from its top unless `top` is False (the same text drawn again, in a new theme)."""
        self._renderable = renderable
        self._width = -1
        self._render_lines()
        if top:
            self.scroll_to(0, 0, animate=False, immediate=True)
        self.refresh()

    @property
    def lines(self) -> list[str]:
        """The text shown, a line each (for tests and screen readers)."""
        return [strip.text.rstrip() for strip in self._strips]

    def _render_lines(self) -> None:
        width = self.scrollable_content_region.width
        if self._renderable is None or width <= 0 or width == self._width:
            return
        app = self.app
        options = app.console_options.update_width(width).update(highlight=False, height=None)
        lines = app.console.render_lines(self._renderable, options, style=self.rich_style, pad=False)
        self._strips = [Strip(line) for line in lines]
        self._width = width
        self.virtual_size = Size(width, len(self._strips))

    def on_resize(self, _event: events.Resize) -> None:
        self._render_lines()
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = self.scroll_offset.y + y
        style = self.rich_style
        if index >= len(self._strips):
            return Strip.blank(width, style)
        return self._strips[index].crop_extend(0, width, style)
