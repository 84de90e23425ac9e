"""Slugs: the identifiers used for lessons, quizzes, questions and sections (kept with the fields every
question type shares, in course.qtypes.fields)."""

from __future__ import annotations

from course.qtypes.fields import SLUG_MAX, SLUG_RE, is_slug, slugify

__all__ = ["SLUG_MAX", "SLUG_RE", "is_slug", "slugify"]
