"""A real Learning Record Store for the tests (Ralph, with its file-system backend, patched or started as
docs/lrs.md says), stub LRSs that answer as they are told, and classes of learners whose progress is made through the course's own engine."""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from course.content import load_course
from course.content.models import Course
from course.lrs import LrsClient
from course.lrs.outbox import learner_statements
from course.progress import ProgressStore
from course.progress.reading import read_learners
from course.quizrun import QuizSession
from course.scaffold import new_course
from tests.answers import right, wrong

STARTUP_SECONDS = 90.0
RALPH = Path(sys.executable).with_name("ralph")  # the command Ralph installs, next to this interpreter
SERVER = Path(__file__).with_name("ralph_server.py")  # Ralph's API patched to append to one file: see there
LRS_ADDED = ("stored", "authority", "version")
"""Fields an LRS adds to a statement it stores (xAPI 1.0.3, 2.4.8 to 2.4.10)."""


@dataclass
class Ralph:
    """A running Ralph LRS: its xAPI endpoint and the credentials of its account; `process`, when this
    process started it (None for a server shared_ralph's first user started)."""

    url: str
    username: str
    password: str
    process: subprocess.Popen[bytes] | None
    log: Path

    def env(self, **extra: str) -> dict[str, str]:
        """The environment a `course` process needs to send to this LRS."""
        return {**os.environ, "COURSE_LRS_URL": self.url, "COURSE_LRS_USERNAME": self.username,
                "COURSE_LRS_PASSWORD": self.password, **extra}

    def client(self) -> LrsClient:
        return LrsClient(self.url, self.username, self.password)

    def statements_with_ids(self, ids: set[str]) -> list[dict[str, Any]]:
        """Every statement the LRS holds whose id is in `ids`, duplicates included (other tests share it)."""
        return [s for s in self.client().statements(limit="1000") if s.get("id") in ids]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def ralph_recipe_env(folder: Path) -> dict[str, str]:
    """The settings docs/lrs.md gives for Ralph's file-system backend, for a server kept under `folder`.
    DEFAULT_LRS_FILE set to nothing makes each request of statements its own file (Ralph reads every file
    of the folder): with the default, one file written with `create`, only the first request is stored."""
    return {
        "RALPH_APP_DIR": str(folder / "ralph"),
        "RALPH_RUNSERVER_BACKEND": "fs",
        "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(folder / "ralph-statements"),
        "RALPH_BACKENDS__LRS__FS__DEFAULT_LRS_FILE": "",
    }


def start_ralph(folder: Path, documented: bool = False) -> Ralph:
    """Ralph on 127.0.0.1 at a free port, its settings and statements under `folder`, with one account (all
    scopes); waits until it answers. `documented`: started exactly as docs/lrs.md says (the account made by
    `ralph auth`, then `ralph runserver -b fs`, unpatched, with ralph_recipe_env's settings); else Ralph's
    API patched to append to one file, whose cost per request does not grow, its account written by that
    server process before it starts (ralph_server.py: no `ralph auth` process, which costs 1.6 s of CPU)."""
    folder.mkdir(parents=True, exist_ok=True)
    settings = ralph_recipe_env(folder)
    if not documented:
        del settings["RALPH_BACKENDS__LRS__FS__DEFAULT_LRS_FILE"]
    Path(settings["RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH"]).mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        **settings,
        "PYTHONUNBUFFERED": "1",
        "RALPH_RUNSERVER_MAX_SEARCH_HITS_COUNT": "1000",  # fewer pages for the tests that read everything back
    }
    username, password, mbox = "teacher", secrets.token_urlsafe(12), "mailto:teacher@example.org"
    if documented:
        subprocess.run(
            [str(RALPH), "auth", "-u", username, "-p", password, "-s", "all", "-M", mbox, "-w"],
            env=env, cwd=folder, check=True, capture_output=True, timeout=STARTUP_SECONDS,
        )
    else:
        env["TEST_LRS_PASSWORD"] = password
    last_error = ""
    for _ in range(3):  # the free port may be taken between finding it and binding it
        port = free_port()
        log = folder / f"ralph-{port}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [str(RALPH), "runserver", "-b", "fs", "-h", "127.0.0.1", "-p", str(port)] if documented
                else [sys.executable, str(SERVER), "127.0.0.1", str(port), username, mbox],
                env=env, cwd=folder, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            )
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline and process.poll() is None:
            if _answers(f"http://127.0.0.1:{port}/__heartbeat__"):
                return Ralph(f"http://127.0.0.1:{port}/xAPI/", username, password, process, log)
            time.sleep(0.1)
        stop_process(process)
        last_error = log.read_text(encoding="utf-8", errors="replace")[-2000:]
    raise RuntimeError(f"Ralph did not start:\n{last_error}")


