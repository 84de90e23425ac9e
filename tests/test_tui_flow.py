"""The learner app driven by keys: first run, lesson, every question type, results, practice, relaunch."""

from __future__ import annotations

import asyncio
import io
import functools

import shutil
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import Input, OptionList, RadioButton, Select, Static

from course.content import load_course
from course.progress import ProgressSaveError, ProgressStore
from course.progress.learner import LearnerProgress
from course.tui.app import CourseApp
from course.progress import read_last_learner
from course.tui.lesson.screen import LessonScreen
from course.tui.map.screen import MapScreen
from course.tui.palette import CourseCommands
from course.tui.quiz.answers import OrderList
from course.tui.quiz.confirm import ConfirmSubmit
from course.tui.quiz.screen import QuizScreen
from course.tui.results.screen import ResultsScreen
from course.tui.welcome.screen import WelcomeScreen
from course.tui.widgets import SaveWarning

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "tui_course"
SIZE = (80, 24)


def sync(test):
    """Run an async test function to completion (no async pytest plugin is needed)."""

    @functools.wraps(test)
    def wrapper(*args, **kwargs):
        return asyncio.run(test(*args, **kwargs))

    return wrapper


pytestmark = pytest.mark.usefixtures("fixed_seed")


def make_app(progress: Path, learner: str | None = None, content: Path = FIXTURE) -> CourseApp:
    course = load_course(content)
    store = ProgressStore(progress, course.id)
    name = learner or read_last_learner(store.root)
    return CourseApp(course, store, store.open(name) if name else None)


def text_of(app: CourseApp, selector: str) -> str:
    """The plain text a Static shows (Rich renderables rendered without styles)."""
    content = app.screen.query_one(selector, Static).content
    if isinstance(content, str):
        return content
    if hasattr(content, "plain"):
        return content.plain
    console = Console(file=io.StringIO(), width=100, color_system=None, legacy_windows=False)
    console.print(content)
    return console.file.getvalue()


async def order_items(pilot, app: CourseApp) -> None:
    """Put the ordering question right with the keys the learner uses (↑ ↓ and K)."""
    items = app.screen.query_one(OrderList)
    for target in range(len(items.item_order)):
        here = items.item_order.index(target)
        while items.highlighted != here:
            await pilot.press("down" if items.highlighted < here else "up")
        for _ in range(here - target):
            await pilot.press("K")
    assert items.item_order == list(range(len(items.item_order)))


@sync
async def test_first_run_lesson_quiz_results_practice_and_continue(tmp_path: Path) -> None:
    progress = tmp_path / "progress"
    app = make_app(progress)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        # No name, or an invalid one, says what to do and keeps the welcome screen.
        await pilot.press("enter")
        assert isinstance(app.screen, WelcomeScreen)
        assert text_of(app, "#error") == "Type your name first, then press Enter."
        await pilot.press(*"../x", "enter")
        assert isinstance(app.screen, WelcomeScreen)
        assert "cannot be used as a learner name" in text_of(app, "#error")
        app.screen.query_one("#name", Input).value = ""
        await pilot.press(*"Ana", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MapScreen)
        assert read_last_learner(progress) == "Ana"

        # Lesson: open the highlighted (next step) module, read to the end.
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert "Define outsourcing" in text_of(app, "#text")
        await pilot.press("n")
        assert app.learner.summary.lessons["basics"].section == "where-work-happens"
        await pilot.press("n")
        assert app.learner.summary.lessons["basics"].completed_at is not None

        # Quiz: every question type.
        await pilot.press("t")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        assert "1 / 7" in text_of(app, ".topbar .where")
        await pilot.press("space", "a")  # single: A. Outsourcing
        assert "✓ Correct" in text_of(app, "#feedback")
        await pilot.press("n")
        await pilot.press("space", "down", "space", "a")  # multiple: Flexibility + Skills
        assert "✓ Correct" in text_of(app, "#feedback")
        await pilot.press("n")
        await pilot.press("down", "space", "a")  # true/false: False
        assert "✓ Correct" in text_of(app, "#feedback")
        await pilot.press("n")
        await pilot.pause()
        question = screen.session.questions[3].question
        for index, pair in enumerate(question.pairs):  # matching: one Select per item
            screen.query_one(f"#pair-{index}", Select).value = pair.match
        await pilot.press("a")
        assert "✓ Correct" in text_of(app, "#feedback")
        await pilot.press("n")
        await pilot.pause()
        await order_items(pilot, app)  # ordering: move items with keys
        await pilot.press("a")
        assert "✓ Correct" in text_of(app, "#feedback")
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"sla", "enter")  # short answer, case does not matter
        assert "✓ Correct" in text_of(app, "#feedback")
        await pilot.press("n")
        await pilot.pause()
        assert screen.query_one("#number", Input).type == "number"
        await pilot.press("tab", "f")  # leave the number box, flag the question and skip it
        assert screen.session.is_flagged(6)
        # Submitting with a question unanswered asks first.
        await pilot.press("S")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmSubmit)
        await pilot.press("n")
        assert app.screen is screen
        await pilot.press("S", "y")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        score = text_of(app, "#score")
        assert "✗ NOT PASSED" not in score and "✓ PASSED" in score and "86%" in score
        detail = text_of(app, "#detail-text")
        assert "Question 7" in detail and "skipped" in detail and "Right answer: 2 lessons" in detail
        summary = app.learner.summary.quizzes["basics-quiz"]
        assert summary.passed and summary.attempts == 1

        # Reread opens the lesson section of the highlighted question, on top of the results.
        await pilot.press("home", "r")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert app.screen.lesson.sections[app.screen.index].id == "definitions"
        await pilot.press("escape")
        assert isinstance(app.screen, ResultsScreen)

        # Practise the one missed: a practice attempt with only that question.
        await pilot.press("m")
        await pilot.pause()
        practice = app.screen
        assert isinstance(practice, QuizScreen)
        assert practice.session.attempt.practice
        assert [p.key for p in practice.session.questions] == ["q-numeric"]
        await pilot.press(*"2", "enter")
        assert "✓ Correct" in text_of(app, "#feedback")
        await pilot.press("S")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        assert "100%" in text_of(app, "#score")


        # Start the second quiz (feedback at the end), answer one question, move on, quit.
        await pilot.press("escape")
        assert isinstance(app.screen, MapScreen)
        modules = app.screen.query_one(OptionList)
        modules.highlighted = 1
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        await pilot.press("space", "a")  # True; with feedback at the end: saved, no verdict, no jump
        await pilot.pause()
        assert app.screen.index == 0 and app.screen.session.is_answered(0)
        assert "✓" not in text_of(app, "#feedback") and "saved" in text_of(app, "#hint")
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.index == 1
        await pilot.press("ctrl+q")

    # Relaunch: straight to the map; Continue lands on the same question.
    again = make_app(progress)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, MapScreen)
        assert "Continue the quiz “Costs quiz”" in text_of(again, "#next")
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(again.screen, QuizScreen)
        assert again.screen.index == 1
        assert again.screen.session.is_answered(0)


