"""The course map's problems box: errors first, then warnings, so that an error is never below the fold;
and a reload says so on the map's status line, which covers nothing, rather than in a notification that
would cover the box."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from course.content import load_course
from course.progress import ProgressStore
from course.tui.app import CourseApp
from course.tui.map.screen import MapScreen
from course.tui.map.view import build
from course.tui.widgets import StatusLine
from tests.tui_support import FIXTURE, sync

pytestmark = pytest.mark.usefixtures("fixed_seed")

BROKEN_QUIZ = (
    'id = "late-quiz"\ntitle = "Late exam"\npass_mark = 2\n\n[[questions]]\nid = "q"\ntype = "true_false"\n'
    'prompt = "Yes?"\nanswer = true\nexplanation = "Yes."\n'
)


def course_with_warnings(tmp_path: Path) -> Path:
    """The test course with seven TODO explanations: seven warnings, in files that sort before `zz-*`."""
    content = tmp_path / "course"
    shutil.copytree(FIXTURE, content)
    quiz = content / "quizzes" / "basics.toml"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace('explanation = "', 'explanation = "TODO: '),
                    encoding="utf-8")
    return content


def make_app(content: Path, progress: Path) -> CourseApp:
    course = load_course(content)
    store = ProgressStore(progress, course.id)
    app = CourseApp(course, store, store.open("Ed"))
    app.animation_level = "none"
    return app


def box_lines(app: CourseApp) -> list[str]:
    return app.screen.query_one("#problems").query_one(Static).content.plain.splitlines()


def test_the_map_view_lists_errors_before_warnings(tmp_path: Path) -> None:
    content = course_with_warnings(tmp_path)
    (content / "quizzes" / "zz-late.toml").write_text(BROKEN_QUIZ, encoding="utf-8")
    course = load_course(content)
    assert [p.severity for p in course.problems][-1] == "error"  # `course check` keeps file and line order
    summary = ProgressStore(tmp_path / "progress", course.id).open("Ed").summary
    severities = [p.severity for p in build(course, summary, "Ed").problems]
    assert severities == ["error"] + ["warning"] * 7


@sync
async def test_a_new_error_is_the_first_line_of_the_box_and_the_reload_covers_nothing(tmp_path: Path) -> None:
    content = course_with_warnings(tmp_path)
    app = make_app(content, tmp_path / "progress")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MapScreen)
        assert app.screen.query_one("#problems").border_title == "⚠ 7 warnings in the course files"
        (content / "quizzes" / "zz-late.toml").write_text(BROKEN_QUIZ, encoding="utf-8")
        await pilot.press("R")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, MapScreen)
        box = app.screen.query_one("#problems")
        assert box.border_title == "⚠ 1 error and 7 warnings in the course files"
        lines = box_lines(app)
        assert re.match(r"quizzes/zz-late\.toml:3 error: pass_mark: ", lines[0]), lines
        assert all(" warning: " in line for line in lines[1:])
        assert box.scroll_y == 0 and box.region.height > 2  # shown from its first line
        assert not list(app._notifications)  # nothing laid over the box
        assert app.screen.query_one(StatusLine).said == (
            "Course reloaded: 2 lessons, 2 quizzes, 8 problems."
        )


async def _reload_with_an_error(pilot: Pilot) -> None:
    app = pilot.app
    assert isinstance(app, CourseApp)
    await pilot.pause()
    (app.course.root / "quizzes" / "zz-late.toml").write_text(BROKEN_QUIZ, encoding="utf-8")
    await pilot.press("R")
    await pilot.pause()
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
def test_snapshot_of_the_map_after_a_reload_with_a_new_error(snap_compare, tmp_path: Path,
                                                             size: tuple[int, int]) -> None:
    app = make_app(course_with_warnings(tmp_path), tmp_path / "progress")
    assert snap_compare(app, terminal_size=size, run_before=_reload_with_an_error)
