"""`course schema`: the JSON Schemas of quiz files and lesson front matter, printed or written to a folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse


def run(args: argparse.Namespace) -> int:
    from course.content.schema import lesson_schema, quiz_schema

    schemas = {"quiz.schema.json": quiz_schema(), "lesson.schema.json": lesson_schema()}
    if not args.out:
        print(json.dumps(schemas["quiz.schema.json"], indent=2))
        return 0
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name, schema in schemas.items():
        (out / name).write_text(json.dumps(schema, indent=2) + "\n", encoding="utf-8")
        print(out / name)
    return 0
