"""Typed answers in `course --plain`: each question type read from one line, refusals that say what is
expected, and property tests that any answer the app could give is typed and read back the same."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from course.content import load_course
from course.content.models import (
    ChoiceQuestion,
    MatchingQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderingQuestion,
    ShortQuestion,
    TrueFalseQuestion,
)
from course.plain.answers import Refused, choices_lines, letter, parse, typed_form
from course.quizrun import PlayedQuestion, play
from course.scoring import score
from tests.test_scoring_properties import PROPS, questions
from tests.tui_support import FIXTURE


@pytest.fixture(scope="module")
def quiz():
    return load_course(FIXTURE).quiz("basics-quiz")


def played(quiz, qid: str, seed: int = 7, shuffle: bool = True) -> PlayedQuestion:
    question = quiz.question(qid)
    return play(quiz, question, qid, seed, shuffle)


def test_one_answer_is_an_option_number(quiz):
    shown = played(quiz, "q-single")
    assert parse(shown, "2") == shown.option_order[1]
    assert parse(shown, " 1 ") == shown.option_order[0]
    assert parse(shown, "3") == Refused("There is no option 3. Type the number of one option, from 1 to 2.")
    assert "not one option's number" in parse(shown, "1 2").message
    assert "not one option's number" in parse(shown, "Outsourcing").message
    assert parse(shown, "") == Refused("Nothing was typed. Type the number of one option, from 1 to 2.")


def test_all_that_apply_takes_several_numbers_in_the_order_shown(quiz):
    shown = played(quiz, "q-multiple")
    keys = shown.option_order
    assert parse(shown, "3 1") == [keys[0], keys[2]]
    assert parse(shown, "1,3") == [keys[0], keys[2]]
    assert parse(shown, "2 2") == [keys[1]]
    assert parse(shown, "1 4").message.startswith("There is no option 4.")
    assert "not a list of option numbers" in parse(shown, "1 and 3").message


def test_true_or_false_is_1_or_2_or_the_word(quiz):
    shown = played(quiz, "q-tf")
    assert parse(shown, "1") is True and parse(shown, "True") is True
    assert parse(shown, "2") is False and parse(shown, "false") is False
    assert parse(shown, "3").message.endswith("Type 1 for True or 2 for False.")


def test_an_order_names_the_items_as_numbered(quiz):
    shown = played(quiz, "q-order")
    items = shown.question.items
    shown_items = [items[i] for i in shown.item_order]  # what the learner reads as 1, 2, 3
    typed = " ".join(str(shown_items.index(item) + 1) for item in items)  # the right order
    assert parse(shown, typed) == [0, 1, 2]
    assert score(shown.question, parse(shown, typed)).correct
    assert parse(shown, "1 2").message.startswith("Item 3 is missing: give all 3 items.")
    assert parse(shown, "1 1 2").message.startswith("Item 1 is there twice")
    assert parse(shown, "1 2 4").message.startswith("There is no item 4.")


def test_matching_gives_each_item_the_letter_of_its_match(quiz):
    shown = played(quiz, "q-match")
    question = shown.question
    lines = choices_lines(shown)
    assert lines[0] == "Items:" and "Matches:" in lines
    letters = {match: letter(i) for i, match in enumerate(shown.choice_order)}
    numbered = [question.pairs[i] for i in shown.item_order]
    typed = " ".join(f"{n}={letters[pair.match]}" for n, pair in enumerate(numbered, 1))
    assert parse(shown, typed) == [pair.match for pair in question.pairs]
    assert score(question, parse(shown, typed)).correct
    assert parse(shown, typed.replace("=", "")) == parse(shown, typed.upper().replace(" ", ", "))
    only_first = parse(shown, f"1={letters[numbered[0].match]}")
    assert only_first.count("") == 1  # the other item has no match (the mode asks before taking it)
    assert parse(shown, "1=z").message.startswith("There is no match z: the matches are a to b.")
    assert parse(shown, "3=a").message.startswith("There is no item 3.")
    assert parse(shown, "1=a 1=b").message.startswith("Item 1 is given twice")
    assert "is not an item and its match" in parse(shown, "first=a").message


def test_a_short_answer_is_the_words_typed(quiz):
    shown = played(quiz, "q-short")
    assert parse(shown, "  service level agreement ") == "service level agreement"
    assert "at most 200" in parse(shown, "x" * 201).message


def test_a_number_is_digits_and_a_decimal_comma_is_refused(quiz):
    shown = played(quiz, "q-numeric")
    assert parse(shown, "2") == 2 and isinstance(parse(shown, "2"), int)
    assert parse(shown, "2.5") == 2.5
    assert parse(shown, "8,5").message.startswith("“8,5” has a comma")
    assert parse(shown, "two").message.startswith("“two” is not a number")
    assert choices_lines(shown) == ["The answer is in lessons."]


# -- properties -----------------------------------------------------------------------------------------


def _as_the_app_gives(question, data) -> object:
    """A response of the kind the app's answer widgets give for this question (see course.tui.quiz.answers)."""
    if isinstance(question, MultipleQuestion):
        keys = question.option_keys()
        return data.draw(st.lists(st.sampled_from(keys), min_size=1, unique=True))
    if isinstance(question, ChoiceQuestion):
        return data.draw(st.sampled_from(question.option_keys()))
    if isinstance(question, TrueFalseQuestion):
        return data.draw(st.booleans())
    if isinstance(question, OrderingQuestion):
        return data.draw(st.permutations(list(range(len(question.items)))))
    if isinstance(question, MatchingQuestion):
        count = len(question.pairs)
        picks = data.draw(st.lists(st.sampled_from([*question.choices(), ""]), min_size=count, max_size=count))
        return picks if any(picks) else [question.choices()[0], *picks[1:]]
    if isinstance(question, ShortQuestion):
        words = data.draw(st.text(min_size=1, max_size=200).map(str.strip).filter(bool))
        return words.replace("\n", " ").replace("\r", " ")
    assert isinstance(question, NumericQuestion)
    number = data.draw(st.floats(allow_nan=False, allow_infinity=False))
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


