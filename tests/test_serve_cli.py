"""`course serve` without a browser: which addresses it listens on, what it says, the page it gives out, the
WebSocket it refuses, and Ctrl+C."""

from __future__ import annotations

import http.client
import shlex
import socket
import sys
from pathlib import Path

import pytest

from course.cli import main
from tests.lrs_support import free_port
from tests.serve_support import course_serve

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "tui_course"


@pytest.fixture(autouse=True)
def _never_served_here(monkeypatch: pytest.MonkeyPatch) -> None:
    """In this process, `course serve` must stop before serving: serving would be a failure, not a hang."""
    import course.serve

    def served(*args, **kwargs):
        raise AssertionError("course serve started serving")

    monkeypatch.setattr(course.serve, "serve", served)


def serve(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """`course serve ARGS` in this process, for the cases that must stop before serving anything."""
    status = main(["serve", "--content", str(FIXTURE), *args])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize("host", ["0.0.0.0", "::"])
def test_an_address_other_computers_reach_is_refused_without_public(capsys, host) -> None:
    status, out, err = serve(capsys, "--host", host, "--port", str(free_port()))
    assert status == 2
    assert out == ""  # nothing served, no address to open
    assert err.startswith(f"course serve: --host {host}: ")
    assert "anyone who reaches it can open the course as any learner" in err
    assert "add --public" in err


@pytest.mark.parametrize("port", ["0", "65536", "-1"])
def test_a_port_out_of_range_is_refused(capsys, port) -> None:
    status, out, err = serve(capsys, "--port", port)
    assert (status, out) == (2, "")
    assert f"--port {port}: a port is a number from 1 to 65535" in err


def test_a_port_that_is_no_number_is_refused(capsys) -> None:
    with pytest.raises(SystemExit) as stopped:
        serve(capsys, "--port", "eighty")
    assert stopped.value.code == 2
    assert "--port: invalid int value: 'eighty'" in capsys.readouterr().err


def test_a_host_that_does_not_resolve_is_refused(capsys) -> None:
    status, out, err = serve(capsys, "--host", "no-such-host.invalid", "--port", str(free_port()))
    assert (status, out) == (2, "")
    assert "course serve: --host 'no-such-host.invalid': no such address" in err


def test_a_busy_port_is_refused_with_its_reason(capsys) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        status, out, err = serve(capsys, "--port", str(port))
    assert (status, out) == (2, "")
    assert f"course serve: cannot listen on 127.0.0.1 port {port}: " in err
    assert "in use" in err


def test_a_missing_course_folder_is_refused(capsys, tmp_path) -> None:
    status = main(["serve", "--content", str(tmp_path / "nowhere"), "--port", str(free_port())])
    out, err = capsys.readouterr()
    assert (status, out) == (2, "")
    assert err == f"course serve: {tmp_path / 'nowhere'}: no such folder\n"


def test_by_default_it_serves_this_computer_only_and_stops_on_ctrl_c(tmp_path) -> None:
    with course_serve(tmp_path / "server", "--content", str(FIXTURE)) as served:
        assert served.output().startswith(
            f"Serving the course at http://127.0.0.1:{served.port}/\n"
            "Open that address in a web browser; every tab runs its own copy of the course.\n"
            "Press Ctrl+C to stop.\n"
        )
        assert "warning" not in served.errors()
        assert served.interrupt() == 0
        assert served.output().endswith("Stopped.\n")


def test_public_serves_every_address_with_a_warning(tmp_path) -> None:
    with course_serve(tmp_path / "server", "--content", str(FIXTURE), "--public", host="0.0.0.0") as served:
        assert served.errors() == (
            f"warning: the course is served on 0.0.0.0, not only to this computer: anyone who can reach port "
            f"{served.port} can open the course as any learner and read or change their progress (there are no "
            "passwords).\n"
        )
        assert served.output().startswith(f"Serving the course at http://{socket.gethostname()}:{served.port}/\n")
        assert served.interrupt() == 0


def _get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8") if response.status != 101 else ""
    finally:
        connection.close()


def _websocket_headers(origin: str) -> dict[str, str]:
    return {
        "Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", "Origin": origin,
    }


def test_the_page_names_the_course_and_asks_nothing_of_other_sites(tmp_path) -> None:
    with course_serve(tmp_path / "server", "--content", str(FIXTURE)) as served:
        status, page = _get(served.port, "/", {"Host": f"localhost:{served.port}"})
    assert status == 200
    assert "<title>Test course</title>" in page
    assert "googleapis" not in page
    assert 'src: url("/static/fonts/RobotoMono-VariableFont_wght.ttf")' in page
    # its script and WebSocket at the address the browser used, not the one the server listens on
    assert f'src="http://localhost:{served.port}/static/js/textual.js"' in page
    assert f'data-session-websocket-url="ws://localhost:{served.port}/ws"' in page


def test_a_websocket_from_another_site_is_refused(tmp_path) -> None:
    progress = tmp_path / "progress"
    with course_serve(tmp_path / "server", "--content", str(FIXTURE), "--progress", str(progress)) as served:
        status, text = _get(served.port, "/ws", _websocket_headers("http://evil.example"))
        assert (status, text) == (403, "This course only opens from its own page.")
        status, _ = _get(served.port, "/ws", _websocket_headers(f"http://127.0.0.1:{served.port}"))
        assert status == 101
        assert served.interrupt() == 0


def test_each_page_runs_this_interpreter_with_the_folders_made_absolute(tmp_path, monkeypatch) -> None:
    from course.serve import app_command

    monkeypatch.chdir(tmp_path)
    command = shlex.split(app_command(Path("course dir"), Path("progress")))
    assert command == ["exec", sys.executable, "-m", "course", "--ask-learner", "--content",
                       str(tmp_path / "course dir"), "--progress", str(tmp_path / "progress")]
    assert shlex.split(app_command(None, None)) == ["exec", sys.executable, "-m", "course", "--ask-learner"]


def test_served_to_this_computer_a_request_under_another_name_is_refused(tmp_path) -> None:
    """A site whose name points at 127.0.0.1 (DNS rebinding) is not the course's page, though the browser
    thinks it is the same origin."""
    with course_serve(tmp_path / "server", "--content", str(FIXTURE)) as served:
        evil = f"evil.example:{served.port}"
        assert _get(served.port, "/", {"Host": evil})[0] == 403
        status, text = _get(served.port, "/ws", {**_websocket_headers(f"http://{evil}"), "Host": evil})
        assert (status, text) == (403, "This course only opens from its own page.")
        for host in (f"localhost:{served.port}", f"127.0.0.1:{served.port}", f"127.0.0.2:{served.port}"):
            assert _get(served.port, "/", {"Host": host})[0] == 200


def test_served_publicly_any_name_of_the_computer_opens_the_page(tmp_path) -> None:
    with course_serve(tmp_path / "server", "--content", str(FIXTURE), "--public", host="0.0.0.0") as served:
        status, page = _get(served.port, "/", {"Host": f"course.example.org:{served.port}"})
    assert status == 200
    assert f'data-session-websocket-url="ws://course.example.org:{served.port}/ws"' in page


async def _first_screen(url: str, width: int, height: int) -> bytes:
    """What a page's copy of the app sends until it asks the learner's name (the page would draw it)."""
    import aiohttp

    received = b""
    async with aiohttp.ClientSession() as session, session.ws_connect(
        f"{url}ws?width={width}&height={height}", origin=url.rstrip("/")
    ) as websocket:
        async for message in websocket:
            if message.type != aiohttp.WSMsgType.BINARY:
                break
            received += message.data
            if b"What is your name" in received:
                break
    return received


def test_each_page_runs_its_own_copy_of_the_app_from_a_virtual_environment_not_on_path(tmp_path) -> None:
    import asyncio

    progress = tmp_path / "progress"
    with course_serve(tmp_path / "server", "--content", str(FIXTURE), "--progress", str(progress),
                      path="/usr/bin:/bin") as served:

        async def two_pages() -> list[bytes]:
            pages = asyncio.gather(_first_screen(served.url, 80, 24), _first_screen(served.url, 100, 30))
            return list(await asyncio.wait_for(pages, timeout=60))

        try:
            screens = asyncio.run(two_pages())
        except TimeoutError:
            pytest.fail(f"a page's copy of the app never asked the name; the server said:\n{served.output()[-2000:]}")
    for received in screens:
        assert b"What is your name" in received, served.output()[-2000:]
    assert "Application failed to start" not in served.output()


# `course serve` run in a fresh interpreter up to the point where it would serve: the title it would give the
# page, and whether the course's models were imported for it.
TITLE_ONLY = """
import sys
import course.serve
from course.cli import main

def served(address, content, progress, title):
    models = sorted(m for m in sys.modules if m in ("pydantic", "course.content.models", "course.content.loader"))
    print(repr(title), models)
    return 0

course.serve.serve = served
sys.exit(main(["serve", "--content", sys.argv[1], "--port", sys.argv[2]]))
"""


@pytest.mark.parametrize(("title_line", "said"), [
    ('title = "Test course"', "'Test course' []"),
    ('title = "  "', "'Course' ['course.content.loader', 'course.content.models', 'pydantic']"),
], ids=["from-course-toml", "blank-title-loads-the-course"])
def test_the_page_title_is_read_from_course_toml_without_loading_the_course(tmp_path, title_line, said) -> None:
    """Serving starts without the course's models when course.toml gives the title (each tab's copy of the app
    loads the course itself); a title course.toml cannot give is the one the loaded course says."""
    import shutil
    import subprocess

    content = tmp_path / "course"
    shutil.copytree(FIXTURE, content)
    toml = content / "course.toml"
    toml.write_text(toml.read_text("utf-8").replace('title = "Test course"', title_line), "utf-8")
    done = subprocess.run([sys.executable, "-c", TITLE_ONLY, str(content), str(free_port())],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == said
