"""`course sync` against a real LRS (Ralph): every statement arrives once and as sent; failures are said
clearly, mark nothing as sent and lose nothing."""

from __future__ import annotations

import base64
import json
from collections import Counter
from pathlib import Path

import pytest

from course.cli import main
from course.lrs import LrsClient, LrsRefusedCredentials, sync, waiting_count
from course.lrs.outbox import SENT_FOLDER, sent_log_path
from tests.lrs_support import (
    all_statements,
    free_port,
    memory_lrs,
    one_more_attempt,
    ralph_recipe_env,
    scripted_lrs,
    start_ralph,
    stop_process,
    stub_lrs,
    take_quizzes,
    unique_course,
    without_lrs_fields,
)


@pytest.fixture
def lrs_env(ralph, monkeypatch):
    monkeypatch.setenv("COURSE_LRS_USERNAME", ralph.username)
    monkeypatch.setenv("COURSE_LRS_PASSWORD", ralph.password)
    monkeypatch.delenv("COURSE_LRS_URL", raising=False)
    return ralph


def _class(tmp_path: Path, learners: tuple[str, ...] = ("ana", "ben", "cara"), attempts: int = 2,
           progress_name: str = "progress"):
    course = unique_course(tmp_path / "course")
    progress = tmp_path / progress_name
    for seed, name in enumerate(learners):
        take_quizzes(course, progress, name, attempts, seed)
    return course, progress


def _sync(course, progress, url, *extra: str) -> int:
    return main(["sync", str(course.root), "--progress", str(progress), "--lrs", url, *extra])


def _sent_logs(progress: Path) -> list[Path]:
    return sorted(progress.glob(f"*/{SENT_FOLDER}/*"))


def test_sync_sends_every_statement_once_and_the_lrs_returns_what_was_sent(tmp_path, lrs_env, capsys):
    course, progress = _class(tmp_path)
    sent = all_statements(course, progress)
    assert len(sent) > 40

    assert _sync(course, progress, lrs_env.url, "--batch-size", "7") == 0
    out = capsys.readouterr().out
    assert f"{len(sent)} records of 3 learners sent to {lrs_env.url}; none waiting" in out

    stored = lrs_env.statements_with_ids(set(sent))
    assert Counter(s["id"] for s in stored) == Counter(set(sent)), "each statement once"
    for statement in stored:
        assert without_lrs_fields(statement) == sent[statement["id"]]
    assert waiting_count(course, progress, lrs_env.client().endpoint) == (0, len(sent))

    # Nothing new: nothing is sent again. A lost sent-log only makes the next sync send again, and the
    # LRS, which keeps one statement per id, still holds each once.
    assert _sync(course, progress, lrs_env.url) == 0
    assert "0 records of 3 learners sent" in capsys.readouterr().out
    for log in _sent_logs(progress):
        log.unlink()
    assert _sync(course, progress, lrs_env.url) == 0
    assert f"{len(sent)} records of 3 learners sent" in capsys.readouterr().out
    assert Counter(s["id"] for s in lrs_env.statements_with_ids(set(sent))) == Counter(set(sent))


def test_new_progress_is_sent_at_the_next_sync(tmp_path, lrs_env, capsys):
    course, progress = _class(tmp_path, learners=("ana",), attempts=1)
    assert _sync(course, progress, lrs_env.url) == 0
    before = set(all_statements(course, progress))
    take_quizzes(course, progress, "ana", 1, seed=9)  # finishes the attempt left open, and one more
    after = set(all_statements(course, progress))
    assert after > before
    endpoint = lrs_env.client().endpoint
    assert waiting_count(course, progress, endpoint) == (len(after - before), len(after))
    assert _sync(course, progress, lrs_env.url) == 0
    assert f"{len(after - before)} records of 1 learner sent" in capsys.readouterr().out
    assert {s["id"] for s in lrs_env.statements_with_ids(after)} == after


def test_two_machines_sync_their_own_learners_into_one_lrs(tmp_path, lrs_env, capsys):
    course = unique_course(tmp_path / "course")
    laptop_a, laptop_b = tmp_path / "laptop-a", tmp_path / "laptop-b"
    take_quizzes(course, laptop_a, "ana", 2, seed=1)
    take_quizzes(course, laptop_a, "ben", 1, seed=2)
    take_quizzes(course, laptop_b, "cara", 2, seed=3)
    a, b = all_statements(course, laptop_a), all_statements(course, laptop_b)
    assert not set(a) & set(b)
    assert _sync(course, laptop_a, lrs_env.url) == 0
    assert _sync(course, laptop_b, lrs_env.url, "--batch-size", "5") == 0
    stored = lrs_env.statements_with_ids(set(a) | set(b))
    assert Counter(s["id"] for s in stored) == Counter(set(a) | set(b))
    assert {s["actor"]["name"] for s in stored} == {"ana", "ben", "cara"}


