"""Typed answers in `course --plain`: each question type read from one line, refusals that say what is
expected, and property tests that any answer the app could give is typed and read back the same."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from course.content.models import (
    ChoiceQuestion,
    MatchingQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderingQuestion,
    ShortQuestion,
    TrueFalseQuestion,
)
from course.plain.answers import Refused, parse, typed_form
from course.quizrun import play
from course.scoring import score
from tests.test_scoring_properties import PROPS, questions

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
