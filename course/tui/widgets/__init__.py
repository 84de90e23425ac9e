"""Small widgets shared by the screens."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.dom import NoScreen
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer as TextualFooter
from textual.widgets import Static

from course.tui.commands import SPARE_WHEN_NARROW
from course.tui.safe import clean, one_line
from course.tui.textual_shim import FooterKey, footer_ready, set_footer_ready


class SaveWarning(Static):
    """A warning that stays on screen while progress cannot be saved."""

    def on_mount(self) -> None:
        self.watch(self.app, "save_problem", self._show, init=True)

    def _show(self, problem: str | None) -> None:
        self.set_class(bool(problem), "-shown")
        if problem:
            self.update(Text(f"⚠ Progress NOT saved: {one_line(problem, 300)} — you can keep working."))


class StatusLine(Static):
    """One line above the footer for routine confirmations ("Answer saved", "Lesson completed"): unlike a
    notification it covers nothing, and it is there only while it has something to say."""

    SECONDS = 5.0
    _timer: Timer | None = None

    def __init__(self) -> None:
        super().__init__("", markup=False)

    def say(self, message: str, seconds: float | None = None) -> None:
        self.update(Text(one_line(message, 300)))
        self.add_class("-shown")
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(self.SECONDS if seconds is None else seconds, self.clear)

    def clear(self) -> None:
        self.remove_class("-shown")
        self.update("")

    @property
    def said(self) -> str:
        """What the line shows now ("" when hidden)."""
        return str(self.content) if self.has_class("-shown") else ""


def say(screen: Screen[Any], message: str, seconds: float | None = None) -> None:
    """Tell the learner something routine on the screen's status line (a notification if it has none)."""
    lines = screen.query(StatusLine)
    if lines:
        lines.first().say(message, seconds)
    else:
        screen.notify(message, markup=False)


class Notices(Static):
    """Notifications shown in the screen's layout, above the status line, on a screen where a toast (laid over
    the bottom right corner) would hide what the learner works on: the answer widgets of a quiz or a review.
    Such a screen hides its toasts (app.tcss), those raised on it and those still shown from the screen before
    (the map's "No certificate yet"); the app sends each new one here too (see CourseApp.notify). Each stays
    for its time, at most `MOST_SECONDS`."""

    MOST_SECONDS = 8.0
    MARKS: ClassVar[dict[str, str]] = {"error": "✗ ", "warning": "⚠ ", "information": "• "}
    """Each severity says itself in a symbol (and the title in words), never in colour alone."""

    def __init__(self) -> None:
        super().__init__("", markup=False)
        self._shown: list[tuple[int, Text]] = []
        self._count = 0

    def add(self, message: str, title: str = "", severity: str = "information", timeout: float = MOST_SECONDS,
            markup: bool = False) -> None:
        text = Text()
        text.append(self.MARKS.get(severity, "• ") + (f"{one_line(title, 80)}: " if title else ""), style="bold")
        body = Text.from_markup(message).plain if markup else message
        text.append(clean(body).strip())
        self._count += 1
        key = self._count
        self._shown.append((key, text))
        self._show()
        self.set_timer(min(timeout, self.MOST_SECONDS), lambda: self._drop(key))

    def _drop(self, key: int) -> None:
        self._shown = [(k, text) for k, text in self._shown if k != key]
        self._show()

    def _show(self) -> None:
        self.set_class(bool(self._shown), "-shown")
        self.update(Text("\n").join(text for _, text in self._shown[-3:]))  # the latest three

    @property
    def said(self) -> str:
        """What the notices show now ("" when hidden)."""
        return "\n".join(text.plain for _, text in self._shown[-3:])


class RecordsStatus(Static):
    """How far sending the learners' records to the course's record store (LRS) got; shown only when the
    course is pointed at one."""

    def on_mount(self) -> None:
        self.watch(self.app, "records_status", self._show, init=True)

    def _show(self, status: str | None) -> None:
        self.set_class(bool(status), "-shown")
        if status:
            self.update(Text(one_line(status, 200)))


class TopBar(Horizontal):
    """One line: what this screen shows on the left, where you are on the right."""

    def __init__(self, title: str, where: str = "", **kwargs: Any) -> None:
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


KEY_GAP = 3  # a key in the footer takes its key, a space, its words and this much padding
COMPACT_KEY_GAP = 2  # the same in Textual's compact footer: a space between key and words, one after
PALETTE_GAP = 4  # the palette hint's padding and separator

FooterDisplay = tuple[Any, ...]
"""What the footer displays (see Footer.displayed): compared, never taken apart."""


def _keys_width(keys: dict[str, tuple[Any, ...]], gap: int = KEY_GAP) -> int:
    width = sum(len(display) + len(str(words)) + gap for _, display, words, *_ in keys.values())
    return width - 1 if gap == COMPACT_KEY_GAP and keys else width  # the last compact key has no space after


