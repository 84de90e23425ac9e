"""Scoring one answer to one question, with the partial credit documented in docs/authoring.md.

A response is what a learner gave, in a form that TOML can store:

| type       | response                                                        |
| ---------- | --------------------------------------------------------------- |
| single     | the option key (`"a"`, or the option's `id`)                    |
| multiple   | list of option keys                                             |
| true_false | bool                                                            |
| matching   | list with the chosen match for each pair, in file order ("" = none) |
| ordering   | list of item indices (file order) in the order the learner gave |
| short      | the text typed                                                  |
| numeric    | a number (or text that reads as one)                            |

`None` means the question was skipped; it scores 0. The type, `Response`, is the one progress files store
(course.progress.models).
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from course.content.models import (
    ChoiceQuestion,
    MatchingQuestion,
    MultipleQuestion,
    NumericAnswer,
    NumericQuestion,
    OrderingQuestion,
    Question,
    ShortAnswer,
    ShortQuestion,
    SingleQuestion,
    TrueFalseQuestion,
)
from course.progress.models import Response


@dataclass(frozen=True)
class ScoreResult:
    score: float  # 0..points
    points: float
    feedback: list[str] = field(default_factory=list)
    correct: bool = False  # the answer earned the whole question (a 0-point question too); never when skipped

    @property
    def fraction(self) -> float:
        return self.score / self.points if self.points else (1.0 if self.correct else 0.0)


def percent(fraction: float | None) -> str:
    """A score from 0 to 1 as a whole percentage (`89%`); `—` when there is none."""
    return "—" if fraction is None else f"{fraction:.0%}"


def amount(value: float) -> str:
    """A score or a number of points as a learner reads it: at most two decimals, no trailing zeros
    (`1`, `0.5`, `0.67`, `6.42`), never `0.666667`."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


# Confidence-based marking, Moodle's table: certainty -> (mark when right, mark when wrong). With each answer
# the learner says how sure they are; being sure pays when right and costs more when wrong.
CBM_MARKS: dict[int, tuple[float, float]] = {1: (1.0, 0.0), 2: (2.0, -2.0), 3: (3.0, -6.0)}
CERTAINTIES = tuple(CBM_MARKS)
CERTAINTY_WORDS = {1: "not very sure", 2: "fairly sure", 3: "very sure"}
# Moodle's question_utils::MARK_TOLERANCE: a fraction at or below it is a wrong answer.
_WRONG_AT_MOST = 5e-8


def cbm_mark(fraction: float, certainty: int | None) -> float:
    """The CBM mark of one answer that earned `fraction` (0..1) of its points, said with `certainty`.

    As Moodle's question_cbm::adjust_fraction does: an answer with no credit gets the table's mark for wrong;
    any credit, full or partial, gets the mark for right times the fraction (half right at certainty 2
    earns 1, and a partly right answer is never negative). An answer without a certainty (given before the
    quiz asked for one) counts as certainty 1, as Moodle assumes; a skipped question scores 0 that way.
    """
    right, wrong = CBM_MARKS.get(certainty or 1, CBM_MARKS[1])
    if fraction <= _WRONG_AT_MOST:
        return wrong
    return right * min(fraction, 1.0)


def cbm_average(marks: Sequence[tuple[float, float]]) -> float | None:
    """The CBM average of (CBM mark, points) pairs, from -6 to 3: each question counts by its points, as the
    score does; when no question is worth points, each counts once. None when there are no questions."""
    if not marks:
        return None
    total = sum(points for _, points in marks)
    if total > 0:
        return sum(mark * points for mark, points in marks) / total
    return sum(mark for mark, _ in marks) / len(marks)


def _clamp(fraction: float) -> float:
    return min(1.0, max(0.0, fraction))


def _result(question: Question, fraction: float, feedback: list[str]) -> ScoreResult:
    fraction = _clamp(fraction)
    if fraction < 1.0 and question.feedback_wrong:
        feedback = [*feedback, question.feedback_wrong]
    # Full marks are exactly the points: rounding must never lift a score above them.
    earned = question.points if fraction >= 1.0 else round(question.points * fraction, 6)
    if fraction < 1.0 and earned >= question.points:
        earned = question.points * fraction  # rounding must not make a partly right answer look fully right
    return ScoreResult(score=earned, points=question.points, feedback=feedback, correct=fraction >= 1.0)


