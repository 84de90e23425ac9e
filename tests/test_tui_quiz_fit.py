"""Long questions in small terminals (60×20 and 80×24): choice options wrap instead of being cut off, the
feedback comes into view after answering, and PageUp / PageDown scroll the question while n and p move."""

from __future__ import annotations

from pathlib import Path

import pytest

from course.tui.widgets.reader import Reader
from tests.screen import find_on_screen, screen_lines, screen_text
from tests.tui_support import LONG, make_app, open_long, sync

SIZES = [pytest.param((60, 20), id="60x20"), pytest.param((80, 24), id="80x24")]

# The first two questions of the fixture's quiz: one answer, then choose all that apply.
LONG_OPTIONS = {
    0: [
        "Infosys: location, cultural integration and communication channels between the teams",
        "IBM: alignment, contracts and monitoring of outside providers over the years of a deal",
        "Neither, because no outside provider is involved and nothing crosses a company boundary",
    ],
    1: [
        "Choose the location for skills, time zones and stability, not only for the lowest wages",
        "Invest in cultural integration so that teams in both countries work as one organisation",
        "Leave communication to chance, since the teams belong to the same company anyway",
    ],
}

pytestmark = pytest.mark.usefixtures("fixed_seed")


def painted_words(app) -> str:
    """What the screen shows, lines joined and box edges dropped, as one run of words."""
    text = " ".join(line.replace("▊", " ").replace("▎", " ") for line in screen_lines(app))
    return " ".join(text.split())


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("question", [0, 1], ids=["one-answer", "all-that-apply"])
@sync
async def test_long_choice_options_wrap_instead_of_being_cut_off(tmp_path: Path, size, question: int) -> None:
    app = make_app(tmp_path / "progress", "ana", LONG)
    async with app.run_test(size=size) as pilot:
        await open_long(pilot, app, question)
        shown = painted_words(app)
        for number, option in zip("123", LONG_OPTIONS[question], strict=True):
            assert f"{number}. {option}" in shown, (option, "\n".join(screen_lines(app)))
        # No option is cut short (the top line may end a long quiz title in …: that is its own rule).
        question = app.screen.query_one("#question").region
        assert not [(x, y) for x, y in find_on_screen(app, "…") if question.contains(x, y)]


@pytest.mark.parametrize("size", SIZES)
@sync
async def test_a_wrapped_option_continues_under_its_own_text(tmp_path: Path, size) -> None:
    """The second line of an option carries on with its words, starting where its text starts (not under the
    button or the number)."""
    app = make_app(tmp_path / "progress", "ana", LONG)
    async with app.run_test(size=size) as pilot:
        await open_long(pilot, app, 0)
        option = LONG_OPTIONS[0][0]
        (column, row), *_ = find_on_screen(app, option.split()[0])
        lines = screen_lines(app)
        first_part = lines[row][column:].replace("▎", " ").strip()
        assert option.startswith(first_part), (first_part, "\n".join(lines))
        rest = option[len(first_part) :].split()
        assert lines[row + 1][column:].startswith(rest[0]) and not lines[row + 1][:column].strip(" ▊"), (
            "\n".join(lines)
        )


WRONG_ANSWERS = [
    # question, keys that answer it wrong, what the whole hint and feedback show first and last
    pytest.param(0, ["down", "space", "a"], "Answered.", "Reread: Two cases › Comparing the cases", id="choice"),
    pytest.param(4, ["enter", "5", "enter"], "Answered.", "shared hours with care.", id="typed-number"),
]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("question, keys, first, last", WRONG_ANSWERS)
@sync
async def test_after_answering_a_long_question_its_feedback_is_in_view(
    tmp_path: Path, size, question: int, keys: list[str], first: str, last: str
) -> None:
    app = make_app(tmp_path / "progress", "ana", LONG)
    async with app.run_test(size=size) as pilot:
        await open_long(pilot, app, question)
        await pilot.press(*keys)
        await pilot.pause()
        await pilot.pause()
        assert app.screen.session.answer_for(question) is not None
        for words in (first, "✗ Not right", "Right answer:", "Why:", last):
            assert find_on_screen(app, words), (words, "\n".join(screen_lines(app)))


@pytest.mark.parametrize("size", SIZES)
@sync
async def test_page_keys_scroll_the_question_and_n_p_move(tmp_path: Path, size) -> None:
    app = make_app(tmp_path / "progress", "ana", LONG)
    async with app.run_test(size=size) as pilot:
        screen = await open_long(pilot, app, 0)
        reader = screen.query_one("#question", Reader)
        await pilot.press("down", "space", "a")
        await pilot.pause()
        await pilot.press("pageup", "pageup", "pageup")
        await pilot.pause()
        assert screen.index == 0 and reader.scroll_y == 0
        assert find_on_screen(app, "Question 1 of 5")
        await pilot.press("pagedown")
        await pilot.pause()
        assert screen.index == 0 and reader.scroll_y > 0
        await pilot.press("n")
        await pilot.pause()
        assert screen.index == 1
        await pilot.press("p")
        await pilot.pause()
        assert screen.index == 0


@sync
async def test_page_down_scrolls_while_the_choice_list_has_the_focus(tmp_path: Path) -> None:
    """The all-that-apply list would page its own cursor; the question scrolls instead."""
    app = make_app(tmp_path / "progress", "ana", LONG)
    async with app.run_test(size=(60, 12)) as pilot:
        screen = await open_long(pilot, app, 1)
        reader = screen.query_one("#question", Reader)
        choices = screen.query_one("#choices")
        assert app.focused is choices
        reader.scroll_home(animate=False)
        await pilot.pause()
        await pilot.press("pagedown")
        await pilot.pause()
        assert reader.scroll_y > 0 and choices.highlighted == 0 and screen.index == 1


@sync
async def test_help_names_the_keys_to_type_and_to_scroll(tmp_path: Path) -> None:
    app = make_app(tmp_path / "progress", "ana", LONG)
    async with app.run_test(size=(100, 50)) as pilot:
        await open_long(pilot, app, 3)  # the short-answer question
        await pilot.press("f1")  # the cursor is in the box, where ? is typed: F1 opens help (the footer says so)
        await pilot.pause()
        shown = screen_text(app)
        assert "Type your answer" in shown and "PgDn" in shown and "PgUp" in shown, shown
