"""Feeding a Learning Record Store: the HTTP client of its statements resource (client), which statements
wait to be sent (outbox), sending them (sync), and which LRS a course is pointed at (config).

Which LRS a course is pointed at is read without the rest: the client and what sends (urllib's HTTP machinery)
are imported when first asked for, so that a course with no LRS never loads them."""

from typing import TYPE_CHECKING

from course.lazy import lazy_names

from .config import configured_lrs

if TYPE_CHECKING:
    from .client import (
        PASSWORD_ENV,
        URL_ENV,
        USERNAME_ENV,
        XAPI_VERSION,
        LrsClient,
        LrsConflict,
        LrsError,
        LrsMoved,
        LrsNotAnLrs,
        LrsNotStored,
        LrsRefusedCredentials,
        LrsRejected,
        LrsServerError,
        LrsUnreachable,
        endpoint_url,
    )
    from .outbox import learner_statements, waiting_count
    from .sync import SyncResult, sync

_LAZY = {
    **{name: "client" for name in (
        "PASSWORD_ENV", "URL_ENV", "USERNAME_ENV", "XAPI_VERSION", "LrsClient", "LrsConflict", "LrsError", "LrsMoved",
        "LrsNotAnLrs", "LrsNotStored", "LrsRefusedCredentials", "LrsRejected", "LrsServerError", "LrsUnreachable",
        "endpoint_url",
    )},
    "learner_statements": "outbox",
    "waiting_count": "outbox",
    "SyncResult": "sync",
    "sync": "sync",
}


__getattr__ = lazy_names(__name__, _LAZY)


__all__ = [
    "PASSWORD_ENV",
    "URL_ENV",
    "USERNAME_ENV",
    "XAPI_VERSION",
    "LrsClient",
    "LrsConflict",
    "LrsError",
    "LrsMoved",
    "LrsNotAnLrs",
    "LrsNotStored",
    "LrsRefusedCredentials",
    "LrsRejected",
    "LrsServerError",
    "LrsUnreachable",
    "SyncResult",
    "configured_lrs",
    "endpoint_url",
    "learner_statements",
    "sync",
    "waiting_count",
]
