"""Feeding a Learning Record Store: the HTTP client of its statements resource (client), which statements
wait to be sent (outbox), sending them (sync), and which LRS a course is pointed at (config)."""

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
from .config import configured_lrs
from .outbox import learner_statements, waiting_count
from .sync import SyncResult, sync

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
