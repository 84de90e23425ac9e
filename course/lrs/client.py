"""A Learning Record Store's statements resource over HTTP: send statements, read them back page by page.

Only the standard library (urllib): the two requests this needs (POST and GET with basic credentials and
the xAPI version header) do not justify a new dependency of the learner app. Credentials come from the
environment and are sent in the Authorization header only, and only to the configured LRS's own host: no
message, exception or file names them, and the LRS's own text is shown only once made safe (redact.py).

A record counts as stored only when the LRS says it holds it: a 200 must list the ids it stored, and
those it leaves out (and all of them, after a 204) are looked up by id. Every request has a total
deadline, and no redirect is followed (wire.py).
"""

from __future__ import annotations

import base64
import http.client
import json
import os
from collections.abc import Iterator, Mapping, Sequence
from email.message import Message
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode, urljoin, urlsplit, urlunsplit
from urllib.request import Request

from .redact import SHOWN_CHARS, page_text, shown
from .wire import AnswerTooLarge, Deadline, DeadlinePassed, opener, read_answer

XAPI_VERSION = "1.0.3"
URL_ENV = "COURSE_LRS_URL"
USERNAME_ENV = "COURSE_LRS_USERNAME"
PASSWORD_ENV = "COURSE_LRS_PASSWORD"
TIMEOUT_SECONDS = 20.0


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


class LrsNotAnLrs(LrsError):
    """Something answered at the LRS's address that is not an LRS (a web page: a captive portal, a login
    page, a web server at the wrong path). Trying again, or statement by statement, will not mend it."""


class LrsMoved(LrsError):
    """The LRS answered with a redirect: the course never follows one (a POST would be turned into a GET,
    and the credentials would go wherever it points); the address has to be updated."""


class LrsNotStored(LrsError):
    """The LRS answered as if it had taken the statements, but does not hold (some of) them."""


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


def _json(data: bytes) -> Any:
    """The JSON of an answer, or ValueError."""
    return json.loads(data.decode("utf-8"))


def _is_web_page(headers: Message | None, data: bytes) -> bool:
    kind = (headers.get_content_type() if headers is not None else "") or ""
    start = data.lstrip()[:15].lower()
    return kind in ("text/html", "application/xhtml+xml") or start.startswith((b"<!doctype html", b"<html"))


