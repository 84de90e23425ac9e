"""Hostile content and names: markup is shown literally and never runs an action, terminal escape
sequences never reach the terminal, and learner names that could escape the progress folder are refused."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from course.content import load_course
from course.progress import InvalidLearnerName, ProgressStore, validate_learner_name
from course.quizrun import QuizSession
from tests.answers import wrong
from tests.screen import find_on_screen, screen_text

HOSTILE_NAMES = ["../x", "..", "x/../../y", "/etc/passwd", "/tmp/abs", "a\x00b", "\x00", "n" * 300, "", "   ",
                 "a/b", "a\\b", ".hidden", "con", "ann\x1b[31m", "a\nb", "[@click=app.quit]x[/]"]


@pytest.mark.parametrize("name", HOSTILE_NAMES, ids=repr)
def test_hostile_learner_names_are_refused(tmp_path, name):
    with pytest.raises(InvalidLearnerName) as caught:
        validate_learner_name(name)
    assert "cannot be used as a learner name" in str(caught.value) or "must be text" in str(caught.value)
    with pytest.raises(InvalidLearnerName):
        ProgressStore(tmp_path / "progress", "c").open(name)
    assert not (tmp_path / "progress").exists() or list((tmp_path / "progress").iterdir()) == []
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize("name", ["../x", "/abs/path", "a\x00b", "n" * 300])
def test_the_app_refuses_hostile_learner_names_before_writing(tmp_path, name, capsys):
    from course.tui import run

    assert run(None, name, str(tmp_path / "progress")) == 2
    assert "cannot be used as a learner name" in capsys.readouterr().err
    assert not (tmp_path / "progress").exists() or list((tmp_path / "progress").iterdir()) == []


# ------------------------------------------------------------------------------------------ content

CLICK = "[@click=app.quit]Quit[/]"
MARKUP = f"{CLICK} [b]bold[/b] [link=https://example.com]site[/link]"
ESCAPES_TOML = r"\u001b[31mred\u001b[0m \u001b]52;c;SGVsbG8=\u0007 bell\u0007 \u009b2J"
ESCAPES = "\x1b[31mred\x1b[0m \x1b]52;c;SGVsbG8=\x07 bell\x07 \x9b2J"
RAW = ("\x1b", "\x07", "\x9b", "\x9d", "SGVsbG8=")


def _toml(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def hostile_course(root: Path) -> Path:
    (root / "lessons").mkdir(parents=True)
    (root / "quizzes").mkdir()
    title = f"{CLICK} T{ESCAPES_TOML}"
    (root / "lessons" / "01-evil.md").write_text(
        "+++\n"
        'id = "evil"\n'
        f'title = "{CLICK} T{ESCAPES_TOML}"\n'
        "order = 1\n"
        f'summary = "{MARKUP} {ESCAPES_TOML}"\n'
        f'objectives = ["{MARKUP} {ESCAPES_TOML}"]\n'
        'quiz = "evil-quiz"\n'
        "+++\n\n"
        f"Intro {MARKUP} {ESCAPES}\n\n"
        f"## Section {CLICK}\n\n"
        f"Body {MARKUP} and {ESCAPES} end.\n",
        "utf-8",
    )
    (root / "quizzes" / "01-evil.toml").write_text(
        'id = "evil-quiz"\n'
        f'title = "{CLICK} Q{ESCAPES_TOML}"\n'
        'lesson = "evil"\n'
        "\n[[questions]]\n"
        'id = "q1"\n'
        'type = "single"\n'
        f'prompt = "Prompt {MARKUP} {ESCAPES_TOML}"\n'
        f'explanation = "Explained {MARKUP} {ESCAPES_TOML}"\n'
        'lint_ok = ["longest-option"]\n'  # the escapes make the right option the longest
        "\n[[questions.options]]\n"
        f'text = "Right {CLICK} {ESCAPES_TOML}"\n'
        "correct = true\n"
        "\n[[questions.options]]\n"
        f'text = "Wrong {CLICK}"\n'
        f'feedback = "Feedback {MARKUP} {ESCAPES_TOML}"\n',
        "utf-8",
    )
    assert title
    return root


def test_hostile_content_loads_with_the_text_kept_as_written(tmp_path):
    course = load_course(hostile_course(tmp_path / "course"))
    assert course.problems == []
    lesson = course.lesson("evil")
    assert lesson.title.startswith(CLICK) and "\x1b]52;" in lesson.title  # the engine keeps it; the app cleans it
    assert course.quiz("evil-quiz").questions[0].prompt == f"Prompt {MARKUP} {ESCAPES}"


def _assert_clean(text: str) -> None:
    for raw in RAW:
        assert raw not in text, f"{raw!r} reached the screen"


async def _click_every_literal(app, pilot, needle: str = "[@click") -> int:
    """Click on every place the literal action link is shown; return how many."""
    clicks = 0
    for x, y in find_on_screen(app, needle):
        await pilot.click(offset=(x + 3, y))
        await pilot.pause()
        assert app.is_running and app.return_code is None, "a click ran an action from the content"
        clicks += 1
    return clicks


def test_hostile_content_in_the_app_is_literal_and_inert(tmp_path):
    from course.tui.app import CourseApp
    from course.tui.lesson.screen import LessonScreen
    from course.tui.map.screen import MapScreen
    from course.tui.quiz.screen import QuizScreen

    course = load_course(hostile_course(tmp_path / "course"))
    store = ProgressStore(tmp_path / "progress", course.id)
    learner = store.open("ann")
    # answer the question wrongly first, so the quiz shows its explanation and the option's feedback
    session = QuizSession.start(course, course.quiz("evil-quiz"), learner, seed=1)
    played = session.questions[0]
    session.answer(0, wrong(played.question))
    app = CourseApp(course, store, learner)

    async def scenario() -> None:
        async with app.run_test(size=(160, 50)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, MapScreen)
            text = screen_text(app)
            assert f"{CLICK} T" in text
            _assert_clean(text)
            assert await _click_every_literal(app, pilot) >= 1

            app.open_lesson("evil")
            await pilot.pause()
            assert isinstance(app.screen, LessonScreen)
            text = screen_text(app)
            for literal in (f"{CLICK} T", "[b]bold[/b]", "[link=https://example.com]site[/link]", "Body [@click"):
                assert literal in text, literal
            _assert_clean(text)
            assert await _click_every_literal(app, pilot) >= 2
            for key in ("enter", "space", "right", "down", "tab", "enter"):
                await pilot.press(key)
                await pilot.pause()
                assert app.is_running and app.return_code is None

            app.open_quiz("evil-quiz")
            await pilot.pause()
            await pilot.pause()
            assert isinstance(app.screen, QuizScreen)
            text = screen_text(app)
            for literal in (f"{CLICK} Q", "Prompt [@click", "Right [@click", "Wrong [@click", "Explained [@click",
                            "Feedback [@click", "[b]bold[/b]"):
                assert literal in text, literal
            _assert_clean(text)
            assert await _click_every_literal(app, pilot) >= 3
            for key in ("enter", "space", "a", "n", "enter"):
                await pilot.press(key)
                await pilot.pause()
                assert app.is_running and app.return_code is None
            _assert_clean(screen_text(app))
            app.exit(0)

    asyncio.run(scenario())
