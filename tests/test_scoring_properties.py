"""Property tests: any response scores within 0..points, the right answer earns full points, order never matters."""

from __future__ import annotations

import math
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course.content.models import (
    MatchingQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderingQuestion,
    ShortQuestion,
    SingleQuestion,
    TrueFalseQuestion,
)
from course.quizrun import play
from course.scoring import right_response, score
from tests.answers import right

PROPS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

text = st.text(min_size=1, max_size=20).filter(lambda s: s.strip())
answer_text = text.filter(
    lambda s: any(
        not unicodedata.category(c).startswith(("P", "Z")) and not c.isspace() for c in unicodedata.normalize("NFKC", s)
    )
)
points = st.one_of(st.just(1.0), st.floats(min_value=0, max_value=100, allow_nan=False))
BASE = {"id": "q", "prompt": "P?", "explanation": "Because."}


@st.composite
def choice_options(draw, exactly_one: bool) -> list[dict]:
    n = draw(st.integers(min_value=2, max_value=8))
    if exactly_one:
        right = {draw(st.integers(min_value=0, max_value=n - 1))}
    else:
        right = set(draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=n, unique=True)))
    use_ids = draw(st.booleans())
    return [
        {"text": f"option {i}", "correct": i in right, "pinned": draw(st.booleans()),
         **({"id": f"opt-{i}"} if use_ids else {})}
        for i in range(n)
    ]


@st.composite
def single_questions(draw) -> SingleQuestion:
    return SingleQuestion.model_validate({**BASE, "type": "single", "points": draw(points), "options": draw(choice_options(True))})


@st.composite
def multiple_questions(draw) -> MultipleQuestion:
    return MultipleQuestion.model_validate({**BASE, "type": "multiple", "points": draw(points), "options": draw(choice_options(False))})


@st.composite
def true_false_questions(draw) -> TrueFalseQuestion:
    return TrueFalseQuestion.model_validate({**BASE, "type": "true_false", "points": draw(points), "answer": draw(st.booleans())})


@st.composite
def matching_questions(draw) -> MatchingQuestion:
    n = draw(st.integers(min_value=2, max_value=6))
    matches = draw(st.lists(text, min_size=n + 2, max_size=n + 2, unique=True))
    return MatchingQuestion.model_validate({
        **BASE, "type": "matching", "points": draw(points),
        "pairs": [{"item": f"item {i}", "match": matches[i]} for i in range(n)],
        "distractors": matches[n : n + draw(st.integers(0, 2))],
    })


@st.composite
def ordering_questions(draw) -> OrderingQuestion:
    items = draw(st.lists(text, min_size=2, max_size=7, unique=True))
    return OrderingQuestion.model_validate({**BASE, "type": "ordering", "points": draw(points), "items": items})


@st.composite
def short_questions(draw) -> ShortQuestion:
    answers = draw(st.lists(
        st.fixed_dictionaries({"text": answer_text}, optional={"weight": st.floats(min_value=0, max_value=1)}),
        min_size=1, max_size=4,
    ))
    answers.insert(draw(st.integers(0, len(answers))), {"text": draw(answer_text)})  # one answer worth full points
    return ShortQuestion.model_validate({
        **BASE, "type": "short", "points": draw(points), "answers": answers, "fuzzy": draw(st.integers(0, 3)),
    })


finite = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)


@st.composite
def numeric_questions(draw) -> NumericQuestion:
    if draw(st.booleans()):
        spec = {"answer": draw(finite), "tolerance": draw(st.floats(min_value=0, max_value=1e6))}
    else:
        low, high = sorted((draw(finite), draw(finite)))
        spec = {"min": low, "max": high}
    return NumericQuestion.model_validate({**BASE, "type": "numeric", "points": draw(points), **spec})


questions = st.one_of(
    single_questions(), multiple_questions(), true_false_questions(), matching_questions(),
    ordering_questions(), short_questions(), numeric_questions(),
)

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30),
    st.sampled_from(["a", "b", "c", "opt-0", "opt-1", "1,000", "6", "nan", "inf", ""]),
)
garbage = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=8), st.dictionaries(st.text(max_size=5), inner, max_size=4)),
    max_leaves=20,
)


def _plausible(question) -> st.SearchStrategy:
    """Responses of the right shape for the question, right or wrong."""
    if isinstance(question, (SingleQuestion, MultipleQuestion)):
        keys = st.sampled_from(question.option_keys())
        return st.one_of(keys, st.lists(keys, max_size=10))
    if isinstance(question, MatchingQuestion):
        return st.lists(st.sampled_from([*question.choices(), ""]), max_size=len(question.pairs) + 1)
    if isinstance(question, OrderingQuestion):
        return st.permutations(list(range(len(question.items))))
    if isinstance(question, ShortQuestion):
        return st.one_of(st.sampled_from([a.text for a in question.answers]), st.text(max_size=30))
    if isinstance(question, NumericQuestion):
        return st.one_of(finite, st.sampled_from([str(question.bounds()[0]), f"{question.bounds()[1]:,}"]))
    return st.booleans()


@PROPS
@given(question=questions, data=st.data())
def test_any_response_scores_between_zero_and_points(question, data) -> None:
    response = data.draw(st.one_of(garbage, _plausible(question)), label="response")
    result = score(question, response)
    assert 0 <= result.score <= question.points
    assert result.points == question.points
    assert not math.isnan(result.score)
    assert 0 <= result.fraction <= 1


