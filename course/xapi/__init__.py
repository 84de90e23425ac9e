"""Learners' progress as xAPI 1.0.3 statements for a Learning Record Store (LRS), and back.

- course.xapi.settings: the `[xapi]` table of course.toml and the environment (activity base, account home
  page, LRS endpoint, language, learners' email addresses);
- course.xapi.statements: one statement per event (course.events), the same bytes every time;
- course.xapi.parse: statements made by this course read back into events;
- course.xapi.export: `course report --format xapi`, written as it is made.

docs/xapi.md describes the settings and shows a statement of each kind.
"""

from course.xapi.export import write_statements
from course.xapi.parse import StatementError, event_from_statement, events_from_statements
from course.xapi.settings import XapiSettings, XapiSettingsError, xapi_settings
from course.xapi.statements import Iris, StatementMaker, statement_json

__all__ = [
    "Iris",
    "StatementError",
    "StatementMaker",
    "XapiSettings",
    "XapiSettingsError",
    "event_from_statement",
    "events_from_statements",
    "statement_json",
    "write_statements",
    "xapi_settings",
]
