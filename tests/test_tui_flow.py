"""The learner app driven by keys: continuing, broken content, failed saves, content markup, themes, learners,
attempt limits, long exams, text boxes and reloading. The first run, step by step: tests/test_tui_first_run.py."""

from __future__ import annotations

import shutil
from datetime import UTC
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList, RadioButton, Static

from course.progress import ProgressSaveError, ProgressStore
from course.progress.learner import LearnerProgress
from course.tui.lesson.screen import LessonScreen
from course.tui.map.screen import MapScreen
from course.tui.palette import CourseCommands
from course.tui.quiz.answers import AnswerWidget
from course.tui.quiz.screen import QuizScreen
from course.tui.results.screen import ResultsScreen
from course.tui.welcome.screen import WelcomeScreen
from course.tui.widgets import SaveWarning
from tests.screen import find_on_screen
from tests.tui_support import FIXTURE, SIZE, make_app, plain, sync, text_of

pytestmark = pytest.mark.usefixtures("fixed_seed")


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
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, notices: list[tuple[str, str]]
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
        assert any(severity == "error" and "disk is full" in message for severity, message in notices)

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
        buttons = list(app.screen.query(RadioButton))
        (button,) = [b for b in buttons if "[@click" in str(b.label)]  # the option holding the markup
        assert str(button.label) == "2. Offshoring [@click=app.quit]click[/]"
        assert button.render().plain.endswith("2. Offshoring [@click=app.quit]click[/] ")
        (where,) = find_on_screen(app, "Offshoring [@click=app.quit]click[/]")
        for offset in (len("Offshoring [@click=app.quit]"), len("Offshoring [@cl")):  # on "click", on the action
            await pilot.click(offset=(where[0] + offset, where[1]))
            await pilot.pause()
            assert app.is_running and app.return_code is None, "a click on the option ran its markup"
        assert button.value and [b.value for b in buttons] == [False, True]  # the click chose that option
        await pilot.press("a")
        await pilot.pause()
        assert app.is_running and app.screen.session.answer_for(0).response == "b"
        assert "Offshoring is about where, not who." in text_of(app, "#feedback")


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
async def test_attempts_limit_is_respected(tmp_path: Path, notices: list[tuple[str, str]]) -> None:
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
        assert any("used all 2 attempts" in message for _, message in notices)


@sync
async def test_a_200_question_exam_keeps_only_the_current_question_and_its_neighbours(tmp_path: Path) -> None:
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
        await pilot.press("n")
        await pilot.pause()
        assert sorted(screen.answer_widgets) == [0, 1, 2]
        widgets_at_two = len(list(screen.walk_children()))
        for _ in range(29):
            await pilot.press("n")
        await pilot.pause()
        assert screen.index == 30
        assert sorted(screen.answer_widgets) == [29, 30, 31]
        assert len(list(screen.walk_children())) == widgets_at_two
        assert [w.display for w in screen.query(AnswerWidget)].count(True) == 1
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
        await pilot.press("enter", "n", "o")  # into the box: typed, not taken as keys
        assert box.value == "no" and screen.index == 5
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and not box.has_focus
        await pilot.press("n")  # now the letter keys work again
        await pilot.pause()
        assert screen.index == 6


@sync
async def test_jumping_to_a_typed_question_puts_the_cursor_in_its_box(tmp_path: Path) -> None:
    """However the learner arrives on a text or number question, the cursor is in its box; after Esc, Enter
    puts it back."""
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
            await pilot.press("escape")
            assert not screen.query_one(box, Input).has_focus, (target, app.focused)
            await pilot.press("enter")
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
        assert [b.value for b in buttons] == [False, False]
        assert [b.render().plain[:3] for b in buttons] == ["▐ ▌", "▐ ▌"]
        await pilot.press("down", "space")
        await pilot.pause()
        assert [b.value for b in buttons] == [False, True]
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
        assert "An extra lesson" in plain(app.screen.query_one(OptionList).get_option_at_index(before).prompt)
        assert any(p.file == "quizzes/broken.toml" for p in app.course.problems)
        assert app.screen.query("#problems")


