"""What `course --plain` has imported when it prints its first line, checked as a set of module names (no
stopwatch): the title comes from course.toml alone, and the course, its models, the progress files, the review
scheduler and the certificate load after it, while the learner reads."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.plain_support import plain_env

NOT_BEFORE_THE_FIRST_LINE = (
    "pydantic",
    "pydantic_core",
    "fsrs",
    "textual",
    "markdown_it",
    "fpdf",
    "course.content",
    "course.progress",
    "course.review",
    "course.scoring",
    "course.quizrun",
    "course.certificate",
    "course.plain.map",
    "course.plain.quiz",
)

HOOK = textwrap.dedent(
    """
    import json, os, sys

    out = os.environ["GUARD_OUT"]

    class Watched:
        def __init__(self, stream):
            self._stream = stream

        def write(self, text):
            if text.strip() and not os.path.exists(out):
                with open(out, "w", encoding="utf-8") as file:
                    json.dump({"line": text, "modules": sorted(sys.modules)}, file)
            return self._stream.write(text)

        def __getattr__(self, name):
            return getattr(self._stream, name)

    sys.stdout = Watched(sys.stdout)
    from course.cli import console
    sys.argv[0] = "course"
    sys.exit(console())
    """
)


def test_the_first_line_comes_before_the_course_is_loaded(tmp_path: Path) -> None:
    out = tmp_path / "first.json"
    env = plain_env(tmp_path / "progress", GUARD_OUT=str(out))
    done = subprocess.run([sys.executable, "-c", HOOK, "--plain", "--learner", "Ana"], input="q\n", env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert "Your progress is saved. Goodbye." in done.stdout  # the whole session ran after the first line
    seen = json.loads(out.read_text("utf-8"))
    assert seen["line"].startswith("Test course. Plain mode: one line at a time")
    early = sorted(name for name in seen["modules"]
                   if any(name == m or name.startswith(m + ".") for m in NOT_BEFORE_THE_FIRST_LINE))
    assert early == [], f"imported before plain mode's first line: {early}"
    assert done.stdout.count("Plain mode: one line at a time") == 1


def test_without_a_usable_title_in_course_toml_the_loaded_course_names_itself(tmp_path: Path) -> None:
    import shutil

    from tests.tui_support import FIXTURE

    content = tmp_path / "course"
    shutil.copytree(FIXTURE, content)
    toml = content / "course.toml"
    toml.write_text(toml.read_text("utf-8").replace('title = "Test course"', 'title = ""'), "utf-8")
    env = {**plain_env(tmp_path / "progress"), "COURSE_CONTENT_DIR": str(content)}
    done = subprocess.run([sys.executable, "-m", "course", "--plain", "--learner", "Ana"], input="q\n", env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "Course. Plain mode: one line at a time; type ? at any prompt for help."
    assert done.stdout.count("Plain mode: one line at a time") == 1
    assert "title must be a non-empty string" in done.stdout