@PROPS
@given(question=questions, seed=st.integers(0, 2**31 - 1), shuffle=st.booleans(), data=st.data())
def test_any_answer_typed_as_shown_reads_back_the_same(question, seed, shuffle, data):
    shown = play(None, question, question.id, seed, shuffle)
    response = _as_the_app_gives(question, data)
    if isinstance(question, MultipleQuestion):
        response = [key for key in shown.option_order if key in response]  # the app lists them as shown
    if isinstance(question, ShortQuestion):
        response = response.strip()
    typed = typed_form(shown, response)
    assert parse(shown, typed) == response, typed


@PROPS
@given(question=questions, seed=st.integers(0, 2**31 - 1), typed=st.text(max_size=40))
def test_any_line_is_an_answer_that_scores_or_a_sentence_saying_what_is_expected(question, seed, typed):
    shown = play(None, question, question.id, seed, True)
    read = parse(shown, typed)
    if isinstance(read, Refused):
        assert read.message.endswith(".") and len(read.message) > 20
    else:
        result = score(question, read)
        assert 0 <= result.score <= question.points + 1e-9


@PROPS
@given(question=questions, seed=st.integers(0, 2**31 - 1), data=st.data())
def test_numbers_may_be_spaced_or_separated_by_commas(question, seed, data):
    shown = play(None, question, question.id, seed, True)
    if not isinstance(question, (MultipleQuestion, OrderingQuestion)):
        return
    response = _as_the_app_gives(question, data)
    if isinstance(question, MultipleQuestion):
        response = [key for key in shown.option_order if key in response]
    typed = typed_form(shown, response)
    gap = data.draw(st.sampled_from([",", ", ", "  ", " ,", ";"]))
    assert parse(shown, f" {gap.join(typed.split())} ") == response
