"""Turning pydantic validation errors into problems an author can act on: field path, line, sentence."""

from __future__ import annotations

import bisect
import datetime
import difflib
import json
import math
import re
import typing
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from course.content.models import QUESTION_TYPES, Draw, LessonMeta, Quiz, XapiTable
from course.qtypes import REGISTRY

# Every table an author writes, for "did you mean" when it is not known which one an error is about.
_TABLES: tuple[type[BaseModel], ...] = (Quiz, LessonMeta, Draw, XapiTable, *(t.model for t in REGISTRY.values()))


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The models a field's annotation holds (`list[Option]` -> [Option]; a union -> each of its models)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        found += _models_in(arg)
    return found


def _keys(model: type[BaseModel]) -> set[str]:
    return {field.alias or name for name, field in model.model_fields.items() if name != "path"}


def known_keys(loc: Sequence[str | int], root: type[BaseModel] | None = None) -> list[str]:
    """The keys of the table an unknown key at `loc` was found in: that table's only (a question's are
    those of its type). Without a `root` (the model being read), the keys of every table."""
    models: list[type[BaseModel]] = [root] if root is not None else []
    for part in loc[:-1]:
        if isinstance(part, int) or not models:
            continue
        if part in REGISTRY and len(models) > 1:
            models = [REGISTRY[str(part)].model]  # the union tag pydantic adds: the question's type
            continue
        inner: list[type[BaseModel]] = []
        for model in models:
            for name, field in model.model_fields.items():
                if part in (name, field.alias):
                    inner += _models_in(field.annotation)
        models = inner
    if len(models) != 1:
        models = list(_TABLES) if root is None or not models else models
    return sorted(set().union(*(_keys(model) for model in models)))


def field_path(loc: Sequence[str | int]) -> str:
    """('questions', 2, 'options') -> 'questions[2].options' (discriminator tags dropped)."""
    out = ""
    previous: str | int | None = None
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in QUESTION_TYPES and isinstance(previous, int):
            continue  # the union tag pydantic adds after a question's index
        elif part == "from_":
            out += ".from" if out else "from"
        else:
            out += f".{part}" if out else part
        previous = part
    return out


def clean_loc(loc: Sequence[str | int]) -> list[str | int]:
    parts: list[str | int] = []
    previous: str | int | None = None
    for part in loc:
        if isinstance(part, str) and part in QUESTION_TYPES and isinstance(previous, int):
            continue
        parts.append("from" if part == "from_" else part)
        previous = part
    return parts


# What a field holds, said the way docs/authoring.md says it.
_WANTED = {
    "pass_mark": "a number between 0 and 1",
    "weight": "a number between 0 and 1",
    "points": "a number, 0 or more",
    "tolerance": "a number, 0 or more",
    "min": "a number",
    "max": "a number",
    "order": "a whole number",
    "minutes": "a whole number, 1 or more",
    "max_attempts": "a whole number, 1 or more",
    "count": "a whole number, 1 or more",
    "fuzzy": "a whole number from 0 to 3",
}
_WANTED_BY_TYPE = {
    "float_type": "a number",
    "finite_number": "a finite number",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "bool_type": "true or false",
    "string_type": "text in quotes",
    "list_type": "a list",
    "model_type": "a table",
    "dict_type": "a table",
    "model_attributes_type": "a table",
}
_RANGE_ERRORS = {"greater_than_equal", "greater_than", "less_than_equal", "less_than"}


