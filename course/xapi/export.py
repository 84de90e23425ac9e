"""Every learner's statements written out as they are made, one learner at a time, so memory stays flat
however many learners a progress folder holds."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from course.content.models import Course
from course.events import folder_events
from course.xapi.settings import XapiSettings
from course.xapi.statements import StatementMaker, statement_json


def write_statements(
    out: TextIO, course: Course, progress_root: Path, settings: XapiSettings, problems: list[str],
    *, lines: bool = False,
) -> int:
    """Write the statements of every learner under `progress_root`: a JSON array with one statement a line,
    or with `lines` JSON lines (one statement a line, nothing else). Returns how many were written; files
    that cannot be read are left out and said in `problems`."""
    maker = StatementMaker(course, settings)
    count = 0
    if not lines:
        out.write("[")
    for events in folder_events(course, progress_root, problems):
        for statement in maker.statements(events):
            text = statement_json(statement)
            if lines:
                out.write(text + "\n")
            else:
                out.write(("\n" if count == 0 else ",\n") + text)
            count += 1
    if not lines:
        out.write("\n]\n" if count else "]\n")
    return count
