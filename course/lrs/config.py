"""Which LRS a course sends its statements to: `--lrs URL`, else COURSE_LRS_URL, else the `lrs` key of
course.toml's `[xapi]` table (course.xapi.settings reads both); none of them means no LRS, and the
course works exactly as without one."""

from __future__ import annotations

from collections.abc import Mapping

from course.content.models import Course
from course.xapi import xapi_settings


def configured_lrs(course: Course, option: str | None = None, environ: Mapping[str, str] | None = None) -> str | None:
    """The LRS address the course is configured with, or None. Raises XapiSettingsError for a setting of
    the environment that is not usable (course check reports those of course.toml)."""
    if option:
        return option
    return xapi_settings(course, environ).lrs
