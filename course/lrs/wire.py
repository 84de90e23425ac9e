"""One HTTP request to an LRS with a total deadline, and no redirect followed.

urllib's socket timeout bounds each read, not the answer: an LRS that sends one byte every few seconds
keeps a request alive for as long as it likes. Here a timer shuts the connection's socket down when the
deadline passes, whatever the request is doing then (connecting, sending, waiting for the headers or
reading the body), and the body is read in chunks, never more than `max_bytes`.

A redirect is never followed: urllib would turn a redirected POST into a GET (and take the answer to that
GET for the answer to the POST), and would send the Authorization header to wherever the LRS points.
A 3xx comes back as urllib's HTTPError, like any other status that is not 2xx.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import threading
import time
import urllib.request
from typing import Any

MAX_ANSWER_BYTES = 64 * 1024 * 1024


class DeadlinePassed(Exception):
    """The deadline passed before the whole answer had come."""


class AnswerTooLarge(Exception):
    """The answer was larger than the reader would take."""


class Deadline:
    """The time one request may take, from its start to the last byte of its answer."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds
        self.passed = False
        self._socket: socket.socket | None = None
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(0.0, seconds), self._expire)
        self._timer.daemon = True
        self._timer.start()

    def left(self) -> float:
        return max(0.001, self.end - time.monotonic())

    def watch(self, sock: socket.socket | None) -> None:
        """Shut `sock` down when the deadline passes (at once if it has)."""
        with self._lock:
            self._socket = sock
            if self.passed:
                self._shut()

    def check(self) -> None:
        if self.passed or time.monotonic() >= self.end:
            self.passed = True
            raise DeadlinePassed

    def cancel(self) -> None:
        self._timer.cancel()

    def _expire(self) -> None:
        with self._lock:
            self.passed = True
            self._shut()

    def _shut(self) -> None:
        if self._socket is not None:
            with contextlib.suppress(OSError):
                self._socket.shutdown(socket.SHUT_RDWR)


def _watched(base: type[http.client.HTTPConnection], deadline: Deadline) -> type[http.client.HTTPConnection]:
    class Watched(base):  # type: ignore[valid-type,misc]
        def connect(self) -> None:
            super().connect()
            deadline.watch(self.sock)
            self.sock.settimeout(deadline.left())

    return Watched


class _HTTP(urllib.request.HTTPHandler):
    def __init__(self, deadline: Deadline) -> None:
        super().__init__()
        self.deadline = deadline

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_watched(http.client.HTTPConnection, self.deadline), req)


class _HTTPS(urllib.request.HTTPSHandler):
    def __init__(self, deadline: Deadline) -> None:
        super().__init__()
        self.deadline = deadline

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        context = getattr(self, "_context", None)
        return self.do_open(_watched(http.client.HTTPSConnection, self.deadline), req, context=context)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Follows no redirect: the 3xx reaches the caller as an HTTPError, with its Location header."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:  # noqa: ARG002 - urllib passes them
        return None


def opener(deadline: Deadline) -> urllib.request.OpenerDirector:
    """urllib's opener (proxies from the environment included), with the deadline and no redirects."""
    return urllib.request.build_opener(_NoRedirect, _HTTP(deadline), _HTTPS(deadline))


def read_answer(answer: Any, deadline: Deadline, max_bytes: int = MAX_ANSWER_BYTES) -> bytes:
    """The whole body of `answer` (an HTTPResponse or HTTPError), chunk by chunk, before the deadline.
    Raises DeadlinePassed or AnswerTooLarge."""
    chunks: list[bytes] = []
    size = 0
    read = getattr(answer, "read1", None) or answer.read
    while True:
        deadline.check()
        try:
            chunk = read(65536)
        except (OSError, http.client.HTTPException):
            deadline.check()  # the timer shut the socket: say so, rather than what that did to the read
            raise
        if not chunk:
            deadline.check()
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise AnswerTooLarge
        chunks.append(chunk)
