"""JSON Schemas for quiz files and lesson front matter, for editors that validate TOML as you type."""

from __future__ import annotations

from typing import Any

from course.content.models import LessonMeta, Quiz

_SCHEMA_URL = "https://json-schema.org/draft/2020-12/schema"


def _strip_internal(schema: dict[str, Any]) -> dict[str, Any]:
    schema.get("properties", {}).pop("path", None)
    return schema


def quiz_schema() -> dict[str, Any]:
    schema = _strip_internal(Quiz.model_json_schema(by_alias=True, mode="validation"))
    return {"$schema": _SCHEMA_URL, **schema, "title": "Course quiz file"}


def lesson_schema() -> dict[str, Any]:
    schema = LessonMeta.model_json_schema(by_alias=True, mode="validation")
    return {"$schema": _SCHEMA_URL, **schema, "title": "Course lesson front matter"}
