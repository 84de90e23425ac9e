"""What the app relies on in Textual beyond its public API (course/tui/textual_shim.py), checked against the
installed Textual, and a scan that keeps every other module of the app off Textual's private names.

When one of these fails after a Textual upgrade, the fix belongs in textual_shim.py (or in the widget that
uses it), not in a screen.
"""

from __future__ import annotations

import ast
import asyncio
import importlib
from pathlib import Path
from typing import ClassVar

import pytest
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, OptionList, RadioButton, RadioSet, SelectionList

import course.tui
from course.tui import textual_shim
from course.tui.textual_shim import (
    SELECTION_GUTTER,
    SELECTION_TOGGLE_INNER,
    SELECTION_TOGGLE_LEFT,
    SELECTION_TOGGLE_RIGHT,
    highlighted_index,
    option_line,
    set_footer_ready,
)

TUI = Path(course.tui.__file__).parent
SHIM = Path(textual_shim.__file__)


def run_app(app: App, check) -> None:
    async def go() -> None:
        async with app.run_test(size=(60, 12)) as pilot:
            await pilot.pause()
            await check(pilot)

    asyncio.run(go())


def test_selection_list_draws_its_toggle_as_the_first_segments_of_each_line() -> None:
    class Lists(App):
        def compose(self) -> ComposeResult:
            yield SelectionList(("chosen", 1, True), ("not chosen", 2))

    async def check(pilot) -> None:
        selection = pilot.app.query_one(SelectionList)
        toggle = [SELECTION_TOGGLE_LEFT, SELECTION_TOGGLE_INNER, SELECTION_TOGGLE_RIGHT, " "]
        for line in range(2):
            segments = [s.text for s in selection.render_line(line)]
            assert segments[:4] == toggle, (
                f"Textual's SelectionList no longer starts a line with {toggle!r} ({segments[:4]}): CheckList in "
                "course/tui/quiz/answers.py draws the same toggle, SELECTION_GUTTER columns wide"
            )
        assert sum(len(text) for text in toggle) == SELECTION_GUTTER

    run_app(Lists(), check)


def test_option_line_gives_each_line_of_a_wrapped_option_list_its_option() -> None:
    class Lists(App):
        def compose(self) -> ComposeResult:
            yield OptionList("short", "a long option " * 12, "last")

    async def check(pilot) -> None:
        options = pilot.app.query_one(OptionList)
        options.styles.text_wrap = "wrap"
        await pilot.pause()
        lines = [option_line(options, line) for line in range(options.virtual_size.height)]
        assert lines[0] == (0, 0) and lines[1] == (1, 0) and lines[2] == (1, 1), lines
        assert lines[-1] == (2, 0), lines
        assert option_line(options, len(lines)) is None and option_line(options, -1) is None

    run_app(Lists(), check)


def test_a_radio_sets_highlighted_index_follows_the_cursor_not_the_pressed_button() -> None:
    class Radios(App):
        def compose(self) -> ComposeResult:
            yield RadioSet("a", "b", "c")

        def on_mount(self) -> None:
            self.query_one(RadioSet).focus()

    async def check(pilot) -> None:
        radio_set = pilot.app.query_one(RadioSet)
        assert highlighted_index(radio_set) == 0
        await pilot.press("down", "space")
        await pilot.pause()
        assert radio_set.pressed_index == 1 and highlighted_index(radio_set) == 1
        await pilot.press("down")
        await pilot.pause()
        assert radio_set.pressed_index == 1 and highlighted_index(radio_set) == 2, (
            "RadioSet's private _selected no longer tracks the cursor: update highlighted_index()"
        )

    run_app(Radios(), check)


@pytest.mark.parametrize("ready", [True, False])
def test_a_footer_with_its_own_bindings_changed_shows_keys_only_once_set_ready(ready: bool) -> None:
    called: list[Screen] = []

    class OwnFooter(Footer):
        def bindings_changed(self, screen: Screen) -> None:
            called.append(screen)
            if ready:
                set_footer_ready(self)
            self.call_after_refresh(self.recompose)

    class WithFooter(App):
        BINDINGS: ClassVar = [("x", "bell", "Ring")]

        def compose(self) -> ComposeResult:
            yield OwnFooter()

    async def check(pilot) -> None:
        await pilot.pause()
        assert called, "Footer no longer calls bindings_changed when the bindings change"
        keys = pilot.app.query_one(OwnFooter).children
        if ready:
            assert keys, "set_footer_ready() no longer lets the Footer compose its keys"
        else:
            assert not keys, "Footer composes without _bindings_ready: set_footer_ready() may go"

    run_app(WithFooter(), check)


def test_a_radio_button_renders_its_button_first() -> None:
    """ChoiceButton blanks the dot in what RadioButton.render() returns: left side, dot, right side, label."""

    class Radio(App):
        def compose(self) -> ComposeResult:
            yield RadioButton("label")

    async def check(pilot) -> None:
        button = pilot.app.query_one(RadioButton)
        plain = button.render().plain
        assert plain.startswith(button.BUTTON_LEFT + button.BUTTON_INNER + button.BUTTON_RIGHT), plain
        assert "label" in plain

    run_app(Radio(), check)