def test_a_statement_the_lrs_refuses_is_named_with_its_reason_and_the_rest_is_sent(tmp_path, lrs_env, monkeypatch, capsys):
    course, progress = _class(tmp_path, learners=("ana",), attempts=1)
    sent = all_statements(course, progress)
    broken = sorted(sent)[3]
    import course.lrs.outbox as outbox

    real = outbox.learner_statements

    def with_one_broken(course, record, maker=None):
        statements = real(course, record, maker)
        for statement in statements:
            if statement["id"] == broken:
                del statement["verb"]
        return statements

    monkeypatch.setattr(outbox, "learner_statements", with_one_broken)
    assert _sync(course, progress, lrs_env.url, "--batch-size", "50") == 1
    captured = capsys.readouterr()
    assert f"{len(sent) - 1} records of 1 learner sent" in captured.out and "1 waiting" in captured.out
    (line,) = [line for line in captured.err.splitlines() if broken in line]
    assert "rejected the request (422" in line and "verb" in line and "Field required" in line
    assert {s["id"] for s in lrs_env.statements_with_ids(set(sent))} == set(sent) - {broken}


def test_a_different_statement_under_the_same_id_in_the_lrs_is_kept_and_said(tmp_path, lrs_env, capsys):
    course, progress = _class(tmp_path, learners=("ana",), attempts=1)
    sent = all_statements(course, progress)
    first = sorted(sent)[0]
    other = json.loads(json.dumps(sent[first]))
    other["verb"]["display"] = {"en": "something else"}
    assert lrs_env.client().post_statements([other]) == [first]
    assert _sync(course, progress, lrs_env.url) == 0
    captured = capsys.readouterr()
    assert f"{len(sent)} records of 1 learner sent" in captured.out
    assert f"statement {first}: the LRS already holds a different statement with this id" in captured.err
    assert _sync(course, progress, lrs_env.url) == 0  # not tried again
    assert "0 records" in capsys.readouterr().out


# -- failures: a clear message, nothing marked sent, nothing lost -------------------------------------------


def _nothing_marked(course, progress, endpoint: str, total: int) -> None:
    assert _sent_logs(progress) == []
    assert waiting_count(course, progress, LrsClient(endpoint).endpoint) == (total, total)


def test_lrs_down(tmp_path, lrs_env, capsys):
    course, progress = _class(tmp_path, learners=("ana", "ben"), attempts=1)
    total = len(all_statements(course, progress))
    url = f"http://127.0.0.1:{free_port()}/xAPI/"  # nothing listens there
    assert _sync(course, progress, url, "--retries", "0") == 1
    captured = capsys.readouterr()
    assert f"course sync: the LRS at {url} could not be reached (" in captured.err
    assert f"0 records of 2 learners sent to {url}; {total} waiting" in captured.out
    assert lrs_env.password not in captured.out + captured.err
    _nothing_marked(course, progress, url, total)