def _styled_key(key: FooterKey, compact: bool) -> FooterKey:
    """`key` with its compact setting and the class that goes with it given before it is mounted. Textual's
    footer binds each key's setting to its own, so each key, once mounted, changed its class once or twice, and
    each change had the stylesheet applied to it again (5% of the app's time in the tests' quizzes). The footer
    is rebuilt whenever the setting changes (`displayed` includes it), so nothing is left to follow."""
    key.set_reactive(FooterKey.compact, compact)
    key.set_class(compact, "-compact", update=False)
    return key


class Footer(TextualFooter):
    """Textual's footer, rebuilt only when what it displays changes.

    The stock footer rebuilds all its keys whenever the active bindings change, which is on every focus
    change: moving between quiz questions moves focus, and keys the footer never shows (PageUp and
    PageDown of a focused list, a second key for an action already shown) come and go with it. Here the
    footer compares what it would display, key by key, and rebuilds only when that differs.
    """

    _shown: FooterDisplay | None = None
    wants_command_palette = True
    """Show the palette's key on the right when the screen's keys leave room for it."""
    _pending = False
    rebuilds = 0
    """How many times this footer has rebuilt its keys (for tests and measurements)."""

    def bindings_changed(self, screen: Screen[Any]) -> None:
        set_footer_ready(self)
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._pending:
            self._pending = True
            self.call_after_refresh(self._recompose_if_changed)

    def displayed(self) -> FooterDisplay:
        """What the footer shows for the current bindings: one key per action (the first binding) as
        (key, display, description, tooltip, enabled), then the palette's hint or None, then whether the
        keys are drawn compact.

        What does not fit the width goes, in this order, rather than being cut at the edge: the palette's
        hint (Ctrl+P still works and help names it); then the space around each key (Textual's compact
        footer); then the keys in `SPARE_WHEN_NARROW`, first listed first (help lists them)."""
        app = self.app
        first: dict[str, tuple[Any, ...]] = {}
        active = self.screen.active_bindings
        for _, binding, enabled, tooltip in active.values():
            if binding.show and binding.action not in first:
                first[binding.action] = (binding.key, app.get_key_display(binding), binding.description, tooltip, enabled)
        width = self.size.width
        compact = _keys_width(first) > width
        gap = COMPACT_KEY_GAP if compact else KEY_GAP
        for spare in SPARE_WHEN_NARROW:
            if _keys_width(first, gap) <= width:
                break
            first.pop(spare, None)
        palette = None
        if self.wants_command_palette and app.ENABLE_COMMAND_PALETTE and not compact:
            entry = active.get(app.COMMAND_PALETTE_BINDING)
            if entry is not None:
                _, binding, enabled, _tooltip = entry
                display = app.get_key_display(binding)
                if _keys_width(first) + len(display) + len(binding.description) + PALETTE_GAP <= width:
                    palette = (binding.key, display, binding.description, binding.tooltip or binding.description,
                               enabled, binding.action)
        return (tuple(first.items()), palette, compact)

    def compose(self) -> ComposeResult:
        """The keys `displayed` chose, left to right, and the palette's hint on the right."""
        if not footer_ready(self):
            return
        keys, palette, compact = self.displayed()
        self.compact = compact
        self.styles.grid_size_columns = len(keys)
        for action, (key, display, words, tooltip, enabled) in keys:
            yield _styled_key(FooterKey(key, display, words, action, disabled=not enabled, tooltip=tooltip), compact)
        if palette is not None:
            key, display, words, tooltip, enabled, action = palette
            # Compact whatever the keys are, as in Textual's footer (a FooterKey starts compact; the palette's
            # hint is not bound to the footer's setting).
            yield _styled_key(FooterKey(key, display, words, action, classes="-command-palette",
                                        disabled=not enabled, tooltip=tooltip), True)

    def on_mount(self) -> None:
        self.watch(self.app, "app_focus", self._app_focus_changed, init=False)

    def _app_focus_changed(self, focused: bool) -> None:
        """Key changes are not shown while the app is blurred (as Textual's footer does); once it has the
        focus again, the footer catches up. Textual says so to the screen only when the terminal reports the
        focus back: a key that comes in first marks the app focused without a word, and the footer kept the
        keys of the question before (an ordering question showed another type's keys)."""
        if focused and self.is_attached and not self._pending:
            self._pending = True
            self.call_after_refresh(self._recompose_if_changed)

    def on_resize(self) -> None:
        if self.is_attached and not self._pending:
            self._pending = True
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        self._pending = False
        try:
            shown = self.displayed()
        except NoScreen:  # its screen has gone meanwhile
            return
        if shown != self._shown:
            self._shown = shown
            self.rebuilds += 1
            await self.recompose()
