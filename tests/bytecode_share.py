"""Compiling the checkout's Python files once a run, not once a test process.

On a fresh checkout no file has its bytecode yet, and under pytest-xdist every test process compiled every
module it imported, and rewrote the asserts of every test file, the same work four times over (4.2 s of CPU
a process on 2 cores). Here each test process first compiles its own share of the files (every n-th one),
writing the bytecode where Python and pytest look for it; the imports that follow find most of it made. A
file whose bytecode is newer than it is left alone, so a second run costs a look at each file's date.
"""

from __future__ import annotations

import compileall
import fnmatch
import importlib.util
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def python_files(root: Path = ROOT) -> list[Path]:
    """The package's and the tests' Python files, in a fixed order."""
    return sorted(path for folder in ("course", "tests") for path in (root / folder).rglob("*.py"))


def is_rewritten(path: Path, config: pytest.Config) -> bool:
    """Whether pytest rewrites the asserts of `path` when it imports it (test files and conftest files)."""
    patterns = config.getini("python_files")
    return path.name == "conftest.py" or any(fnmatch.fnmatch(path.name, pattern) for pattern in patterns)


def compile_share(files: Iterable[Path], index: int, count: int, config: pytest.Config) -> list[Path]:
    """Compile every `count`-th file of `files` from the `index`-th; return the files compiled."""
    share = list(files)[index::count]
    made = []
    for path in share:
        if is_rewritten(path, config):
            if _rewrite(path, config):
                made.append(path)
        elif _compile(path):
            made.append(path)
    return made


def _compile(path: Path) -> bool:
    """Python's own bytecode of `path`, unless it is newer than the file; whether it was written."""
    if _is_newer(Path(importlib.util.cache_from_source(str(path))), path):
        return False
    return compileall.compile_file(path, quiet=2)


def _rewrite(path: Path, config: pytest.Config) -> bool:
    """pytest's rewritten bytecode of test file `path`, as its import hook makes and caches it, unless the
    cached one is newer than the file; whether it was written. (The hook's helpers are pytest's own, not public: if
    they are missing, the import makes it as it always did.)"""
    try:
        from _pytest.assertion import assertstate_key
        from _pytest.assertion.rewrite import PYC_TAIL, _rewrite_test, _write_pyc, get_cache_dir
    except ImportError:
        return False
    state = config.stash.get(assertstate_key, None)
    if state is None:  # asserts are not rewritten in this run (--assert=plain)
        return False
    cache = get_cache_dir(path)
    pyc = cache / (path.name[:-3] + PYC_TAIL)
    if _is_newer(pyc, path):
        return False
    cache.mkdir(parents=True, exist_ok=True)
    source_stat, code = _rewrite_test(path, config)
    return bool(_write_pyc(state, code, source_stat, pyc))


def _is_newer(pyc: Path, source: Path) -> bool:
    """Whether `pyc` was written after `source` last changed. (Only a shortcut: an import still checks the
    bytecode against the file, and makes it again if they differ.)"""
    try:
        return pyc.stat().st_mtime_ns >= source.stat().st_mtime_ns
    except OSError:
        return False


def share_the_compiling(config: pytest.Config) -> None:
    """In a pytest-xdist test process, compile this process's share before the tests are collected."""
    worker = getattr(config, "workerinput", None)
    if worker is None or sys.dont_write_bytecode:
        return
    compile_share(python_files(), int(worker["workerid"].removeprefix("gw")), int(worker["workercount"]), config)