def test_full_frame_is_the_whole_screen_as_sent_to_a_terminal_and_leaves_pending_redraws_pending() -> None:
    from rich.console import Console
    from textual.geometry import Region
    from textual.widgets import Static

    from course.tui.textual_shim import full_frame

    class One(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("first line", id="one")

    async def check(pilot) -> None:
        console = Console(color_system="truecolor", force_terminal=True, width=60)
        frame = full_frame(pilot.app.screen, console)
        assert frame.startswith("\x1b[1;1H") and "first line" in frame
        assert frame.count("\x1b[") > 12  # a cursor move for each of the 12 lines, and the colours
        assert [f"\x1b[{row};1H" in frame for row in range(1, 13)] == [True] * 12
        pilot.app.query_one("#one", Static).update("second")
        compositor_dirty = pilot.app.screen._compositor._dirty_regions
        compositor_dirty.add(Region(0, 0, 6, 1))  # a redraw the screen has still to send
        waiting = set(compositor_dirty)
        full_frame(pilot.app.screen, console)
        assert waiting and set(compositor_dirty) == waiting
        await pilot.pause()
        assert "second" in full_frame(pilot.app.screen, console)

    run_app(One(), check)


# -- nothing else touches Textual's private names -----------------------------------------------------


def tui_sources() -> list[Path]:
    return sorted(path for path in TUI.rglob("*.py") if path != SHIM)


def own_private_names() -> set[str]:
    """The `_names` the app defines itself (methods, attributes, class variables)."""
    names: set[str] = set()
    for path in tui_sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                names.add(node.attr)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
    return {name for name in names if name.startswith("_")}


def private_uses(path: Path, own: set[str]) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("textual"):
            parts = [*(node.module or "").split("."), *(alias.name for alias in node.names)]
            if any(_private(part) for part in parts):
                names = ", ".join(alias.name for alias in node.names)
                found.append(f"{path.name}:{node.lineno} from {node.module} import {names}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("textual") and any(_private(p) for p in alias.name.split(".")):
                    found.append(f"{path.name}:{node.lineno} import {alias.name}")
        elif isinstance(node, ast.Attribute) and _private(node.attr) and node.attr not in own:
            found.append(f"{path.name}:{node.lineno} .{node.attr}")
    return found


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def test_no_module_but_the_shim_uses_a_private_textual_name() -> None:
    own = own_private_names()
    found = [use for path in tui_sources() for use in private_uses(path, own)]
    assert not found, f"private Textual names outside course/tui/textual_shim.py: {found}"


def test_the_scan_finds_a_private_textual_name(tmp_path: Path) -> None:
    planted = tmp_path / "planted.py"
    planted.write_text(
        "from textual.widgets._toggle_button import ToggleButton\n"
        "def f(radio_set, footer):\n"
        "    footer._bindings_ready = True\n"
        "    return radio_set._selected, footer._bindings_ready\n",
        encoding="utf-8",
    )
    found = private_uses(planted, own_private_names())
    assert any("_toggle_button" in use for use in found)
    assert any(use.endswith("._selected") for use in found)
    assert any(use.endswith("._bindings_ready") for use in found)


def test_no_class_of_the_app_overrides_a_private_textual_member() -> None:
    """A `_name` a class of the app defines must not be one of its Textual base classes' own."""
    clashes = []
    for path in sorted(TUI.rglob("*.py")):
        relative = path.relative_to(TUI.parent.parent).with_suffix("")
        if relative.name == "__main__":
            continue
        module = importlib.import_module(".".join(relative.parts).removesuffix(".__init__"))
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if not isinstance(node, ast.ClassDef):
                continue
            cls = getattr(module, node.name)
            textual_bases = [base for base in cls.__mro__[1:] if base.__module__.startswith("textual")]
            for name in _defined_in(node):
                if _private(name) and any(name in vars(base) for base in textual_bases):
                    clashes.append(f"{module.__name__}.{node.name}.{name}")
    assert not clashes, f"these override private Textual members: {clashes}"


def _defined_in(node: ast.ClassDef) -> set[str]:
    names = set()
    for item in node.body:
        if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(item.name)
        elif isinstance(item, ast.Assign):
            names.update(target.id for target in item.targets if isinstance(target, ast.Name))
        elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
            names.add(item.target.id)
    return names


def test_a_prompt_of_the_same_height_is_replaced_and_drawn_without_measuring_the_list_again() -> None:
    from textual.widgets.option_list import Option

    from course.tui.textual_shim import replace_prompt_same_height

    class Lists(App):
        def compose(self) -> ComposeResult:
            yield OptionList(*(Option(f"  {n}. section", id=f"s{n}") for n in range(1, 6)))

    async def check(pilot) -> None:
        options = pilot.app.query_one(OptionList)
        assert len(options._lines) == 5  # measured once
        replace_prompt_same_height(options, 2, "▶ 3. section")
        assert len(options._line_cache.heights) == 5, "the list's measurements were thrown away"
        await pilot.pause()
        assert str(options.get_option_at_index(2).prompt) == "▶ 3. section"
        drawn = "".join(segment.text for segment in options.render_line(2))
        assert "▶ 3. section" in drawn, f"the replaced prompt is not drawn: {drawn!r}"

    run_app(Lists(), check)