@PROPS
@given(question=questions)
def test_right_response_earns_full_points(question) -> None:
    # right_response, and the right answer worked out from the question as written (tests/answers.py)
    for response in (right_response(question), right(question)):
        result = score(question, response)
        assert result.correct, response
        assert math.isclose(result.score, question.points)


@PROPS
@given(question=multiple_questions(), data=st.data())
def test_multiple_choice_order_never_changes_the_score(question, data) -> None:
    keys = question.option_keys()
    picked = data.draw(st.lists(st.sampled_from(keys), max_size=len(keys) + 2), label="picked")
    shuffled = data.draw(st.permutations(picked), label="shuffled")
    assert score(question, shuffled).score == score(question, picked).score
    assert sorted(score(question, shuffled).feedback) == sorted(score(question, picked).feedback)


def _written(question) -> tuple[list[str], list[str], set[str]]:
    """Keys, texts and right keys of a choice question, worked out from its definition, not by the engine:
    an option's key is its `id`, else its letter by position."""
    data = question.model_dump(exclude_unset=True)
    keys = [o.get("id") or "abcdefghijklmnopqrstuvwxyz"[i] for i, o in enumerate(data["options"])]
    texts = [o["text"] for o in data["options"]]
    return keys, texts, {k for k, o in zip(keys, data["options"], strict=True) if o.get("correct")}


@PROPS
@given(question=st.one_of(single_questions(), multiple_questions()), seed=st.integers(0, 2**31), data=st.data())
def test_shuffled_display_mapped_back_scores_the_same(question, seed, data) -> None:
    """A learner picks options by what they read at shuffled display positions; the keys those positions map
    back to are the options the learner read, and score as picking those options by their written keys."""
    keys, texts, right_keys = _written(question)
    key_of_text = dict(zip(texts, keys, strict=True))
    shuffled = play(None, question, "q", seed, shuffle_options=True)  # type: ignore[arg-type]
    assert sorted(shuffled.option_order) == sorted(keys)
    for position, (key, option) in enumerate(zip(keys, question.options, strict=True)):
        if option.pinned:  # pinned options never move
            assert shuffled.option_order[position] == key
    shown = [dict(zip(keys, texts, strict=True))[key] for key in shuffled.option_order]  # what the learner reads, in order
    n = len(keys)
    positions = data.draw(st.lists(st.integers(0, n - 1), unique=True, max_size=n), label="display positions")
    read = [shown[p] for p in positions]
    mapped_back = [shuffled.option_order[p] for p in positions]
    assert mapped_back == [key_of_text[t] for t in read]
    if isinstance(question, MultipleQuestion):
        response, expected = mapped_back, [key_of_text[t] for t in read]
    else:
        response = mapped_back[0] if mapped_back else None
        expected = key_of_text[read[0]] if read else None
    assert score(question, response).score == score(question, expected).score
    # the learner who picks exactly the options written as correct, wherever they are shown, gets full points
    right_positions = [p for p, text in enumerate(shown) if key_of_text[text] in right_keys]
    chosen = [shuffled.option_order[p] for p in right_positions]
    full = score(question, chosen if isinstance(question, MultipleQuestion) else chosen[0])
    assert full.correct and math.isclose(full.score, question.points)


@PROPS
@given(question=st.one_of(single_questions(), multiple_questions()))
def test_options_are_shuffled_for_some_seed(question) -> None:
    """Shuffling moves the unpinned options (for one seed or another) and never moves a pinned one."""
    keys, _, _ = _written(question)
    movable = [k for k, o in zip(keys, question.options, strict=True) if not o.pinned]
    orders = {play(None, question, "q", seed, shuffle_options=True).option_order for seed in range(40)}  # type: ignore[arg-type]
    assert play(None, question, "q", 7, shuffle_options=False).option_order == tuple(keys)  # type: ignore[arg-type]
    if len(movable) >= 2:
        assert len(orders) > 1
    for order in orders:
        assert [order[i] for i, k in enumerate(keys) if k not in movable] == [k for k in keys if k not in movable]


@PROPS
@given(question=matching_questions(), seed=st.integers(0, 2**31))
def test_matching_shuffle_keeps_every_choice(question, seed) -> None:
    played = play(None, question, "q", seed, shuffle_options=True)  # type: ignore[arg-type]
    assert sorted(played.choice_order) == sorted(question.choices())
    assert sorted(played.item_order) == list(range(len(question.pairs)))


@PROPS
@given(question=ordering_questions(), seed=st.integers(0, 2**31))
def test_ordering_start_is_never_already_right(question, seed) -> None:
    played = play(None, question, "q", seed, shuffle_options=False)  # type: ignore[arg-type]
    assert sorted(played.item_order) == list(range(len(question.items)))
    assert list(played.item_order) != list(range(len(question.items)))
    assert score(question, list(played.item_order)).score < question.points or question.points == 0


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False))
def test_an_amount_has_at_most_two_decimals_and_stays_within_a_half_hundredth(value: float) -> None:
    from course.scoring import amount

    shown = amount(value)
    decimals = shown.partition(".")[2]
    assert len(decimals) <= 2 and not decimals.endswith("0")
    assert abs(float(shown) - value) <= 0.005 + 1e-9 * abs(value)
    assert shown != "-0"
