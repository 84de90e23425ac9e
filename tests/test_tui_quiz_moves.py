"""Moving between quiz questions with the neighbours' answer widgets kept mounted and hidden: each question
shows its own answer, the visible widget has the focus, and the footer is not rebuilt when its keys stay."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from textual.widgets import Input, RadioButton, SelectionList

from course.tui.qtypes.matching import MatchingAnswer
from course.tui.qtypes.multiple import MultipleAnswer
from course.tui.qtypes.numeric import NumericAnswer
from course.tui.qtypes.ordering import OrderingAnswer
from course.tui.qtypes.short import ShortAnswer
from course.tui.qtypes.single import SingleAnswer
from course.tui.qtypes.true_false import TrueFalseAnswer
from course.tui.quiz.answers import AnswerWidget
from course.tui.quiz.screen import QuizScreen
from course.tui.textual_shim import FooterKey
from course.tui.widgets import Footer
from tests.tui_support import FIXTURE, SIZE, make_app, sync, text_of

pytestmark = pytest.mark.usefixtures("fixed_seed")

# The fixture's basics quiz, in order: one question of each type.
TYPES = [SingleAnswer, MultipleAnswer, TrueFalseAnswer, MatchingAnswer, OrderingAnswer, ShortAnswer, NumericAnswer]


def shown(screen: QuizScreen) -> AnswerWidget:
    """The one answer widget on display; every other mounted one is hidden."""
    displayed = [w for w in screen.query(AnswerWidget) if w.display]
    assert len(displayed) == 1, displayed
    assert displayed[0] is screen.widget
    return displayed[0]


def chosen(widget: AnswerWidget) -> list[str]:
    return [str(b.label) for b in widget.query(RadioButton) if b.value]


async def open_basics(pilot, app) -> QuizScreen:
    await pilot.pause()
    app.open_quiz("basics-quiz")
    await pilot.pause()
    assert isinstance(app.screen, QuizScreen)
    return app.screen


@sync
async def test_an_answer_is_still_shown_after_moving_away_and_back(tmp_path: Path) -> None:
    app = make_app(tmp_path / "progress", "ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_basics(pilot, app)
        await pilot.press("down", "space", "a")  # question 1 (one answer): B
        first = chosen(shown(screen))
        assert len(first) == 1 and first[0].startswith("2.")
        await pilot.press("n")
        await pilot.pause()
        assert screen.index == 1 and isinstance(shown(screen), MultipleAnswer)
        assert list(shown(screen).query_one(SelectionList).selected) == []  # q1's choice does not leak
        await pilot.press("p")
        await pilot.pause()
        assert screen.index == 0 and isinstance(shown(screen), SingleAnswer)
        assert chosen(shown(screen)) == first
        assert shown(screen).disabled  # answered with immediate feedback: locked, as before the move


@sync
async def test_a_choice_not_answered_is_there_when_coming_back_but_not_as_an_answer(tmp_path: Path) -> None:
    """What was chosen without answering is kept (a draft), and is no answer until the learner gives it."""
    app = make_app(tmp_path / "progress", "ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_basics(pilot, app)
        await pilot.press("space")  # choose A, do not answer
        first = chosen(shown(screen))
        assert first
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert screen.index == 0 and chosen(shown(screen)) == first
        assert screen.session.answer_for(0) is None


@sync
async def test_every_type_back_to_back_shows_its_own_widget_with_the_focus(tmp_path: Path) -> None:
    """Each question's widget has the focus; on a text or number question the cursor is in its box, and Esc
    leaves it before n and p move on."""
    app = make_app(tmp_path / "progress", "ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_basics(pilot, app)
        order = list(range(7)) + list(range(5, -1, -1))  # forwards through every type, then back
        for step, index in enumerate(order):
            if step:
                if shown(screen).TYPED:
                    await pilot.press("escape")
                await pilot.press("n" if index > screen.index else "p")
                await pilot.pause()
            assert screen.index == index
            widget = shown(screen)
            assert type(widget) is TYPES[index], (index, widget)
            assert widget.played is screen.session.questions[index]
            assert app.focused is not None and widget in app.focused.ancestors_with_self, (index, app.focused)
            if widget.TYPED:
                assert isinstance(app.focused, Input), (index, app.focused)
            assert set(screen.answer_widgets) <= {index - 1, index, index + 1}


@sync
async def test_typed_answers_stay_with_their_question(tmp_path: Path) -> None:
    app = make_app(tmp_path / "progress", "ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_basics(pilot, app)
        screen.show_question(5)  # short answer
        await pilot.pause()
        await pilot.press("enter", *"sla", "enter")
        assert screen.session.answer_for(5).response == "sla"
        await pilot.press("n")  # numeric, its box empty
        await pilot.pause()
        assert isinstance(shown(screen), NumericAnswer)
        await pilot.press("enter")
        assert app.focused is shown(screen).query_one(Input) and app.focused.value == ""
        await pilot.press("4", "2", "enter")
        screen.set_focus(None)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(shown(screen), ShortAnswer) and shown(screen).query_one(Input).value == "sla"
        screen.set_focus(None)
        await pilot.press("n")
        await pilot.pause()
        assert shown(screen).query_one(Input).value == "42"


def exam_course(tmp_path: Path, types: list[str]) -> Path:
    """The fixture course with an exam of the given question types (true_false or single)."""
    content = tmp_path / "course"
    shutil.copytree(FIXTURE, content)
    single = '[[questions.options]]\ntext = "Yes"\ncorrect = true\n\n[[questions.options]]\ntext = "No"\n'
    questions = "".join(
        f'[[questions]]\nid = "q{i}"\ntype = "{kind}"\nprompt = "Statement {i}"\nexplanation = "Because."\n'
        + ("answer = true\n\n" if kind == "true_false" else "\n" + single)
        for i, kind in enumerate(types)
    )
    (content / "quizzes" / "exam.toml").write_text(f'id = "exam"\ntitle = "Exam"\n\n{questions}')
    return content


@sync
async def test_questions_of_the_same_type_keep_their_own_answers(tmp_path: Path) -> None:
    app = make_app(tmp_path / "progress", "Jo", exam_course(tmp_path, ["true_false"] * 4))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_quiz("exam")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        await pilot.press("space", "a")  # question 1: True
        assert chosen(shown(screen)) == ["1. True"]
        await pilot.press("n")
        await pilot.pause()
        assert shown(screen).played is screen.session.questions[1] and chosen(shown(screen)) == []
        assert "Statement 1" in text_of(app, "#prompt")
        await pilot.press("down", "space", "a")  # question 2: False
        assert screen.session.answer_for(1).response is False
        await pilot.press("p")
        await pilot.pause()
        assert shown(screen).played is screen.session.questions[0] and chosen(shown(screen)) == ["1. True"]
        await pilot.press("n", "n")
        await pilot.pause()
        assert screen.index == 2 and chosen(shown(screen)) == []
        await pilot.press("p")
        await pilot.pause()
        assert chosen(shown(screen)) == ["2. False"]


@sync
async def test_the_footer_is_not_rebuilt_when_its_keys_stay_the_same(tmp_path: Path) -> None:
    content = exam_course(tmp_path, ["single" if i % 2 else "true_false" for i in range(12)])
    app = make_app(tmp_path / "progress", "Jo", content)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_quiz("exam")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen) and len(screen.session.questions) == 12
        footer = screen.query_one(Footer)
        await pilot.press("n")
        await pilot.pause()
        before = footer.rebuilds
        assert before >= 1  # it was built once for the quiz's keys
        for _ in range(8):
            await pilot.press("n")
            await pilot.pause()
        for _ in range(4):
            await pilot.press("p")
            await pilot.pause()
        assert screen.index == 5
        assert footer.rebuilds == before


async def on_the_matching_question(pilot, app) -> tuple[QuizScreen, Footer]:
    """The basics quiz on its matching question (the next one, ordering, adds its Move keys), and its footer."""
    screen = await open_basics(pilot, app)
    screen.show_question(3)
    await pilot.pause()
    return screen, screen.query_one(Footer)


@sync
async def test_the_footer_is_rebuilt_when_its_keys_do_change(tmp_path: Path) -> None:
    app = make_app(tmp_path / "progress", "ana")
    async with app.run_test(size=SIZE) as pilot:
        screen, footer = await on_the_matching_question(pilot, app)
        before = footer.rebuilds
        actions = [action for action, _ in footer.displayed()[0]]
        assert "move_up" not in actions
        screen.set_focus(None)
        await pilot.press("n")  # ordering: its list has the focus and adds its Move keys
        await pilot.pause()
        assert "move_up" in [action for action, _ in footer.displayed()[0]]
        assert footer.rebuilds == before + 1
        assert "Move" in " ".join(str(key.description) for key in footer.query("FooterKey"))


@pytest.mark.parametrize("size", [(120, 30), (60, 20)], ids=["120x30", "60x20"])
@sync
async def test_a_rebuilt_footer_gives_its_keys_no_style_pass_for_their_compact_setting(tmp_path: Path, size) -> None:
    """Each key comes with its compact setting and class already given (Textual's binding changed the class of
    each key once mounted, once or twice, and each change was a new style pass)."""
    app = make_app(tmp_path / "progress", "ana")
    async with app.run_test(size=size) as pilot:
        screen, footer = await on_the_matching_question(pilot, app)
        passes: list[object] = []
        apply = app.stylesheet.apply

        def counted(node, *args, **kwargs):
            if isinstance(node, FooterKey):
                passes.append(node)
            return apply(node, *args, **kwargs)

        app.stylesheet.apply = counted
        before = footer.rebuilds
        screen.set_focus(None)
        await pilot.press("n")  # ordering: new keys
        await pilot.pause()
        app.stylesheet.apply = apply
        keys = list(footer.query(FooterKey))
        assert footer.rebuilds == before + 1 and keys
        # Only the new keys, each with the pass of its mount and the one Textual gives a widget just mounted
        # whose rules depend on its place (FooterKey's :last-child), no pass for its compact setting.
        assert set(map(id, passes)) == set(map(id, keys))
        assert sorted(Counter(map(id, passes)).values()) == [2] * len(keys)
        compact = footer.displayed()[2]
        assert compact == (size[0] == 60)  # both looks are covered
        for key in keys:  # the look is Textual's: compact keys, and the palette's hint always compact
            assert key.compact == key.has_class("-compact") == (compact or key.has_class("-command-palette"))


@sync
async def test_the_position_is_saved_after_the_move_even_when_leaving_at_once(tmp_path: Path) -> None:
    app = make_app(tmp_path / "progress", "ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_basics(pilot, app)
        await pilot.press("n")
        await pilot.pause()
        assert screen.session.position == 1  # saved once the move was on screen
        screen.action_next_question()
        app.action_go_map()  # leave before the move was painted
        await pilot.pause()
        assert screen.session.position == 2
    reopened = make_app(tmp_path / "progress", "ana")
    async with reopened.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reopened.open_quiz("basics-quiz")
        await pilot.pause()
        assert reopened.screen.index == 2


@sync
async def test_after_the_last_answer_the_hint_says_how_to_submit(tmp_path: Path) -> None:
    app = make_app(tmp_path / "progress", "ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_basics(pilot, app)
        await pilot.press("down", "space", "a")  # question 1 of 7
        assert text_of(app, "#hint") == "Answered. Press n for the next question."
        screen.show_question(len(screen.session.questions) - 1)  # the numeric question, last
        await pilot.pause()
        await pilot.press("enter", "2", "enter")
        await pilot.pause()
        hint = text_of(app, "#hint")
        assert "last question" in hint and "press S to submit" in hint and "Press n" not in hint


@pytest.mark.parametrize("width", [60, 80, 100])
@sync
async def test_the_footer_leaves_keys_out_rather_than_cutting_them(tmp_path: Path, width: int) -> None:
    from course.tui.widgets import COMPACT_KEY_GAP, KEY_GAP, Footer

    app = make_app(tmp_path / "progress", "ana")
    async with app.run_test(size=(width, 24)) as pilot:
        await open_basics(pilot, app)
        await pilot.pause()
        footer = app.screen.query_one(Footer)
        keys, palette, compact = footer.displayed()
        actions = [action for action, _ in keys]
        gap = COMPACT_KEY_GAP if compact else KEY_GAP
        used = sum(len(display) + len(words) + gap for _, (_, display, words, *_) in keys) - (1 if compact else 0)
        assert used <= width
        assert compact == (width < 80)
        assert {"answer", "next_question", "prev_question", "skip", "flag", "submit", "app.go_map",
                "app.help"} <= set(actions)
        assert ("app.quit" in actions) == (width >= 80)  # Ctrl+Q goes first: the map still shows it
        assert (palette is not None) == (width >= 100)
        shown = [key.description for key in footer.query("FooterKey")]
        assert "Help" in shown and "Map" in shown
