"""`course serve` as a learner runs it: a real server process on a free port, waited for until it answers."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
from aiohttp import ClientWebSocketResponse

from tests.lrs_support import free_port, stop_process

STARTUP_SECONDS = 30


@dataclass
class Served:
    process: subprocess.Popen[bytes]
    url: str
    port: int
    out: Path  # what the command printed
    err: Path

    def output(self) -> str:
        return self.out.read_text(encoding="utf-8", errors="replace")

    def errors(self) -> str:
        return self.err.read_text(encoding="utf-8", errors="replace")

    def interrupt(self, timeout: float = 20) -> int:
        """Ctrl+C, as in the terminal it was started from; returns the exit status."""
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=timeout)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def serve_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "course", "serve", *args]


@contextlib.contextmanager
def course_serve(folder: Path, *args: str, host: str | None = None, path: str | None = None) -> Iterator[Served]:
    """`course serve --port P [--host HOST] ARGS` on a free port, once its page answers; stopped (with every copy
    of the app it started) at the end. The page is asked for at 127.0.0.1, whatever address it listens on.
    `path`: the PATH it runs with (default: this one)."""
    folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **({"PATH": path} if path is not None else {})}
    env.pop("TEXTUAL", None)
    last = ""
    for _ in range(3):  # the free port may be taken between finding it and binding it
        port = free_port()
        out, err = folder / f"serve-{port}.out", folder / f"serve-{port}.err"
        with out.open("wb") as stdout, err.open("wb") as stderr:
            process = subprocess.Popen(
                serve_command("--port", str(port), *(["--host", host] if host else []), *args),
                stdout=stdout, stderr=stderr, stdin=subprocess.DEVNULL, start_new_session=True, env=env,
            )
        served = Served(process, f"http://127.0.0.1:{port}/", port, out, err)
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline and process.poll() is None:
            if "Serving the course at" in served.output() and _answers(served.url):
                try:
                    yield served
                finally:
                    stop_process(process)
                return
            time.sleep(0.1)
        stop_process(process)
        last = served.output() + served.errors()
    raise RuntimeError(f"course serve did not start:\n{last[-2000:]}")


def app_processes(server_pid: int) -> list[int]:
    """The copies of the app a `course serve` process runs: its children (each page's shell gives way to
    the app, `exec`), read from /proc."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # ended meanwhile
        if int(fields[1]) == server_pid and fields[0] != "Z":
            children.append(int(stat.parent.name))
    return children


def wait_for(condition: Callable[[], bool], what: str, seconds: float = 60.0) -> None:
    """Wait until `condition()` holds, checking every 50 ms; fails after `seconds` (a guard against a
    hang, not a measure of speed)."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting: {what}"
        time.sleep(0.05)


@contextlib.asynccontextmanager
async def page_socket(served: Served, width: object = 80, height: object = 24) -> AsyncIterator[ClientWebSocketResponse]:
    """A page's WebSocket to `course serve` (what its script opens), with the page's own origin."""
    url = f"ws://127.0.0.1:{served.port}/ws?width={width}&height={height}"
    async with aiohttp.ClientSession() as session, session.ws_connect(
        url, origin=served.url.rstrip("/"), max_msg_size=0, autoping=True
    ) as socket:
        yield socket


async def first_screen(socket: ClientWebSocketResponse, seconds: float = 60.0) -> bytes:
    """The first bytes the page's copy of the app draws (it has started); `seconds` guards the whole wait."""
    async with asyncio.timeout(seconds):
        while True:
            message = await socket.receive()
            assert message.type != aiohttp.WSMsgType.CLOSED, "the page was closed before the app drew anything"
            if message.type == aiohttp.WSMsgType.BINARY and message.data:
                return bytes(message.data)
