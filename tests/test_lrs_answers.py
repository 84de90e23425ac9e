"""What the LRS answers decides what counts as sent: only what it says it holds. Stub servers on loopback
give every answer a real LRS, a wrong address or a hostile server could give; none of them may mark a
record as sent that the LRS does not hold, send the password elsewhere, hang the sync or put the server's
text raw on the terminal."""

from __future__ import annotations

import base64
import json
import threading
import unicodedata
from pathlib import Path

from hypothesis import assume, given
from hypothesis import strategies as st

from course.cli import main
from course.lrs import LrsClient, LrsMoved, LrsNotAnLrs, LrsNotStored, LrsUnreachable, sync, waiting_count
from course.lrs.outbox import SENT_FOLDER
from course.lrs.redact import SHOWN_CHARS, shown
from tests.lrs_support import Reply, all_statements, memory_lrs, one_status, scripted_lrs, take_quizzes, unique_course

PASSWORD = "s3cret-Pa55word"
TOKEN = base64.b64encode(f"teacher:{PASSWORD}".encode()).decode()
GUARD_SECONDS = 60.0  # a guard against a sync that never ends, not a measure of speed


def _class(tmp_path: Path, learners: tuple[str, ...] = ("ana", "ben")):
    course = unique_course(tmp_path / "course")
    progress = tmp_path / "progress"
    for seed, name in enumerate(learners):
        take_quizzes(course, progress, name, 1, seed)
    return course, progress, len(all_statements(course, progress))


def _client(url: str, timeout: float = 20.0) -> LrsClient:
    return LrsClient(url, "teacher", PASSWORD, timeout=timeout)


def _nothing_marked(course, progress: Path, url: str, total: int) -> None:
    assert sorted(progress.glob(f"*/{SENT_FOLDER}/*")) == []
    assert waiting_count(course, progress, LrsClient(url).endpoint) == (total, total)


def _sync(course, progress, url: str, *extra: str) -> int:
    return main(["sync", str(course.root), "--progress", str(progress), "--lrs", url, "--retries", "0", *extra])


# -- a 2xx counts only when the LRS says it holds the records -------------------------------------------------


