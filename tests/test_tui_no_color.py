"""NO_COLOR (no-color.org) in the full app: not a single colour is sent to the terminal, and what colour
showed (the highlighted line, the chosen option) is shown in reverse video instead."""

from __future__ import annotations

import re

import pexpect
import pytest

from course.tui.map.screen import ModuleList
from tests.plain_support import plain_env
from tests.test_tui_e2e import command
from tests.tui_support import SIZE, make_app, sync

_SGR = re.compile(r"\x1b\[([0-9;:]*)m")


def colour_codes(output: str) -> set[str]:
    """The colour parameters of every SGR sequence in `output` (foreground, background, 8 to 24-bit)."""
    found = set()
    for match in _SGR.finditer(output):
        params = [p for p in re.split(r"[;:]", match.group(1)) if p]
        index = 0
        while index < len(params):
            value = int(params[index])
            if value in (38, 48, 58):
                found.add(";".join(params[index : index + 3]))
                index += 5 if params[index + 1 : index + 2] == ["2"] else 3
                continue
            if 30 <= value <= 37 or 40 <= value <= 47 or 90 <= value <= 97 or 100 <= value <= 107:
                found.add(str(value))
            index += 1
    return found


def map_output(progress, no_color: bool) -> str:
    """What the real `course` sends to a terminal to show the course map, until Ctrl+Q."""
    program, args = command()
    env = plain_env(progress, TERM="xterm-256color", COLUMNS="80", LINES="24")
    env.pop("NO_COLOR", None)
    if no_color:
        env["NO_COLOR"] = "1"
    child = pexpect.spawn(program, [*args, "--learner", "Pat"], env=env, dimensions=(24, 80), encoding="utf-8",
                          timeout=20)
    try:
        child.expect("Learner: Pat")
        child.expect("quiz not taken")
        shown = child.before
        child.send("\x11")
        child.expect(pexpect.EOF)
        shown += child.before
    finally:
        child.close(force=True)
    assert child.exitstatus == 0
    return shown


def test_no_color_sends_no_colour_at_all_and_without_it_colours_are_sent(tmp_path):
    assert colour_codes(map_output(tmp_path / "with", no_color=False))
    without = map_output(tmp_path / "without", no_color=True)
    assert colour_codes(without) == set(), sorted(colour_codes(without))[:10]
    assert "\x1b[1;7" in without or ";7;" in without or "\x1b[7" in without  # reverse video is still there


@sync
async def test_with_no_color_the_highlighted_line_is_in_reverse_video(tmp_path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(tmp_path / "progress", "Pat")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.no_color
        style = app.screen.query_one(ModuleList).get_component_rich_style("option-list--option-highlighted")
        assert style.reverse


def test_colour_codes_are_found_in_each_form():
    assert colour_codes("\x1b[1;38;5;195;48;5;32m") == {"38;5;195", "48;5;32"}
    assert colour_codes("\x1b[38;2;1;2;3mx\x1b[31m") == {"38;2;1", "31"}
    assert colour_codes("\x1b[1;7;39;49m\x1b[0m") == set()
