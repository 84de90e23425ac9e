"""Every use the app makes of Textual beyond its public API, in one place.

Each name here leans on something Textual does not promise to keep. tests/test_textual_shim.py checks each
one against the installed Textual, so an upgrade that changes one fails there, by name, rather than as a
wrong-looking screen; no other module of the app touches a private Textual name (that test checks it too).
"""

from __future__ import annotations

from rich.console import Console, RenderableType
from textual.screen import Screen
from textual.widgets import Footer, OptionList, RadioSet
from textual.widgets._footer import FooterKey
from textual.widgets._toggle_button import ToggleButton

__all__ = ["FooterKey"]
"""FooterKey: one key of the footer (public in use, private in where it lives); the app's footer composes
its own keys to leave out those that do not fit."""

SELECTION_TOGGLE_LEFT: str = ToggleButton.BUTTON_LEFT
SELECTION_TOGGLE_INNER: str = ToggleButton.BUTTON_INNER
SELECTION_TOGGLE_RIGHT: str = ToggleButton.BUTTON_RIGHT
"""The characters a SelectionList draws as each option's toggle: left side, inside (the same whether or not the
option is selected) and right side (Textual takes them from ToggleButton, which lives in a private module)."""
SELECTION_GUTTER: int = len(SELECTION_TOGGLE_LEFT + SELECTION_TOGGLE_INNER + SELECTION_TOGGLE_RIGHT + " ")
"""The columns a SelectionList keeps before each option's text (its private `_get_left_gutter_width()`)."""


def option_line(option_list: OptionList, line: int) -> tuple[int, int] | None:
    """Which option an OptionList draws on `line` (counted from the top of the whole list, not of the view),
    and which of that option's lines it is; None past the end. From its private `_lines`."""
    lines = option_list._lines
    return lines[line] if 0 <= line < len(lines) else None


def highlighted_index(radio_set: RadioSet) -> int | None:
    """The index of the button a RadioSet's cursor is on, which is not always the pressed one (its private
    `_selected`)."""
    return radio_set._selected


def footer_ready(footer: Footer) -> bool:
    """Whether the footer has had its first bindings (the stock compose shows nothing before)."""
    return bool(footer._bindings_ready)


def set_footer_ready(footer: Footer) -> None:
    """Let a Footer whose `bindings_changed` is overridden show its keys: Footer.compose yields nothing until
    its private `_bindings_ready` is set, which the stock `bindings_changed` does first."""
    footer._bindings_ready = True


def replace_prompt_same_height(option_list: OptionList, index: int, prompt: RenderableType) -> None:
    """Give option `index` a new prompt of the same height (the lesson's section list moving its ▶), redrawing
    what shows without measuring every option again: the public `replace_option_prompt_at_index` clears the
    list's line cache, which measures all of its options anew (a 200-section lesson re-rendered 200 tables per
    move; clearing its render cache redrew every option in view). Uses the private `Option._set_prompt` and
    `OptionList._option_render_cache`."""
    option = option_list.get_option_at_index(index)
    option._set_prompt(prompt)
    cache = option_list._option_render_cache  # keyed by (option, style, padding): drop this option's renders
    for key in [key for key in cache.keys() if key[0] is option]:  # noqa: SIM118 - an LRUCache is not iterable
        cache.discard(key)
    option_list.refresh()


def full_frame(screen: Screen[object], console: Console) -> str:
    """The whole of `screen` as it stands, as the bytes Textual writes to a terminal for a full repaint (its
    private compositor's `render_full_update`), rendered for `console`. Regions still waiting to be redrawn
    stay waiting."""
    compositor = screen._compositor
    waiting = set(compositor._dirty_regions)
    update = compositor.render_full_update()
    compositor._dirty_regions.update(waiting)
    return update.render_segments(console)
