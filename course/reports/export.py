"""Every learner's xAPI statements in one list, for tests and small classes. `course report --format
xapi` writes them as they are made instead (course.xapi.write_statements), so memory stays flat."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from course.content.models import Course
from course.events import folder_events


def xapi_export(course: Course, progress_root: Path) -> tuple[list[dict[str, Any]], list[str]]:
    """Every learner's statements (see course.xapi) and what could not be read, in memory."""
    from course.xapi import StatementMaker, xapi_settings

    problems: list[str] = []
    maker = StatementMaker(course, xapi_settings(course))
    statements = [s for events in folder_events(course, progress_root, problems) for s in maker.statements(events)]
    return statements, problems