def score(question: Question, response: Response) -> ScoreResult:
    """Score `response`; never raises for a response of the wrong shape (it scores 0)."""
    if response is None:
        return ScoreResult(score=0.0, points=question.points)
    if isinstance(question, SingleQuestion):
        return _score_single(question, response)
    if isinstance(question, MultipleQuestion):
        return _score_multiple(question, response)
    if isinstance(question, TrueFalseQuestion):
        return _score_true_false(question, response)
    if isinstance(question, MatchingQuestion):
        return _score_matching(question, response)
    if isinstance(question, OrderingQuestion):
        return _score_ordering(question, response)
    if isinstance(question, ShortQuestion):
        return _score_short(question, response)
    if isinstance(question, NumericQuestion):
        return _score_numeric(question, response)
    raise TypeError(f"unknown question type {type(question).__name__}")


def _option_feedback(question: ChoiceQuestion, keys: list[str]) -> list[str]:
    options = question.option_by_key()
    return [fb for k in keys if (o := options.get(k)) and (fb := o.feedback)]


def _score_single(question: SingleQuestion, response: Response) -> ScoreResult:
    if not isinstance(response, str):
        return _result(question, 0.0, [])
    # The option's credit: 1 for any option marked correct, its weight (0..1) for a partly right one.
    credit = question.credit_by_key().get(response, 0.0)
    return _result(question, credit, _option_feedback(question, [response]))


def _score_multiple(question: MultipleQuestion, response: Response) -> ScoreResult:
    if not isinstance(response, list):
        return _result(question, 0.0, [])
    credits = question.credit_by_key()
    picked = [k for k in dict.fromkeys(k for k in response if isinstance(k, str)) if k in credits]
    # Moodle's rule: the credits of the options picked are added up, then kept within 0..1.
    fully_right = set(question.correct_keys()) <= set(picked) and all(credits[k] >= 0 for k in picked)
    # Every right option and nothing that costs is exact, whatever floating point says. Anything else is held
    # just under full marks whatever its sum, so a small cost can never raise a score held there.
    fraction = 1.0 if fully_right else min(sum(credits[k] for k in picked), 1.0 - 1e-6)
    return _result(question, fraction, _option_feedback(question, picked))


def _score_true_false(question: TrueFalseQuestion, response: Response) -> ScoreResult:
    if not isinstance(response, bool):
        return _result(question, 0.0, [])
    chosen_feedback = question.feedback_true if response else question.feedback_false
    return _result(question, 1.0 if response == question.answer else 0.0, [chosen_feedback] if chosen_feedback else [])


def _score_matching(question: MatchingQuestion, response: Response) -> ScoreResult:
    if not isinstance(response, list):
        return _result(question, 0.0, [])
    hits = sum(
        1
        for pair, chosen in zip(question.pairs, response, strict=False)  # a stored response may be short or long
        if isinstance(chosen, str) and chosen == pair.match
    )
    return _result(question, hits / len(question.pairs), [])


def _score_ordering(question: OrderingQuestion, response: Response) -> ScoreResult:
    n = len(question.items)
    if not isinstance(response, list) or sorted(x for x in response if isinstance(x, int) and not isinstance(x, bool)) != list(range(n)):
        return _result(question, 0.0, [])
    hits = sum(1 for position, index in enumerate(response) if position == index)
    return _result(question, hits / n, [])




