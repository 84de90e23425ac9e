"""How a course names its learning records: the `[xapi]` table of course.toml, with the environment over it.

| setting         | course.toml `[xapi]` | environment                  | default                               |
| --------------- | -------------------- | ---------------------------- | ------------------------------------- |
| activity base   | `activity_base`      | `COURSE_XAPI_ACTIVITY_BASE`  | `https://course.invalid/xapi`         |
| account home    | `home_page`          | `COURSE_XAPI_HOME_PAGE`      | the activity base                     |
| LRS endpoint    | `lrs`                | `COURSE_LRS_URL`             | none                                  |
| language        | `language`           |                              | `en`                                  |
| learner emails  | `emails`             | `COURSE_XAPI_EMAILS`         | none: every learner is an account     |

The defaults are constants, so statements made on any machine, at any time, name the same activities. The
`.invalid` domain (RFC 2606) can never belong to anyone: an instructor who sends records to a shared LRS sets
an address of their own. An empty environment variable counts as unset.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from course.content.models import Course, activity_base_problem, http_url_problem

DEFAULT_ACTIVITY_BASE = "https://course.invalid/xapi"
HOME_PAGE_ENV = "COURSE_XAPI_HOME_PAGE"
ACTIVITY_BASE_ENV = "COURSE_XAPI_ACTIVITY_BASE"
LRS_ENV = "COURSE_LRS_URL"
EMAILS_ENV = "COURSE_XAPI_EMAILS"

_EMAIL_RE = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\".]+$")


class XapiSettingsError(ValueError):
    """A setting from the environment or the email file is not usable; the message says which and why."""


@dataclass(frozen=True)
class XapiSettings:
    activity_base: str  # no trailing slash
    home_page: str
    lrs: str | None = None
    language: str = "en"
    emails: Mapping[str, str] = field(default_factory=dict)  # learner name -> email address


def xapi_settings(course: Course, environ: Mapping[str, str] | None = None) -> XapiSettings:
    """The course's settings: the environment over course.toml over the defaults."""
    env = os.environ if environ is None else environ
    table = course.xapi

    def pick(name: str, value: str | None) -> str | None:
        return env.get(name) or value

    base = pick(ACTIVITY_BASE_ENV, table.activity_base) or DEFAULT_ACTIVITY_BASE
    _check(env, ACTIVITY_BASE_ENV, activity_base_problem(base))
    base = base.rstrip("/")
    home_page = pick(HOME_PAGE_ENV, table.home_page) or base
    _check(env, HOME_PAGE_ENV, http_url_problem(home_page))
    lrs = pick(LRS_ENV, table.lrs)
    if lrs is not None:
        _check(env, LRS_ENV, http_url_problem(lrs))
    emails_file = env.get(EMAILS_ENV) or (str(course.root / table.emails) if table.emails else None)
    emails = read_emails(Path(emails_file)) if emails_file else {}
    return XapiSettings(activity_base=base, home_page=home_page, lrs=lrs, language=table.language, emails=emails)


def _check(env: Mapping[str, str], variable: str, problem: str | None) -> None:
    if problem is not None:
        where = f"environment variable {variable}" if env.get(variable) else "course.toml [xapi]"
        raise XapiSettingsError(f"{where}: {problem}")


def read_emails(path: Path) -> dict[str, str]:
    """A TOML file of `learner = "address"` lines. Domains are written in lower case, as xAPI recommends."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise XapiSettingsError(f"{path}: cannot read the learners' email addresses ({error})") from error
    emails: dict[str, str] = {}
    for learner, address in data.items():
        if not isinstance(address, str) or not _EMAIL_RE.match(address):
            raise XapiSettingsError(f"{path}: {learner}: {address!r} is not an email address such as 'ana@example.org'")
        local, _, domain = address.rpartition("@")
        emails[learner] = f"{local}@{domain.lower()}"
    return emails
