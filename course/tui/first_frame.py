"""The course map's first frame, kept for the next start and shown before Textual is even loaded.

When `course` ends in a terminal, the map that the next `course` paints first (from the start-up snapshot, see
course.tui.startup) is drawn once more, off screen, at the terminal's size, and the bytes Textual would send for
it are kept beside the snapshot (`.map-frame.json`), with the terminal they were made for. The next `course` in
the same terminal, with that same snapshot, sends those bytes as soon as it has read the snapshot: the learner
sees the map about a fifth of the way into the start-up, and the app then paints the very same frame over it
once Textual has loaded. Keys pressed in between wait in the terminal and reach the app when it runs (while the
frame is up, the terminal neither echoes nor edits lines, as under the app).

The frame is kept and shown only where it is exact: input and output are a terminal (not `course serve`'s pipes,
not --plain), of the same size, under the same terminal settings (TERM, COLORTERM, NO_COLOR, ...), for the same
snapshot (the same map, learner and theme). Anything else, and the app paints as before. Showing it imports
neither Textual nor the content or progress models.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console
    from textual.app import App

    from course.tui.map.view import MapView
    from course.tui.startup import Snapshot

FRAME_FILE = ".map-frame.json"
FORMAT = 1
SETTINGS = ("TERM", "COLORTERM", "NO_COLOR", "FORCE_COLOR", "TEXTUAL_COLOR_SYSTEM", "TERM_PROGRAM", "TEXTUAL_THEME")
"""The environment that decides how the same screen is sent to a terminal: a frame is kept for one set of them."""

ALTERNATE_SCREEN = "\x1b[?1049h"
START = ALTERNATE_SCREEN + "\x1b[?25l\x1b[?7l\x1b[?2026h"  # the alternate screen, no cursor, no line wrap, hold the paint
END = "\x1b[?2026l"  # paint now
DRAW_SECONDS = 5.0  # the longest quitting may wait for the map's frame to be drawn (it takes about 0.15 s)
GIVE_BACK = "\x1b[?7h\x1b[?25h\x1b[?1049l"  # line wrap, the cursor and the screen the learner had


def frame_path(store_root: Path) -> Path:
    return Path(store_root) / FRAME_FILE


def terminal() -> dict[str, Any] | None:
    """The terminal `course` runs in (its size and settings), or None when a frame cannot be shown in it: input
    or output is not a terminal, a driver other than the terminal's is asked for, or the system has no termios."""
    if os.environ.get("TEXTUAL_DRIVER") or os.environ.get("TERM") == "dumb":
        return None
    try:
        import termios  # noqa: F401  (POSIX only)

        if not (os.isatty(sys.stdin.fileno()) and os.isatty(sys.stdout.fileno())):
            return None
        size = os.get_terminal_size(sys.stdout.fileno())
    except (ImportError, AttributeError, ValueError, OSError):
        return None
    return {"size": [size.columns, size.lines], "settings": {name: os.environ.get(name) for name in SETTINGS}}


@dataclass
class Shown:
    """A frame on the terminal: `give_back` returns the terminal as it was before it."""

    fd: int
    modes: list[Any]

    def give_back(self, app_ran: bool) -> None:
        """Restore the terminal's modes; and, if the app never took the terminal over (it gives its screen back
        itself when it ends), the learner's screen too."""
        import termios

        if not app_ran:
            _write(sys.stdout.fileno(), GIVE_BACK)
        with contextlib.suppress(termios.error):
            termios.tcsetattr(self.fd, termios.TCSANOW, self.modes)


class StartFrame:
    """The kept frame through one `course`: shown from the snapshot (if it fits this terminal), then the app
    starts, and whatever happens the terminal is given back as it was."""

    def __init__(self) -> None:
        self.shown: Shown | None = None
        self.app_ran = False

    def show(self, snapshot: Snapshot | None) -> None:
        if snapshot is not None:
            self.shown = show(snapshot.path.parent, snapshot.view)

    def app_starts(self, app: App[Any]) -> None:
        """`app` is about to run: with the frame on the screen, its driver takes the screen as it is."""
        self.app_ran = True
        if self.shown is not None:
            app.driver_class = over_the_frame(app.driver_class)

    def give_back(self) -> None:
        if self.shown is not None:
            self.shown.give_back(self.app_ran)
            self.shown = None


