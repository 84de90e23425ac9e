"""The test processes of a run share the compiling of the checkout's Python files (tests/bytecode_share.py)."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

from tests.bytecode_share import compile_share, python_files


def _tree(root: Path) -> list[Path]:
    for n in range(5):
        (root / "course" / "sub").mkdir(parents=True, exist_ok=True)
        (root / "course" / f"mod{n}.py").write_text(f"VALUE = {n}\n")
        (root / "course" / "sub" / f"part{n}.py").write_text(f"PART = {n}\n")
    (root / "tests").mkdir()
    for n in range(4):
        (root / "tests" / f"test_thing{n}.py").write_text(f"def test_it():\n    assert {n} == {n}\n")
    (root / "tests" / "conftest.py").write_text("")
    (root / "tests" / "helpers.py").write_text("HELP = 1\n")
    return python_files(root)


def _bytecode(path: Path) -> Path:
    """Where Python's import, or pytest's for a test file, looks for the bytecode of `path`."""
    from _pytest.assertion.rewrite import PYC_TAIL, get_cache_dir

    if path.name.startswith("test_") or path.name == "conftest.py":
        return get_cache_dir(path) / (path.name[:-3] + PYC_TAIL)
    return Path(importlib.util.cache_from_source(str(path)))


def test_four_processes_compile_each_file_once_and_leave_none(tmp_path, pytestconfig):
    files = _tree(tmp_path)
    assert len(files) == 16
    shares = [compile_share(files, index, 4, pytestconfig) for index in range(4)]
    compiled = [path for share in shares for path in share]
    assert sorted(compiled) == files  # every file, and each once
    assert all(len(share) == 4 for share in shares)
    assert all(_bytecode(path).is_file() for path in files)


def test_a_second_run_compiles_nothing_and_a_changed_file_again(tmp_path, pytestconfig):
    files = _tree(tmp_path)
    compile_share(files, 0, 1, pytestconfig)
    assert compile_share(files, 0, 1, pytestconfig) == []
    changed = [files[0], next(path for path in files if path.name.startswith("test_"))]
    for path in changed:
        later = _bytecode(path).stat().st_mtime_ns + 1_000_000_000
        os.utime(path, ns=(later, later))
    assert compile_share(files, 0, 1, pytestconfig) == changed


def test_the_bytecode_written_is_the_one_the_imports_take(tmp_path, pytestconfig):
    """Python's import, and pytest's for a test file, take the bytecode as it is: they do not make it again."""
    from _pytest.assertion.rewrite import _read_pyc

    files = _tree(tmp_path)
    compile_share(files, 0, 1, pytestconfig)
    written = {path: _bytecode(path).stat().st_mtime_ns for path in files}
    for path in files:
        if path.name.startswith("test_") or path.name == "conftest.py":
            assert _read_pyc(path, _bytecode(path)) is not None
        else:
            spec = importlib.util.spec_from_file_location(f"shared_{path.stem}", path)
            assert spec is not None and spec.loader is not None
            spec.loader.exec_module(importlib.util.module_from_spec(spec))
    assert {path: _bytecode(path).stat().st_mtime_ns for path in files} == written
