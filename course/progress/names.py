"""Learner names (and other path components) that cannot reach outside the progress folder."""

from __future__ import annotations

import unicodedata

from .errors import InvalidLearnerName

MAX_NAME_CHARS = 64
MAX_NAME_BYTES = 200  # UTF-8 bytes; file systems allow 255 per path component
ALLOWED_PUNCTUATION = frozenset(" -_.")
WINDOWS_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL"] + [f"COM{i}" for i in range(10)] + [f"LPT{i}" for i in range(10)]
)

RULES = (
    "A learner name has 1 to 64 characters: letters, digits, spaces, '-', '_' and '.', "
    "and does not start or end with '.'."
)


def _problem(name: str) -> str | None:
    """Why `name` (already normalised and stripped) is refused, or None when it is fine."""
    if not name:
        return "it is empty"
    if len(name) > MAX_NAME_CHARS:
        return f"it has {len(name)} characters"
    if len(name.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:
        return "it is too long to be a folder name"
    if name.startswith("."):
        return "it starts with '.'"
    if name.endswith("."):
        return "it ends with '.'"
    for char in name:
        if not (char.isalnum() or char in ALLOWED_PUNCTUATION):
            shown = repr(char) if char.isprintable() else f"U+{ord(char):04X}"
            return f"it contains the character {shown}"
    # Windows reserves these with any extension, and reads superscript digits as digits: COM¹ is COM1.
    if unicodedata.normalize("NFKC", name).split(".")[0].strip().upper() in WINDOWS_RESERVED:
        return "it is a name Windows reserves for devices"
    return None


def name_key(name: str) -> str:
    """What makes two learner names one learner: the name in NFKC, case-folded (Unicode's NFKC_Casefold,
    near enough). 'Ana', 'ana' and 'ＡＮＡ' are one learner; so are 'Weiß' and 'Weiss', 'ﬁona' and 'Fiona',
    and 'José' however its accent is encoded."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())


def validate_learner_name(name: object) -> str:
    """Return the learner name as it will be stored (NFC-normalised, stripped) or raise InvalidLearnerName."""
    if not isinstance(name, str):
        raise InvalidLearnerName(f"A learner name must be text, not {type(name).__name__}. {RULES}")
    clean = unicodedata.normalize("NFC", name).strip()
    problem = _problem(clean)
    if problem is not None:
        raise InvalidLearnerName(f"{name!r} cannot be used as a learner name: {problem}. {RULES}")
    return clean


def check_path_component(value: object, what: str) -> str:
    """Check an identifier (quiz id, attempt id) used as one file or folder name; raise ValueError."""
    if not isinstance(value, str) or value != value.strip() or _problem(value) is not None:
        raise ValueError(f"{value!r} cannot be used as a {what}: it must be a plain file name. {RULES}")
    return value
