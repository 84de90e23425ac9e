"""Typed answers: a leading article, the number of the last word (regular plurals) and case never change a
score (docs/authoring.md, `short`), for plain and wildcard answers, with or without `fuzzy`."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from course.content.models import ShortQuestion
from course.scoring import answer_key, drop_article, number_forms, number_key, score

BASE = {"id": "q", "type": "short", "prompt": "P?", "explanation": "Because."}
PROPS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def short(*answers: object, **extra: object) -> ShortQuestion:
    return ShortQuestion.model_validate({**BASE, "answers": list(answers), **extra})


@pytest.mark.parametrize(
    ("accepted", "typed"),
    [
        ("a whole business process", "whole business process"),
        ("a whole business process", "The whole business processes"),
        ("KPI", "the KPI"),
        ("KPI", "KPIs"),
        ("KPIs", "a kpi"),
        ("due diligence", "the due diligence"),
        ("the due diligence", "Due Diligence"),
        ("company", "companies"),
        ("movies", "a movie"),
        ("tax haven", "tax havens"),
        ("taxes", "tax"),
        ("process", "processes"),
        ("horse", "horses"),
        ("bus", "buses"),
        ("status", "statuses"),
        ("CEO", "CEOs"),
        ("an SLA", "SLA"),
        ("service level agreement", "the service-level agreements"),
    ],
)
def test_article_number_and_case_do_not_matter(accepted: str, typed: str) -> None:
    assert score(short(accepted), typed).correct


@pytest.mark.parametrize(
    ("accepted", "typed"),
    [
        ("service level agreement", "service levels agreement"),  # only the last word's number folds
        ("whole business process", "whole process"),
        ("the", "a"),  # an article alone is an answer, not an article
        ("A", "the"),
        ("theory", "ory"),  # an article must be a word of its own
        ("another", "other"),
        ("1990", "1990s"),  # not a word
        ("cost", "costly"),
    ],
)
def test_other_differences_still_matter(accepted: str, typed: str) -> None:
    assert not score(short(accepted), typed).correct


def test_the_keys() -> None:
    assert drop_article("the due diligence") == "due diligence"
    assert drop_article("the") == "the" and drop_article("theory x") == "theory x"
    assert answer_key("The KPIs.") == answer_key("kpi") == "kpi"
    assert number_key("companies") == number_key("company")
    assert number_forms("KPI") == ("KPI", "KPIs")
    assert number_forms("processes")[:2] == ("processes", "process")
    assert number_forms("company") == ("company", "companies")


@pytest.mark.parametrize(
    ("pattern", "typed", "right"),
    [
        ("Ban*", "the Bangalore", True),
        ("Ban*", "Bans", True),
        ("Ban*", "urban", False),
        ("*agreement", "service agreements", True),
        ("*agreements", "an agreement", True),
        ("the *shore", "offshore", True),
        ("the *shore", "offshores", True),
        ("the *shore", "ashore x", False),
        ("the*", "theory", True),
        ("the*", "a theory", True),
    ],
)
def test_wildcards_fold_articles_and_numbers_too(pattern: str, typed: str, right: bool) -> None:
    question = short({"text": pattern, "wildcard": True}, "never typed")
    assert score(question, typed).correct is right


def test_fuzzy_counts_edits_after_the_folding() -> None:
    question = short("service level agreement", fuzzy=1)
    assert score(question, "the servise level agreements").correct
    assert not score(question, "the servise levle agreements").correct
    assert not score(short("SLA", fuzzy=2), "the SLB").correct  # too short for typing mistakes


# --------------------------------------------------------------------------- the property

# Letters whose case round-trips through casefold, so that re-casing changes nothing but case.
_LETTERS = st.characters(
    codec="ascii", categories=("Ll", "Lu"),
)
word = st.text(_LETTERS, min_size=1, max_size=10)
phrase = st.lists(word, min_size=1, max_size=4).map(" ".join)
recase = st.sampled_from([str, str.upper, str.lower, str.title, str.swapcase])


@st.composite
def variant(draw: st.DrawFn, text: str) -> str:
    """`text` with a leading article added or removed, its last word in the other number, and re-cased."""
    words = text.split()
    if draw(st.booleans()):
        if len(words) > 1 and words[0].lower() in ("a", "an", "the"):
            words = words[1:]
        else:
            words = [draw(st.sampled_from(["a", "an", "the", "The", "A"])), *words]
    forms = number_forms(words[-1])
    words[-1] = draw(st.sampled_from(forms))
    return draw(recase)(" ".join(words))


@st.composite
def article_or_case(draw: st.DrawFn, text: str) -> str:
    """`text` with a leading article added, and re-cased (its words' number unchanged)."""
    return draw(recase)(draw(st.sampled_from(["a", "an", "the", "The", "A"])) + " " + text)


@PROPS
@given(st.data(), st.lists(phrase, min_size=1, max_size=3, unique=True), st.integers(0, 2))
def test_any_variant_of_an_accepted_answer_scores_the_same(data: st.DataObject, texts: list[str], fuzzy: int) -> None:
    weights = [1.0] + [data.draw(st.sampled_from([0.0, 0.25, 0.5, 1.0])) for _ in texts[1:]]
    question = short(*({"text": t, "weight": w} for t, w in zip(texts, weights, strict=True)), fuzzy=fuzzy)
    for text in texts:
        typed = data.draw(variant(text))
        assert score(question, typed).score == score(question, text).score, (text, typed)


@PROPS
@given(st.data(), phrase, st.sampled_from(["{}*", "*{}", "{}*x", "*{}*"]))
def test_any_variant_of_a_wildcard_answer_scores_the_same(data: st.DataObject, text: str, shape: str) -> None:
    # A phrase that starts with an article ("a a") has no article of its own to drop once a `*` stands before it.
    assume(not (shape.startswith("*") and text.split()[0].lower() in ("a", "an", "the")))
    pattern = shape.format(text)
    question = short({"text": pattern, "wildcard": True})
    concrete = pattern.replace("*", "")
    assert score(question, concrete).correct
    # The number folds on the answer's last word: with a `*` after the phrase, the phrase's last word is not it.
    typed = data.draw(variant(concrete) if shape.endswith("{}") else article_or_case(concrete))
    assert score(question, typed).correct, (pattern, typed)


def test_forms_found_by_the_properties_score_the_same() -> None:
    """Cases the properties once found: an answer that begins with an article-like word, and a short last word
    whose plural takes -es."""
    assert score(short("A A A"), "A A").correct and score(short("A A A"), "the A A A").correct
    # A last word with a plain -s where the plural takes -es: the same answer, with a wildcard as without.
    assert score(short("AXS"), "AX").correct
    assert score(short({"text": "*AXS", "wildcard": True}), "AX").correct
    assert score(short("B AS"), "B ASes").correct and score(short("B ASes"), "b as").correct
    assert not score(short("B AS"), "BA").correct