@sync
async def test_continue_lands_on_the_lesson_section(tmp_path: Path) -> None:
    progress = tmp_path / "progress"
    app = make_app(progress, "Ben")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("n")
        await pilot.press("ctrl+q")
    again = make_app(progress, "Ben")
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Where work happens" in text_of(again, "#next")
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(again.screen, LessonScreen)
        assert again.screen.index == 1


@sync
async def test_broken_content_file_is_listed_and_the_rest_works(tmp_path: Path) -> None:
    content = tmp_path / "course"
    shutil.copytree(FIXTURE, content)
    (content / "quizzes" / "broken.toml").write_text('id = "broken"\ntitle = "Broken"\npass_mak = 2\n')
    app = make_app(tmp_path / "progress", "Cy", content)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MapScreen)
        box = app.screen.query_one("#problems")
        listed = box.query_one(Static).content.plain
        assert "quizzes/broken.toml" in listed and "pass_mak" in listed
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)


@sync
async def test_save_failure_shows_a_notice_and_the_learner_keeps_working(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(tmp_path / "progress", "Di")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()

        def fail(*args, **kwargs):
            raise ProgressSaveError("Could not save your progress: the disk is full.")

        monkeypatch.setattr(LearnerProgress, "lesson_moved", fail)
        await pilot.press("n")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LessonScreen) and screen.index == 1  # the move still happened
        warning = screen.query_one(SaveWarning)
        assert warning.has_class("-shown") and "disk is full" in warning.content.plain
        assert any(n.severity == "error" and "disk is full" in n.message for n in app._notifications)

        monkeypatch.setattr(LearnerProgress, "record_answer", fail)
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("space", "a")
        assert not app.screen.session.is_answered(0)
        assert app.screen.query_one(SaveWarning).has_class("-shown")
        monkeypatch.undo()
        await pilot.press("a")  # saving works again: the warning goes
        assert app.screen.session.is_answered(0)
        assert not app.screen.query_one(SaveWarning).has_class("-shown")


@sync
async def test_content_markup_is_shown_literally_and_never_runs(tmp_path: Path) -> None:
    app = make_app(tmp_path / "progress", "Ed")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_quiz("basics-quiz")
        await pilot.pause()
        labels = [str(b.label) for b in app.screen.query(RadioButton)]
        assert "B. Offshoring [@click=app.quit]click[/]" in labels
        await pilot.click(RadioButton, offset=(20, 0))
        await pilot.click(RadioButton)
        assert app.is_running


@sync
async def test_theme_is_remembered_and_high_contrast_is_offered(tmp_path: Path) -> None:
    progress = tmp_path / "progress"
    app = make_app(progress, "Flo")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "high-contrast" in app.available_themes
        app.theme = "high-contrast"
        await pilot.pause()
    assert ProgressStore(progress, "tui-course").open("Flo").summary.theme == "high-contrast"
    again = make_app(progress, "Flo")
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.theme == "high-contrast"


