"""Shared fixtures. Every test runs with progress and user data redirected into its own tmp folder."""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


# The longest tests, started first. pytest-xdist hands tests out in collection order, so a long test collected
# late starts late and keeps one worker busy after the others have finished; started first, each runs beside
# the many short ones. (Measured with `--durations=40`; longest first, down to 1.4 s. The test ids are
# prefixes.)
LONGEST_FIRST = (
    "tests/test_lrs_sync_kill.py",  # 14 s, and an LRS of its own to start
    "tests/test_serve_tabs.py::test_twenty_tabs",  # 11 s
    "tests/test_serve_browser.py",
    "tests/test_lrs_sync.py::test_ralph_started_as_docs_lrs_md_says",
    "tests/test_faults_crash.py",
    "tests/test_progress_crash.py",
    "tests/test_faults_hostile.py::test_hostile_content_in_the_app",
    "tests/test_faults_fuzz_content.py",
    "tests/test_xapi_settings.py::test_memory_stays_flat",
    "tests/test_lrs_sync.py",  # the first of them starts the run's LRS
    "tests/test_tui_watch.py",
    "tests/test_faults_benchmarks_run.py",
    "tests/test_packaging.py",
    "tests/test_faults_two_writers.py",
    "tests/test_progress_concurrency.py",
    "tests/test_xapi_statements.py",  # 2 s to set up
    "tests/test_serve_cli.py",
    "tests/test_content_fuzz.py",
    "tests/test_import_aiken.py::test_valid_aiken_round_trips",
    "tests/test_scaffold.py",
    "tests/test_serve_tabs.py",  # 1.5 s each
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        return next((n for n, prefix in enumerate(LONGEST_FIRST) if item.nodeid.startswith(prefix)),
                    len(LONGEST_FIRST))

    items.sort(key=rank)  # stable: the rest keep their order
    first = sum(1 for item in items if rank(item) < len(LONGEST_FIRST))
    items[first:] = sorted(items[first:], key=lambda item: not drives_the_app(item.path))


# Then the files that drive the Textual app, then the others: the order each kind is handed out in. Which
# process takes which kind, and how many tests each holds, is tests/scheduling.py's (pytest-xdist's `load`,
# what `-n auto` uses); another `--dist` hands the tests out in this order.


@functools.cache
def drives_the_app(path: Path) -> bool:
    """Whether a test file runs the Textual app (through Pilot or a snapshot)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return False
    return any(word in text for word in ("run_test(", "snap_compare", "pilot"))


def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """pytest-xdist's `load` scheduling (what `-n auto` uses) with each process's queue bounded by time."""
    if config.getvalue("dist") != "load":
        return None
    from tests.scheduling import TimeBoundedScheduling, kind_of

    root = config.rootpath
    return TimeBoundedScheduling(config, log, kind=lambda nodeid: kind_of(nodeid, root, LONGEST_FIRST, drives_the_app))


def fresh_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new folder for a test's home, in the "homes" folder of the run's tmp folder, made by
    `tempfile.mkdtemp`. pytest's own numbered `mktemp` lists every folder already made to find the next
    number: with the homes made that way in the run's folder, a process's thousandth test listed a thousand
    homes, and each test's `tmp_path` (made in the run's folder too) listed them all again. 1,500 trivial tests
    took 3.4-3.6 s that way, 1.7-1.9 s this way."""
    homes = tmp_path_factory.getbasetemp() / "homes"
    homes.mkdir(exist_ok=True)
    return Path(tempfile.mkdtemp(prefix="home", dir=homes))


@pytest.fixture(autouse=True)
def _keep_off_real_files(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may read or write a learner's real progress or settings."""
    home = fresh_home(tmp_path_factory)
    monkeypatch.setenv("COURSE_PROGRESS_DIR", str(home / "progress"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(home / "documents"))  # certificates (not made unless a test does)
    monkeypatch.delenv("COURSE_CONTENT_DIR", raising=False)
    for name in ("COURSE_XAPI_HOME_PAGE", "COURSE_XAPI_ACTIVITY_BASE", "COURSE_LRS_URL", "COURSE_XAPI_EMAILS"):
        monkeypatch.delenv(name, raising=False)  # an instructor's xAPI settings never reach a test


@pytest.fixture
def shipped_root() -> Path:
    return ROOT


@pytest.fixture
def fixed_seed(monkeypatch: pytest.MonkeyPatch) -> None:
    """New attempts get the same seed every time, so the order a quiz shows is known."""
    import course.quizrun

    class FixedSecrets:
        @staticmethod
        def randbelow(n: int) -> int:
            return 12345 % n

    monkeypatch.setattr(course.quizrun, "secrets", FixedSecrets)


@pytest.fixture
def notices(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Every notification an app raises while the test runs, as (severity, message), in order.

    Recorded by wrapping Textual's public `App.notify` (widgets' and screens' `notify` go through it)."""
    from textual.app import App

    seen: list[tuple[str, str]] = []
    original = App.notify

    def notify(self, message, *, severity="information", **kwargs):
        seen.append((severity, str(message)))
        return original(self, message, severity=severity, **kwargs)

    monkeypatch.setattr(App, "notify", notify)
    return seen


# `--hypothesis-profile=fuzz` (or HYPOTHESIS_PROFILE=fuzz): the long fuzzing run of the content loader.
from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile("fuzz", max_examples=10_000, deadline=None, suppress_health_check=list(HealthCheck))
# Hypothesis's per-example deadline and its too-slow health check are timings: on a busy machine they fail
# tests that are right. Speed is proved in the benchmarks, never in a test. (A profile given with
# --hypothesis-profile is loaded after this one and wins.)
settings.register_profile("course", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("course")


def made_once(tmp_path_factory: pytest.TempPathFactory, name: str, make) -> Path:
    """The folder `name` of this run's tmp folder, filled by `make(folder)` once for the whole run: under
    pytest-xdist the first test process to ask makes it (the others wait for it, under a file lock) and they
    all get the same folder. For what a module fixture makes at a cost and its tests only read: pytest-xdist
    spreads a module's tests over its processes, and each would make it again. A test that changes what it
    was given works on a copy."""
    import fcntl
    import os
    import shutil

    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder = shared / name
    with (shared / f"{name}.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not (shared / f"{name}.made").exists():
                shutil.rmtree(folder, ignore_errors=True)  # what a failed attempt left
                folder.mkdir()
                make(folder)
                (shared / f"{name}.made").touch()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return folder


@pytest.fixture(scope="session")
def ralph(tmp_path_factory: pytest.TempPathFactory):
    """A Ralph LRS (file-system backend) on a free port of 127.0.0.1, with its own settings and statements in a
    tmp folder; stopped at the end. One for the whole run: under pytest-xdist its test processes share it
    (in the run's tmp folder, which they share; see lrs_support.shared_ralph)."""
    import os

    from tests.lrs_support import shared_ralph, start_ralph, stop_process

    if os.environ.get("PYTEST_XDIST_WORKER"):
        with shared_ralph(tmp_path_factory.getbasetemp().parent) as server:
            yield server
        return
    server = start_ralph(tmp_path_factory.mktemp("ralph"))
    try:
        yield server
    finally:
        assert server.process is not None
        stop_process(server.process)


# -- Spreading the tests over the machine -----------------------------------------------------------------
#
# A Textual test is asleep about a third of its time: Pilot waits after every key until the app has been idle
# for a slice of 20 ms. With one test process a core (pytest-xdist's `-n auto`), the cores sat idle that third.
# Two test processes a core fill it: measured on 2 cores, the Textual tests took 46 s with 2 and 32 s with 4
# (6 or 8 gave no more). `-n auto` asks this hook.
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    import os

    return 2 * (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def pytest_configure(config: pytest.Config) -> None:
    """On a fresh checkout, the test processes share the compiling of its Python files (tests/bytecode_share.py)
    instead of each compiling all of them. The run's tmp folders are in memory where the machine has a folder
    for it (`tmp_root_in_memory`)."""
    from tests.bytecode_share import share_the_compiling

    share_the_compiling(config)
    tmp_root_in_memory()


MEMORY_FOLDER = "/dev/shm"


def tmp_root_in_memory() -> None:
    """Put the run's tmp folders (pytest's `tmp_path`s) in MEMORY_FOLDER, a file system in memory, where there
    is one: the course saves every answer with an fsync (course/progress/atomic.py), and on a disk each fsync
    waits for the disk. Measured over a whole run on a 2-core machine with an ext4 disk: 23,000 fsyncs in the
    test processes, which waited 32 s for them in all, and 24 s of system time in the run (20 s in memory). In
    memory an fsync returns at once; the code and what the tests check are the same. PYTEST_DEBUG_TEMPROOT,
    pytest's own setting for the folder, wins when it is set. Called in the process that starts the run;
    pytest-xdist gives its test processes folders in the same place."""
    import os

    if os.environ.get("PYTEST_DEBUG_TEMPROOT") or os.environ.get("PYTEST_XDIST_WORKER"):
        return
    if memory_folder_usable():
        os.environ["PYTEST_DEBUG_TEMPROOT"] = MEMORY_FOLDER


def memory_folder_usable() -> bool:
    """Whether MEMORY_FOLDER is a tmpfs this user can write in."""
    import os

    return os.access(MEMORY_FOLDER, os.W_OK | os.X_OK) and in_memory(Path(MEMORY_FOLDER))


def in_memory(folder: Path, mounts: str | None = None) -> bool:
    """Whether `folder` is in a tmpfs: the mount it is in (the longest mount point it starts with), in
    `mounts` as Linux's /proc/mounts lists them (read from there when not given)."""
    if mounts is None:
        try:
            mounts = Path("/proc/mounts").read_text()
        except OSError:
            return False
    found, kind = "", ""
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) > 2 and Path(fields[1]) in (folder, *folder.parents) and len(fields[1]) >= len(found):
            found, kind = fields[1], fields[2]
    return kind == "tmpfs"


# -- Textual's stylesheets, parsed once a test process ------------------------------------------------------
#
# Every new App parses its CSS (the app's, each screen's and every widget's defaults). The same CSS text with
# the same theme variables parses to the same rules, so the apps of one test process share what was parsed,
# keyed on the text, where it came from and the variables. The app as a learner runs it is not touched.
from textual.css.stylesheet import Stylesheet  # noqa: E402

_PARSED: dict[tuple, list] = {}
_parse_rules = Stylesheet._parse_rules


def _shared_parse_rules(self, css, read_from, is_default_rules=False, tie_breaker=0, scope=""):
    key = (css, read_from, is_default_rules, tie_breaker, scope, tuple(sorted(self._variables.items())))
    rules = _PARSED.get(key)
    if rules is None:
        rules = _PARSED[key] = _parse_rules(self, css, read_from, is_default_rules, tie_breaker, scope)
    return rules


Stylesheet._parse_rules = _shared_parse_rules


# -- RSA private keys, read once a test process --------------------------------------------------------------
#
# Reading an RSA private key checks the key (cryptography does it on every load), which costs 0.1 s for the
# issuer's 3072-bit key; the certificate tests read the same few keys again and again. The same PEM bytes give
# the same key, which cannot be changed, so the keys a test process has read are kept, keyed on the bytes (a
# changed or broken file is other bytes: it is read, and refused, as ever). The course as a learner or an
# instructor runs it is not touched.

import joserfc._rfc7517.pem as _jose_pem  # noqa: E402

_jose_pem.load_pem_private_key = functools.lru_cache(maxsize=32)(_jose_pem.load_pem_private_key)
