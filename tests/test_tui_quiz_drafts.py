"""What a learner chose or typed is kept, once: going back to a typed answer shows it in its box, and typing
replaces it (never "due diligencedue diligence"); a choice ticked without answering, and the order the quiz
showed, are there again after leaving for the map and after a restart."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import Input, SelectionList

from course.tui.quiz.screen import QuizScreen
from tests.tui_support import FIXTURE, SIZE, make_app, sync


def deferred_course(tmp_path: Path) -> Path:
    """The test course with its basics quiz showing right or wrong only at the end (so an answer can be
    changed), its questions and options shuffled."""
    content = tmp_path / "course"
    shutil.copytree(FIXTURE, content)
    quiz = content / "quizzes" / "basics.toml"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace(
        'feedback = "immediate"', 'feedback = "end"\nshuffle_questions = true\nshuffle_options = true'),
        encoding="utf-8")
    return content


@pytest.fixture
def seeds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Each new attempt gets the next of these seeds: a second attempt would show another order."""
    import course.quizrun

    given = [1, 4, 2, 5]

    class NextSeed:
        @staticmethod
        def randbelow(n: int) -> int:
            return given.pop(0) % n

    monkeypatch.setattr(course.quizrun, "secrets", NextSeed)
    return given


async def open_basics(pilot, app, question: int | None = None) -> QuizScreen:
    await pilot.pause()
    app.open_quiz("basics-quiz", question=question)
    await pilot.pause()
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, QuizScreen)
    return screen


def index_of(screen: QuizScreen, qtype: str) -> int:
    return next(i for i, p in enumerate(screen.session.questions) if p.question.type == qtype)


@pytest.mark.usefixtures("seeds")
@pytest.mark.parametrize(("qtype", "typed", "kept"), [("short", "due diligence", "due diligence"),
                                                      ("numeric", "16", 16)])
@sync
async def test_going_back_to_a_typed_answer_holds_it_once(tmp_path: Path, qtype: str, typed: str,
                                                          kept: object) -> None:
    app = make_app(tmp_path / "progress", "ana", deferred_course(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_basics(pilot, app)
        here = index_of(screen, qtype)
        screen.show_question(here)
        await pilot.pause()
        await pilot.press(*typed, "enter")
        await pilot.pause()
        assert screen.session.answer_for(here).response == kept
        away = here + 1 if here + 1 < len(screen.session.questions) else here - 1
        await pilot.press("n" if away > here else "p")
        await pilot.pause()
        assert screen.index == away and screen.session.questions[away].question.type not in {"short", "numeric"}
        assert not isinstance(app.focused, Input)  # an answer given with Enter leaves the box
        await pilot.press("p" if away > here else "n")  # back to change the answer
        await pilot.pause()
        assert screen.index == here
        box = screen.widget.query_one(Input)
        assert box.has_focus and box.value == typed  # the saved answer, once
        await pilot.press(*typed, "enter")  # typed again: it replaces what the box held
        await pilot.pause()
        assert box.value == typed
        assert screen.session.answer_for(here).response == kept
        await pilot.press("enter")  # back into the box: it is selected, Backspace clears it
        await pilot.press("backspace", *typed[:1], "enter")
        await pilot.pause()
        assert box.value == typed[:1]


@sync
async def test_a_tick_left_unanswered_and_the_order_survive_leaving_and_a_restart(
        tmp_path: Path, seeds: list[int]) -> None:
    progress, content = tmp_path / "progress", deferred_course(tmp_path)
    app = make_app(progress, "ana", content)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_basics(pilot, app)
        shown = [(p.key, p.option_order) for p in screen.session.questions]
        attempt = screen.session.attempt.id
        assert screen.index == 0 and screen.session.questions[0].question.type == "multiple"
        await pilot.press("2")  # ticked, not answered
        await pilot.pause()
        ticked = [shown[0][1][1]]
        assert screen.widget.query_one(SelectionList).selected == ticked
        assert not screen.session.attempt.answers
        await pilot.press("escape")  # to the course map
        await pilot.pause()
        assert not isinstance(app.screen, QuizScreen)

        again = await open_basics(pilot, app)
        assert again is not screen and again.session.attempt.id == attempt
        assert [(p.key, p.option_order) for p in again.session.questions] == shown
        assert again.index == 0 and again.widget.query_one(SelectionList).selected == ticked
        await pilot.press("3")  # one more tick, then quit the app from the quiz
        await pilot.pause()
        ticked = [shown[0][1][1], shown[0][1][2]]
        await pilot.press("ctrl+q")

    assert seeds  # a new attempt would have had another seed, so another order
    restarted = make_app(progress, "ana", content)
    async with restarted.run_test(size=SIZE) as pilot:
        screen = await open_basics(pilot, restarted)
        assert screen.session.attempt.id == attempt
        assert [(p.key, p.option_order) for p in screen.session.questions] == shown
        assert screen.index == 0 and sorted(screen.widget.query_one(SelectionList).selected) == sorted(ticked)
        assert not screen.session.attempt.answers  # a draft is not an answer
        await pilot.press("a")  # answering takes it, and the draft is no longer kept
        await pilot.pause()
        answer = screen.session.answer_for(0)
        assert answer is not None and sorted(answer.response) == sorted(ticked)
        assert not screen.session.attempt.drafts


@pytest.mark.usefixtures("seeds")
@sync
async def test_what_was_typed_without_answering_is_there_after_a_move(tmp_path: Path) -> None:
    app = make_app(tmp_path / "progress", "ana", deferred_course(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_basics(pilot, app)
        here = index_of(screen, "numeric")
        assert here + 1 < len(screen.session.questions)
        screen.show_question(here)
        await pilot.pause()
        await pilot.press("1", "6", "ctrl+n")
        await pilot.pause()
        assert screen.index == here + 1 and not screen.session.is_answered(here)
        await pilot.press("p")
        await pilot.pause()
        box = screen.widget.query_one(Input)
        assert screen.index == here and box.value == "16" and not screen.session.is_answered(here)