@functools.lru_cache(maxsize=16384)
def normalize_text(text: str) -> str:
    """Case, punctuation and spacing do not matter: ` The  S.L.A! ` -> `the sla`."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = "".join(" " if unicodedata.category(ch).startswith("Z") else ch for ch in text)
    text = "".join(ch for ch in text if not unicodedata.category(ch).startswith("P"))
    return re.sub(r"\s+", " ", text).strip()


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, giving up (returning limit + 1) once it exceeds `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        best = i
        for j, cb in enumerate(b, 1):
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            current.append(value)
            best = min(best, value)
        if best > limit:
            return limit + 1
        previous = current
    return previous[-1]


FUZZY_MIN_LENGTH = 5

# A typed answer and an accepted one are the same answer when they differ only by a leading article, by the
# number of the last word (regular English plurals: -s, -es, -ies) or by case (docs/authoring.md, `short`).
ARTICLES = ("a", "an", "the")
_ARTICLE_RE = re.compile(r"^(?:a|an|the) (?=\S)")
# Endings after which the plural adds -es (tax -> taxes, church -> churches, hero -> heroes).
_ES_AFTER = ("s", "x", "z", "ch", "sh", "o")


def drop_article(normalized: str) -> str:
    """`normalized` (see `normalize_text`) without one leading English article: `the due diligence` ->
    `due diligence`. An article alone, or glued to the next word, stays."""
    return _ARTICLE_RE.sub("", normalized, count=1)


def number_key(text: str) -> str:
    """`text` with the number of its last word folded, so that a regular plural and its singular give the
    same key: `kpis` and `kpi` -> `kpi`, `processes` and `process` -> `process`, `companies` and `company` ->
    `companie`, `horses` and `horse` -> `hors`. A key is for comparing, not for showing."""
    if len(text) < 3 or not text[-1].isalpha():
        return text
    if text.endswith("ies") and len(text) > 4:
        text = text[:-1]  # companies -> companie (company comes the same way below), movies -> movie
    elif text.endswith("s") and text[-2].isalpha() and not text.endswith(("ss", "us")):
        text = text[:-1]  # kpis -> kpi, processes -> processe (then process, below)
    if len(text) > 2 and text.endswith("y") and text[-2] not in "aeiouy":
        text = text[:-1] + "ie"  # company -> companie
    if text.endswith("e") and text[:-1].endswith(_ES_AFTER):
        text = text[:-1]  # processe -> process, horse -> hors, potatoe -> potato
    return text


@functools.lru_cache(maxsize=16384)
def answer_key(text: str) -> str:
    """What a typed answer is compared by: case, punctuation and spacing ignored (`normalize_text`), a
    leading article dropped, then the spaces, and the number of the last word folded (`number_key`)."""
    return number_key(drop_article(normalize_text(text)).replace(" ", ""))


@functools.lru_cache(maxsize=16384)
def number_forms(text: str) -> tuple[str, ...]:
    """`text`, then the forms of its last word in the other number, regular English plurals only, that a
    learner may type instead: `KPI` -> `KPIs`; `processes` -> `process`, `processe`; `company` ->
    `companies`. Each has the same `answer_key` as `text` (a form that would not is left out)."""
    lower = text.casefold()
    if len(lower) < 2 or not lower[-1].isalpha():
        return (text,)
    forms = [text]
    if lower.endswith("ies") and len(lower) > 4:
        forms += [text[:-3] + "y", text[:-1]]  # companies -> company; movies -> movie
    elif lower.endswith("es") and lower[:-2].endswith(_ES_AFTER):
        forms += [text[:-2], text[:-1]]  # taxes -> tax; horses -> horse
    elif lower.endswith("s") and len(lower) >= 3 and lower[-2].isalpha() and not lower.endswith(("ss", "us")):
        forms.append(text[:-1])  # KPIs -> KPI
    if len(forms) == 1:  # it reads as a singular: its plural
        if lower.endswith("o"):
            forms += [text + "s", text + "es"]  # CEOs, heroes
        elif lower.endswith(_ES_AFTER):
            forms.append(text + "es")
        elif lower.endswith("y") and lower[-2] not in "aeiouy":
            forms.append(text[:-1] + "ies")
        else:
            forms.append(text + "s")
    key = answer_key(text)
    return tuple(form for form in dict.fromkeys(forms) if answer_key(form) == key)


_RAW_ARTICLE_RE = re.compile(r"^\s*(?:a|an|the)\s+", re.IGNORECASE)


def _wildcard_matches(pattern: str, given: str) -> bool:
    """Moodle's `*` wildcard: any text, none included. Like every short answer, case, punctuation and
    where spaces fall do not matter, nor a leading article on either side, nor the number of the last word."""
    raw = pattern.split("*")
    patterns = [raw]
    article = _RAW_ARTICLE_RE.match(raw[0])
    if article and (raw[0][article.end():].strip() or len(raw) > 1):
        patterns.append([raw[0][article.end():], *raw[1:]])
    candidates = {form.replace(" ", "") for text in (given, drop_article(given)) for form in number_forms(text)}
    for parts in patterns:
        regex = re.compile(".*".join(re.escape(normalize_text(p).replace(" ", "")) for p in parts), flags=re.S)
        if any(regex.fullmatch(candidate) for candidate in candidates):
            return True
    return False


def _short_match(accepted: ShortAnswer, given: str) -> bool:
    """Whether the normalised typed answer `given` is `accepted`."""
    if accepted.wildcard and "*" in accepted.text:
        return _wildcard_matches(accepted.text, given)
    return number_key(drop_article(given).replace(" ", "")) == answer_key(accepted.text)


def _score_short(question: ShortQuestion, response: Response) -> ScoreResult:
    if not isinstance(response, str):
        return _result(question, 0.0, [])
    given = normalize_text(response)
    given_key = number_key(drop_article(given).replace(" ", ""))
    best: ShortAnswer | None = None
    if given:
        for accepted in question.answers:
            matched = _short_match(accepted, given)
            if not matched and question.fuzzy and not (accepted.wildcard and "*" in accepted.text):
                target = answer_key(accepted.text)
                tolerance = question.fuzzy if len(target) >= FUZZY_MIN_LENGTH else 0
                matched = bool(tolerance) and edit_distance(given_key, target, tolerance) <= tolerance
            # The answer worth most among those that match counts; of equals, the first (its feedback).
            if matched and (best is None or accepted.weight > best.weight):
                best = accepted
    if best is None:
        return _result(question, 0.0, [])
    return _result(question, best.weight, [best.feedback] if best.feedback else [])


def typed_number_problem(typed: str) -> str | None:
    """Why a number a learner typed cannot be taken as it stands, in words (None when it can).

    `parse_number` reads a comma as a thousands separator, which would turn a decimal comma (`8,5`) into
    another answer (85): a typed comma is refused rather than guessed at.
    """
    value = typed.strip()
    if not value:
        return None
    if "," in value:
        return f"“{value}” has a comma: write decimals with a point (8.5) and no thousands separator."
    if parse_number(value) is None:
        return f"“{value}” is not a number: type it in digits, such as 6 or 8.5."
    return None


def parse_number(response: Response) -> float | None:
    if isinstance(response, bool):
        return None
    if isinstance(response, (int, float)):
        return float(response) if math.isfinite(response) else None
    if isinstance(response, str):
        text = response.strip().replace(",", "").replace("_", "").replace(" ", "")
        try:
            value = float(text)
        except ValueError:
            return None
        return value if math.isfinite(value) else None
    return None


def _score_numeric(question: NumericQuestion, response: Response) -> ScoreResult:
    value = parse_number(response)
    if value is None:
        return _result(question, 0.0, [])
    accepted = question.best_match(value)
    if accepted is None:
        return _result(question, 0.0, [])
    return _result(question, accepted.weight, [accepted.feedback] if accepted.feedback else [])


def right_response(question: Question) -> Response:
    """A response that earns full points (used for review, tests and checking a course)."""
    if isinstance(question, SingleQuestion):
        return question.correct_keys()[0]
    if isinstance(question, MultipleQuestion):
        return question.correct_keys()
    if isinstance(question, TrueFalseQuestion):
        return question.answer
    if isinstance(question, MatchingQuestion):
        return [p.match for p in question.pairs]
    if isinstance(question, OrderingQuestion):
        return list(range(len(question.items)))
    if isinstance(question, ShortQuestion):
        return max(question.answers, key=lambda a: a.weight).text
    if isinstance(question, NumericQuestion):
        low, high = question.bounds()
        best = next(a for a in question.accepted() if a.weight >= 1 and not a.other)
        return best.answer if best.answer is not None else (low + high) / 2
    raise TypeError(type(question).__name__)


def _in_order(keys: list[str], order: Sequence[str]) -> list[str]:
    """`keys` in the order the learner saw them (`order`); keys not in it keep their place after those."""
    position = {key: i for i, key in enumerate(order)}
    return sorted(keys, key=lambda key: position.get(key, len(position)))


def describe_response(
    question: Question,
    response: Response,
    *,
    option_order: Sequence[str] = (),
    item_order: Sequence[int] = (),
    marked: bool = False,
) -> str:
    """A response in words, for review screens and reports. With the order an attempt showed them in
    (`option_order` for choices, `item_order` for matching items), options and items are listed in that
    order; with `marked`, each matching item says whether its match is right (✓) or wrong (✗, with the
    right match)."""
    if response is None:
        return "(skipped)"
    if isinstance(question, ChoiceQuestion):
        options = question.option_by_key()
        keys = response if isinstance(response, list) else [response]
        chosen = [k for k in keys if isinstance(k, str) and k in options]
        texts = [options[k].text for k in _in_order(chosen, option_order)]
        return "; ".join(texts) if texts else "(nothing chosen)"
    if isinstance(question, TrueFalseQuestion):
        return "True" if response is True else "False" if response is False else "?"
    if isinstance(question, MatchingQuestion):
        if not isinstance(response, list):
            return "?"
        answered = [index for index in _item_order(question, item_order) if index < len(response)]  # a stored response may be short
        return "\n".join(_matched_line(question, index, response, marked) for index in answered)
    if isinstance(question, OrderingQuestion):
        if not isinstance(response, list):
            return "?"
        return " → ".join(
            question.items[i] for i in response if isinstance(i, int) and 0 <= i < len(question.items)
        )
    if isinstance(question, NumericQuestion):
        value = parse_number(response)
        shown = str(response) if value is None else f"{value:g}"
        return f"{shown} {question.unit}" if question.unit else shown
    return str(response)


def _item_order(question: MatchingQuestion, item_order: Sequence[int]) -> list[int]:
    """The pairs' indexes in the order shown, every pair once (a stored order that does not fit is ignored)."""
    count = len(question.pairs)
    return list(item_order) if sorted(item_order) == list(range(count)) else list(range(count))


