"""The map's first frame kept for the next start (course.tui.first_frame), through the real command in a
pseudo-terminal: shown before Textual is imported, only in a terminal it was made for, keys typed meanwhile
reach the app, and the terminal is given back as it was."""

from __future__ import annotations

import io
import json
import os
import re
import sys
import termios
from pathlib import Path

import pexpect
import pytest

from course.tui import first_frame
from course.tui.first_frame import FRAME_FILE
from course.tui.map.view import MapView
from tests.tui_support import FIXTURE

MAP_TEXT = "Learner: Ana"
TEXTUAL_IMPORTED = re.compile(r"import time:.*\|\s+textual(\.|$)", re.MULTILINE)


def start(progress: Path, size: tuple[int, int] = (80, 24), *args: str) -> pexpect.spawn:
    """`python -X importtime -m course` in a pseudo-terminal of `size` (columns, rows): what it imports is
    written to the same terminal, in order with what it draws."""
    env = {**os.environ, "TERM": "xterm-256color"}
    for name in ("TEXTUAL", "TEXTUAL_DRIVER", "NO_COLOR", "COLUMNS", "LINES"):
        env.pop(name, None)
    argv = ["-X", "importtime", "-m", "course", "--content", str(FIXTURE), "--progress", str(progress),
            "--learner", "Ana", *args]
    columns, rows = size
    return pexpect.spawn(sys.executable, argv, env=env, dimensions=(rows, columns), encoding="utf-8", timeout=60)


def quit_app(child: pexpect.spawn) -> list:
    """Ctrl+Q; the terminal's modes once the command has ended."""
    child.send("\x11")  # ctrl+q
    child.expect(pexpect.EOF)
    modes = termios.tcgetattr(child.child_fd)
    child.close()
    assert child.exitstatus == 0, child.before
    return modes


def first_run(progress: Path, size: tuple[int, int] = (80, 24)) -> None:
    child = start(progress, size)
    child.expect(MAP_TEXT)
    quit_app(child)


def kept(progress: Path) -> dict:
    return json.loads((progress / FRAME_FILE).read_text("utf-8"))


def test_the_next_start_shows_the_kept_map_before_textual_is_imported_and_keys_typed_meanwhile_count(
    tmp_path: Path,
) -> None:
    progress = tmp_path / "progress"
    first_run(progress)
    assert kept(progress)["terminal"]["size"] == [80, 24]

    child = start(progress)
    child.logfile_read = sent = io.StringIO()
    child.expect(MAP_TEXT)
    assert not TEXTUAL_IMPORTED.search(child.before), "the map came from the app, not from the kept frame"
    child.send("?")  # at once, while Textual is still loading: it waits in the terminal for the app
    child.expect("closes this help")  # the help screen
    assert TEXTUAL_IMPORTED.search(child.before)  # ...which the app answered once it ran
    modes = quit_app(child)
    assert modes[3] & termios.ECHO and modes[3] & termios.ICANON  # echo and line editing are back
    # One switch to the alternate screen, the frame's: a second one clears it in some terminals.
    assert sent.getvalue().count(first_frame.ALTERNATE_SCREEN) == 1
    assert "\x1b[?1049l" in sent.getvalue()  # and the app gave the learner's screen back


def test_a_terminal_of_another_size_gets_the_map_from_the_app_and_a_frame_of_its_own(tmp_path: Path) -> None:
    progress = tmp_path / "progress"
    first_run(progress, (80, 24))
    child = start(progress, (100, 30))
    child.expect(MAP_TEXT)
    assert TEXTUAL_IMPORTED.search(child.before), "a frame made for 80x24 was shown at 100x30"
    quit_app(child)
    assert kept(progress)["terminal"]["size"] == [100, 30]


def test_no_frame_is_kept_without_a_terminal_and_none_is_shown(tmp_path: Path, monkeypatch) -> None:
    # Under pytest, input is not a terminal: `course serve`'s pipes and redirected runs look the same.
    assert first_frame.terminal() is None
    view = MapView.from_json(json.loads(json.dumps(_view().to_json())))
    assert first_frame.show(tmp_path, view) is None
    assert first_frame.keep(tmp_path, view, app=None, here=first_frame.terminal()) is False  # type: ignore[arg-type]
    assert not (tmp_path / FRAME_FILE).exists()


@pytest.mark.parametrize(
    "change",
    ["other size", "other colours", "other learner", "other progress", "not a frame", "other format"],
)
def test_a_frame_is_shown_only_for_its_own_view_and_terminal(change: str) -> None:
    view = _view()
    here = {"size": [80, 24], "settings": {"TERM": "xterm-256color", "COLORTERM": None}}
    data = {"format": first_frame.FORMAT, "terminal": json.loads(json.dumps(here)), "view": view.to_json(),
            "frame": "\x1b[1;1H..."}
    data = json.loads(json.dumps(data))
    assert first_frame._fits(data, view, here)
    if change == "other size":
        here = {**here, "size": [81, 24]}
    elif change == "other colours":
        here = {**here, "settings": {"TERM": "xterm-256color", "COLORTERM": "truecolor"}}
    elif change == "other learner":
        data["view"]["learner"] = "Ben"
    elif change == "other progress":
        data["view"]["done"] = 3
    elif change == "not a frame":
        data["frame"] = None
    else:
        data["format"] = first_frame.FORMAT + 1
    assert not first_frame._fits(data, view, here)


def _view() -> MapView:
    from course.tui.map.view import build
    from course.tui.startup import Opened, open_course

    opened = open_course(str(FIXTURE), "Ana", None)
    assert isinstance(opened, Opened) and opened.learner is not None
    return build(opened.course, opened.learner.summary, "Ana")


def test_a_map_that_never_paints_costs_quitting_a_bounded_wait_and_keeps_no_frame(monkeypatch) -> None:
    from rich.console import Console
    from textual.app import App

    class NeverPaints(App[None]):
        def __init__(self, *_: object, snapshot: MapView) -> None:
            super().__init__()
            self.snapshot = snapshot

    monkeypatch.setattr(first_frame, "DRAW_SECONDS", 0.2)
    assert first_frame.draw(_view(), (80, 24), NeverPaints, Console()) is None
