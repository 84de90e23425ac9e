"""JSON Schemas for quiz files and lesson front matter, for editors that validate TOML as you type."""

from __future__ import annotations

from typing import Any

from course.content.models import LessonMeta, Quiz

_SCHEMA_URL = "https://json-schema.org/draft/2020-12/schema"


def _strip_internal(schema: dict[str, Any]) -> dict[str, Any]:
    schema.get("properties", {}).pop("path", None)
    return schema


def _short_answers_may_be_strings(schema: dict[str, Any]) -> dict[str, Any]:
    """`answers = ["SLA", ...]` is accepted as well as `[[questions.answers]]` tables; say so in the schema."""
    answers = schema.get("$defs", {}).get("ShortQuestion", {}).get("properties", {}).get("answers")
    if answers and "items" in answers:
        answers["items"] = {"anyOf": [{"type": "string"}, answers["items"]]}
    return schema


def quiz_schema() -> dict[str, Any]:
    schema = _short_answers_may_be_strings(_strip_internal(Quiz.model_json_schema(by_alias=True, mode="validation")))
    return {"$schema": _SCHEMA_URL, **schema, "title": "Course quiz file"}


def lesson_schema() -> dict[str, Any]:
    schema = LessonMeta.model_json_schema(by_alias=True, mode="validation")
    return {"$schema": _SCHEMA_URL, **schema, "title": "Course lesson front matter"}