def test_lrs_answering_500_is_tried_again_with_growing_pauses_then_said(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("COURSE_LRS_USERNAME", "teacher")
    monkeypatch.setenv("COURSE_LRS_PASSWORD", "s3cret-pw")
    course, progress = _class(tmp_path, learners=("ana",), attempts=1)
    total = len(all_statements(course, progress))
    with stub_lrs(500, {"detail": "the database is away"}) as stub:
        pauses: list[float] = []
        result = sync(course, progress, LrsClient.from_env(stub.url), retries=3, backoff=0.5, sleep=pauses.append)
        assert pauses == [0.5, 1.0, 2.0] and len(stub.requests) == 4
        assert str(result.error) == f"the LRS at {stub.url} failed (500 Internal Server Error): the database is away"
        assert (result.sent, result.waiting, result.complete) == (0, total, False)
        request = stub.requests[0]
        assert request["method"] == "POST" and request["path"] == "/xAPI/statements"
        assert request["headers"]["x-experience-api-version"] == "1.0.3"
        assert request["headers"]["authorization"] == "Basic " + base64.b64encode(b"teacher:s3cret-pw").decode()
        assert len(json.loads(request["body"])) == total

        assert _sync(course, progress, stub.url, "--retries", "0") == 1
        captured = capsys.readouterr()
        assert "failed (500 Internal Server Error): the database is away" in captured.err
        assert "s3cret-pw" not in captured.out + captured.err
    _nothing_marked(course, progress, stub.url, total)


def test_wrong_password(tmp_path, lrs_env, monkeypatch, capsys):
    course, progress = _class(tmp_path, learners=("ana",), attempts=1)
    total = len(all_statements(course, progress))
    monkeypatch.setenv("COURSE_LRS_PASSWORD", "not-the-password")
    assert _sync(course, progress, lrs_env.url) == 1  # not tried again: a refusal does not mend itself
    captured = capsys.readouterr()
    assert (
        f"course sync: the LRS at {lrs_env.url} refused the credentials (401 Unauthorized): "
        "check COURSE_LRS_USERNAME and COURSE_LRS_PASSWORD"
    ) in captured.err
    assert "not-the-password" not in captured.out + captured.err
    _nothing_marked(course, progress, lrs_env.url, total)
    with pytest.raises(LrsRefusedCredentials):
        next(LrsClient.from_env(lrs_env.url).statements())
    monkeypatch.setenv("COURSE_LRS_PASSWORD", lrs_env.password)
    assert _sync(course, progress, lrs_env.url) == 0  # nothing was lost
    assert {s["id"] for s in lrs_env.statements_with_ids(set(all_statements(course, progress)))} == set(
        all_statements(course, progress)
    )


def test_credentials_are_never_written_into_progress(tmp_path, lrs_env):
    course, progress = _class(tmp_path, learners=("ana",), attempts=1)
    assert _sync(course, progress, lrs_env.url) == 0
    assert _sent_logs(progress) == [sent_log_path(progress / "ana", lrs_env.client().endpoint)]
    for path in progress.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert lrs_env.password.encode() not in data and lrs_env.username.encode() not in data, path


def test_bad_usage(tmp_path, monkeypatch, capsys):
    course, progress = _class(tmp_path, learners=("ana",), attempts=1)
    monkeypatch.delenv("COURSE_LRS_URL", raising=False)
    assert main(["sync", str(course.root), "--progress", str(progress)]) == 2
    assert "no LRS configured" in capsys.readouterr().err
    assert _sync(course, progress, "ftp://lrs.example.org/") == 2
    assert "must be an http:// or https:// URL" in capsys.readouterr().err
    assert _sync(course, progress, "https://teacher:pw123@lrs.example.org/xAPI/") == 2
    err = capsys.readouterr().err
    assert "put the LRS credentials in COURSE_LRS_USERNAME and COURSE_LRS_PASSWORD" in err and "pw123" not in err
    assert main(["sync", str(tmp_path / "nowhere"), "--lrs", "http://127.0.0.1:9/"]) == 2
    assert _sent_logs(progress) == []


def test_the_lrs_address_comes_from_the_environment_or_course_toml(tmp_path, monkeypatch):
    from course.content import load_course
    from course.lrs import configured_lrs
    from course.scaffold import new_course

    root = tmp_path / "c"
    new_course(root)
    monkeypatch.delenv("COURSE_LRS_URL", raising=False)
    assert configured_lrs(load_course(root)) is None
    with (root / "course.toml").open("a", encoding="utf-8") as toml:
        toml.write('\n[xapi]\nlrs = "https://lrs.example.org/xAPI/"\n')
    course = load_course(root)
    assert not course.errors and configured_lrs(course) == "https://lrs.example.org/xAPI/"
    monkeypatch.setenv("COURSE_LRS_URL", "https://other.example.org/xAPI/")
    assert configured_lrs(course) == "https://other.example.org/xAPI/"
    assert configured_lrs(course, "https://third.example.org/xAPI/") == "https://third.example.org/xAPI/"
    assert LrsClient("https://lrs.example.org/xAPI/statements").statements_url == "https://lrs.example.org/xAPI/statements"
    assert LrsClient("https://lrs.example.org/data/xAPI").endpoint == "https://lrs.example.org/data/xAPI/"


def test_reading_statements_back_follows_more_links(tmp_path, lrs_env):
    course, progress = _class(tmp_path, learners=("ana",), attempts=1)
    sent = all_statements(course, progress)
    assert _sync(course, progress, lrs_env.url) == 0
    pages = 0
    client = lrs_env.client()
    original = client._request

    def counting(method, url, body=None):
        nonlocal pages
        pages += 1
        return original(method, url, body)

    client._request = counting  # type: ignore[method-assign]
    ids = [s["id"] for s in client.statements(limit="4") if s["id"] in sent]
    assert Counter(ids) == Counter(set(sent)) and pages > len(sent) // 4


def test_batches_hold_several_learners_statements(tmp_path, monkeypatch):
    course, progress = _class(tmp_path, learners=("ana", "ben", "cara", "dan"), attempts=1)
    total = len(all_statements(course, progress))
    with scripted_lrs(memory_lrs()) as stub:
        result = sync(course, progress, LrsClient(stub.url), batch_size=30)
        assert result.complete and result.sent == total and result.learners == 4
        posts = [r for r in stub.requests if r["method"] == "POST"]
        sizes = [len(json.loads(r["body"])) for r in posts]
        assert sum(sizes) == total and len(sizes) == -(-total // 30) and all(n == 30 for n in sizes[:-1])
        assert len({s["actor"]["name"] for s in json.loads(posts[0]["body"])}) > 1
    assert waiting_count(course, progress, LrsClient(stub.url).endpoint) == (0, total)


def test_an_unusable_xapi_setting_is_bad_usage_and_sends_nothing(tmp_path, monkeypatch, capsys):
    course, progress = _class(tmp_path, learners=("ana",), attempts=1)
    monkeypatch.setenv("COURSE_XAPI_HOME_PAGE", "not a web address")
    with stub_lrs(204, {}) as stub:
        assert _sync(course, progress, stub.url) == 2
        assert stub.requests == []
    err = capsys.readouterr().err
    assert err.startswith("course sync: ") and "COURSE_XAPI_HOME_PAGE" in err
    assert _sent_logs(progress) == []


def test_ralph_started_as_docs_lrs_md_says_stores_every_request(tmp_path, monkeypatch, capsys):
    """Ralph unpatched, started with the settings and commands docs/lrs.md gives: several requests in one
    sync, and a second sync, are all stored, each statement once (Ralph's own `runserver -b fs` with its
    default settings stores only the first request)."""
    server = start_ralph(tmp_path / "ralph", documented=True)
    try:
        monkeypatch.setenv("COURSE_LRS_USERNAME", server.username)
        monkeypatch.setenv("COURSE_LRS_PASSWORD", server.password)
        course, progress = _class(tmp_path, learners=("ana", "ben"), attempts=1)
        sent = all_statements(course, progress)
        assert _sync(course, progress, server.url, "--batch-size", "7") == 0
        assert f"{len(sent)} records of 2 learners sent to {server.url}; none waiting" in capsys.readouterr().out
        one_more_attempt(course, progress, "ana", seed=4)
        after = all_statements(course, progress)
        assert _sync(course, progress, server.url, "--batch-size", "7") == 0
        assert f"{len(after) - len(sent)} records of 2 learners sent" in capsys.readouterr().out
        stored = server.statements_with_ids(set(after))
        assert Counter(s["id"] for s in stored) == Counter(set(after)), "each statement once"
        for statement in stored:
            assert without_lrs_fields(statement) == after[statement["id"]]
        requests = -(-len(sent) // 7) + -(-(len(after) - len(sent)) // 7)
        assert len(list((tmp_path / "ralph" / "ralph-statements").iterdir())) == requests
    finally:
        stop_process(server.process)


def test_the_docs_give_the_ralph_recipe_the_tests_run(tmp_path):
    """docs/lrs.md gives the settings and commands lrs_support.start_ralph(documented=True) uses."""
    docs = (Path(__file__).resolve().parents[1] / "docs" / "lrs.md").read_text(encoding="utf-8")
    env = ralph_recipe_env(tmp_path)
    assert (env["RALPH_APP_DIR"], env["RALPH_RUNSERVER_BACKEND"]) == (str(tmp_path / "ralph"), "fs")
    assert env["RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH"] == str(tmp_path / "ralph-statements")
    assert env["RALPH_BACKENDS__LRS__FS__DEFAULT_LRS_FILE"] == ""
    assert "$ export RALPH_APP_DIR=ralph RALPH_RUNSERVER_BACKEND=fs\n" in docs
    assert (
        "$ export RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH=ralph-statements "
        "RALPH_BACKENDS__LRS__FS__DEFAULT_LRS_FILE=\n"
    ) in docs
    assert "$ ralph auth -u teacher -p 'a-long-password' -s all -M mailto:teacher@example.org -w\n" in docs
    assert "$ ralph runserver -b fs -h 127.0.0.1 -p 8100\n" in docs
