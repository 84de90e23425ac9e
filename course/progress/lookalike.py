"""New learner names that would look like another learner's on every screen: refused, with the reason.

Three rules, all without data beyond Python's `unicodedata`:

- compatibility forms (fullwidth letters 'Ａｎａ', ligatures 'ﬁ', superscripts, circled letters) are other
  spellings of plain letters: the name must be typed in the plain letters;
- one name uses one script (Latin, Cyrillic, Greek, ...), except the mixes a language writes with (Han with
  Hiragana and Katakana, Han with Hangul, Han with Bopomofo, each also with Latin): 'Аna' with a Cyrillic
  'А' is refused;
- a name whose look-alike skeleton (Cyrillic and Greek letters that look Latin, read as Latin, then case
  folded) is an existing learner's is refused: an all-Cyrillic 'Сара' beside 'Capa'.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from .names import name_key

# Letters of other scripts drawn like Latin ones (from Unicode's confusables for these scripts).
_LOOKS_LATIN = str.maketrans({
    # Cyrillic
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T",
    "Х": "X", "У": "Y", "Ү": "Y", "Ѕ": "S", "І": "I", "Ј": "J", "Ԁ": "D", "Ԛ": "Q", "Ԝ": "W", "Ӏ": "I",
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ј": "j",
    "ԁ": "d", "ԛ": "q", "ԝ": "w", "һ": "h", "ӏ": "l", "ү": "y", "ё": "ë", "ї": "ï",
    # Greek
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "ο": "o", "ν": "v", "ι": "i", "α": "a", "ρ": "p", "υ": "u",
    "κ": "k", "χ": "x",
})

# Scripts that are written together (Unicode's "highly restrictive" level, UTS #39).
_TOGETHER = [
    {"LATIN", "HAN", "HIRAGANA", "KATAKANA"},
    {"LATIN", "HAN", "HANGUL"},
    {"LATIN", "HAN", "BOPOMOFO"},
]
_SCRIPT_OF_WORD = {"CJK": "HAN", "IDEOGRAPHIC": "HAN", "KATAKANA-HIRAGANA": "KATAKANA"}


def script(char: str) -> str:
    """The script of a letter, from the first word of its Unicode name ('CYRILLIC SMALL LETTER A')."""
    word = unicodedata.name(char, "UNKNOWN").split(" ", 1)[0]
    return _SCRIPT_OF_WORD.get(word, word)


def scripts(name: str) -> dict[str, str]:
    """The scripts of a name's letters (digits, spaces and marks belong to every script), each with its
    first letter."""
    found: dict[str, str] = {}
    for char in name:
        if char.isalpha():
            found.setdefault(script(char), char)
    return found


def skeleton(name: str) -> str:
    """What a name looks like: look-alike letters read as Latin, then the name's key (see name_key)."""
    return name_key(unicodedata.normalize("NFC", unicodedata.normalize("NFKC", name).translate(_LOOKS_LATIN)))


def lookalike_problem(name: str, existing: Iterable[str]) -> str | None:
    """Why `name` (already valid and in NFC) would look like another learner's name, or None. `existing`:
    the learners already here, none of which is `name` under the naming rule."""
    plain = unicodedata.normalize("NFKC", name)
    if plain != name:
        odd = next(char for char in name if unicodedata.normalize("NFKC", char) != char)
        return (f"{odd!r} is another form of {unicodedata.normalize('NFKC', odd)!r} (fullwidth, ligature or "
                f"superscript letters look like other names); type it as {plain!r}")
    used = scripts(name)
    if len(used) > 1 and not any(set(used) <= together for together in _TOGETHER):
        said = " and ".join(f"{which.title()} ({first!r})" for which, first in sorted(used.items()))
        return f"it mixes letters of different alphabets, {said}, which can look like another name"
    mine = skeleton(name)
    for other in existing:
        if skeleton(other) == mine:
            return f"it looks the same as the learner {other!r} already here (letters of another alphabet)"
    return None
