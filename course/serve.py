"""`course serve`: the learner app in a web browser, through textual-serve.

Every browser tab that opens the page starts its own copy of the app (this interpreter's `-m course`, with the
same course and progress folders), so learners share the progress folder exactly as they do in terminals: a
learner can start in a terminal and continue in the browser.

textual-serve serves the page, its script and its font from its own package; with the page's one link to
Google's fonts replaced by that font, nothing is fetched from the internet. This module adds what a course needs on top: it listens on 127.0.0.1 unless told otherwise, says
where to point the browser, builds the page's links from the address the browser used (so a page opened from
another machine connects back to the same address), and refuses a WebSocket opened by another web site's page
(and, served to this computer only, a request under any name but this computer's).
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import json
import logging
import re
import shlex
import socket
import sys
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

APP_EXIT_SECONDS = 10.0  # how long a closed page's (or Ctrl+C's) copy of the app has to save and end
MAX_MESSAGE_CHARS = 64 * 1024  # the most a page may send at once (a paste); a copy of the app takes far more
MAX_COLUMNS, MAX_ROWS = 1000, 500  # the largest terminal a page may ask for
APP_ENDED = "The course ended in this tab; press Restart or reload the page to open it again."

if TYPE_CHECKING:
    from aiohttp import web
    from textual_serve.app_service import AppService
    from textual_serve.server import Server

PUBLIC_WARNING = (
    "warning: the course is served on {host}, not only to this computer: anyone who can reach port {port} "
    "can open the course as any learner and read or change their progress (there are no passwords)."
)


class ServeError(Exception):
    """An address the course cannot be served on; the message says why, for the command line."""


@dataclass(frozen=True)
class Address:
    host: str
    port: int
    public: bool  # reachable from other computers (not only this one's loopback)

    @property
    def url(self) -> str:
        """The address to give a browser: the host as typed, or this computer's name for a wildcard."""
        host = self.host
        if _is_wildcard(host):  # every address of this computer: its name is one a browser can use
            host = socket.gethostname()
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}/"


