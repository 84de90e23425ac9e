"""Placeholder texts: a text that starts with TODO is one, waiting for the author to write it.

The importers write such texts where the source format has none (an Aiken question's explanation, a GIFT
question without general feedback); `course check` warns about each one, and the GIFT export leaves them out.
"""

from __future__ import annotations


def is_placeholder(text: str | None) -> bool:
    """Whether `text` is still a placeholder: it starts with TODO (in any case, after spaces)."""
    return bool(text) and str(text).lstrip().upper().startswith("TODO")
