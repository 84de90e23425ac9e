"""Typed answers and their forms: the rule `short-answer-forms` of `course check`.

The scoring folds a leading article, regular plurals of the last word and case by itself
(course.scoring.answer_key), so that authors need not list those forms. This rule checks that promise
with the real scorer: each accepted answer's forms, with an article added or dropped, the last word in the
other number (the regular forms and the common irregular ones, which the scorer does not know) and
re-cased, must score as much as the answer itself. What it finds: irregular plurals not listed
(`analysis` without `analyses`) and wildcard answers that a form escapes.
"""

from __future__ import annotations

from course.content.models import ShortQuestion
from course.qtypes import type_of
from course.qtypes.textmatch import ARTICLES, answer_key, number_forms

# Irregular plurals a business course may ask for (singular -> plural); the scorer knows only regular ones.
IRREGULAR = {
    "analysis": "analyses",
    "basis": "bases",
    "crisis": "crises",
    "thesis": "theses",
    "hypothesis": "hypotheses",
    "diagnosis": "diagnoses",
    "synopsis": "synopses",
    "criterion": "criteria",
    "phenomenon": "phenomena",
    "datum": "data",
    "medium": "media",
    "curriculum": "curricula",
    "memorandum": "memoranda",
    "index": "indices",
    "appendix": "appendices",
    "matrix": "matrices",
    "person": "people",
    "man": "men",
    "woman": "women",
    "child": "children",
    "foot": "feet",
    "life": "lives",
    "half": "halves",
    "shelf": "shelves",
    "wife": "wives",
    "knife": "knives",
    "leaf": "leaves",
    "thief": "thieves",
    "quiz": "quizzes",
}
_OTHER_NUMBER = {**IRREGULAR, **{plural: singular for singular, plural in IRREGULAR.items()}}


def forms(text: str) -> list[str]:
    """`text` with an article added or dropped, its last word in the other number (regular and irregular)
    and re-cased: the forms a learner who knows the answer may type."""
    base = " ".join(text.split())
    words = base.split(" ")
    if len(words) > 1 and words[0].casefold() in ARTICLES:
        starts = [base, " ".join(words[1:])]
    else:
        starts = [base, *(f"{article} {base}" for article in ARTICLES)]
    found: list[str] = []
    for start in starts:
        head, _, last = start.rpartition(" ")
        lasts = list(number_forms(last))
        if last.casefold() in _OTHER_NUMBER:
            other = _OTHER_NUMBER[last.casefold()]
            lasts.append(other.upper() if last.isupper() and len(last) > 1 else other)
        found += [f"{head} {form}" if head else form for form in lasts]
    found += [f(base) for f in (str.upper, str.lower, str.title)]
    return [f for f in dict.fromkeys(found) if f != base]


def weaker_forms(question: ShortQuestion) -> list[tuple[str, str, float, float]]:
    """(answer, form, the form's score fraction, the answer's) for each form of an accepted answer that
    scores less than the answer. A wildcard answer is tried as its text without the stars."""
    weaker = []
    # Without a wildcard answer, a form with the same key as its answer matches exactly the same answers
    # (fuzzy distances are measured between keys too): only the other forms need scoring.
    plain = not any(a.wildcard and "*" in a.text for a in question.answers)
    for accepted in question.answers:
        if accepted.weight <= 0:
            continue
        text = accepted.text.replace("*", " ").strip() if accepted.wildcard else accepted.text
        if not any(ch.isalnum() for ch in text):
            continue
        if plain and text.split()[-1].casefold() not in _OTHER_NUMBER:
            continue  # no irregular plural: every form has the answer's own key
        full = type_of(question).score(question, text).fraction
        key = answer_key(text)
        for form in forms(text):
            if plain and answer_key(form) == key:
                continue
            given = type_of(question).score(question, form).fraction
            if given < full:
                weaker.append((accepted.text, form, given, full))
    return weaker
