"""The boundaries between the command line, the learner app and the engine, checked two ways.

import-linter reads the imports (the contracts are in pyproject.toml); each contract is also shown to break
when violations are planted in a copy of the package (a clean copy keeps them all; every planted violation must
be named under its own contract), so a contract that no longer checks anything fails here. Then every engine module, found by walking the package, is imported for real in a fresh interpreter
and Textual must not be loaded.
"""

from __future__ import annotations

import os
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import course
from tests.conftest import ROOT, made_once

LAYERS = "The command line is above the learner app, which is above the engine"
TEXTUAL = "Only the learner app imports Textual"
APP = "Only the launcher imports the app; screens talk to it with messages"
PLAIN = "The plain mode's modules import each other without a cycle"
CONTRACTS = (LAYERS, TEXTUAL, APP, PLAIN)


def _lint_imports() -> list[str]:
    script = Path(sys.executable).parent / "lint-imports"
    if script.exists():
        return [str(script)]
    found = shutil.which("lint-imports")
    if found:
        return [found]
    pytest.fail("lint-imports is not installed; it is part of the test extra: pip install -e '.[test]'")


def _run_lint(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*_lint_imports(), "--no-cache"], cwd=root, capture_output=True, text=True, timeout=120, check=False,
        env={**os.environ, "PYTHONPATH": str(root)},
    )


