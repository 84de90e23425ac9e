"""JSON Schemas for quiz files and lesson front matter, for editors that validate TOML as you type."""

from __future__ import annotations

import sys
from typing import Any

from course.content.models import LessonMeta, Quiz

_SCHEMA_URL = "https://json-schema.org/draft/2020-12/schema"


def _strip_internal(schema: dict[str, Any]) -> dict[str, Any]:
    schema.get("properties", {}).pop("path", None)
    return schema


_LARGEST = sys.float_info.max
# JSON has no nan or inf, but TOML does, and an editor validating TOML sees them. `inf` is beyond every
# finite bound; `nan` compares false with everything, so it is neither <= 0 nor >= 0.
_FINITE: dict[str, Any] = {
    "minimum": -_LARGEST,
    "maximum": _LARGEST,
    "anyOf": [{"not": {"exclusiveMinimum": 0}}, {"not": {"exclusiveMaximum": 0}}],
}


def _finite_numbers(node: Any) -> Any:
    """Every number in a content file is finite, as `course check` requires; say so for each one."""
    if isinstance(node, dict):
        for value in node.values():
            _finite_numbers(value)
        if node.get("type") == "number":
            node.setdefault("minimum", _FINITE["minimum"])
            node.setdefault("maximum", _FINITE["maximum"])
            node.setdefault("anyOf", _FINITE["anyOf"])
    elif isinstance(node, list):
        for value in node:
            _finite_numbers(value)
    return node


def quiz_schema() -> dict[str, Any]:
    schema = _strip_internal(Quiz.model_json_schema(by_alias=True, mode="validation"))
    _finite_numbers(schema)
    return {"$schema": _SCHEMA_URL, **schema, "title": "Course quiz file"}


def lesson_schema() -> dict[str, Any]:
    schema = _finite_numbers(LessonMeta.model_json_schema(by_alias=True, mode="validation"))
    return {"$schema": _SCHEMA_URL, **schema, "title": "Course lesson front matter"}
