"""Words of a question's texts as the item-writing rules read them (course.content.cues, course.content.leaks)."""

from __future__ import annotations

import functools
import re

# Very common words: sharing them with the prompt says nothing.
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have having he
    her here hers him his how i if in into is it its itself just me more most my no nor not now of off on once
    only or other our ours out over own same she should so some such than that the their theirs them then there
    these they this those through to too under until up very was we were what when where which while who whom
    why will with would you your yours one two its it's which whose per via within without""".split()
)
_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


@functools.lru_cache(maxsize=65536)
def words(text: str) -> tuple[str, ...]:
    """The words of `text`, case folded (kept for the next rule that reads the same text)."""
    return tuple(_WORD_RE.findall(text.casefold().replace("’", "'")))


@functools.lru_cache(maxsize=65536)
def content_words(text: str) -> frozenset[str]:
    """The words of `text` that say something: not very common, three letters or more."""
    return frozenset(w for w in words(text) if w not in STOPWORDS and len(w) > 2)