class LrsClient:
    """The statements resource of one LRS. `timeout`: the most one request may take, from connecting to
    the last byte of the answer."""

    def __init__(self, url: str, username: str | None = None, password: str | None = None,
                 timeout: float = TIMEOUT_SECONDS) -> None:
        self.endpoint = endpoint_url(url)
        self.statements_url = self.endpoint + "statements"
        self.timeout = timeout
        self._authorization: str | None = None
        self._secrets: tuple[str, ...] = ()
        if username is not None or password is not None:
            token = base64.b64encode(f"{username or ''}:{password or ''}".encode()).decode("ascii")
            self._authorization = "Basic " + token
            self._secrets = tuple(s for s in (password, token) if s)

    @classmethod
    def from_env(cls, url: str, environ: Mapping[str, str] | None = None) -> LrsClient:
        """A client with the credentials of COURSE_LRS_USERNAME and COURSE_LRS_PASSWORD (if set)."""
        env = os.environ if environ is None else environ
        return cls(url, env.get(USERNAME_ENV), env.get(PASSWORD_ENV))

    def __repr__(self) -> str:  # never the credentials
        return f"LrsClient({self.endpoint!r})"

    def shown(self, text: str, limit: int = SHOWN_CHARS) -> str:
        """Text from the LRS (or about it), safe to show or log: see redact.shown."""
        return shown(text, self._secrets, limit)

    # -- requests ----------------------------------------------------------------------------------

    def post_statements(self, statements: Sequence[Mapping[str, Any]]) -> list[str]:
        """Store `statements` (one request). Returns the ids of the statements sent, once the LRS has said
        it holds every one: a 200 lists the ids it stored now; an LRS leaves out those it already held with
        the same content (Ralph answers 204 when it held them all), and those are looked up by id. Raises an
        LrsError subclass when it did not take them, or LrsNotStored when it answered as if it had but
        does not hold them all (nothing of that request counts as sent then)."""
        sent = [str(s.get("id")) for s in statements]
        body = json.dumps(list(statements), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        status, data, headers = self._request("POST", self.statements_url, body)
        where = f"the LRS at {self.endpoint}"
        if status == 200:
            try:
                ids = _json(data) if data.strip() else None
            except ValueError:
                raise self._not_json(status, data, headers) from None
            if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
                raise LrsNotStored(
                    f"{where} answered 200 without the list of statement ids it stored, so nothing counts as sent"
                )
            listed = set(ids)
            unlisted = [i for i in sent if i not in listed]
        elif status == 204:
            unlisted = list(sent)
        else:
            raise LrsNotStored(f"{where} answered {status} to the statements, not 200 or 204, so nothing counts as sent")
        missing = [i for i in unlisted if not self.holds(i)]
        if missing:
            raise LrsNotStored(
                f"{where} answered {status} but does not hold {len(missing)} of the {len(sent)} statements sent "
                f"(for example {missing[0]}), so they stay waiting"
            )
        return sent

    def holds(self, statement_id: str) -> bool:
        """Whether the LRS holds the statement with this id (GET ?statementId=)."""
        url = f"{self.statements_url}?{urlencode({'statementId': statement_id})}"
        try:
            status, data, headers = self._request("GET", url)
        except LrsRejected as error:
            if error.status == 404:
                return False
            raise
        try:
            answer = _json(data)
        except ValueError:
            raise self._not_json(status, data, headers) from None
        if isinstance(answer, dict) and isinstance(answer.get("statements"), list):  # Ralph: a StatementResult
            return any(isinstance(s, dict) and s.get("id") == statement_id for s in answer["statements"])
        return isinstance(answer, dict) and answer.get("id") == statement_id

    def statements(self, **params: str) -> Iterator[dict[str, Any]]:
        """Every statement the LRS returns for the query `params` (xAPI's GET /statements parameters, e.g.
        `activity`, `since`, `limit`), following its `more` links page after page."""
        url: str | None = self.statements_url + (f"?{urlencode(params)}" if params else "")
        seen: set[str] = set()
        while url:
            if url in seen:  # an LRS pointing back to a page already read: stop rather than loop
                return
            seen.add(url)
            status, data, headers = self._request("GET", url)
            try:
                page = _json(data)
            except ValueError:
                raise self._not_json(status, data, headers) from None
            if not isinstance(page, dict):
                raise LrsRejected(f"the LRS at {self.endpoint} answered with no statement result")
            yield from page.get("statements") or []
            more = page.get("more")
            url = urljoin(self.statements_url, more) if isinstance(more, str) and more else None

    def _same_host(self, url: str) -> bool:
        mine, theirs = urlsplit(self.endpoint), urlsplit(url)
        try:
            return (mine.scheme, mine.hostname, mine.port) == (theirs.scheme, theirs.hostname, theirs.port)
        except ValueError:
            return False

    def _request(self, method: str, url: str, body: bytes | None = None) -> tuple[int, bytes, Message]:
        headers = {"X-Experience-API-Version": XAPI_VERSION, "Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        if self._authorization and self._same_host(url):  # the credentials go to the configured LRS only
            headers["Authorization"] = self._authorization
        request = Request(url, data=body, headers=headers, method=method)
        deadline = Deadline(self.timeout)
        try:
            with opener(deadline).open(request, timeout=deadline.left()) as response:
                return response.status, read_answer(response, deadline), response.headers
        except HTTPError as error:
            with error:
                try:
                    data = read_answer(error, deadline, 1024 * 1024)
                except (DeadlinePassed, AnswerTooLarge, OSError, http.client.HTTPException):
                    data = b""
                raise self._refused(error.code, error.reason, data, error.headers) from None
        except DeadlinePassed:
            raise self._too_slow() from None
        except AnswerTooLarge:
            raise LrsNotAnLrs(f"the LRS at {self.endpoint} answered with more than any LRS answer holds") from None
        except (URLError, OSError, http.client.HTTPException) as error:
            if deadline.passed:
                raise self._too_slow() from None
            reason = getattr(error, "reason", None) or error
            if isinstance(reason, TimeoutError):
                raise self._too_slow() from None
            raise LrsUnreachable(
                f"the LRS at {self.endpoint} could not be reached ({self.shown(str(reason))})"
            ) from None
        finally:
            deadline.cancel()

    def _too_slow(self) -> LrsUnreachable:
        return LrsUnreachable(f"the LRS at {self.endpoint} sent no complete answer within {self.timeout:g} seconds")

    def _not_json(self, status: int, data: bytes, headers: Message | None) -> LrsError:
        where = f"the LRS at {self.endpoint}"
        if _is_web_page(headers, data):
            return LrsNotAnLrs(
                f"{where} answered {status} with a web page, not xAPI: check the address, or whether a login "
                "page of the network (a captive portal) is in the way"
            )
        return LrsNotAnLrs(f"{where} answered {status} with something that is not JSON: check the address")

    def _reason(self, body: bytes) -> str:
        """The LRS's reason for refusing a request: its JSON `detail` or `message`, else the body's text."""
        text = body.decode("utf-8", "replace")
        try:
            data = json.loads(text)
        except ValueError:
            return self.shown(page_text(text) if _is_web_page(None, body) else text)
        if isinstance(data, dict):
            for key in ("detail", "message", "error"):
                if key in data:
                    detail = data[key]
                    return self.shown(detail if isinstance(detail, str) else json.dumps(detail, ensure_ascii=False))
        return self.shown(text)

    def _refused(self, status: int, phrase: object, body: bytes, headers: Message | None) -> LrsError:
        where = f"the LRS at {self.endpoint}"
        phrase = self.shown(str(phrase), limit=60)
        error: LrsError
        if 300 <= status < 400:
            location = self.shown(headers.get("Location", "") if headers is not None else "")
            target = f" to {urljoin(self.statements_url, location)}" if location else ""
            error = LrsMoved(
                f"{where} answered {status} {phrase}, pointing{target}; the course does not follow redirects: "
                "if the LRS has moved, update its address (--lrs, COURSE_LRS_URL or `lrs` in course.toml)"
            )
        elif status in (401, 403):
            error = LrsRefusedCredentials(
                f"{where} refused the credentials ({status} {phrase}): check {USERNAME_ENV} and {PASSWORD_ENV}"
                + ("" if self._authorization else " (neither is set)")
            )
        elif status < 500 and _is_web_page(headers, body):  # a proxy's 502 page is the LRS being away
            error = self._not_json(status, body, headers)
        elif status == 409:
            error = LrsConflict(f"{where} already holds a different statement with the same id: {self._reason(body)}")
        elif status >= 500:
            error = LrsServerError(f"{where} failed ({status} {phrase}): {self._reason(body)}")
        else:
            error = LrsRejected(f"{where} rejected the request ({status} {phrase}): {self._reason(body)}")
        error.status = status
        return error
