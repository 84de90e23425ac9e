"""Reports from a Learning Record Store: the statements it returns, read back into this course's events.

Every statement the LRS gives is read here, and what is not about this course (another course, another
platform) is passed over: the xAPI `activity` filter would save the traffic, but Ralph's file-system
backend never matches it (it compares the statement's activity id with the parsed parameter, not its
text), and a filter that silently returns nothing would make an empty report. A statement of this course
that cannot be read is said in `problems` and left out. Pages come in the order
the LRS stored them, not learner by learner: the report aggregators take events in any order.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from course.content.models import Course
from course.events import Event
from course.xapi import Iris, StatementError, event_from_statement, xapi_settings


def course_iri(course: Course) -> str:
    """The course's activity IRI, under the activity base its xAPI settings give."""
    return Iris(xapi_settings(course).activity_base, course.id).course


def course_events(course: Course, statements: Iterable[Mapping[str, Any]], problems: list[str]) -> Iterator[Event]:
    """The events of the statements about `course`, in the order given."""
    iri = course_iri(course)
    for statement in statements:
        target = statement.get("object")
        activity = target.get("id") if isinstance(target, Mapping) else None
        if not isinstance(activity, str) or not (activity == iri or activity.startswith(iri + "/")):
            continue
        try:
            event = event_from_statement(statement)
        except StatementError as error:
            problems.append(str(error))
            continue
        if event is not None:
            yield event
