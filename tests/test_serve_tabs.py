"""`course serve` outlives its tabs: a tab whose copy of the app ends is told so and closed; tabs opened and
closed by the score leave no traceback and no copy of the app behind; a message too large or malformed for
the app is refused at the server and the tab goes on."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import time
from pathlib import Path

import aiohttp

from course.serve import APP_ENDED, MAX_MESSAGE_CHARS
from tests.serve_support import Served, app_processes, course_serve, first_screen, page_socket, wait_for

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "tui_course"
GUARD_SECONDS = 60.0  # guards against a hang, not measures of speed
ENDED = (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSING, aiohttp.WSMsgType.CLOSED)


def _serve(tmp_path: Path):
    return course_serve(tmp_path / "server", "--content", str(FIXTURE), "--progress", str(tmp_path / "progress"))


async def _closing(socket: aiohttp.ClientWebSocketResponse) -> aiohttp.WSMessage:
    """The message that closes the page's WebSocket (the app's drawing before it is passed over). The
    guard is on the whole wait: the server's heartbeat pings would restart a timeout on each receive."""
    async with asyncio.timeout(GUARD_SECONDS):
        while True:
            message = await socket.receive()
            if message.type in ENDED:
                return message


async def _pong(socket: aiohttp.ClientWebSocketResponse, token: str) -> None:
    """Ping the server through the page's channel and wait for its pong: the tab still works."""
    await socket.send_json(["ping", token])
    async with asyncio.timeout(GUARD_SECONDS):
        while True:
            message = await socket.receive()
            assert message.type not in ENDED, "the tab was closed"
            if message.type == aiohttp.WSMsgType.TEXT and message.json() == ["pong", token]:
                return


def _no_traceback(served: Served) -> None:
    output = served.output() + served.errors()
    assert "Traceback" not in output and "ProcessLookupError" not in output, output[-3000:]


def test_a_tab_whose_app_is_killed_is_told_and_closed(tmp_path) -> None:
    with _serve(tmp_path) as served:

        async def tab() -> tuple[aiohttp.WSMessage, float]:
            async with page_socket(served) as socket:
                await first_screen(socket)
                (app,) = app_processes(served.process.pid)
                os.kill(app, signal.SIGKILL)
                killed = time.monotonic()
                message = await _closing(socket)
                return message, time.monotonic() - killed

        message, seconds = asyncio.run(tab())
        print(f"closing message {seconds:.2f} s after the app was killed")
        assert message.type == aiohttp.WSMsgType.CLOSE
        assert (message.data, message.extra) == (1001, APP_ENDED)
        assert served.process.poll() is None, "the server goes on"
        assert app_processes(served.process.pid) == []
        _no_traceback(served)


def test_a_tab_whose_app_quits_is_closed(tmp_path) -> None:
    """The learner presses Ctrl+Q in the tab: the app ends and the page shows that the session ended."""
    with _serve(tmp_path) as served:

        async def tab() -> aiohttp.WSMessage:
            async with page_socket(served) as socket:
                await first_screen(socket)
                await socket.send_json(["stdin", "\x11"])  # Ctrl+Q
                return await _closing(socket)

        assert asyncio.run(tab()).type == aiohttp.WSMsgType.CLOSE
        wait_for(lambda: app_processes(served.process.pid) == [], "the app to end")
        _no_traceback(served)


def test_twenty_tabs_opened_and_closed_leave_no_traceback_and_no_app_behind(tmp_path) -> None:
    with _serve(tmp_path) as served:

        async def tabs() -> int:
            async with aiohttp.ClientSession() as session:
                url = f"ws://127.0.0.1:{served.port}/ws?width=80&height=24"
                sockets = [await session.ws_connect(url, origin=served.url.rstrip("/")) for _ in range(20)]
                # Half are closed as soon as opened (their app still starting), half once their app drew.
                await asyncio.gather(*(first_screen(s) for s in sockets[10:]))
                running = len(app_processes(served.process.pid))
                await asyncio.gather(*(s.close() for s in sockets))
                return running

        running = asyncio.run(tabs())
        print(f"{running} copies of the app running as the 20 tabs closed")
        assert running >= 10
        wait_for(lambda: app_processes(served.process.pid) == [], "every tab's app to end")
        assert served.process.poll() is None
        _no_traceback(served)
        assert served.interrupt() == 0
        _no_traceback(served)


def test_an_oversized_or_malformed_message_is_refused_and_the_tab_goes_on(tmp_path) -> None:
    with _serve(tmp_path) as served:

        async def tab() -> None:
            async with page_socket(served) as socket:
                await first_screen(socket)
                await socket.send_json(["stdin", "a" * 3_000_000])
                await _pong(socket, "after the paste")
                for size in ({"width": "a", "height": 24}, {"width": 80, "height": 10**9}, {"width": True, "height": 2},
                             {"width": 80.5, "height": 24}, None):
                    await socket.send_json(["resize", size])
                await socket.send_str("not json")
                await socket.send_json({"stdin": "x"})
                await _pong(socket, "after the resizes")
                (app,) = app_processes(served.process.pid)
                status = Path(f"/proc/{app}/status").read_text()
                rss_kib = int(next(line for line in status.splitlines() if line.startswith("VmRSS:")).split()[1])
                print(f"the tab's app holds {rss_kib / 1024:.0f} MiB after the refused messages")
                assert rss_kib < 400 * 1024

        asyncio.run(tab())
        output = served.output() + served.errors()
        paste = len(json.dumps(["stdin", "a" * 3_000_000]))  # as the page's socket sends it
        assert f"refused a message of {paste} characters (more than {MAX_MESSAGE_CHARS}) from a page" in output
        assert output.count("refused a resize to a size that is not 1 to 1000 columns by 1 to 500 rows") == 5
        assert "refused a message that is not JSON" in output
        assert "refused a message that is not a list starting with its kind" in output
        assert served.process.poll() is None
        _no_traceback(served)


def test_an_absurd_first_size_is_not_passed_to_the_app(tmp_path) -> None:
    with _serve(tmp_path) as served:

        async def tab() -> None:
            async with page_socket(served, width="a", height=10**9) as socket:
                await first_screen(socket)
                await _pong(socket, "started")

        asyncio.run(tab())
        _no_traceback(served)
