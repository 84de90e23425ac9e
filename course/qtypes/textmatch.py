"""Short-answer matching, shared by every type that takes typed words (`short`, the short gaps of `cloze`).

A typed answer and an accepted one are the same when they differ only by case, punctuation, how many
spaces stand between two words, a leading article or the number of the last word (docs/authoring.md,
`short`). Whether there is a space between two words matters ("no one" is not "noone", as in Moodle); a dash
may be typed as a dash, a space or nothing ("e-mail", "e mail", "email"). course.scoring re-exports these.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from typing import Protocol, TypeVar


class Accepted(Protocol):
    """What matching reads of an accepted answer (course.qtypes.short.ShortAnswer)."""

    @property
    def text(self) -> str: ...
    @property
    def weight(self) -> float: ...
    @property
    def wildcard(self) -> bool: ...


A = TypeVar("A", bound=Accepted)


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


def _fold(normalized: str) -> str:
    """A normalised answer's key: the number of its last word folded (`number_key`, by that word alone); the
    single spaces between words are kept."""
    head, _, last = normalized.rpartition(" ")
    return f"{head} {number_key(last)}" if head else number_key(last)


@functools.lru_cache(maxsize=16384)
def answer_key(text: str) -> str:
    """What a typed answer is compared by: case, punctuation and runs of spaces ignored (`normalize_text`), a
    leading article dropped and the number of the last word folded (`number_key`)."""
    return _fold(drop_article(normalize_text(text)))


def _is_dash(ch: str) -> bool:
    return unicodedata.category(ch) == "Pd"


@functools.lru_cache(maxsize=16384)
def spellings(text: str) -> tuple[str, ...]:
    """`text` normalised (`normalize_text`: a dash dropped, as any punctuation), then, when it holds a dash
    between two words, normalised with the dashes read as spaces: `e-mail` -> (`email`, `e mail`)."""
    joined = normalize_text(text)
    if not any(_is_dash(ch) for ch in text):
        return (joined,)
    spaced = normalize_text("".join(" " if _is_dash(ch) else ch for ch in text))
    return tuple(dict.fromkeys((joined, spaced)))


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
    """Moodle's `*` wildcard: any text, none included. Like every short answer, case, punctuation and runs of
    spaces do not matter, nor a leading article on either side, nor the number of the last word; a space
    between two words does, except next to a star, which takes the spaces around it (`the * model` matches
    `the model` and `the big model`)."""
    raw = pattern.split("*")
    patterns = [raw]
    article = _RAW_ARTICLE_RE.match(raw[0])
    if article and (raw[0][article.end():].strip() or len(raw) > 1):
        patterns.append([raw[0][article.end():], *raw[1:]])
    candidates = {form for text in (given, drop_article(given)) for form in number_forms(text)}
    # A plain -s on a word whose plural takes -es ("axs" for "ax") has the same key, as in a plain answer.
    candidates |= {form + "s" for form in candidates if answer_key(form + "s") == answer_key(form)}
    for parts in patterns:
        regex = re.compile(".*".join(re.escape(normalize_text(p)) for p in parts), flags=re.S)
        if any(regex.fullmatch(candidate) for candidate in candidates):
            return True
    return False


def short_match(accepted: Accepted, given: str) -> bool:
    """Whether the normalised typed answer `given` is `accepted`."""
    if accepted.wildcard and "*" in accepted.text:
        return _wildcard_matches(accepted.text, given)
    return not _keys(given).isdisjoint(_accepted_keys(accepted.text))


@functools.lru_cache(maxsize=16384)
def _accepted_keys(text: str) -> frozenset[str]:
    """The keys of an accepted answer, each of its spellings (`spellings`: a dash dropped or as a space)."""
    return frozenset().union(*(_keys(spelling) for spelling in spellings(text)))


@functools.lru_cache(maxsize=16384)
def _keys(normalized: str) -> frozenset[str]:
    """The keys a normalised answer is compared by, with and without a leading article: an answer that itself
    begins with an article-like word ("a a a") matches both one with the article dropped and one without."""
    return frozenset(_fold(text) for text in (normalized, drop_article(normalized)))


def best_answer(answers: Sequence[A], typed: str, fuzzy: int = 0) -> A | None:
    """The accepted answer a typed one counts as: of those it matches, the one worth most (the first of
    equals); with `fuzzy`, up to that many typing mistakes are allowed in answers of FUZZY_MIN_LENGTH or more."""
    givens = spellings(typed)
    given_key = _fold(drop_article(givens[0]))
    best: A | None = None
    if givens[0]:
        for accepted in answers:
            matched = any(short_match(accepted, given) for given in givens)
            if not matched and fuzzy and not (accepted.wildcard and "*" in accepted.text):
                target = answer_key(accepted.text)
                tolerance = fuzzy if len(target) >= FUZZY_MIN_LENGTH else 0
                matched = bool(tolerance) and edit_distance(given_key, target, tolerance) <= tolerance
            if matched and (best is None or accepted.weight > best.weight):
                best = accepted
    return best
