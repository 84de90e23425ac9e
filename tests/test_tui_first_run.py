"""A learner's first run, one step per test, driven by keys: the welcome, a lesson, every question type,
submitting, the results, rereading, practising what was missed, feedback at the end, and continuing after a
relaunch. Each step starts from progress set up for it, so one failing step does not hide the others."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Select, Static

from course.progress import ProgressStore, read_last_learner, write_last_learner
from course.quizrun import QuizSession
from course.tui.lesson.screen import LessonScreen
from course.tui.map.screen import MapScreen
from course.tui.quiz.confirm import ConfirmSubmit
from course.tui.quiz.screen import QuizScreen
from course.tui.results.screen import ResultsScreen
from course.tui.welcome.screen import WelcomeScreen
from course.tui.widgets.section_view import SectionView
from tests.answers import right
from tests.tui_support import (
    SIZE,
    choose_in_open_list,
    make_app,
    open_quiz_question,
    order_items,
    paste,
    plain,
    sync,
    text_of,
)

pytestmark = pytest.mark.usefixtures("fixed_seed")

LEARNER = "Ana"
NUMERIC = 6  # the last question of basics-quiz, "How many lessons does this course have?" (2 lessons)


@pytest.fixture
def progress(tmp_path: Path) -> Path:
    return tmp_path / "progress"


def answer_all_but_the_last(app, quiz_id: str = "basics-quiz") -> QuizSession:
    """Through the engine, as a learner who already answered: every question right except the last, left out."""
    session = QuizSession.start(app.course, app.course.quiz(quiz_id), app.learner)
    for index, played in enumerate(session.questions[:-1]):
        session.answer(index, right(played.question))
    return session


async def open_results_of_a_finished_attempt(app, pilot) -> ResultsScreen:
    session = answer_all_but_the_last(app)
    session.finish()
    app.show_results(session)
    await pilot.pause()
    assert isinstance(app.screen, ResultsScreen)
    return app.screen


# ------------------------------------------------------------------------------------------- welcome


@sync
async def test_the_welcome_asks_for_a_name_until_a_usable_one_is_typed(progress: Path) -> None:
    app = make_app(progress)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("enter")
        assert isinstance(app.screen, WelcomeScreen)
        assert text_of(app, "#error") == "Type your name first, then press Enter."
        await pilot.press(*"../x", "enter")
        assert isinstance(app.screen, WelcomeScreen)
        assert "cannot be used as a learner name" in text_of(app, "#error")
        await pilot.press(*["backspace"] * 4)
        assert app.screen.query_one("#name", Input).value == ""
        await pilot.press(*LEARNER, "enter")
        await pilot.pause()
        assert isinstance(app.screen, MapScreen)
        assert app.learner.name == LEARNER
    assert read_last_learner(progress) == LEARNER


# ------------------------------------------------------------------------------------------- lesson


@sync
async def test_enter_opens_the_next_lesson_and_reading_to_the_end_completes_it(progress: Path) -> None:
    app = make_app(progress, LEARNER)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # the highlighted module is the next step
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert "Define outsourcing" in " ".join(app.screen.query_one(SectionView).lines)
        await pilot.press("n")
        assert app.learner.summary.lessons["basics"].section == "where-work-happens"
        assert app.learner.summary.lessons["basics"].completed_at is None
        await pilot.press("n")
        assert app.learner.summary.lessons["basics"].completed_at is not None


# ------------------------------------------------------------------------------------------- quiz


async def _pick_each_match(pilot, app) -> None:
    """For each item as listed, read it, then pick its match from the list under it; Tab to the next."""
    right_match = {"Local agency runs the call centre": "Domestic outsourcing", "Own office abroad": "Offshoring"}
    for _ in range(2):
        select = app.focused
        assert isinstance(select, Select)
        item = select.parent.query_one(".item", Static).content.plain.split(". ", 1)[1]
        await choose_in_open_list(pilot, app, right_match[item])
        assert select.value == right_match[item]
        await pilot.press("tab")


# question index, what the learner presses, the response saved (spelled out from the quiz file)
RIGHT_BY_KEYS = [
    pytest.param(0, ["space", "a"], "a", id="single"),  # A. Outsourcing
    pytest.param(1, ["space", "down", "space", "a"], ["a", "b"], id="multiple"),  # Flexibility + Skills
    pytest.param(2, ["down", "space", "a"], False, id="true-false"),  # False
    pytest.param(3, [_pick_each_match, "a"], ["Domestic outsourcing", "Offshoring"], id="matching"),
    pytest.param(4, [order_items, "a"], [0, 1, 2], id="ordering"),  # moved with ↑ ↓ and K
    pytest.param(5, [*"sla", "enter"], "sla", id="short"),  # the cursor is in the box; case does not matter
    pytest.param(6, ["2", "enter"], 2, id="numeric"),
]


@pytest.mark.parametrize("index, keys, saved", RIGHT_BY_KEYS)
@sync
async def test_each_question_type_answered_right_with_keys(progress: Path, index, keys, saved) -> None:
    app = make_app(progress, LEARNER)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_quiz_question(pilot, app, "basics-quiz", index)
        assert f"{index + 1} / 7" in text_of(app, ".topbar .where")
        for key in keys:
            if callable(key):
                await key(pilot, app)
            else:
                await pilot.press(key)
        await pilot.pause()
        assert "✓ Correct" in text_of(app, "#feedback")
        answer = screen.session.answer_for(index)
        assert answer is not None and answer.response == saved and answer.correct


@sync
async def test_submitting_with_a_flagged_question_unanswered_asks_first(progress: Path) -> None:
    app = make_app(progress, LEARNER)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        answer_all_but_the_last(app)
        app.open_quiz("basics-quiz", question=NUMERIC)  # resumes the attempt
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen) and screen.index == NUMERIC
        assert screen.query_one("#number", Input).value == ""  # the number box, empty
        await pilot.press("escape", "f")  # out of the number box, the letter keys are the quiz's: f flags
        assert screen.session.is_flagged(NUMERIC) and not screen.session.is_answered(NUMERIC)
        await pilot.press("S")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmSubmit)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen and not screen.session.finished
        await pilot.press("S", "y")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        assert screen.session.finished
        summary = app.learner.summary.quizzes["basics-quiz"]
        assert summary.passed and summary.attempts == 1


# ------------------------------------------------------------------------------------------- results


@sync
async def test_results_show_the_score_and_the_skipped_question_with_its_answer(progress: Path) -> None:
    app = make_app(progress, LEARNER)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_results_of_a_finished_attempt(app, pilot)
        score = text_of(app, "#score")
        assert "✓ PASSED" in score and "✗ NOT PASSED" not in score and "86%" in score  # 6 of 7
        assert "6 of 7 questions fully right" in score
        detail = text_of(app, "#detail-text")
        assert "Question 7" in detail and "skipped" in detail and "Right answer: 2 lessons" in detail


@sync
async def test_reread_opens_the_section_of_the_highlighted_question_over_the_results(progress: Path) -> None:
    app = make_app(progress, LEARNER)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        results = await open_results_of_a_finished_attempt(app, pilot)
        await pilot.press("home", "r")  # question 1 points to the section "definitions"
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert app.screen.lesson.sections[app.screen.index].id == "definitions"
        await pilot.press("question_mark")  # what help says Esc does here is what Esc does
        await pilot.pause()
        help_text = " ".join(plain(w.content) for w in app.screen.query("#help-body Static"))
        assert "Esc" in help_text and "the quiz results if you opened a lesson from them" in help_text
        assert "Go to the course map" not in help_text
        await pilot.press("escape")  # closes help
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is results


@sync
async def test_practising_the_missed_question_asks_only_that_one(progress: Path) -> None:
    app = make_app(progress, LEARNER)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_results_of_a_finished_attempt(app, pilot)
        await pilot.press("m")
        await pilot.pause()
        practice = app.screen
        assert isinstance(practice, QuizScreen)
        assert practice.session.attempt.practice
        assert [p.key for p in practice.session.questions] == ["q-numeric"]
        await pilot.press("2", "enter")  # typed into the number box, where the cursor is, and answered
        assert "✓ Correct" in text_of(app, "#feedback")
        await pilot.press("S")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        score = text_of(app, "#score")
        assert "100%" in score
        # A practice round passes or fails nothing: its score, with no verdict and no pass mark.
        assert "PRACTICE ROUND" in score and "PASSED" not in score and "pass mark" not in score
        assert "does not count" in score
    attempts = ProgressStore(progress, "tui-course").open(LEARNER).attempts("basics-quiz")
    assert sorted(a.practice for a in attempts) == [False, True]  # the practice round is kept apart


# ------------------------------------------------------------------------------------------- the second quiz


@sync
async def test_with_feedback_at_the_end_an_answer_is_saved_without_a_verdict(progress: Path) -> None:
    app = make_app(progress, LEARNER)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MapScreen)
        await pilot.press("down", "t")  # the second module: "More on costs"
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen) and screen.session.quiz.id == "more-quiz"
        await pilot.press("space", "a")  # True
        await pilot.pause()
        assert screen.index == 0 and screen.session.is_answered(0)
        assert "✓" not in text_of(app, "#feedback") and "✗" not in text_of(app, "#feedback")
        assert "saved" in text_of(app, "#hint")
        await pilot.press("n")
        await pilot.pause()
        assert screen.index == 1


@sync
async def test_after_a_relaunch_continue_lands_on_the_same_question(progress: Path) -> None:
    app = make_app(progress, LEARNER)
    async with app.run_test(size=SIZE) as pilot:  # a first run left the costs quiz at question 2
        await pilot.pause()
        session = QuizSession.start(app.course, app.course.quiz("more-quiz"), app.learner)
        session.answer(0, right(session.questions[0].question))
        session.move(1)
        await pilot.press("ctrl+q")
    write_last_learner(progress, LEARNER)  # as the welcome does

    again = make_app(progress)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, MapScreen) and again.learner.name == LEARNER
        assert "Continue the quiz “Costs quiz”" in text_of(again, "#next")
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(again.screen, QuizScreen)
        assert again.screen.index == 1
        assert again.screen.session.is_answered(0)


@sync
async def test_a_name_typed_in_another_case_opens_that_learner_and_says_so(progress: Path, notices) -> None:
    store = ProgressStore(progress, "tui-course")
    for name in (LEARNER, "Ben"):
        store.open(name)
    app = make_app(progress)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        app.screen.query_one("#name", Input).focus()  # past the list of learners, to the name box
        await pilot.press(*LEARNER.upper(), "enter")
        await pilot.pause()
        assert isinstance(app.screen, MapScreen)
        assert app.learner.name == LEARNER
    assert read_last_learner(progress) == LEARNER
    assert any("ignore case" in message and repr(LEARNER) in message for _, message in notices)
    assert sorted(p.name for p in progress.iterdir() if p.is_dir()) == [LEARNER, "Ben"]


@sync
async def test_answering_an_attempt_submitted_in_another_window_shows_its_results(progress: Path, notices) -> None:
    app = make_app(progress, LEARNER)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_quiz("basics-quiz", question=0)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        # another window of the same learner submits the attempt, unanswered
        other = ProgressStore(progress, "tui-course").open(LEARNER)
        attempt = other.in_progress("basics-quiz")
        assert attempt is not None
        other.finish_attempt(attempt, earned=0.0, total=7.0, passed=False)
        await pilot.press("space", "a")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        assert "0%" in text_of(app, "#score")
    assert any("submitted in another window" in message for _, message in notices)
    finished = ProgressStore(progress, "tui-course").open(LEARNER).attempt("basics-quiz", attempt.id)
    assert finished is not None and finished.answers == [] and finished.score == 0.0


@sync
async def test_esc_on_the_first_question_before_answering_leaves_nothing_in_progress(progress: Path) -> None:
    app = make_app(progress, LEARNER)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.learner.lesson_completed("basics")
        app.open_quiz("basics-quiz")
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MapScreen)
        assert "Take the quiz" in text_of(app, "#next")
        view = app.map_view()
        assert view is not None and all("in progress" not in " ".join(line.words) for line in view.modules)
    assert "basics-quiz" not in ProgressStore(progress, "tui-course").open(LEARNER).summary.quizzes


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
@sync
async def test_a_refused_name_shows_its_whole_reason_and_the_start_button(progress: Path, size) -> None:
    from textual.containers import VerticalScroll

    store = ProgressStore(progress, "tui-course")
    for name in ("Ana", "Ben", "Chris"):
        store.open(name)
    app = make_app(progress)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        app.screen.query_one("#name", Input).focus()
        await paste(pilot, "x" * 70)
        await pilot.press("enter")  # too long: refused, never cut to fit
        await pilot.pause()
        await pilot.pause()  # scrolled after the refresh that shows the reason
        assert isinstance(app.screen, WelcomeScreen)
        reason = text_of(app, "#error")
        assert "it has 70 characters" in reason and "A learner name has 1 to 64 characters" in reason
        assert app.screen.query_one("#name", Input).value == "x" * 70
        scroller = app.screen.query_one("#welcome", VerticalScroll)
        for shown in ("#error", "#start"):
            assert scroller.region.contains_region(app.screen.query_one(shown).region), shown
    assert sorted(ProgressStore(progress, "tui-course").learners()) == ["Ana", "Ben", "Chris"]
