"""Small helpers for the words the course prints, shared by every front end."""

from __future__ import annotations

import re


def plural(count: int, noun: str, many: str | None = None) -> str:
    """`1 quiz`, `2 quizzes`, `0 lessons`: the count and the noun that agrees with it."""
    return f"{count} {noun if count == 1 else (many or noun + 's')}"


# ESC-introduced sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ESC \), DCS/SOS/PM/APC (… ESC \),
# and two-character escapes. Their 8-bit forms (C1 controls) are removed as characters below.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b[\]PX^_].*?(?:\x07|\x1b\\|$)"  # OSC, DCS, SOS, PM, APC
    r"|\x1b[@-Z\\-_]"  # other two-character escapes
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
    r"|[\x9d\x90\x98\x9e\x9f].*?(?:\x07|\x9c|\x1b\\|$)",  # 8-bit OSC and friends
    re.DOTALL,
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069): they reorder the text
# around them on screen, so a line can show other words than it holds, and they shift a box's border. Shown
# inert: removed, the text then reads in its own order. (The marks U+200E, U+200F and U+061C stay: they only
# nudge a neutral character's direction.)
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def clean(text: object) -> str:
    """`text` with terminal escape sequences, control characters and bidirectional overrides removed (newlines
    kept, tabs as spaces)."""
    value = str(text).replace("\r\n", "\n").replace("\t", "    ")
    value = _ESCAPES.sub("", value)
    return BIDI_CONTROLS.sub("", _CONTROLS.sub("", value))


# Abbreviations of the field that are not English words, so that a title made from a lower-case name such
# as `sla-course` can write them in capitals ("SLA course") without guessing: a word that is also an
# ordinary word ("it", "us", "may") is never on this list.
KNOWN_CAPITALS = frozenset(
    """sla kpi okr bpo ito kpo rpo hr crm erp gdpr eu uk usa roi tco rfp rfq rfi nda api qa ai ml saas paas iaas
    sme ceo cfo cio cto coo ibm tcs hcl nasscom wto oecd vat gst sox hipaa pci iso faq""".split()
)


def title_from_name(name: str) -> str:
    """A title made from a file or folder name: `-`, `_` and `.` become spaces and the first letter a capital.
    A word written in capitals (`SLA-course`), or with a capital inside it (`iPhone`), is kept as written; a
    word on KNOWN_CAPITALS is written in capitals, its plural with a small s (`sla-course` gives "SLA course",
    `kpis` "KPIs"); every other word is in lower case (`Cost-Basics` gives "Cost basics")."""
    words = [w for w in re.split(r"[-_.\s]+", name.strip()) if w]
    shown = []
    for word in words:
        if word.lower() in KNOWN_CAPITALS:
            shown.append(word.upper())
        elif word[-1:] in "sS" and word[:-1].lower() in KNOWN_CAPITALS:
            shown.append(word[:-1].upper() + "s")
        elif len(word) > 1 and (word.isupper() or any(c.isupper() for c in word[1:])):
            shown.append(word)
        else:
            shown.append(word.lower())
    title = " ".join(shown)
    return title[:1].upper() + title[1:]
