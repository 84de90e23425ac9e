"""Slugs: the identifiers used for lessons, quizzes, questions and sections."""

from __future__ import annotations

import re
import unicodedata

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX = 64


def is_slug(value: str) -> bool:
    return len(value) <= SLUG_MAX and bool(SLUG_RE.match(value))


def slugify(text: str) -> str:
    """Turn a heading into a slug: `Key takeaways` -> `key-takeaways`."""
    normalized = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", normalized.lower()).strip("-")
    return slug[:SLUG_MAX].rstrip("-") or "section"