def _matched_line(question: MatchingQuestion, index: int, response: Sequence[object], marked: bool) -> str:
    pair = question.pairs[index]
    chosen = response[index]
    shown = chosen if isinstance(chosen, str) and chosen else "(none)"
    line = f"• {pair.item} → {shown}"
    if not marked:
        return line
    return f"{line} ✓" if chosen == pair.match else f"{line} ✗ (right: {pair.match})"


def _numeric_text(accepted: NumericAnswer, unit: str) -> str:
    if accepted.answer is not None:
        tol = f" (± {accepted.tolerance:g})" if accepted.tolerance else ""
        return f"{accepted.answer:g}{unit}{tol}"
    return f"between {accepted.min:g} and {accepted.max:g}{unit}"


def _partly(parts: list[str]) -> str:
    return "; partly right: " + ", ".join(parts) if parts else ""


def describe_right_answer(
    question: Question, *, option_order: Sequence[str] = (), item_order: Sequence[int] = ()
) -> str:
    """The right answer in words. Only what earns full points is called right; partial credit is named
    with its percentage (`half credit (50%)`), never listed as right. Options and matching items are listed
    in the order an attempt showed them, when given (see `describe_response`)."""
    if isinstance(question, ShortQuestion):
        full = " / ".join(a.text for a in question.answers if a.weight >= 1) or question.answers[0].text
        partial = [f"{a.text} ({percent(a.weight)})" for a in question.answers if 0 < a.weight < 1 and not a.wildcard]
        return full + _partly(partial)
    if isinstance(question, NumericQuestion):
        unit = f" {question.unit}" if question.unit else ""
        accepted = question.accepted()
        full = " or ".join(_numeric_text(a, unit) for a in accepted if a.weight >= 1 and not a.other)
        partial = [
            f"{_numeric_text(a, unit)} ({percent(a.weight)})" for a in accepted if 0 < a.weight < 1 and not a.other
        ]
        return full + _partly(partial)
    if isinstance(question, ChoiceQuestion):
        credit = question.credit_by_key()
        options = question.option_by_key()
        shown = [(options[key], credit[key]) for key in _in_order(list(options), option_order)]
        if isinstance(question, SingleQuestion):
            full = " or ".join(o.text for o, c in shown if c >= 1)
            return full + _partly([f"{o.text} ({percent(c)})" for o, c in shown if 0 < c < 1])
        if question.weighted:
            return "; ".join(f"{o.text} ({percent(c)})" for o, c in shown if o.correct)
    return describe_response(question, right_response(question), option_order=option_order, item_order=item_order)
