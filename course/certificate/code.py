"""The verification code printed on a certificate: ten base32 characters (ABCD-EFGH-JK) derived from the
course, the learner, the final-exam attempt that passed and its score. The attempt id carries a timestamp
and random digits, so the code cannot be worked out from a learner's name alone; anyone holding the progress
folder can re-derive it from the attempt file, which is how `course certificate --verify` checks one."""

from __future__ import annotations

import base64
import hashlib

CODE_LENGTH = 10
_ALPHABET = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
# Characters people read for base32 ones when they type a code from paper.
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})
_VERSION = "course-certificate-1"


def derive_code(course_id: str, learner: str, attempt_id: str, score: float) -> str:
    """The code for this course, learner and passing attempt, grouped for reading: `ABCD-EFGH-JK`."""
    text = "\x1f".join((_VERSION, course_id, learner, attempt_id, f"{score:.6f}"))
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    letters = base64.b32encode(digest).decode("ascii")[:CODE_LENGTH]
    return group(letters)


def group(letters: str) -> str:
    return f"{letters[:4]}-{letters[4:8]}-{letters[8:]}"


def normalise_code(text: str) -> str | None:
    """A code as typed (any case, spaces or dashes, 0/1/8 for O/I/B) in its printed form, or None when it
    cannot be one."""
    letters = "".join(ch for ch in text.upper() if ch not in " -\t").translate(_LOOKALIKES)
    if len(letters) != CODE_LENGTH or not set(letters) <= _ALPHABET:
        return None
    return group(letters)
