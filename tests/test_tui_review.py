"""The review round in the learner app: the map's line and key, a round answered with the quiz's widgets,
its feedback and summary, Esc keeping what was answered; snapshots at 80×24 and 60×20."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from course.review import REVIEW_FILE
from course.scoring import right_response
from course.tui.map.screen import MapScreen
from course.tui.review.screen import ReviewScreen
from tests.review_support import BASICS_RESULTS, learner_with_due_cards
from tests.test_tui_snapshots import still
from tests.tui_support import make_app, sync, text_of

SMALL = (60, 20)


def reviews_on_disk(progress: Path) -> dict[str, list[str]]:
    data = tomllib.loads((progress / "Ana" / REVIEW_FILE).read_text(encoding="utf-8"))
    return {key: [r["source"] for r in card["reviews"]] for key, card in data["cards"].items()}


async def answer_shown(pilot: Pilot, right: bool = True) -> None:
    """Put the right answer (or the widget's untouched one) into the shown question and answer it with `a`."""
    screen = pilot.app.screen
    assert isinstance(screen, ReviewScreen)
    await pilot.pause()
    played = screen.questions[screen.index]
    if right:
        screen.widget.show(right_response(played.question))
    elif played.question.type in ("single", "true_false"):
        await pilot.press("2" if played.question.type == "single" else "1")  # the wrong option
    await pilot.pause()
    await pilot.press("enter" if isinstance(pilot.app.focused, Input) else "a")  # in a text box, a is typed
    await pilot.pause()


@sync
async def test_the_map_says_how_many_are_due_and_r_starts_a_round(tmp_path):
    learner_with_due_cards(tmp_path)
    app = make_app(tmp_path, "Ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Review: 7 questions due today (limit 20 new, 200 a day)" in text_of(app, "#review-due")
        assert app.screen.query_one("#review-due").styles.display == "block"
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert len(app.screen.questions) == len(BASICS_RESULTS)


@sync
async def test_nothing_due_shows_no_line_and_no_key(tmp_path):
    learner_with_due_cards(tmp_path, days=0)  # answered just now: nothing due yet
    app = make_app(tmp_path, "Ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#review-due").styles.display == "none"
        assert "review" not in [b.binding.action for b in app.screen.active_bindings.values() if b.enabled]
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, MapScreen)


@sync
async def test_a_round_answered_right_gives_feedback_saves_each_answer_and_ends_with_a_summary(tmp_path):
    learner_with_due_cards(tmp_path)
    app = make_app(tmp_path, "Ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_review(seed=2)
        await pilot.pause()
        screen = app.screen
        total = len(screen.questions)
        for number in range(total):
            await answer_shown(pilot)
            feedback = text_of(app, "#feedback")
            assert feedback.startswith("✓ Correct") and "Why:" in feedback and "Next review:" in feedback
            saved = reviews_on_disk(tmp_path)
            assert sum(sources.count("review") for sources in saved.values()) == number + 1  # saved at once
            await pilot.press("n")
            await pilot.pause()
        summary = text_of(app, "#prompt")
        assert "Round finished" in summary and f"✓ right: {total}" in summary and "Nothing else is due" in summary
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MapScreen)
        assert not app.screen.query_one("#review-due").has_class("-shown")  # all done: the line is gone


@sync
async def test_esc_in_the_middle_keeps_what_was_answered_and_a_wrong_answer_says_so(tmp_path):
    learner_with_due_cards(tmp_path)
    app = make_app(tmp_path, "Ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_review(seed=3)  # the true/false question comes fifth
        await pilot.pause()
        screen = app.screen
        while screen.questions[screen.index].question.type != "true_false":
            await answer_shown(pilot)
            await pilot.press("n")
        before = screen.index
        await answer_shown(pilot, right=False)
        assert text_of(app, "#feedback").startswith("✗ Not right")
        assert "Right answer:" in text_of(app, "#feedback") and "tomorrow" in text_of(app, "#feedback")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MapScreen)
        assert sum(s.count("review") for s in reviews_on_disk(tmp_path).values()) == before + 1
        assert f"Review: {len(BASICS_RESULTS) - before - 1} questions due" in text_of(app, "#review-due")


@sync
async def test_the_palette_offers_review_while_questions_are_due(tmp_path):
    from course.tui.palette import CourseCommands

    learner_with_due_cards(tmp_path)
    app = make_app(tmp_path, "Ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        provider = CourseCommands(app.screen)
        titles = [command.title for command in provider.commands()]
        assert "Review the questions due" in titles


async def _map(pilot: Pilot) -> None:
    await pilot.pause()
    await still(pilot)


async def _round(pilot: Pilot) -> None:
    await pilot.pause()
    pilot.app.open_review(seed=2)
    await pilot.pause()
    await still(pilot)


async def _feedback(pilot: Pilot) -> None:
    await _round(pilot)
    await answer_shown(pilot)
    await still(pilot)


@pytest.mark.parametrize("size", [(80, 24), SMALL], ids=["80x24", "60x20"])
@pytest.mark.parametrize("what", ["map", "question", "feedback"])
def test_review_snapshots(snap_compare, tmp_path: Path, what: str, size: tuple[int, int]) -> None:
    learner_with_due_cards(tmp_path)
    before = {"map": _map, "question": _round, "feedback": _feedback}[what]
    app = make_app(tmp_path, "Ana")
    app.animation_level = "none"
    assert snap_compare(app, terminal_size=size, run_before=before)


@sync
async def test_the_app_says_which_review_questions_were_dropped_with_their_question(tmp_path, notices):
    import shutil

    from tests.review_support import FIXTURE

    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    learner_with_due_cards(tmp_path / "progress", content)
    quiz = content / "quizzes" / "basics.toml"
    text = quiz.read_text(encoding="utf-8")
    quiz.write_text(text[: text.index('[[questions]]\nid = "q-numeric"')], encoding="utf-8")
    app = make_app(tmp_path / "progress", "Ana", content)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert ("warning", "1 review question was dropped: its question is no longer in the course "
                "(basics-quiz/q-numeric).") in notices
        assert "Review: 6 questions due" in text_of(app, "#review-due")


@sync
async def test_the_map_shows_the_daily_limit_and_says_when_the_day_is_done(tmp_path):
    """A course that allows 3 first reviews a day: 7 questions are due, the map offers 3 and says the limit;
    once they are answered it says the day is done and how many wait, and `r` is no longer offered."""
    import shutil

    from tests.review_support import FIXTURE

    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    toml = content / "course.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "\n[review]\nnew_per_day = 3\n", encoding="utf-8")
    learner_with_due_cards(tmp_path / "progress", content)
    app = make_app(tmp_path / "progress", "Ana", content)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert text_of(app, "#review-due").strip() == "↻ Review: 3 questions due today (limit 3 new, 200 a day)   press r"
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and len(app.screen.questions) == 3
        screen = app.screen
        for _ in range(3):  # answered right through the screen's own actions, whatever the widget
            screen.widget.show(right_response(screen.questions[screen.index].question))
            await screen.action_answer()
            await pilot.pause()
            screen.action_next_question()
            await pilot.pause()
        assert "That is all for today (limit 3 new, 200 a day): 4 more questions come on later days." in text_of(
            app, "#prompt")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MapScreen)
        assert text_of(app, "#review-due").strip() == "↻ Review: done for today (limit 3 new, 200 a day) · 4 more on later days"
        assert "review" not in [b.binding.action for b in app.screen.active_bindings.values() if b.enabled]
