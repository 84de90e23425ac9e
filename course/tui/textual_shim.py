"""Every use the app makes of Textual beyond its public API, in one place.

Each name here leans on something Textual does not promise to keep. tests/test_textual_shim.py checks each
one against the installed Textual, so an upgrade that changes one fails there, by name, rather than as a
wrong-looking screen; no other module of the app touches a private Textual name (that test checks it too).
"""

from __future__ import annotations

from textual.widgets import Footer, RadioSet
from textual.widgets._toggle_button import ToggleButton

SELECTION_TOGGLE_INNER: str = ToggleButton.BUTTON_INNER
"""The character a SelectionList draws inside each option's toggle, the same whether or not the option is
selected (Textual takes it from ToggleButton, which lives in a private module)."""


def highlighted_index(radio_set: RadioSet) -> int | None:
    """The index of the button a RadioSet's cursor is on, which is not always the pressed one (its private
    `_selected`)."""
    return radio_set._selected


def set_footer_ready(footer: Footer) -> None:
    """Let a Footer whose `bindings_changed` is overridden show its keys: Footer.compose yields nothing until
    its private `_bindings_ready` is set, which the stock `bindings_changed` does first."""
    footer._bindings_ready = True