@sync
async def test_map_shows_a_quiz_linked_only_from_the_quiz_side_and_problem_severities(tmp_path: Path) -> None:
    content = tmp_path / "course"
    shutil.copytree(FIXTURE, content)
    lesson = content / "lessons" / "01-basics.md"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace('quiz = "basics-quiz"\n', ""), encoding="utf-8")
    quiz = content / "quizzes" / "basics.toml"
    text = quiz.read_text(encoding="utf-8")
    quiz.write_text(text.replace('explanation = "', 'explanation = "TODO: ', 1), encoding="utf-8")
    (content / "quizzes" / "broken.toml").write_text('id = "broken"\ntitle = "Broken"\npass_mark = "0.6"\n')
    app = make_app(tmp_path / "progress", "Ed", content)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MapScreen)
        first = plain(app.screen.query_one(OptionList).get_option_at_index(0).prompt)
        assert "Basics of sending work out" in first and "quiz not taken" in first
        box = app.screen.query_one("#problems")
        assert box.border_title == "⚠ 2 errors and 2 warnings in the course files", [str(p) for p in app.course.problems]
        listed = box.query_one(Static).content.plain.splitlines()
        assert any(line.startswith("quizzes/basics.toml:") and " warning: " in line and "TODO" in line for line in listed)
        assert any(line.startswith("quizzes/broken.toml:3 error: pass_mark:") for line in listed), listed


def test_start_up_snapshot_keeps_each_problems_severity(tmp_path: Path) -> None:
    import json
    from datetime import datetime

    from course.content import load_course
    from course.progress.models import LearnerSummary
    from course.tui.map.view import MapView, build

    content = tmp_path / "course"
    shutil.copytree(FIXTURE, content)
    quiz = content / "quizzes" / "basics.toml"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace('explanation = "', 'explanation = "TODO: ', 1), encoding="utf-8")
    (content / "quizzes" / "broken.toml").write_text('id = "broken"\ntitle = "Broken exam"\npass_mark = "0.6"\n')
    course = load_course(content)
    when = datetime(2026, 1, 1, tzinfo=UTC)
    summary = LearnerSummary(learner="Flo", course=course.id, created_at=when, updated_at=when)
    view = build(course, summary, "Flo")
    again = MapView.from_json(json.loads(json.dumps(view.to_json())))
    errors_first = sorted(course.problems, key=lambda p: not p.is_error)
    assert [(p.file, p.severity) for p in again.problems] == [(p.file, p.severity) for p in errors_first]
    assert {p.severity for p in again.problems} == {"error", "warning"}


@sync
async def test_the_learner_switcher_marks_and_highlights_the_current_learner(tmp_path: Path) -> None:
    from textual.widgets import OptionList

    progress = tmp_path / "progress"
    for name in ("Ana", "Ben", "Cy"):
        ProgressStore(progress, "tui-course").open(name)
    app = make_app(progress, "Ben")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        learners = app.screen.query_one("#learners", OptionList)
        labels = [str(learners.get_option_at_index(i).prompt) for i in range(learners.option_count)]
        assert labels == ["Ana", "Ben  ● current learner", "Cy"]
        assert learners.highlighted == 1
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MapScreen) and app.learner.name == "Cy"


@sync
async def test_routine_confirmations_use_the_status_line_not_a_notification(tmp_path: Path, notices) -> None:
    from course.tui.widgets import StatusLine

    app = make_app(tmp_path / "progress", "Ona")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_lesson("basics")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        line = screen.query_one(StatusLine)
        assert line.said == "" and not line.display  # nothing to say: it takes no room
        for _ in screen.lesson.sections[1:]:
            await pilot.press("n")
        await pilot.pause()
        assert line.said == "Lesson completed ✓. Press t to take the quiz." and line.display
        assert app.learner.summary.lessons["basics"].completed_at is not None
        await pilot.press("n")
        assert line.said.startswith("End of the lesson: press t for the quiz")
        app.open_quiz("basics-quiz")
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        assert "Flagged" in app.screen.query_one(StatusLine).said
        line = app.screen.query_one(StatusLine)
        line.clear()
        assert line.said == "" and not line.display
    assert not any("Lesson completed" in m or "Flagged" in m for _, m in notices)
