"""The course map rebuilt (after a reload of the course files) while it is closing: the app quitting, or
another map taking its place, while the old map's widgets are being removed. The map then has no widgets
left and must not look for them (it used to fail with NoMatches for its ProgressBar, crashing the app).

The moment is made exact, not waited for: the map's progress bar, as it is removed by the rebuild, closes
the app or replaces the map."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import ProgressBar

import course.tui.map.screen as map_screen
from course.tui.map.screen import MapScreen
from tests.tui_support import SIZE, make_app, sync


def close_app(bar: ProgressBar) -> None:
    bar.app.exit()


def replace_map(bar: ProgressBar) -> None:
    bar.app.switch_screen(MapScreen())


@pytest.mark.parametrize("closing", [close_app, replace_map], ids=["app-quits", "map-replaced"])
@sync
async def test_a_reload_that_lands_while_the_map_closes_does_not_crash_the_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, closing: Callable[[ProgressBar], None]
) -> None:
    removed: list[ProgressBar] = []

    class Bar(ProgressBar):
        """The map's progress bar; once armed, its removal closes the map (`closing`)."""

        armed = False

        def on_unmount(self) -> None:
            if Bar.armed and not removed:
                removed.append(self)
                closing(self)

    monkeypatch.setattr(map_screen, "ProgressBar", Bar)
    app = make_app(tmp_path / "progress", "Ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        old_map = app.screen
        assert isinstance(old_map, MapScreen) and old_map.query_one(Bar)
        Bar.armed = True
        await pilot.press("R")  # reload the course files: the map is rebuilt with the new course
        await pilot.pause()
        await pilot.pause()
        assert removed, "the rebuild never removed the map's progress bar"
        if closing is replace_map:
            assert isinstance(app.screen, MapScreen) and app.screen is not old_map
            assert app.screen.query_one(Bar)  # the new map shows its widgets
    assert app.return_code in (None, 0)


@sync
async def test_a_reload_that_comes_after_the_app_started_closing_does_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The order the other way round: the app is closing (its screens being taken down, their widgets
    removed) when a rebuild queued by a reload runs. Textual's recompose then does nothing, and the map must
    not look for the widgets it no longer has."""
    app = make_app(tmp_path / "progress", "Ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        the_map = app.screen
        assert isinstance(the_map, MapScreen)
        await the_map.query_children("*").exclude(".-textual-system").remove()  # taken down as the app closes

        async def recompose_while_closing() -> None:  # what Textual's recompose does for a screen being pruned
            return None

        monkeypatch.setattr(the_map, "recompose", recompose_while_closing)
        await the_map.rebuild("Course reloaded")
        the_map.refresh_status()
        assert not the_map.query(ProgressBar)
    assert app.return_code in (None, 0)
