"""Property tests for partial credit as Moodle gives it: partly right options in single-choice questions,
weighted multiple choice, numeric questions with several answers, short-answer wildcards.

- every score lies within 0..points;
- full points only for a fully right answer (an option marked correct, every right option and nothing
  that costs, an answer worth 100%);
- scores are monotonic in credit: more credit for what was picked never lowers the score.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course.content.models import MultipleQuestion, NumericQuestion, ShortQuestion, SingleQuestion
from course.scoring import describe_right_answer, right_response, score

PROPS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BASE = {"id": "q", "prompt": "P?", "explanation": "Because."}
points = st.one_of(st.just(1.0), st.floats(min_value=0.5, max_value=100, allow_nan=False))
partial = st.floats(min_value=0, max_value=1, exclude_max=True, allow_nan=False)


@st.composite
def singles(draw) -> SingleQuestion:
    n = draw(st.integers(2, 7))
    right = set(draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=n, unique=True)))
    options = []
    for i in range(n):
        option: dict = {"text": f"option {i}"}
        if i in right:
            option["correct"] = True
        elif draw(st.booleans()):
            option["weight"] = draw(partial)
        options.append(option)
    return SingleQuestion.model_validate({**BASE, "type": "single", "points": draw(points), "options": options})


@st.composite
def weighted_multiples(draw) -> MultipleQuestion:
    n = draw(st.integers(2, 7))
    r = draw(st.integers(1, n))
    shares = draw(st.lists(st.integers(1, 20), min_size=r, max_size=r))
    credits = [s / sum(shares) for s in shares]
    credits[-1] = 1 - sum(credits[:-1])
    options = [{"text": f"right {i}", "correct": True, "weight": c} for i, c in enumerate(credits)]
    options += [{"text": f"wrong {i}", "weight": -draw(st.floats(0, 1))} for i in range(n - r)]
    order = draw(st.permutations(range(n)))
    return MultipleQuestion.model_validate(
        {**BASE, "type": "multiple", "points": draw(points), "options": [options[i] for i in order]}
    )


number = st.integers(-1000, 1000)


@st.composite
def numerics(draw) -> NumericQuestion:
    answers = []
    for _ in range(draw(st.integers(0, 3))):
        answers.append({"answer": draw(number), "tolerance": draw(st.integers(0, 20)), "weight": draw(partial)})
    answers.insert(draw(st.integers(0, len(answers))), {"answer": draw(number), "tolerance": draw(st.integers(0, 20))})
    if draw(st.booleans()):
        answers.append({"other": True, "weight": draw(partial), "feedback": "Other."})
    return NumericQuestion.model_validate({**BASE, "type": "numeric", "points": draw(points), "answers": answers})


def _fraction(question, response) -> float:
    result = score(question, response)
    assert 0 <= result.score <= question.points
    return result.score / question.points


@PROPS
@given(singles())
def test_single_scores_the_credit_of_the_option_picked(question: SingleQuestion) -> None:
    for key, option in zip(question.option_keys(), question.options, strict=True):
        result = score(question, key)
        assert 0 <= result.score <= question.points
        expected = 1.0 if option.correct else (option.weight or 0.0)
        assert abs(result.score - question.points * expected) <= 1e-6 * question.points
        assert result.correct == option.correct  # full credit only for an option marked right
    assert score(question, right_response(question)).correct


@PROPS
@given(singles(), st.data())
def test_single_is_monotonic_in_credit(question: SingleQuestion, data) -> None:
    wrong = [i for i, o in enumerate(question.options) if not o.correct]
    if not wrong:
        return
    i = data.draw(st.sampled_from(wrong))
    old = question.options[i].weight or 0.0
    new = data.draw(st.floats(min_value=old, max_value=1, exclude_max=True))
    options = [o.model_dump(exclude_unset=True) for o in question.options]
    options[i]["weight"] = new
    raised = SingleQuestion.model_validate({**question.model_dump(exclude_unset=True), "options": options})
    keys = question.option_keys()
    assert _fraction(raised, keys[i]) >= _fraction(question, keys[i])
    for k in keys:
        if k != keys[i]:
            assert _fraction(raised, k) == _fraction(question, k)
    # The review never calls a partly right option right.
    right_part = describe_right_answer(raised).split("; partly right:")[0]
    assert question.options[i].text not in right_part.split(" or ")


@PROPS
@given(weighted_multiples(), st.data())
def test_weighted_multiple_bounds_full_credit_and_monotonicity(question: MultipleQuestion, data) -> None:
    keys = question.option_keys()
    credit = dict(zip(keys, (o.weight or 0.0 for o in question.options), strict=True))
    right = {k for k, o in zip(keys, question.options, strict=True) if o.correct}
    picked = data.draw(st.lists(st.sampled_from(keys), unique=True))
    result = score(question, picked)
    assert 0 <= result.score <= question.points
    fully_right = right <= set(picked) and all(credit[k] >= 0 for k in picked)
    assert result.correct == fully_right
    if not fully_right:
        # Moodle: the weights picked, added up and kept within 0..1; a hair below 1 when not fully right.
        expected = min(1.0, max(0.0, sum(credit[k] for k in picked)))
        assert abs(result.score - question.points * expected) <= 2e-6 * question.points
    # Monotonic: one more option that earns (or costs nothing) never lowers the score; one that costs never raises it.
    for extra in set(keys) - set(picked):
        more = _fraction(question, [*picked, extra])
        if credit[extra] >= 0:
            assert more >= result.score / question.points - 1e-9
        else:
            assert more <= result.score / question.points + 1e-9


@PROPS
@given(numerics(), st.integers(-1100, 1100))
def test_numeric_scores_the_best_matching_answer(question: NumericQuestion, value: int) -> None:
    result = score(question, value)
    assert 0 <= result.score <= question.points
    matching = [a for a in question.answers if a.other or a.answer - a.tolerance <= value <= a.answer + a.tolerance]
    match = max(matching, key=lambda a: a.weight) if matching else None
    expected = match.weight if match else 0.0
    assert abs(result.score - question.points * expected) <= 1e-6 * question.points
    assert result.correct == (match is not None and match.weight >= 1)
    assert score(question, right_response(question)).correct


@PROPS
@given(numerics(), st.data())
def test_numeric_is_monotonic_in_credit(question: NumericQuestion, data) -> None:
    partly = [i for i, a in enumerate(question.answers) if a.weight < 1]
    if not partly:
        return
    i = data.draw(st.sampled_from(partly))
    answers = [a.model_dump(exclude_unset=True) for a in question.answers]
    answers[i]["weight"] = data.draw(st.floats(min_value=question.answers[i].weight, max_value=1))
    raised = NumericQuestion.model_validate({**question.model_dump(exclude_unset=True), "answers": answers})
    for value in data.draw(st.lists(st.integers(-1100, 1100), min_size=1, max_size=20)):
        assert _fraction(raised, value) >= _fraction(question, value)


@PROPS
@given(st.text("abcxyz ", min_size=1, max_size=6), st.text("abcxyz ", max_size=6), st.text("abcxyz", max_size=8))
def test_wildcard_answers_match_any_text_in_place_of_the_star(head: str, tail: str, middle: str) -> None:
    if not (head + tail).strip():
        return
    question = ShortQuestion.model_validate({
        **BASE, "type": "short",
        "answers": [{"text": "exact"}, {"text": f"{head}*{tail}", "wildcard": True, "weight": 0.5}],
    })
    result = score(question, f"{head}{middle}{tail}")
    assert result.score == 0.5 and not result.correct
    assert score(question, "exact").correct


def test_a_costing_pick_never_raises_a_score_held_below_full_marks() -> None:
    # Found by the property above: the right option plus a cost of 1e-273 was held at 1 - 1e-6, and adding
    # a second, larger cost (1e-9) gave 1 - 1e-9, a higher score for a worse answer.
    from course.content.models import Option

    question = MultipleQuestion(
        id="q", prompt="P?", points=1.0, explanation="Because.", type="multiple",
        options=[
            Option(text="right", correct=True, weight=1.0),
            Option(text="small cost", correct=False, weight=-1e-9),
            Option(text="tiny cost", correct=False, weight=-1e-273),
        ],
    )
    right, small, tiny = question.option_keys()
    one_cost = score(question, [right, tiny])
    two_costs = score(question, [right, tiny, small])
    assert not one_cost.correct and not two_costs.correct
    assert two_costs.score <= one_cost.score < question.points
