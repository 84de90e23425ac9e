"""How the screens use the terminal they are given: lists that grow with it, titles that stop before the
counter, keys that stay in the footer when it is narrow, messages that cover no answer."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from course.content import load_course
from course.progress import ProgressStore
from course.quizrun import QuizSession
from course.tui.app import CourseApp
from course.tui.results.screen import ResultsScreen
from tests.answers import right
from tests.content_support import loaded
from tests.tui_support import sync

SHIPPED = Path(__file__).resolve().parent.parent
"""The shipped course (lessons/ and quizzes/ of the checkout): its quizzes are long enough for these."""


def shipped_app(progress: Path) -> CourseApp:
    course = loaded(SHIPPED)
    store = ProgressStore(progress, course.id)
    return CourseApp(course, store, store.open("Lee"))


async def results_of_an_empty_attempt(app: CourseApp, pilot, quiz_id: str) -> ResultsScreen:
    assert app.course is not None and app.learner is not None
    quiz = app.course.quiz(quiz_id)
    assert quiz is not None
    session = QuizSession.start(app.course, quiz, app.learner)
    session.finish()
    app.show_results(session)
    await pilot.pause()
    await pilot.pause()
    assert isinstance(app.screen, ResultsScreen)
    return app.screen


@sync
async def test_the_results_list_grows_with_the_terminal(tmp_path: Path) -> None:
    """At 80×24 the list of 10 questions shows 7 of them and leaves room for the detail; at 120×40 all 10."""
    heights = {}
    for size in ((80, 24), (120, 40)):
        app = shipped_app(tmp_path / f"progress-{size[0]}")
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            screen = await results_of_an_empty_attempt(app, pilot, "definitions-quiz")
            review = screen.query_one("#review", OptionList)
            assert review.option_count == 10
            heights[size] = review.scrollable_content_region.height
            detail = screen.query_one("#detail")
            assert detail.size.height >= 6  # the detail of the highlighted question keeps room
    assert heights[(80, 24)] == 7
    assert heights[(120, 40)] == 10


def footer_actions(screen) -> list[str]:
    from course.tui.widgets import Footer

    return [action for action, _ in screen.query_one(Footer).displayed()[0]]


@sync
async def test_a_narrow_footer_keeps_the_keys_that_move_through_a_quiz(tmp_path: Path) -> None:
    """At 60 columns the footer draws its keys compact and leaves out Quit (Ctrl+Q) before Prev, Skip, Flag
    or the way back to the map; on an ordering question, whose Move key comes first, Skip (which does what
    Next does) and Flag go before Prev and the way back."""
    from tests.tui_support import make_app

    app = make_app(tmp_path / "progress", "Lee")
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        app.open_quiz("basics-quiz")
        await pilot.pause()
        screen = app.screen
        for index in (0, 1, 2, 3):  # one answer, all that apply, true/false, matching
            screen.show_question(index)
            await pilot.pause()
            await pilot.pause()
            shown = footer_actions(screen)
            for action in ("answer", "next_question", "prev_question", "skip", "flag", "submit", "app.go_map",
                           "app.help"):
                assert action in shown, (index, shown)
        screen.show_question(4)  # ordering
        await pilot.pause()
        await pilot.pause()
        shown = footer_actions(screen)
        for action in ("move_up", "answer", "next_question", "prev_question", "submit", "app.go_map", "app.help"):
            assert action in shown, shown
        assert "move_down" not in shown  # one key for both ways: ⇧↑↓ Move


@sync
async def test_a_narrow_footer_keeps_the_way_back_from_the_results(tmp_path: Path) -> None:
    from tests.tui_support import make_app

    app = make_app(tmp_path / "progress", "Lee")
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        screen = await results_of_an_empty_attempt(app, pilot, "basics-quiz")
        shown = footer_actions(screen)
        for action in ("reread", "retry", "practise", "app.go_map", "app.help"):
            assert action in shown, shown


@sync
async def test_a_long_quiz_title_is_cut_with_an_ellipsis_and_a_gap_before_the_counter(tmp_path: Path) -> None:
    from textual.widgets import Static

    from tests.test_tui_layout_snapshots import long_title_course
    from tests.tui_support import make_app

    for width in (80, 60):
        app = make_app(tmp_path / f"progress-{width}", "Lee", content=long_title_course(tmp_path / f"c{width}"))
        async with app.run_test(size=(width, 24)) as pilot:
            await pilot.pause()
            app.open_quiz("basics-quiz")
            await pilot.pause()
            await pilot.pause()
            title = app.screen.query_one(".topbar .title", Static)
            where = app.screen.query_one(".topbar .where", Static)
            line = title.render_line(0).text
            assert line.rstrip().endswith("…"), line
            assert where.region.x - title.region.right >= 2  # a gap between the title and "1 / 7"
            assert str(where.render_line(0).text).strip().startswith("1 / 7")


@sync
async def test_help_says_how_to_close_it_on_its_first_line(tmp_path: Path) -> None:
    """Above the part that scrolls: the learner reads how to leave before reading anything else."""
    from textual.widgets import Static

    from course.tui.help.screen import HelpScreen
    from tests.tui_support import make_app

    app = make_app(tmp_path / "progress", "Lee")
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        box = app.screen.query_one("#help")
        close = app.screen.query_one("#help-close", Static)
        assert close.region.y == box.region.y + 1  # the first line inside the border
        assert close.region.height == 1 and "Esc closes this help" in close.render_line(0).text
        body = app.screen.query_one("#help-body")
        body.scroll_end(animate=False)
        await pilot.pause()
        assert close.region.y == box.region.y + 1  # still there with the rest scrolled
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


@sync
async def test_the_map_calls_the_final_quiz_a_quiz(tmp_path: Path) -> None:
    """The map, its next step and the palette say quiz, as the footer (t Take quiz) and every screen do."""
    import shutil

    from course.tui.map.screen import MapScreen
    from course.tui.palette import CourseCommands
    from tests.tui_support import plain

    root = tmp_path / "content"
    shutil.copytree(Path(__file__).resolve().parent / "fixtures" / "good_course", root)
    final = root / "quizzes/03-final.toml"
    final.write_text(final.read_text(encoding="utf-8").replace('title = "Final exam"', 'title = "Everything at once"'),
                     encoding="utf-8")
    course = load_course(root)
    store = ProgressStore(tmp_path / "progress", course.id)
    learner = store.open("Lee")
    for lesson in course.lessons:
        learner.lesson_completed(lesson.id)
    for quiz in course.quizzes.values():
        if quiz.lesson is not None:
            session = QuizSession.start(course, quiz, learner)
            for index, played in enumerate(session.questions):
                session.answer(index, right(played.question))
            session.finish()
    app = CourseApp(course, store, learner)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MapScreen)
        shown = " ".join(plain(option.prompt) for option in screen.query_one("#modules", OptionList).options)
        nxt = plain(screen.query_one("#next").content)
        assert "Final quiz: Everything at once" in shown
        assert "Take the final quiz “Everything at once”" in nxt
        titles = [command.title for command in CourseCommands(screen).commands()]
        assert "Take quiz: Everything at once" in titles
        for said in (shown, nxt, *titles):
            assert "exam" not in said.lower(), said


async def press_g(pilot, app) -> None:
    await pilot.pause()
    await pilot.press("g")
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


@sync
async def test_the_certificate_path_breaks_only_after_a_slash(tmp_path: Path) -> None:
    """The notification lays the path out on lines of its own, each ending after a `/`: every line of it
    is painted whole (a toast folds a long word wherever its line ends)."""
    from course.tui.widgets import StatusLine
    from course.tui.wording import path_lines
    from tests.screen import screen_text
    from tests.test_certificate import learner

    for width, height in ((80, 24), (60, 20)):
        progress = tmp_path / f"progress-{width}" / "progress-of-the-whole-class"
        learner(loaded(SHIPPED), progress, "Ana")
        app = shipped_app(progress)
        app.learner = app.store.open("Ana") if app.store else None
        async with app.run_test(size=(width, height), notifications=True) as pilot:
            await press_g(pilot, app)
            said = app.screen.query_one(StatusLine).said  # "Certificate saved to <path> (code …)"
            where = said.removeprefix("Certificate saved to ").rsplit(" (code ", 1)[0]
            assert Path(where.replace("~", str(Path.home()), 1)).is_file(), said
            painted = screen_text(app)
            lines = path_lines(where, width // 2 - 3).split("\n")
            assert len(lines) > 1
            # All of it at 80×24; at 60×20 a long temporary path can be taller than the screen, and the end
            # of it (the file's name, the longest word) is what must show whole.
            for line in lines if width == 80 else lines[-2:]:
                assert line in painted, (line, painted)


@sync
async def test_a_notification_from_the_map_does_not_cover_the_final_quiz(tmp_path: Path) -> None:
    """"No certificate yet" (15 s) is raised on the map; the learner opens the final quiz at once: its
    matching lists are not covered, and nothing of the notification is painted over the quiz."""
    from tests.screen import screen_text

    app = shipped_app(tmp_path / "progress")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await press_g(pilot, app)
        assert "(75% needed)." in screen_text(app)  # the notification's list of what is left
        app.open_quiz("final-exam")
        await pilot.pause()
        await pilot.pause()
        painted = screen_text(app)
        assert "No certificate yet" not in painted and "(75% needed)." not in painted
        app.action_go_map()
        await pilot.pause()
        await pilot.pause()
        assert "(75% needed)." in screen_text(app)  # still there where it was raised, for its time


@sync
async def test_a_notification_on_a_quiz_is_shown_above_the_status_line_covering_nothing(tmp_path: Path) -> None:
    from course.tui.widgets import Notices
    from tests.screen import screen_text

    app = shipped_app(tmp_path / "progress")
    async with app.run_test(size=(60, 20), notifications=True) as pilot:
        await pilot.pause()
        app.open_quiz("definitions-quiz")
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        reader = screen.query_one("#question")
        before = reader.region
        screen.notify("Shown in the layout.", title="Test", severity="warning")
        await pilot.pause()
        await pilot.pause()
        notices = screen.query_one(Notices)
        assert "⚠ Test: Shown in the layout." in notices.said
        assert "Shown in the layout." in screen_text(app)
        # In the layout: the question's area gives up the rows, and nothing lies over it.
        assert reader.region.height < before.height
        assert notices.region.y >= reader.region.bottom
        assert all(not toast.visible for toast in screen.query("Toast"))  # the toast is kept, not shown


@sync
async def test_six_matching_pairs_and_the_hint_fit_at_80_by_24(tmp_path: Path) -> None:
    """Every list of a six-pair matching question, and the hint under them, in view without scrolling."""
    from textual.widgets import Select

    from tests.test_tui_layout_snapshots import six_pair_course
    from tests.tui_support import make_app

    app = make_app(tmp_path / "progress", "Lee", content=six_pair_course(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_quiz("basics-quiz", question=3)
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        view = screen.query_one("#question").region
        lists = [select for select in screen.query(Select) if select.display and select.parent
                 and select.parent.parent is screen.widget]
        assert len(lists) == 6
        for shown in (*lists, screen.query_one("#hint")):
            assert view.contains_region(shown.region), (shown, shown.region, view)


@sync
async def test_the_footer_catches_up_with_a_move_made_while_the_terminal_had_no_focus(tmp_path: Path) -> None:
    """Textual's footer ignores key changes while the app is blurred; a key can give the focus back without
    the terminal saying so first (the app marks itself focused as the key comes in). The footer then shows
    the keys of the question on screen, not those of the question before it."""
    from tests.tui_support import make_app

    app = make_app(tmp_path / "progress", "Lee")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_quiz("basics-quiz", question=3)  # matching
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert "move_up" not in footer_actions(screen)
        app.app_focus = False  # the terminal said it lost the focus
        await pilot.pause()
        screen.show_question(4)  # ordering: its list takes the focus, and with it the Move key
        await pilot.pause()
        await pilot.pause()
        app.app_focus = True  # a key came in: the app has the focus again
        await pilot.pause()
        await pilot.pause()
        from course.tui.widgets import Footer

        shown = [str(key.description) for key in screen.query_one(Footer).query("FooterKey")]
        assert "Move" in shown, shown