@sync
async def test_switch_learner_and_help(tmp_path: Path) -> None:
    progress = tmp_path / "progress"
    app = make_app(progress, "Gus")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        app.screen.query_one("#name", Input).focus()
        await pilot.press(*"Hana", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MapScreen) and app.learner.name == "Hana"
        assert sorted(app.store.learners()) == ["Gus", "Hana"]
        titles = [c.title for c in CourseCommands(app.screen).commands()]
        assert "Go to lesson: Basics of sending work out" in titles
        assert "Take quiz: Costs quiz" in titles and "Switch learner" in titles


@sync
async def test_attempts_limit_is_respected(tmp_path: Path) -> None:
    app = make_app(tmp_path / "progress", "Ida")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(2):
            app.open_quiz("more-quiz")
            await pilot.pause()
            await pilot.press("S", "y")
            await pilot.pause()
            assert isinstance(app.screen, ResultsScreen)
        await pilot.press("t")  # retry: no attempts left
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        assert any("used all 2 attempts" in n.message for n in app._notifications)


@sync
async def test_a_200_question_exam_mounts_only_the_current_question(tmp_path: Path) -> None:
    content = tmp_path / "course"
    shutil.copytree(FIXTURE, content)
    questions = "".join(
        f'[[questions]]\nid = "q{i}"\ntype = "true_false"\nprompt = "Statement {i}"\nanswer = true\n'
        f'explanation = "Because."\n\n'
        for i in range(200)
    )
    (content / "quizzes" / "exam.toml").write_text(f'id = "exam"\ntitle = "Exam"\n\n{questions}')
    app = make_app(tmp_path / "progress", "Jo", content)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_quiz("exam")
        await pilot.pause()
        screen = app.screen
        widgets_at_start = len(list(screen.walk_children()))
        for _ in range(30):
            await pilot.press("n")
        await pilot.pause()
        assert screen.index == 30
        assert len(list(screen.walk_children())) == widgets_at_start
        assert "31 / 200" in text_of(app, ".topbar .where")


@sync
async def test_esc_in_a_text_box_leaves_the_box_not_the_quiz(tmp_path: Path) -> None:
    app = make_app(tmp_path / "progress", "ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_quiz("basics-quiz", question=5)  # the short-answer question
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen) and screen.index == 5
        box = screen.query_one("#text", Input)
        await pilot.press("n", "o")  # typed into the focused box, not taken as keys
        assert box.value == "no" and screen.index == 5
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and not box.has_focus
        await pilot.press("n")  # now the letter keys work again
        await pilot.pause()
        assert screen.index == 6


@sync
async def test_jumping_to_a_typed_question_puts_the_cursor_in_its_box(tmp_path: Path) -> None:
    app = make_app(tmp_path / "progress", "ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_quiz("basics-quiz")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        for target, box in ((6, "#number"), (5, "#text"), (6, "#number")):
            screen.show_question(target)  # as n, p, u and Continue do
            await pilot.pause()
            assert screen.query_one(box, Input).has_focus, (target, app.focused)


@sync
async def test_what_is_chosen_shows_without_colour(tmp_path: Path) -> None:
    """A dot marks the chosen radio button and a tick each chosen box; nothing marks the others."""
    from course.tui.quiz.answers import CheckList, ChoiceButton

    app = make_app(tmp_path / "progress", "ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_quiz("basics-quiz")
        await pilot.pause()
        screen = app.screen
        buttons = list(screen.query(ChoiceButton))  # question 1: single choice
        assert [b.render().plain[:3] for b in buttons] == ["▐ ▌", "▐ ▌"]
        await pilot.press("down", "space")
        await pilot.pause()
        assert [b.render().plain[:3] for b in buttons] == ["▐ ▌", "▐●▌"]
        screen.show_question(1)  # multiple choice
        await pilot.pause()
        checks = screen.query_one(CheckList)
        await pilot.press("space")
        await pilot.pause()
        marks = [checks.render_line(line).text[:3] for line in range(checks.option_count)]
        assert marks[0] == "▐✓▌" and all(mark == "▐ ▌" for mark in marks[1:])


@sync
async def test_reload_shows_a_lesson_added_while_the_app_runs(tmp_path: Path) -> None:
    content = tmp_path / "course"
    shutil.copytree(FIXTURE, content)
    app = make_app(tmp_path / "progress", "ana", content=content)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = len(app.course.lessons)
        (content / "lessons" / "zz-extra.md").write_text(
            '+++\nid = "extra"\ntitle = "An extra lesson"\norder = 99\nsummary = "Added later."\n'
            'objectives = ["Read it"]\n+++\n\n## Only section\n\nText.\n',
            encoding="utf-8",
        )
        (content / "quizzes" / "broken.toml").write_text("id = [\n", encoding="utf-8")
        await pilot.press("R")
        await pilot.pause()
        assert isinstance(app.screen, MapScreen)
        assert len(app.course.lessons) == before + 1
        assert "An extra lesson" in str(app.screen.query_one(OptionList).get_option_at_index(before).prompt)
        assert any(p.file == "quizzes/broken.toml" for p in app.course.problems)
        assert app.screen.query("#problems")