def over_the_frame(driver: type[Any]) -> type[Any]:
    """The terminal's driver `driver`, that leaves out its first switch to the alternate screen: the frame
    is on that screen already, and some terminals clear it when asked to switch to it again."""

    class OverTheFrame(driver):  # type: ignore[misc]  # a Textual driver class
        switched = False

        def write(self, data: str) -> None:
            if data == ALTERNATE_SCREEN and not self.switched:
                self.switched = True
                return
            super().write(data)

    return OverTheFrame


def keep_for_next_start(content: str | None, learner: str | None, progress: str | None, app: App[Any]) -> bool:
    """Keep the first frame of the map the next `course` with these options starts from (its snapshot must be
    fresh: see course.tui.startup), for this terminal; `app` is the one that has just ended here."""
    here = terminal()
    if here is None:
        return False
    from course.tui.startup import fresh_snapshot

    snapshot = fresh_snapshot(content, learner, progress)
    return snapshot is not None and keep(snapshot.path.parent, snapshot.view, app, here)


def show(store_root: Path, view: MapView) -> Shown | None:
    """Send the frame kept for `view` to the terminal, if one was kept for this very terminal; None otherwise
    (nothing was sent)."""
    here = terminal()
    if here is None:
        return None
    try:
        data = json.loads(frame_path(store_root).read_text("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if not _fits(data, view, here):
        return None
    import termios

    fd = sys.stdin.fileno()
    try:
        modes = termios.tcgetattr(fd)
        quiet = termios.tcgetattr(fd)
        quiet[3] &= ~(termios.ECHO | termios.ICANON)  # keys typed now wait for the app, unseen
        termios.tcsetattr(fd, termios.TCSANOW, quiet)
    except termios.error:
        return None
    shown = Shown(fd, modes)
    try:
        _write(sys.stdout.fileno(), START + data["frame"] + END)
    except OSError:
        shown.give_back(app_ran=False)
        return None
    return shown


def _fits(data: Any, view: MapView, here: dict[str, Any]) -> bool:
    """Whether the kept `data` is the frame of `view` for the terminal `here`."""
    if not (isinstance(data, dict) and data.get("format") == FORMAT and isinstance(data.get("frame"), str)
            and data.get("terminal") == here):
        return False
    try:
        return type(view).from_json(data.get("view")) == view
    except (KeyError, TypeError, ValueError):
        return False


def _write(fd: int, text: str) -> None:
    data = text.encode("utf-8")
    while data:
        data = data[os.write(fd, data):]


def keep(store_root: Path, view: MapView, app: App[Any], here: dict[str, Any] | None) -> bool:
    """Draw the map `view` off screen at the size of the terminal `here` (see `terminal`) and keep its frame for
    the next start; False when there is no terminal to keep it for or it could not be drawn or written. `app` is
    the one that ran in this terminal: the frame is drawn by an app of its kind, for its console (which knows how
    the terminal takes colours)."""
    if here is None:
        return False
    path = frame_path(store_root)
    try:
        if _fits(json.loads(path.read_text("utf-8")), view, here):
            return True  # the frame kept is this one
    except (OSError, UnicodeDecodeError, ValueError):
        pass
    frame = draw(view, (here["size"][0], here["size"][1]), type(app), app.console)
    if frame is None:
        return False
    from course.progress import ProgressSaveError, atomic_write_text

    text = json.dumps({"format": FORMAT, "terminal": here, "view": view.to_json(), "frame": frame}, ensure_ascii=False)
    try:
        atomic_write_text(path, text)
    except (ProgressSaveError, OSError):
        return False
    return True


def draw(view: MapView, size: tuple[int, int], app_type: type[Any], console: Console) -> str | None:
    """The bytes of the map's first frame for `view`, as an app of `app_type` paints it when it starts from a
    snapshot of `view` at `size`, rendered for `console`; None if it did not paint."""
    from course.tui.textual_shim import full_frame

    class FrameApp(app_type):  # type: ignore[misc]  # the course's app (only the launcher imports it)
        frame: str | None = None

        def on_map_painted(self) -> None:
            self.frame = full_frame(self.screen, console)
            self.exit()

        def on_ready(self) -> None:
            self.set_timer(DRAW_SECONDS, self.exit)  # quitting never waits long for a frame

    app = FrameApp(None, None, None, snapshot=view)
    try:
        app.run(headless=True, size=size)
    except Exception:  # a frame is only ever a shortcut: anything odd and none is kept
        return None
    return app.frame