def test_import_linter_contracts_hold() -> None:
    done = _run_lint(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    for name in CONTRACTS:
        assert f"{name} KEPT" in done.stdout, done.stdout


def _copy_package(folder: Path) -> None:
    shutil.copytree(ROOT / "course", folder / "course", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "pyproject.toml", folder / "pyproject.toml")


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    """A copy of the package and its import contracts, to plant violations in."""
    _copy_package(tmp_path)
    return tmp_path


def test_a_clean_copy_keeps_every_contract(package_copy: Path) -> None:
    done = _run_lint(package_copy)
    assert done.returncode == 0, done.stdout + done.stderr
    for name in CONTRACTS:
        assert f"{name} KEPT" in done.stdout, done.stdout


def _plant(root: Path, relative: str, code: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    before = path.read_text(encoding="utf-8") if path.exists() else ""
    path.write_text(before + "\n" + code, encoding="utf-8")


PLANTED = [
    pytest.param("course/newthing.py", "import textual\n", TEXTUAL, "course.newthing -> textual",
                 id="new-engine-module-imports-textual"),
    pytest.param("course/progress/newthing.py", "from textual.widgets import Static\n", TEXTUAL,
                 "course.progress.newthing -> textual", id="new-module-in-an-engine-package-imports-textual"),
    pytest.param("course/reports/__init__.py", "from textual.app import App\n", TEXTUAL, "course.reports -> textual",
                 id="existing-engine-module-imports-textual"),
    pytest.param("course/xapi/statements.py", "def _late():\n    from course.tui.safe import clean\n", LAYERS,
                 "course.xapi.statements -> course.tui.safe", id="engine-imports-the-app-inside-a-function"),
    pytest.param("course/plain/quiz.py", "def _late():\n    from course.tui.safe import clean\n", LAYERS,
                 "course.plain.quiz -> course.tui.safe", id="plain-mode-imports-the-app"),
    pytest.param("course/tui/map/screen.py", "def _late():\n    import course.plain.map\n", LAYERS,
                 "course.tui.map.screen -> course.plain.map", id="the-app-imports-the-plain-mode"),
    pytest.param("course/plain/newthing.py", "import textual\n", TEXTUAL, "course.plain.newthing -> textual",
                 id="plain-mode-imports-textual"),
    pytest.param("course/newthing.py", "import course.progress\n", LAYERS, "course.newthing",
                 id="new-module-outside-every-layer"),
    # The engine's own layers: a lower layer importing a higher one, even inside a function.
    pytest.param("course/content/models.py", "def _late():\n    from course.scoring import score\n", LAYERS,
                 "course.content.models -> course.scoring", id="content-imports-scoring"),
    pytest.param("course/content/leaks.py", "def _late():\n    from course.quizrun import QuizSession\n", LAYERS,
                 "course.content.leaks -> course.quizrun", id="content-imports-above-scoring"),
    pytest.param("course/content/loader.py", "def _late():\n    import course.progress\n", LAYERS,
                 "course.content.loader -> course.progress", id="content-imports-progress"),
    pytest.param("course/scoring.py", "def _late():\n    from course.progress import ProgressStore\n", LAYERS,
                 "course.scoring -> course.progress", id="scoring-imports-progress"),
    pytest.param("course/qtypes/base.py", "def _late():\n    import course.locations\n", LAYERS,
                 "course.qtypes.base -> course.locations", id="question-types-import-locations"),
    pytest.param("course/scoring.py", "def _late():\n    import course.quizrun\n", LAYERS,
                 "course.scoring -> course.quizrun", id="scoring-imports-the-quiz-run"),
    pytest.param("course/events.py", "def _late():\n    import course.xapi\n", LAYERS,
                 "course.events -> course.xapi", id="events-import-xapi"),
    pytest.param("course/words.py", "def _late():\n    import course.locations\n", LAYERS,
                 "course.words -> course.locations", id="words-import-locations"),
    pytest.param("course/qtypes/base.py", "def _late():\n    import course.content\n", LAYERS,
                 "course.qtypes.base -> course.content", id="question-types-import-content"),
    pytest.param("course/reports/__init__.py", "def _late():\n    import course.certificate\n", LAYERS,
                 "course.reports -> course.certificate", id="reports-import-the-certificate"),
    pytest.param("course/plain/quiz.py", "def _late():\n    from course.plain.lesson import read_lesson\n", PLAIN,
                 ".quiz -> .lesson", id="plain-quiz-imports-the-lesson-reader"),
    pytest.param("course/tui/lesson/screen.py",
                 "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from course.tui.app import CourseApp\n",
                 APP, "course.tui.lesson.screen -> course.tui.app", id="screen-imports-the-app-for-types"),
    pytest.param("course/tui/widgets/newthing.py", "def _late():\n    import course.tui.app\n", APP,
                 "course.tui.widgets.newthing -> course.tui.app", id="new-widget-module-imports-the-app"),
]


def _plant_every_violation(folder: Path) -> None:
    """A copy of the package with every violation of PLANTED in it, and what lint-imports says of it (its status
    on the first line of lint.txt)."""
    _copy_package(folder)
    for planted in PLANTED:
        relative, code, _, _ = planted.values
        _plant(folder, relative, code)
    done = _run_lint(folder)
    (folder / "lint.txt").write_text(f"{done.returncode}\n{done.stdout}{done.stderr}", encoding="utf-8")


@pytest.fixture(scope="module")
def every_violation_planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, str]:
    """lint-imports' status and output on a copy of the package holding every planted violation: one run for
    them all (conftest.made_once), since each run reads the whole package again. A clean copy keeps every
    contract (above), so whatever a contract reports there comes from what was planted."""
    folder = made_once(tmp_path_factory, "every-violation-planted", _plant_every_violation)
    status, _, output = (folder / "lint.txt").read_text(encoding="utf-8").partition("\n")
    return int(status), output


def broken_section(output: str, contract: str, names: tuple[str, ...] = CONTRACTS) -> str:
    """What lint-imports says under `contract` in its list of broken contracts, up to the next of `names`
    ("" if it is not there)."""
    _, _, listing = output.partition("Broken contracts")
    starts = sorted((listing.index(f"\n{name}\n"), name) for name in names if f"\n{name}\n" in listing)
    for (start, name), (end, _) in zip(starts, [*starts[1:], (len(listing), "")], strict=True):
        if name == contract:
            return listing[start:end]
    return ""


def test_the_report_is_split_by_contract() -> None:
    output = "A BROKEN\nB BROKEN\nBroken contracts\n----\n\nA\n-\n- a -> b\n\nB\n-\n- c -> d\n"
    a, b = broken_section(output, "A", ("A", "B")), broken_section(output, "B", ("A", "B"))
    assert "a -> b" in a and "c -> d" not in a
    assert "c -> d" in b and "a -> b" not in b
    assert broken_section(output, "C", ("A", "B")) == ""


@pytest.mark.parametrize(("relative", "code", "contract", "named"), PLANTED)
def test_a_planted_violation_breaks_its_contract(
    every_violation_planted: tuple[int, str], relative: str, code: str, contract: str, named: str
) -> None:
    status, output = every_violation_planted
    assert status != 0, output
    assert f"{contract} BROKEN" in output, output
    # The planted module (only in the copy) is named under its own contract.
    assert named in broken_section(output, contract), output


def engine_modules() -> list[str]:
    """Every module of the package outside the learner app (`__main__` runs the program, so not that)."""
    found = [
        info.name
        for info in pkgutil.walk_packages(course.__path__, prefix="course.")
        if not (info.name == "course.tui" or info.name.startswith("course.tui."))
        and not info.name.endswith(".__main__")
    ]
    return ["course", *sorted(found)]


def test_the_engine_module_list_is_found_not_written() -> None:
    modules = engine_modules()
    for name in ("course.cli", "course.reports", "course.xapi", "course.importers", "course.importers.gift",
                 "course.progress.store", "course.content.loader", "course.quizrun", "course.scoring"):
        assert name in modules
    assert not [m for m in modules if m.startswith("course.tui")]


def test_no_engine_module_loads_textual() -> None:
    """Import every engine module for real, one after the other, and name the first that loads Textual."""
    code = (
        "import importlib, sys\n"
        f"for name in {engine_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "    bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith(('textual.', 'course.tui')))\n"
        "    if bad:\n"
        "        sys.exit(f'{name} loaded {bad[:5]}')\n"
        "from course.content import load_course\n"
        "from course.locations import shipped_content_dir\n"
        "load_course(shipped_content_dir())\n"
        "assert 'textual' not in sys.modules, 'loading the course loaded textual'\n"
        "print('ok', len([m for m in sys.modules if m.startswith('course')]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("ok ")


def test_course_check_does_not_load_textual() -> None:
    code = (
        "import sys\nfrom course.cli import main\n"
        "rc = main(['check'])\n"
        "assert 'textual' not in sys.modules, 'textual imported by course check'\n"
        "sys.exit(rc)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_nothing_in_the_learner_app_reaches_the_app_module_even_through_others() -> None:
    """The contract above checks direct imports; this follows chains too (only the launcher may import it)."""
    import grimp

    graph = grimp.build_graph("course", cache_dir=None)
    launchers = {"course.tui", "course.tui.__main__", "course.tui.app"}
    modules = sorted(m for m in graph.find_descendants("course.tui") if m not in launchers)
    assert "course.tui.map.screen" in modules and "course.tui.palette" in modules
    chains = {m: chain for m in modules if (chain := graph.find_shortest_chain(importer=m, imported="course.tui.app"))}
    assert not chains, chains
