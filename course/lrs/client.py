"""A Learning Record Store's statements resource over HTTP: send statements, read them back page by page.

Only the standard library (urllib): the two requests this needs (POST and GET with basic credentials and
the xAPI version header) do not justify a new dependency of the learner app. Credentials come from the
environment and are sent in the Authorization header only: no message, exception or file names them.
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import socket
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit, urlunsplit

XAPI_VERSION = "1.0.3"
URL_ENV = "COURSE_LRS_URL"
USERNAME_ENV = "COURSE_LRS_USERNAME"
PASSWORD_ENV = "COURSE_LRS_PASSWORD"
TIMEOUT_SECONDS = 20.0
_REASON_CHARS = 300


class LrsError(Exception):
    """The LRS did not take a request. `retry`: whether trying again later may work (the LRS is down or
    failing), as opposed to an answer that will not change (credentials refused, statements rejected)."""

    retry = False
    status: int | None = None


class LrsUnreachable(LrsError):
    retry = True


class LrsServerError(LrsError):
    retry = True


class LrsRefusedCredentials(LrsError):
    pass


class LrsRejected(LrsError):
    """The LRS refused the request as invalid (400, 422 and other 4xx); the message gives its reason."""


class LrsConflict(LrsError):
    """409: the LRS already holds a different statement with an id that was sent."""


def endpoint_url(url: str) -> str:
    """The xAPI endpoint `url` names, ending in '/' (the statements resource is `<endpoint>statements`).

    Accepts the endpoint (`https://lrs.example.org/xAPI/`) or its statements resource. Raises ValueError
    with a message for anything else, and for credentials written into the URL (they belong in the
    environment, where they are not shown or stored)."""
    text = url.strip()
    try:
        parts = urlsplit(text)
        has_credentials = parts.username is not None or parts.password is not None
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise ValueError("the LRS address is not a valid URL") from None
    if parts.scheme not in ("http", "https") or not host:
        raise ValueError(f"the LRS address must be an http:// or https:// URL, not {_without_credentials(text)!r}")
    if has_credentials:
        raise ValueError(
            f"put the LRS credentials in {USERNAME_ENV} and {PASSWORD_ENV}, not in the URL "
            f"({_without_credentials(text)})"
        )
    path = parts.path.rstrip("/")
    if path.endswith("/statements") or path == "statements":
        path = path[: -len("statements")].rstrip("/")
    return urlunsplit((parts.scheme, parts.netloc, path + "/", "", ""))


def _without_credentials(url: str) -> str:
    scheme, rest = url.split("://", 1) if "://" in url else ("", url)
    netloc, slash, tail = rest.partition("/")
    netloc = netloc.rpartition("@")[2]
    return (f"{scheme}://" if scheme else "") + netloc + slash + tail


def _one_line(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= _REASON_CHARS else line[: _REASON_CHARS - 1] + "…"


def _reason(body: bytes) -> str:
    """The LRS's reason for refusing a request: its JSON `detail` or `message`, else the body's text."""
    text = body.decode("utf-8", "replace")
    try:
        data = json.loads(text)
    except ValueError:
        return _one_line(text)
    if isinstance(data, dict):
        for key in ("detail", "message", "error"):
            if key in data:
                detail = data[key]
                return _one_line(detail if isinstance(detail, str) else json.dumps(detail, ensure_ascii=False))
    return _one_line(text)


class LrsClient:
    """The statements resource of one LRS."""

    def __init__(self, url: str, username: str | None = None, password: str | None = None,
                 timeout: float = TIMEOUT_SECONDS) -> None:
        self.endpoint = endpoint_url(url)
        self.statements_url = self.endpoint + "statements"
        self.timeout = timeout
        self._authorization: str | None = None
        if username is not None or password is not None:
            token = f"{username or ''}:{password or ''}".encode()
            self._authorization = "Basic " + base64.b64encode(token).decode("ascii")

    @classmethod
    def from_env(cls, url: str, environ: Mapping[str, str] | None = None) -> LrsClient:
        """A client with the credentials of COURSE_LRS_USERNAME and COURSE_LRS_PASSWORD (if set)."""
        env = os.environ if environ is None else environ
        return cls(url, env.get(USERNAME_ENV), env.get(PASSWORD_ENV))

    def __repr__(self) -> str:  # never the credentials
        return f"LrsClient({self.endpoint!r})"

    # -- requests ----------------------------------------------------------------------------------

    def post_statements(self, statements: Sequence[Mapping[str, Any]]) -> list[str]:
        """Store `statements` (one request). Returns the ids the LRS stored now: an LRS leaves out the
        statements it already holds with the same id and content (Ralph answers 204 when it held them
        all). Raises an LrsError subclass when it did not take them."""
        body = json.dumps(list(statements), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        status, data = self._request("POST", self.statements_url, body)
        if status == 204 or not data.strip():
            return []
        try:
            ids = json.loads(data)
        except ValueError:
            raise LrsRejected(f"the LRS at {self.endpoint} answered {status} with something that is not JSON") from None
        return [str(i) for i in ids] if isinstance(ids, list) else []

    def statements(self, **params: str) -> Iterator[dict[str, Any]]:
        """Every statement the LRS returns for the query `params` (xAPI's GET /statements parameters, e.g.
        `activity`, `since`, `limit`), following its `more` links page after page."""
        url: str | None = self.statements_url + (f"?{urlencode(params)}" if params else "")
        seen: set[str] = set()
        while url:
            if url in seen:  # an LRS pointing back to a page already read: stop rather than loop
                return
            seen.add(url)
            status, data = self._request("GET", url)
            try:
                page = json.loads(data)
            except ValueError:
                raise LrsRejected(f"the LRS at {self.endpoint} answered {status} with something that is not JSON") from None
            if not isinstance(page, dict):
                raise LrsRejected(f"the LRS at {self.endpoint} answered with no statement result")
            yield from page.get("statements") or []
            more = page.get("more")
            url = urljoin(self.statements_url, more) if isinstance(more, str) and more else None

    def _request(self, method: str, url: str, body: bytes | None = None) -> tuple[int, bytes]:
        headers = {"X-Experience-API-Version": XAPI_VERSION, "Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        if self._authorization:
            headers["Authorization"] = self._authorization
        request = urllib.request.Request(url, data=body, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            with error:
                raise self._refused(error.code, error.reason, error.read()) from None
        except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
            reason = getattr(error, "reason", None) or error
            if isinstance(reason, socket.timeout | TimeoutError):
                reason = f"no answer within {self.timeout:g} seconds"
            raise LrsUnreachable(f"the LRS at {self.endpoint} could not be reached ({_one_line(str(reason))})") from None

    def _refused(self, status: int, phrase: object, body: bytes) -> LrsError:
        where = f"the LRS at {self.endpoint}"
        error: LrsError
        if status in (401, 403):
            error = LrsRefusedCredentials(
                f"{where} refused the credentials ({status} {phrase}): check {USERNAME_ENV} and {PASSWORD_ENV}"
                + ("" if self._authorization else " (neither is set)")
            )
        elif status == 409:
            error = LrsConflict(f"{where} already holds a different statement with the same id: {_reason(body)}")
        elif status >= 500:
            error = LrsServerError(f"{where} failed ({status} {phrase}): {_reason(body)}")
        else:
            error = LrsRejected(f"{where} rejected the request ({status} {phrase}): {_reason(body)}")
        error.status = status
        return error
