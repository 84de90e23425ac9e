"""`course serve` in a browser: a new tab → its first screen painted in it (it asks who is learning), and the memory of that tab's copy of the
app once it has settled; beside a bare Textual app served by textual-serve the same way, runs interleaved.

Debian's Chromium (headless, driven by Playwright) opens each tab; the time runs from the request for the page to
the moment the terminal in the page (xterm.js, read through its buffer) shows the text. The page's copy of the app
is the server's newest descendant process; its memory is read as for the terminal figures (settled: no CPU for
0.3 s)."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .apps import PROBE, settled_memory
from .core import Figure, interleave

CHROMIUM = Path("/usr/bin/chromium")
MAP_TEXT = "Next:"
ASK_TEXT = "Who is learning?"
"""A served tab's first screen: it asks who is learning (the last learner offered first), then shows the map."""
BARE_TEXT = "Hello, learner."
SCREEN = """(text) => {
  const terminal = window.benchTerminal;
  if (!terminal) { return false; }
  const buffer = terminal.buffer.active;
  for (let y = 0; y < terminal.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    if (line && line.translateToString(true).includes(text)) { return true; }
  }
  return false;
}"""
CATCH_TERMINAL = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  get() { return undefined; },
  set(value) {
    Object.defineProperty(this, "terminal", {value, writable: true, configurable: true, enumerable: true});
    if (value && value.buffer && value.onData) { window.benchTerminal = value; }
  },
});
"""


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _wait_answers(url: str, process: subprocess.Popen[bytes], limit: float = 30) -> None:
    import urllib.request

    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server at {url} ended ({process.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the server at {url} did not answer within {limit} s")


def _server(command: list[str], env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    _wait_answers(f"http://127.0.0.1:{port}/", process)
    return process


def _stop(process: subprocess.Popen[bytes]) -> None:
    import signal

    try:
        os.killpg(process.pid, signal.SIGINT)
        process.wait(20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(5)


def serve_figures(quick: bool, reps: int | None, notes: list[str]) -> list[Figure]:
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.is_file():
        notes.append(f"serve figures not measured: {CHROMIUM} is missing (apt-get install chromium)")
        return []
    count = reps or (3 if quick else 9)
    with tempfile.TemporaryDirectory(prefix="course-bench-serve-") as tmp:
        work = Path(tmp)
        progress = work / "progress"
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        env.pop("TEXTUAL", None)
        env.pop("COURSE_CONTENT_DIR", None)
        # A learner who has been here before: each tab opens their course map (from the start-up snapshot).
        subprocess.run([sys.executable, "-m", "course", "--plain", "--learner", "bench", "--progress", str(progress)],
                       input=b"q\n", env=env, capture_output=True, check=True, timeout=120)
        course_port, bare_port = _free_port(), _free_port()
        bare_app = f"{shlex.quote(sys.executable)} {shlex.quote(str(PROBE))} bare_tty"
        bare_server = (f"from textual_serve.server import Server; "
                       f"Server({bare_app!r}, host='127.0.0.1', port={bare_port}).serve()")
        servers = [
            _server([sys.executable, "-m", "course", "serve", "--port", str(course_port), "--progress", str(progress)],
                    env, course_port),
            _server([sys.executable, "-c", bare_server], env, bare_port),
        ]
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=str(CHROMIUM), headless=True,
                    args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"])
                try:
                    memories: dict[str, list[float]] = {"course": [], "bare": []}

                    def tab(kind: str, port: int, text: str, server: subprocess.Popen[bytes],
                            then_map: bool = False) -> float:
                        before = set(_descendants(server.pid))
                        page = browser.new_page(viewport={"width": 1000, "height": 640})
                        page.add_init_script(CATCH_TERMINAL)
                        began = time.perf_counter()
                        page.goto(f"http://127.0.0.1:{port}/")
                        page.wait_for_function(SCREEN, arg=text, timeout=60_000)
                        took = time.perf_counter() - began
                        if then_map:  # Enter accepts the learner offered: the map, and its start-up snapshot
                            page.evaluate("() => window.benchTerminal.focus()")
                            page.keyboard.press("Enter")
                            page.wait_for_function(SCREEN, arg=MAP_TEXT, timeout=60_000)
                        new = [pid for pid in _descendants(server.pid) if pid not in before]
                        sizes = []
                        for pid in new:
                            try:
                                sizes.append(settled_memory(pid)["VmRSS"])
                            except (OSError, KeyError):
                                continue
                        if sizes:
                            memories[kind].append(max(sizes))
                        page.close()
                        deadline = time.monotonic() + 20
                        while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() for pid in new):
                            time.sleep(0.05)
                        return took

                    tab("course", course_port, ASK_TEXT, servers[0], then_map=True)  # writes the start-up snapshot
                    tab("bare", bare_port, BARE_TEXT, servers[1])
                    memories["course"].clear()
                    memories["bare"].clear()
                    ours, floor = interleave(count, lambda: tab("course", course_port, ASK_TEXT, servers[0]),
                                             lambda: tab("bare", bare_port, BARE_TEXT, servers[1]))
                finally:
                    browser.close()
        finally:
            for server in servers:
                _stop(server)
    return [
        Figure("serve: a new tab to its first screen painted (who is learning?)", ours, floor, "bare app served by textual-serve",
               goal=1.15),
        Figure("serve: memory of a tab's copy of the app (settled)", memories["course"], memories["bare"],
               "bare app served by textual-serve", goal=1.35, unit="B"),
    ]