def _is_wildcard(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_unspecified
    except ValueError:
        return False


def is_loopback(host: str) -> bool:
    """True when every address `host` stands for is this computer's loopback (127.0.0.0/8, ::1, localhost)."""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        pass
    try:
        found = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise ServeError(f"--host {host!r}: no such address ({error})") from None
    return bool(found) and all(ipaddress.ip_address(str(info[4][0]).split("%")[0]).is_loopback for info in found)


def check_address(host: str, port: int, public: bool) -> Address:
    """The address to listen on, once it is known to be allowed and free; else ServeError with the reason."""
    if not 1 <= port <= 65535:
        raise ServeError(f"--port {port}: a port is a number from 1 to 65535")
    if not host:
        raise ServeError("--host: give an address, e.g. 127.0.0.1")
    reachable = not is_loopback(host)
    if reachable and not public:
        raise ServeError(
            f"--host {host}: that address can be reached from other computers, and anyone who reaches it can open "
            "the course as any learner; add --public to serve it there anyway"
        )
    try:
        family, kind, proto, _, where = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server will
            probe.bind(where)
    except OSError as error:
        reason = error.strerror or str(error)
        raise ServeError(f"cannot listen on {host} port {port}: {reason}") from None
    return Address(host, port, reachable)


def app_command(content: Path | None, progress: Path | None) -> str:
    """The shell command that starts one copy of the app: this interpreter, so it works from a virtual
    environment that is not on PATH, with the folders made absolute. A tab may be anyone's: the app asks
    who is learning, the last learner offered first (`--ask-learner`)."""
    words = [sys.executable, "-m", "course", "--ask-learner"]
    if content is not None:
        words += ["--content", str(content.expanduser().resolve())]
    if progress is not None:
        words += ["--progress", str(progress.expanduser().resolve())]
    return "exec " + shlex.join(words)  # the shell gives way to the app: one process per page


def _same_origin(request: web.Request) -> bool:
    """A WebSocket from the page this server gave out: browsers send the page's origin with it, and a page of
    another site (which could otherwise drive the app from a learner's browser) has another one."""
    origin = request.headers.get("Origin")
    if origin is None:
        return True  # not a browser: a browser always sends it
    return urlsplit(origin).netloc.lower() == request.host.lower()


def _named_for_this_computer(request: web.Request, address: Address) -> bool:
    """Served to this computer only, a request must name it (localhost, a loopback address or the --host given):
    a web site whose name was pointed at 127.0.0.1 (DNS rebinding) would otherwise be a page of the course's
    own origin, free to open the course from a learner's browser."""
    if address.public:
        return True
    name = (urlsplit(f"//{request.host}").hostname or "").lower()
    if name in ("localhost", address.host.lower()):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


# The font the page asks Google for, from the copy textual-serve ships (the page does not use that copy).
_FONT = """
    <style>
      @font-face { font-family: "Roboto Mono"; font-weight: 100 700; font-style: normal;
                   src: url("/static/fonts/RobotoMono-VariableFont_wght.ttf") format("truetype"); }
      @font-face { font-family: "Roboto Mono"; font-weight: 100 700; font-style: italic;
                   src: url("/static/fonts/RobotoMono-Italic-VariableFont_wght.ttf") format("truetype"); }
    </style>"""


def _page(html: str, title: str) -> str:
    """textual-serve's page with the course's title for the browser tab, and its font from this server rather
    than from Google's: opening the course sends no request to a third party, and looks the same offline."""
    page = re.sub(r"\s*<link\b[^>]*fonts\.googleapis\.com[^>]*>", lambda _: _FONT, html, count=1)
    return page.replace("<head>", f"<head>\n    <title>{escape(title)}</title>", 1)


def _process(app_service: AppService | None) -> asyncio.subprocess.Process | None:
    return getattr(app_service, "_process", None)  # textual-serve keeps it private (1.x); None: no app


async def _ended(app_service: AppService | None) -> None:
    """Wait for a page's copy of the app to end once textual-serve told it to quit: textual-serve stops
    reading when the app closes its output, which is before the process has finished saving and exited, so
    the server could stop with copies still running. One that has not ended in APP_EXIT_SECONDS is killed.
    A copy that ended on its own meanwhile is no error (no ProcessLookupError)."""
    process = _process(app_service)
    if process is None or process.returncode is not None:
        return
    try:
        await asyncio.wait_for(process.wait(), APP_EXIT_SECONDS)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        await process.wait()


async def _stop(app_service: AppService) -> None:
    """Tell a page's copy of the app to quit (textual-serve's stop), and make sure it ends: killed after
    APP_EXIT_SECONDS, so a copy that does not answer never holds its page's handler."""
    reaper = asyncio.ensure_future(_ended(app_service))
    try:
        with contextlib.suppress(ProcessLookupError, ConnectionError, BrokenPipeError):
            await app_service.stop()
    finally:
        await reaper


def _cells(value: object, most: int) -> int | None:
    """A terminal size from a page: a whole number from 1 to `most`, else None."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if 1 <= value <= most else None


def _query_cells(text: str | None, default: int, most: int) -> int:
    try:
        value = int(text) if text is not None else default
    except ValueError:
        return default
    return _cells(value, most) or default


def page_message(text: str) -> tuple[str, Any] | str:
    """A message from a page, checked before anything of it reaches the app: `(kind, data)` for one to
    pass on, or the reason it is refused. The page sends `["stdin", text]`, `["resize", {"width": W,
    "height": H}]`, `["ping", data]`, `["blur"]` and `["focus"]`."""
    if len(text) > MAX_MESSAGE_CHARS:
        return f"a message of {len(text)} characters (more than {MAX_MESSAGE_CHARS})"
    try:
        envelope = json.loads(text)
    except ValueError:
        return "a message that is not JSON"
    if not isinstance(envelope, list) or not envelope or not isinstance(envelope[0], str):
        return "a message that is not a list starting with its kind"
    kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
    if kind == "stdin":
        return (kind, data) if isinstance(data, str) else "keys that are not text"
    if kind == "resize":
        size = data if isinstance(data, dict) else {}
        width, height = _cells(size.get("width"), MAX_COLUMNS), _cells(size.get("height"), MAX_ROWS)
        if width is None or height is None:
            return f"a resize to a size that is not 1 to {MAX_COLUMNS} columns by 1 to {MAX_ROWS} rows"
        return kind, (width, height)
    if kind in ("ping", "blur", "focus"):
        return kind, data
    return f"a message of an unknown kind ({kind[:20]!r})"


async def _pass_on(websocket: web.WebSocketResponse, app_service: AppService) -> None:
    """Pass a page's messages on to its copy of the app, each once checked (page_message)."""
    from aiohttp import WSMsgType

    async for message in websocket:
        if message.type != WSMsgType.TEXT:
            continue
        checked = page_message(message.data)
        if isinstance(checked, str):
            print(f"course serve: refused {checked} from a page", file=sys.stderr, flush=True)
            continue
        kind, data = checked
        if kind == "stdin":
            await app_service.send_bytes(data.encode("utf-8"))
        elif kind == "resize":
            await app_service.set_terminal_size(*data)
        elif kind == "ping":
            await websocket.send_json(["pong", data])
        elif kind == "blur":
            await app_service.blur()
        elif kind == "focus":
            await app_service.focus()


async def _run_page(
    server: Server, request: web.Request, websocket: web.WebSocketResponse, open_pages: set[web.WebSocketResponse],
    log: logging.Logger,
) -> None:
    """textual-serve's handling of a page's WebSocket, with the page's first size checked as its resizes are,
    the page closed when its copy of the app ends, and that copy sure to end (see _stop) however the page went."""
    from textual_serve.app_service import AppService

    width = _query_cells(request.query.get("width"), 80, MAX_COLUMNS)
    height = _query_cells(request.query.get("height"), 24, MAX_ROWS)
    app_service: AppService | None = None
    try:
        await websocket.prepare(request)
        open_pages.add(websocket)

        async def close() -> None:
            await websocket.close()

        app_service = AppService(
            server.command, write_bytes=websocket.send_bytes, write_str=websocket.send_str,
            close=close, download_manager=server.download_manager, debug=server.debug,
        )
        await app_service.start(width, height)
        await _watch_page(websocket, app_service)
    except asyncio.CancelledError:
        with contextlib.suppress(Exception):
            await websocket.close()
    except (ConnectionError, ProcessLookupError) as error:  # the page or the app went first
        log.debug("course serve: a page closed (%s)", error)
    except Exception:
        log.exception("course serve: a page failed")
    finally:
        open_pages.discard(websocket)
        if app_service is not None:
            await _stop(app_service)


async def _watch_page(websocket: web.WebSocketResponse, app_service: AppService) -> None:
    """Pass the page's messages on until it closes, or its copy of the app ends: then the page is told
    and closed (its "Session ended" with a Restart button), never left frozen."""
    from aiohttp import WSCloseCode

    reading = asyncio.ensure_future(_pass_on(websocket, app_service))
    process = _process(app_service)
    app_done = asyncio.ensure_future(process.wait() if process is not None else asyncio.Event().wait())
    try:
        await asyncio.wait({reading, app_done}, return_when=asyncio.FIRST_COMPLETED)
        if app_done.done() and not websocket.closed:
            await websocket.close(code=WSCloseCode.GOING_AWAY, message=APP_ENDED.encode())
        await reading
    finally:
        for task in (reading, app_done):
            task.cancel()


def make_server(address: Address, command: str, title: str) -> Server:
    """textual-serve's Server, with the course's start-up message, page and WebSocket check."""
    from aiohttp import WSCloseCode, web
    from textual_serve.server import Server

    log = logging.getLogger("textual-serve")

    open_pages: set[web.WebSocketResponse] = set()

    class CourseServer(Server):
        def initialize_logging(self) -> None:
            super().initialize_logging()
            # A line for every file of every page buries what matters: the apps' own errors, still shown.
            logging.getLogger("aiohttp.access").setLevel(logging.WARNING)

        async def on_startup(self, app: web.Application) -> None:  # noqa: ARG002 - aiohttp passes the app
            print(f"Serving the course at {address.url}", flush=True)
            print("Open that address in a web browser; every tab runs its own copy of the course.", flush=True)
            if address.public:
                print(PUBLIC_WARNING.format(host=address.host, port=address.port), file=sys.stderr, flush=True)
            print("Press Ctrl+C to stop.", flush=True)

        async def handle_index(self, request: web.Request) -> web.StreamResponse:
            if not _named_for_this_computer(request, address):
                raise web.HTTPForbidden(text=f"This course is served at {address.url} only.")
            # The page's script, fonts and WebSocket at the address this browser used. textual-serve builds
            # them from the listening address, which is no use to a browser when that is 0.0.0.0.
            self.public_url = f"{request.scheme}://{request.host}"
            response = await super().handle_index(request)
            if isinstance(response, web.Response) and response.text is not None:
                response.text = _page(response.text, title)
            return response

        async def on_shutdown(self, app: web.Application) -> None:  # noqa: ARG002 - aiohttp passes the app
            # Ctrl+C: every open page is told the course stopped, which ends its copy of the app (saving the
            # learner's place as leaving does); else the server would wait for each page to be closed.
            for websocket in list(open_pages):
                await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"The course was stopped.")

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            """textual-serve's handler, with the page's origin and name checked, its first size checked as
            its resizes are, and its copy of the app sure to end (see _stop) however the page went."""
            if not (_same_origin(request) and _named_for_this_computer(request, address)):
                raise web.HTTPForbidden(text="This course only opens from its own page.")
            websocket = web.WebSocketResponse(heartbeat=15)
            await _run_page(self, request, websocket, open_pages, log)
            return websocket

    return CourseServer(command, host=address.host, port=address.port, title=title)


def serve(address: Address, content: Path | None, progress: Path | None, title: str) -> int:
    """Serve the app until Ctrl+C (or SIGTERM); returns the exit status."""
    server = make_server(address, app_command(content, progress), title)
    try:
        server.serve()
    except OSError as error:  # the port was taken between the check and the start
        reason = error.strerror or str(error)
        print(f"course serve: cannot listen on {address.host} port {address.port}: {reason}", file=sys.stderr)
        return 2
    print("Stopped.", flush=True)
    return 0
