"""Which keys work where in a quiz: skimming with n and p passes text questions by, Enter goes into a text
box, and the footer names only keys that work with the current focus."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.binding import Binding
from textual.widgets import Input

from course.tui.quiz.screen import QuizScreen
from tests.tui_support import LONG, make_app, open_long, sync

SIZE = (80, 24)
MATCHING, SHORT, NUMERIC = 2, 3, 4  # the fixture quiz: one answer, all that apply, matching, short, numeric

pytestmark = pytest.mark.usefixtures("fixed_seed")


def footer_keys(app) -> list[tuple[str, str, str]]:
    """The footer as painted: (key, what it shows for the key, label) for each of its keys."""
    return [(key.key, key.key_display, str(key.description)) for key in app.screen.query("FooterKey")]


@sync
async def test_skimming_with_n_and_p_passes_text_questions_by(tmp_path: Path) -> None:
    app = make_app(tmp_path / "progress", "ana", LONG)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_long(pilot, app)
        await pilot.press(*"nnnn")
        await pilot.pause()
        assert screen.index == NUMERIC
        await pilot.press("p", "p")
        await pilot.pause()
        assert screen.index == MATCHING
        for question, box in ((SHORT, "#text"), (NUMERIC, "#number")):
            widget = screen.answer_widgets.get(question)
            assert widget is None or widget.query_one(box, Input).value == ""  # nothing was typed into it
        assert not screen.session.attempt.answers


@sync
async def test_enter_goes_into_the_box_enter_answers_and_esc_gives_the_letter_keys_back(tmp_path: Path) -> None:
    app = make_app(tmp_path / "progress", "ana", LONG)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_long(pilot, app, SHORT)
        box = screen.query_one("#text", Input)
        assert not box.has_focus
        await pilot.press("enter")
        assert box.has_focus
        await pilot.press(*"no pass", "escape", "n")  # typed into the box; after Esc, n moves on
        await pilot.pause()
        assert box.value == "no pass" and screen.index == NUMERIC
        await pilot.press("p", "enter", "backspace", "backspace", "backspace", "backspace", "backspace",
                          "backspace", "backspace", *"due diligence", "enter")
        await pilot.pause()
        answer = screen.session.answer_for(SHORT)
        assert answer is not None and answer.response == "due diligence" and answer.correct


def _shown_key_is_its_own(app, key: str, shown: str) -> bool:
    return shown == app.get_key_display(Binding(key, ""))


@sync
async def test_the_footer_shows_only_keys_that_work_in_a_text_box(tmp_path: Path) -> None:
    app = make_app(tmp_path / "progress", "ana", LONG)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_long(pilot, app, SHORT)
        await pilot.pause()
        before = {label: shown for _, shown, label in footer_keys(app)}
        assert before.get("Type") == app.get_key_display(Binding("enter", "")), before  # Enter goes into the box
        assert before.get("Next") == "n" and before.get("Answer") == "a"
        await pilot.press("enter")
        await pilot.pause()
        box = screen.query_one("#text", Input)
        assert box.has_focus
        inside = footer_keys(app)
        for key, shown, label in inside:
            assert not box.check_consume_key(key, key if len(key) == 1 else None), (key, label, inside)
            assert _shown_key_is_its_own(app, key, shown), (key, shown, label, inside)
        labels = {label: key for key, _, label in inside}
        assert labels.get("Answer") == "enter" and labels.get("Leave box") == "escape", inside
        assert "Next" not in labels and "Type" not in labels


@sync
async def test_on_a_choice_question_enter_is_not_offered_to_type(tmp_path: Path) -> None:
    app = make_app(tmp_path / "progress", "ana", LONG)
    async with app.run_test(size=SIZE) as pilot:
        await open_long(pilot, app, 0)
        await pilot.pause()
        assert "Type" not in [label for _, _, label in footer_keys(app)]


@sync
async def test_options_are_numbered_and_their_numbers_choose_them(tmp_path: Path) -> None:
    from textual.widgets import RadioButton, SelectionList

    from course.tui.widgets import StatusLine

    app = make_app(tmp_path / "progress", "ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_quiz("basics-quiz", question=0)  # one answer
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        buttons = list(screen.widget.query(RadioButton))
        assert [str(b.label).split(". ", 1)[0] for b in buttons] == [str(n) for n in range(1, len(buttons) + 1)]
        await pilot.press("2")
        await pilot.pause()
        assert screen.widget.response() == buttons[1].name  # '2' chose option 2; 'a' still answers
        await pilot.press("9")
        await pilot.pause()
        assert screen.query_one(StatusLine).said == "There is no option 9 here."
        assert screen.widget.response() == buttons[1].name

        screen.show_question(1)  # all that apply: a number ticks, the same number unticks
        await pilot.pause()
        order = screen.session.questions[1].option_order
        await pilot.press("1", "2", "1")
        await pilot.pause()
        assert screen.widget.query_one(SelectionList).selected == [order[1]]

        screen.show_question(2)  # true or false: 1 is True, 2 is False
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        assert screen.widget.response() is False


@sync
async def test_a_number_key_on_a_number_question_starts_the_answer_in_its_box(tmp_path: Path) -> None:
    app = make_app(tmp_path / "progress", "ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_quiz("basics-quiz", question=6)  # "How many lessons does this course have?"
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen) and screen.session.questions[6].question.type == "numeric"
        box = screen.widget.query_one(Input)
        assert app.focused is not box
        await pilot.press("2")
        await pilot.pause()
        assert app.focused is box and box.value == "2"
        await pilot.press("enter")
        await pilot.pause()
        answer = screen.session.answer_for(6)
        assert answer is not None and answer.response == 2 and answer.correct


@pytest.mark.parametrize("gap", [False, True], ids=["at-once", "with-a-pause"])
@sync
async def test_the_digits_after_the_first_go_on_with_the_answer(tmp_path: Path, gap: bool) -> None:
    """A number key starts the answer in the box, and the digits typed after it add to it: the box does not
    select what the first key put there (the next key would replace it)."""
    app = make_app(tmp_path / "progress", "ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_quiz("basics-quiz", question=6)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        box = screen.widget.query_one(Input)
        await pilot.press("1")
        if gap:
            await pilot.pause()
        await pilot.press("2", "3")
        await pilot.pause()
        assert app.focused is box and box.value == "123"
        await pilot.press("escape", "enter", "4")  # leave the box and come back: the answer is kept and edited
        await pilot.pause()
        assert box.value == "1234"