def given(value: object) -> str:
    """How an author would name a value read from TOML: 'the string "0.6"', 'the number 2', 'true'."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:39] + "…"
        return f"the string {json.dumps(shown, ensure_ascii=False)}"
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, (int, float)):
        return f"the number {value:g}" if isinstance(value, float) else f"the number {value}"
    if isinstance(value, list):
        return f"a list of {len(value)}" if value else "an empty list"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, (datetime.date, datetime.time)):
        return f"the date or time {value.isoformat()}"
    return type(value).__name__


def describe(error: ErrorDetails, root: type[BaseModel] | None = None) -> str:
    """One sentence for one pydantic error (in a `root` model, when known: "did you mean" names its keys)."""
    kind = error["type"]
    loc = error["loc"]
    name = loc[-1] if loc else ""
    if kind == "extra_forbidden":
        table = error.get("ctx", {}).get("question_type")
        keys = known_keys(error["loc"], REGISTRY[table].model if table in REGISTRY else root)
        hint = difflib.get_close_matches(str(name), [key for key in keys if key != name], n=1)
        suggestion = f"; did you mean {hint[0]!r}?" if hint else "; remove it or fix its spelling"
        return f"unknown key {name!r}{suggestion}"
    if kind == "missing":
        return f"required key {name!r} is missing"
    if kind == "union_tag_invalid":
        tag = error.get("ctx", {}).get("tag", "?")
        return f"unknown question type {tag!r}; use one of: {', '.join(QUESTION_TYPES)}"
    if kind == "union_tag_not_found":
        return f"the question has no `type`; use one of: {', '.join(QUESTION_TYPES)}"
    if kind == "value_error":
        return re.sub(r"^(Value|Assertion) error,\s*", "", error["msg"])
    if kind == "too_long":
        ctx = error.get("ctx", {})
        return (
            f"a question can have at most {ctx.get('max_length')} {name} (found {ctx.get('actual_length', 0):,}); "
            "split it into several questions"
        )
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return f"one of {expected}, got {given(error.get('input'))}"
    wanted = _WANTED_BY_TYPE.get(kind)
    if kind in _RANGE_ERRORS or wanted:
        if isinstance(name, str) and name in _WANTED and kind != "finite_number":
            wanted = _WANTED[name]
        elif wanted is None:
            wanted = "a number " + error["msg"].removeprefix("Input should be ")
        return f"{wanted}, got {given(error.get('input'))}"
    if kind.endswith("_type") or kind.endswith("_parsing"):
        return f"{error['msg']} (got {given(error.get('input'))})"
    return error["msg"]


def problems_from(
    errors: Iterable[ErrorDetails], root: type[BaseModel] | None = None
) -> Iterable[tuple[list[str | int], str]]:
    """(field path, sentence) for each of pydantic's errors (`ValidationError.errors()`) of a `root` model."""
    for error in errors:
        loc = clean_loc(error["loc"])
        message = describe(error, root)
        if error["type"] == "union_tag_invalid":
            loc.append("type")
        # A model-level rule reported as "options: ..." or "questions[3].id: ..." belongs to that field.
        head, sep, rest = message.partition(": ")
        if sep and _FIELD_HEAD_RE.match(head):
            loc = [*loc, *_split_field(head)]
            message = rest
        yield loc, message


_FIELD_HEAD_RE = re.compile(r"^[a-z_]+(?:\[\d+\])?(?:\.[a-z_]+(?:\[\d+\])?)*$")


def _split_field(head: str) -> list[str | int]:
    """'options[1].id' -> ['options', 1, 'id']."""
    parts: list[str | int] = []
    for name, index in re.findall(r"([a-z_]+)(?:\[(\d+)\])?", head):
        parts.append(name)
        if index:
            parts.append(int(index))
    return parts


_HEADER_RE = re.compile(r"^\s*\[\[\s*([^\]]*?)\s*\]\]")
_TABLE_RE = re.compile(r"^\s*\[\s*[^\[\]]+\]")  # `[table]`, not `[[array of tables]]`
_ANY_HEADER_RE = re.compile(r"^\s*\[")


def table_headers(lines: Sequence[str]) -> dict[str, list[int]]:
    """The 0-based lines of each array-of-tables header (`[[questions]]`, `[[questions.options]]`)."""
    headers: dict[str, list[int]] = {}
    for j, line in enumerate(lines):
        match = _HEADER_RE.match(line)
        if match:
            headers.setdefault(re.sub(r"\s+", "", match.group(1)), []).append(j)
    return headers


def locate(
    lines: Sequence[str],
    loc: Sequence[str | int],
    offset: int = 0,
    headers: dict[str, list[int]] | None = None,
) -> int | None:
    """Best-effort 1-based line of a field path in a TOML document.

    Arrays of tables (`[[questions]]`, `[[questions.options]]`) are followed by index; plain keys are
    found after the table they belong to. `headers` (from `table_headers`) saves finding the tables again
    when many paths are located in one document.
    """
    if headers is None:
        headers = table_headers(lines)
    start, end = 0, len(lines)
    prefix = ""
    i = 0
    found: int | None = None
    while i < len(loc):
        part = loc[i]
        if isinstance(part, int):
            i += 1
            continue
        nxt = loc[i + 1] if i + 1 < len(loc) else None
        table = f"{prefix}.{part}" if prefix else str(part)
        if isinstance(nxt, int):
            hits = headers.get(table, [])
            first, past = bisect.bisect_left(hits, start), bisect.bisect_left(hits, end)
            if past - first > nxt:
                start = hits[first + nxt]
                end = hits[first + nxt + 1] if first + nxt + 1 < past else end
                found = start
                prefix = table
                i += 2
                continue
        key = re.compile(
            r"^\s*(?:" + re.escape(str(part)) + r"\s*=|\[\[?\s*" + re.escape(table) + r"\s*\]\]?)"
        )
        line = next((j for j in range(start, end) if key.match(lines[j])), None)
        if line is None:
            break
        if i + 1 < len(loc) and _TABLE_RE.match(lines[line]):
            # A plain table (`[xapi]`): its keys are on the lines up to the next header.
            start = line + 1
            end = next((j for j in range(start, end) if _ANY_HEADER_RE.match(lines[j])), end)
            found, prefix = line, table
            i += 1
            continue
        return line + 1 + offset
    return None if found is None else found + 1 + offset
