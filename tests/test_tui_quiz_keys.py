"""Which keys work where in a quiz: arriving on a text or number question puts the cursor in its box, so
every letter typed goes there; Enter answers, Ctrl+N moves on, Esc leaves the box and gives the letter keys
back; the footer names only keys that work with the current focus."""

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
async def test_letters_typed_on_a_text_question_go_into_its_box(tmp_path: Path) -> None:
    """n, p, s and f are letters of answers: on a text question they are typed, not run as commands."""
    app = make_app(tmp_path / "progress", "ana", LONG)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_long(pilot, app, SHORT)
        box = screen.query_one("#text", Input)
        assert box.has_focus  # the cursor is in the box on arrival
        await pilot.press(*"spend f", "enter")
        await pilot.pause()
        assert screen.index == SHORT and not screen.session.is_flagged(SHORT)
        answer = screen.session.answer_for(SHORT)
        assert answer is not None and answer.response == "spend f"


@sync
async def test_ctrl_n_moves_on_from_a_box_and_esc_gives_the_letter_keys_back(tmp_path: Path) -> None:
    app = make_app(tmp_path / "progress", "ana", LONG)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_long(pilot, app, SHORT)
        await pilot.press(*"no pass", "ctrl+n")  # typed into the box, then on to the next question
        await pilot.pause()
        assert screen.index == NUMERIC
        number = screen.query_one("#number", Input)
        assert number.has_focus  # a number question too: the cursor is in its box
        await pilot.press("escape", "p")  # Esc leaves the box: p is the quiz's key again
        await pilot.pause()
        assert screen.index == SHORT and not number.value
        box = screen.query_one("#text", Input)
        assert box.has_focus and box.value == "no pass"  # the draft is kept, and is there to be changed
        await pilot.press("escape", "enter", *"due diligence", "enter")  # Enter goes back in; typing replaces it
        await pilot.pause()
        answer = screen.session.answer_for(SHORT)
        assert answer is not None and answer.response == "due diligence" and answer.correct


@sync
async def test_enter_in_an_empty_box_names_keys_that_work_there(tmp_path: Path) -> None:
    """Not "press s to skip": in the box, s is typed."""
    app = make_app(tmp_path / "progress", "ana", LONG)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_long(pilot, app, SHORT)
        await pilot.press("enter")
        await pilot.pause()
        said = [str(notice.message) for notice in app._notifications]
        assert any("Ctrl+N" in notice for notice in said) and not any("press s" in notice for notice in said), said
        assert screen.session.answer_for(SHORT) is None


@sync
async def test_alt_and_a_letter_in_a_box_is_esc_then_the_letter(tmp_path: Path) -> None:
    """Terminals send Alt+N, and a fast "Esc n", as one key: it leaves the box and runs n."""
    app = make_app(tmp_path / "progress", "ana", LONG)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_long(pilot, app, SHORT)
        await pilot.press("alt+n")
        await pilot.pause()
        assert screen.index == NUMERIC
        assert screen.query_one("#number", Input).value == ""


def _shown_key_is_its_own(app, key: str, shown: str) -> bool:
    return shown == app.get_key_display(Binding(key, ""))


@sync
async def test_the_footer_shows_only_keys_that_work_in_a_text_box(tmp_path: Path) -> None:
    app = make_app(tmp_path / "progress", "ana", LONG)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_long(pilot, app, SHORT)
        await pilot.pause()
        box = screen.query_one("#text", Input)
        assert box.has_focus
        inside = footer_keys(app)
        for key, shown, label in inside:
            assert not box.check_consume_key(key, key if len(key) == 1 else None), (key, label, inside)
            assert _shown_key_is_its_own(app, key, shown), (key, shown, label, inside)
        labels = {label: key for key, _, label in inside}
        assert labels.get("Answer") == "enter" and labels.get("Leave box") == "escape", inside
        assert labels.get("Next") == "ctrl+n" and "Type" not in labels, inside
        await pilot.press("escape")
        await pilot.pause()
        assert not box.has_focus
        outside = {label: shown for _, shown, label in footer_keys(app)}
        assert outside.get("Type") == app.get_key_display(Binding("enter", "")), outside  # Enter goes back in
        assert outside.get("Next") == "n" and outside.get("Answer") == "a", outside


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
async def test_digits_on_a_number_question_go_into_its_box(tmp_path: Path) -> None:
    app = make_app(tmp_path / "progress", "ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_quiz("basics-quiz", question=6)  # "How many lessons does this course have?"
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen) and screen.session.questions[6].question.type == "numeric"
        box = screen.widget.query_one(Input)
        assert app.focused is box
        await pilot.press("2")
        await pilot.pause()
        assert app.focused is box and box.value == "2"
        await pilot.press("enter")
        await pilot.pause()
        answer = screen.session.answer_for(6)
        assert answer is not None and answer.response == 2 and answer.correct


@pytest.mark.parametrize("gap", [False, True], ids=["at-once", "with-a-pause"])
@sync
async def test_a_number_key_after_esc_starts_the_answer_again(tmp_path: Path, gap: bool) -> None:
    """After Esc, a number key goes back into the box and starts the answer there: it replaces what the box
    held, and the digits typed after it add to it (the box does not select what the first key put there)."""
    app = make_app(tmp_path / "progress", "ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_quiz("basics-quiz", question=6)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        box = screen.widget.query_one(Input)
        await pilot.press("9", "escape")
        await pilot.pause()
        assert app.focused is not box and box.value == "9"
        await pilot.press("1")
        if gap:
            await pilot.pause()
        await pilot.press("2", "3")
        await pilot.pause()
        assert app.focused is box and box.value == "123"