def test_a_200_without_the_list_of_stored_ids_marks_nothing(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COURSE_LRS_USERNAME", "teacher")
    monkeypatch.setenv("COURSE_LRS_PASSWORD", PASSWORD)
    course, progress, total = _class(tmp_path)
    for body in (b"{}", b"", b"   ", b'{"ids": []}', b"[1, 2]"):
        with scripted_lrs(lambda stub, request, body=body: Reply(200, body)) as stub:
            result = sync(course, progress, _client(stub.url), retries=0)
            assert isinstance(result.error, LrsNotStored), body
            assert (result.sent, result.waiting) == (0, total)
            assert len(stub.requests) == 1, "one batch, not bisected"
            assert _sync(course, progress, stub.url) == 1
            captured = capsys.readouterr()
            assert f"0 records of 2 learners sent to {stub.url}; {total} waiting" in captured.out
            assert (
                f"course sync: the LRS at {stub.url} answered 200 without the list of statement ids it stored, "
                "so nothing counts as sent"
            ) in captured.err
        _nothing_marked(course, progress, stub.url, total)


def test_only_the_ids_the_lrs_lists_or_holds_are_marked(tmp_path):
    course, progress, total = _class(tmp_path)
    ids = sorted(all_statements(course, progress))
    dropped = ids[5]

    def stores_all_but_one(stub, request):
        if request["method"] == "POST":
            batch = json.loads(request["body"])
            stub.stored.update((s["id"], s) for s in batch if s["id"] != dropped)
            return Reply(200, json.dumps([s["id"] for s in batch if s["id"] != dropped]).encode())
        return memory_lrs()(stub, request)

    with scripted_lrs(stores_all_but_one) as stub:
        result = sync(course, progress, _client(stub.url), retries=0, batch_size=1000)
    assert isinstance(result.error, LrsNotStored)
    assert f"does not hold 1 of the {total} statements sent (for example {dropped}), so they stay waiting" in str(
        result.error
    )
    assert result.sent == 0 and result.waiting == total
    _nothing_marked(course, progress, stub.url, total)


def test_a_204_counts_once_each_statement_is_found_by_its_id(tmp_path):
    course, progress, total = _class(tmp_path)
    with scripted_lrs(memory_lrs(post_status=204)) as stub:
        result = sync(course, progress, _client(stub.url), retries=0, batch_size=30)
        assert result.complete and result.sent == total
        gets = [r for r in stub.requests if r["method"] == "GET"]
        assert len(gets) == total and all("statementId=" in r["path"] for r in gets)
    assert waiting_count(course, progress, LrsClient(stub.url).endpoint) == (0, total)


def test_a_204_for_statements_the_lrs_does_not_hold_marks_nothing(tmp_path):
    course, progress, total = _class(tmp_path)

    def forgets(stub, request):
        if request["method"] == "POST":
            return Reply(204, headers={})
        return Reply(404, b'{"detail": "not found"}')

    with scripted_lrs(forgets) as stub:
        result = sync(course, progress, _client(stub.url), retries=0)
    assert isinstance(result.error, LrsNotStored)
    assert str(result.error).startswith(f"the LRS at {stub.url} answered 204 but does not hold {total} of the {total}")
    _nothing_marked(course, progress, stub.url, total)


def test_a_statement_already_held_is_confirmed_and_marked(tmp_path):
    """A sync killed after the LRS stored a batch sends it again: the LRS leaves those out of its 200 (or
    answers 204), and they count once found by id."""
    course, progress, total = _class(tmp_path)
    statements = all_statements(course, progress)
    with scripted_lrs(memory_lrs()) as stub:
        stub.stored.update(list(statements.items())[:7])
        result = sync(course, progress, _client(stub.url), retries=0)
        assert result.complete and result.sent == total
        assert set(stub.stored) == set(statements)


# -- an answer that is not an LRS's stops the run ------------------------------------------------------------


def test_a_web_page_stops_the_run_at_the_first_request(tmp_path, capsys):
    course, progress, total = _class(tmp_path)
    portal = b"<!DOCTYPE html><html><body><h1>Sign in to the hotel Wi-Fi</h1></body></html>"
    for status in (200, 400):
        respond = (lambda page, code: lambda stub, request: Reply(code, page, {"Content-Type": "text/html"}))(
            portal, status
        )
        with scripted_lrs(respond) as stub:
            result = sync(course, progress, _client(stub.url), retries=3, batch_size=10)
            assert isinstance(result.error, LrsNotAnLrs)
            assert len(stub.requests) == 1, "neither bisected nor tried again"
            assert _sync(course, progress, stub.url) == 1
            err = capsys.readouterr().err
            assert (
                f"course sync: the LRS at {stub.url} answered {status} with a web page, not xAPI: check the "
                "address, or whether a login page of the network (a captive portal) is in the way"
            ) in err
        _nothing_marked(course, progress, stub.url, total)


# -- redirects: never followed, never with the password --------------------------------------------------------


def test_a_redirect_is_an_error_naming_the_new_address_and_is_not_followed(tmp_path, capsys):
    course, progress, total = _class(tmp_path)
    with scripted_lrs(memory_lrs()) as there:
        target = there.url + "statements"
        for status in (301, 302, 307, 308):
            with scripted_lrs(lambda stub, request, s=status: Reply(s, b"", {"Location": target})) as here:
                result = sync(course, progress, _client(here.url), retries=3)
                assert isinstance(result.error, LrsMoved)
                assert [r["method"] for r in here.requests] == ["POST"]
                assert _sync(course, progress, here.url) == 1
                err = capsys.readouterr().err
                assert f"course sync: the LRS at {here.url} answered {status} " in err
                assert f"pointing to {target}; the course does not follow redirects: if the LRS has moved, update " in err
            _nothing_marked(course, progress, here.url, total)
        assert there.requests == [] and there.stored == {}


def test_the_password_never_goes_to_another_host(tmp_path):
    """A redirect or a `more` link to another host: nothing with the credentials reaches it."""
    course, progress, _ = _class(tmp_path, learners=("ana",))
    last_page = json.dumps({"statements": []}).encode()
    with scripted_lrs(lambda stub, request: Reply(200, last_page), host="127.0.0.2") as elsewhere:
        with scripted_lrs(lambda stub, request: Reply(302, b"", {"Location": elsewhere.url + "statements"})) as lrs:
            sync(course, progress, _client(lrs.url), retries=0)
            assert lrs.authorizations == [f"Basic {TOKEN}"]

        page = {"statements": [], "more": elsewhere.url + "statements?page=2"}
        with scripted_lrs(lambda stub, request: Reply(200, json.dumps(page).encode())) as lrs:
            assert list(_client(lrs.url).statements()) == []
            assert lrs.authorizations == [f"Basic {TOKEN}"]
        assert [r["path"] for r in elsewhere.requests] == ["/xAPI/statements?page=2"]
        assert elsewhere.authorizations == []


# -- a deadline for the whole answer ---------------------------------------------------------------------------


def test_an_lrs_that_trickles_its_answer_is_given_up_at_the_deadline(tmp_path):
    course, progress, total = _class(tmp_path, learners=("ana",))
    trickle = Reply(200, length=100_000, trickle=0.2)
    outcome: list[object] = []
    with scripted_lrs(lambda stub, request: trickle) as stub:
        worker = threading.Thread(
            target=lambda: outcome.append(sync(course, progress, _client(stub.url, timeout=1.0), retries=0)),
            daemon=True,
        )
        worker.start()
        worker.join(GUARD_SECONDS)
        assert not worker.is_alive(), "the sync did not give up"
    (result,) = outcome
    assert isinstance(result.error, LrsUnreachable)
    assert str(result.error) == f"the LRS at {stub.url} sent no complete answer within 1 seconds"
    _nothing_marked(course, progress, stub.url, total)


def test_headers_that_trickle_are_given_up_at_the_deadline_too():
    import socket

    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        url = f"http://127.0.0.1:{server.getsockname()[1]}/xAPI/"
        stop = threading.Event()

        def trickle_headers() -> None:
            connection, _ = server.accept()
            with connection:
                connection.recv(65536)
                connection.sendall(b"HTTP/1.1 200 OK\r\n")
                n = 0
                while not stop.wait(0.2):
                    try:
                        connection.sendall(f"X-Slow-{n}: 1\r\n".encode())
                    except OSError:
                        return
                    n += 1

        threading.Thread(target=trickle_headers, daemon=True).start()
        outcome: list[BaseException] = []

        def post() -> None:
            try:
                _client(url, timeout=1.0).post_statements([])
            except Exception as error:
                outcome.append(error)

        worker = threading.Thread(target=post, daemon=True)
        worker.start()
        worker.join(GUARD_SECONDS)
        stop.set()
        assert not worker.is_alive(), "the request did not give up"
    (error,) = outcome
    assert isinstance(error, LrsUnreachable) and "no complete answer within 1 seconds" in str(error)


# -- the LRS's text, made safe ---------------------------------------------------------------------------------


def _echo(stub, request) -> Reply:
    headers = "".join(f"{k}: {v}\r\n" for k, v in request["headers"].items())
    body = f"\x1b[2J\x1b]0;owned\x07\x1b[31mBad request\x1b[0m\r\nYou sent:\r\n{headers}password={PASSWORD}\x00\x9b1m"
    return Reply(400, body.encode(), {"Content-Type": "text/plain"})


def test_the_lrs_text_reaches_the_terminal_without_escapes_or_credentials(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COURSE_LRS_USERNAME", "teacher")
    monkeypatch.setenv("COURSE_LRS_PASSWORD", PASSWORD)
    course, progress, total = _class(tmp_path, learners=("ana",))
    with scripted_lrs(_echo) as stub:
        assert _sync(course, progress, stub.url, "--batch-size", "1000") == 1
        assert any(r["headers"].get("authorization") == f"Basic {TOKEN}" for r in stub.requests)
    captured = capsys.readouterr()
    text = captured.out + captured.err
    lines = [line for line in captured.err.splitlines() if "rejected the request (400 Bad Request)" in line]
    assert len(lines) == total
    for secret in (PASSWORD, TOKEN, "\x1b", "\x07", "\x00", "\x9b", "\r"):
        assert secret not in text
    assert "Authorization: [hidden] connection: close password=[hidden]" in lines[0]
    assert "Bad request You sent:" in lines[0]
    assert all(len(line.split(": statement ", 1)[1]) < SHOWN_CHARS + 200 for line in lines)
    _nothing_marked(course, progress, stub.url, total)


PASSWORD_CHARS = st.characters(min_codepoint=33, max_codepoint=126, exclude_characters="[]")


@given(st.text(), st.text(alphabet=PASSWORD_CHARS, min_size=3, max_size=20))
def test_shown_text_is_one_printable_line_without_the_secret(text, secret):
    assume(secret not in "Authorization: [hidden] Basic")
    line = shown(f"{text} Authorization: Basic {secret} {text}{secret}", [secret])
    assert secret not in line
    assert len(line) <= SHOWN_CHARS and "\n" not in line
    assert not any(unicodedata.category(ch) in ("Cc", "Cf") for ch in line)


def test_a_server_failure_in_plain_text_is_still_tried_again(tmp_path):
    """A proxy's 502 page is the LRS being away, not an answer from something else."""
    course, progress, _ = _class(tmp_path, learners=("ana",))
    page = b"<html><body>502 Bad Gateway</body></html>"
    with scripted_lrs(lambda stub, request: Reply(502, page, {"Content-Type": "text/html"})) as stub:
        pauses: list[float] = []
        result = sync(course, progress, _client(stub.url), retries=2, backoff=0.01, sleep=pauses.append)
        assert len(stub.requests) == 3 and len(pauses) == 2
        assert result.error is not None and result.error.retry
        assert "failed (502 Bad Gateway): 502 Bad Gateway" in str(result.error)


def test_one_status_helper_still_answers_every_request(tmp_path):
    with scripted_lrs(one_status(500)) as stub:
        assert isinstance(sync(*_class(tmp_path, ("ana",))[:2], _client(stub.url), retries=0).error, Exception)