def stop_process(process: subprocess.Popen[bytes]) -> None:
    """Stop a server started in its own session, with any process it started."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=10)
            return
        except subprocess.TimeoutExpired:
            continue


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    import fcntl

    with path.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _ended(pid: int) -> bool:
    """Whether process `pid` has ended (gone, or a zombie its parent has not reaped yet)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    return False


def stop_by_pid(pid: int) -> None:
    """Stop a server started in its own session by another process (so not this one's to wait for)."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, sig)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not _ended(pid):
            time.sleep(0.02)
        if _ended(pid):
            return


@contextlib.contextmanager
def shared_ralph(folder: Path) -> Iterator[Ralph]:
    """A Ralph LRS shared by the processes that use this context with the same `folder` (the test processes
    of one pytest-xdist run): the first to come starts it in `folder`, each notes in `folder/ralph.json` that
    it uses it, and the last to leave stops it. One server instead of one a test process: each costs 1 s of
    CPU to start (the server's imports). The tests sharing it already keep apart: each
    sends statements of a course of its own."""
    lock, record = folder / "ralph.lock", folder / "ralph.json"
    owned: subprocess.Popen[bytes] | None = None
    with _locked(lock):
        if record.exists():
            shared = json.loads(record.read_text(encoding="utf-8"))
            shared["users"] += 1
        else:
            server = start_ralph(Path(tempfile.mkdtemp(prefix="ralph-", dir=folder)))  # a new one after the last left
            owned = server.process
            shared = {"url": server.url, "username": server.username, "password": server.password,
                      "pid": server.process.pid, "log": str(server.log), "users": 1}
        record.write_text(json.dumps(shared), encoding="utf-8")
    try:
        yield Ralph(shared["url"], shared["username"], shared["password"], owned, Path(shared["log"]))
    finally:
        with _locked(lock):
            shared = json.loads(record.read_text(encoding="utf-8"))
            shared["users"] -= 1
            if shared["users"]:
                record.write_text(json.dumps(shared), encoding="utf-8")
            else:
                record.unlink()
                if owned is not None:
                    stop_process(owned)
                else:
                    stop_by_pid(shared["pid"])


def without_lrs_fields(statement: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in statement.items() if k not in LRS_ADDED}


# -- stub LRSs: one that answers every request with one status, and one that answers as it is told ------


@dataclass
class Reply:
    """What a stub answers: a status, a body, headers; `trickle`: send the body one byte per that many
    seconds (after headers announcing `length` bytes), until the client hangs up or the stub stops."""

    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "application/json"})
    trickle: float | None = None
    length: int | None = None


@dataclass
class StubLrs:
    url: str
    status: int
    requests: list[dict[str, Any]] = field(default_factory=list)
    stored: dict[str, dict[str, Any]] = field(default_factory=dict)  # the memory LRS's statements, by id

    @property
    def authorizations(self) -> list[str]:
        """The Authorization header of every request that had one."""
        return [r["headers"]["authorization"] for r in self.requests if "authorization" in r["headers"]]


Respond = Callable[[StubLrs, dict[str, Any]], Reply]


@contextlib.contextmanager
def scripted_lrs(respond: Respond, host: str = "127.0.0.1") -> Iterator[StubLrs]:
    """An HTTP server on a free port of `host` (a loopback address) that answers each request with what
    `respond(stub, request)` says, recording each request's method, path, headers (lower-cased names)
    and body. It ends every answer it is trickling once it is stopped."""
    stub = StubLrs("", 0)
    stopping = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            request = {"method": self.command, "path": self.path,
                       "headers": {k.lower(): v for k, v in self.headers.items()},
                       "body": self.rfile.read(length) if length else b""}
            stub.requests.append(request)
            reply = respond(stub, request)
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(reply.length if reply.length is not None else len(reply.body)))
            self.send_header("Connection", "close")
            self.end_headers()
            if reply.trickle is None:
                self.wfile.write(reply.body)
                return
            with contextlib.suppress(OSError):
                for n in range(reply.length or 0):
                    if stopping.wait(reply.trickle):
                        return
                    self.wfile.write(b" " if n else b"[")
                    self.wfile.flush()

        do_GET = do_POST = do_PUT = _answer

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = ThreadingHTTPServer((host, 0), Handler)
    server.daemon_threads = True
    stub.url = f"http://{host}:{server.server_address[1]}/xAPI/"
    # The loop looks for the stop every 10 ms (the default 0.5 s kept every stub's stop waiting that long).
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    try:
        yield stub
    finally:
        stopping.set()
        server.shutdown()
        server.server_close()


def one_status(status: int, body: dict[str, Any] | None = None) -> Respond:
    payload = json.dumps(body if body is not None else {"detail": "stub failure"}).encode()
    return lambda stub, request: Reply(status, payload)


@contextlib.contextmanager
def stub_lrs(status: int, body: dict[str, Any] | None = None) -> Iterator[StubLrs]:
    """An HTTP server on a free port of 127.0.0.1 that answers every request with `status` and `body`,
    recording each request's method, path, headers (lower-cased names) and body."""
    with scripted_lrs(one_status(status, body)) as stub:
        stub.status = status
        yield stub


def memory_lrs(post_status: int = 200) -> Respond:
    """An LRS in memory: a POST stores the statements it does not hold yet and answers 200 with their ids
    (or 204 when it held them all; always 204 with `post_status=204`); GET ?statementId= answers the
    statement or 404."""

    def respond(stub: StubLrs, request: dict[str, Any]) -> Reply:
        if request["method"] == "POST":
            new = [s for s in json.loads(request["body"]) if s["id"] not in stub.stored]
            stub.stored.update((s["id"], s) for s in new)
            if post_status == 204 or not new:
                return Reply(204, headers={})
            return Reply(200, json.dumps([s["id"] for s in new]).encode())
        query = parse_qs(urlsplit(request["path"]).query)
        (wanted,) = query.get("statementId", [""])
        if wanted in stub.stored:
            return Reply(200, json.dumps(stub.stored[wanted]).encode())
        return Reply(404, b'{"detail": "no such statement"}')

    return respond


# -- a class of learners, through the engine -----------------------------------------------------------


def unique_course(root: Path) -> Course:
    """A course with a quiz of every question type (what `course new course` writes), with an id no other
    test uses: the tests share one LRS, and statement ids are made from the course id."""
    new_course(root)
    meta = root / "course.toml"
    text = meta.read_text(encoding="utf-8")
    course_id = f"sync-{uuid.uuid4().hex[:12]}"
    meta.write_text(re.sub(r'(?m)^id = "[^"]*"', f'id = "{course_id}"', text, count=1), encoding="utf-8")
    course = load_course(root)
    assert course.id == course_id and not course.errors, course.problems
    return course


def take_quizzes(course: Course, progress: Path, learner: str, attempts: int, seed: int) -> None:
    """`learner` reads every lesson and takes every quiz `attempts` times, with a mix of right and wrong
    answers (some attempts left unanswered in part), the last attempt of all left unfinished."""
    person = ProgressStore(progress, course.id).open(learner)
    for lesson in course.lessons:
        person.lesson_opened(lesson.id)
        person.add_lesson_time(lesson.id, 30 + seed % 50)
        person.lesson_completed(lesson.id)
    for quiz in course.quizzes.values():
        for n in range(attempts):
            session = QuizSession.start(course, quiz, person, seed=seed * 100 + n)
            for i, played in enumerate(session.questions):
                if (i + n + seed) % 5 == 4:
                    continue  # skipped: no statement
                session.answer(i, right(played.question) if (i * 7 + n + seed) % 3 else wrong(played.question))
            session.finish()
    last = next(iter(course.quizzes.values()))
    unfinished = QuizSession.start(course, last, person, seed=seed)
    unfinished.answer(0, right(unfinished.questions[0].question))  # in progress: makes no statement yet


def all_statements(course: Course, progress: Path, learners: list[str] | None = None) -> dict[str, dict[str, Any]]:
    """Every statement the class's progress (or only `learners'`) makes, by id."""
    problems: list[str] = []
    store = ProgressStore(progress, course.id)
    names = store.learners() if learners is None else learners
    statements = {
        s["id"]: s for record in read_learners(store.root, course.id, names, problems)
        for s in learner_statements(course, record)
    }
    assert problems == []
    return statements


def one_more_attempt(course: Course, progress: Path, learner: str, seed: int) -> None:
    """`learner` finishes the attempt left open (or starts one) of the course's first quiz."""
    quiz = next(iter(course.quizzes.values()))
    session = QuizSession.resume_or_start(course, quiz, ProgressStore(progress, course.id).open(learner))
    for i, played in enumerate(session.questions):
        if not session.is_answered(i):
            session.answer(i, right(played.question) if (i + seed) % 3 else wrong(played.question))
    session.finish()
