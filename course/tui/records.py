"""Sending learners' records to a learning record store in the background, when the course is pointed at
one (COURSE_LRS_URL or course.toml's [xapi] lrs), and the words of the small status that says how far it
got. A sync runs in a thread, one at a time, never blocks a screen and never stops the app: a failure is
said quietly in the status and the next sync tries again."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App

    from course.content import Course
    from course.lrs import LrsClient, SyncResult

INTERVAL_SECONDS = 60.0
"""How often the app tries again while records wait (and looks for new ones)."""


def records(n: int) -> str:
    return f"{n} record{'s' if n != 1 else ''}"


def status_text(result: SyncResult) -> str:
    """The status after a sync, in a learner's words."""
    from course.lrs import (
        LrsMoved,
        LrsNotAnLrs,
        LrsNotStored,
        LrsRefusedCredentials,
        LrsRejected,
        LrsServerError,
        LrsUnreachable,
    )

    if result.complete:
        return "✓ all records sent"
    waiting = f"{records(result.waiting)} waiting to send"
    error = result.error
    # Short enough for 80 columns with hundreds waiting; "will try again" only where waiting can mend it.
    if isinstance(error, LrsUnreachable):
        why = "cannot reach the record store; will try again"
    elif isinstance(error, LrsRefusedCredentials):
        why = "the record store refused the credentials"
    elif isinstance(error, LrsServerError):
        why = "the record store is failing; will try again"
    elif isinstance(error, LrsMoved):
        why = "the record store has moved; update its address"
    elif isinstance(error, LrsNotAnLrs):
        why = "a web page answers instead of the record store"
    elif isinstance(error, LrsNotStored):
        why = "not kept by the record store; will try again"
    elif isinstance(error, LrsRejected) or result.rejected:
        why = "the record store refused some"
    elif error is not None:
        why = "could not note them as sent; will try again"
    else:
        why = ""
    return f"{waiting} · {why}" if why else waiting


class RecordsSync:
    """The app's background sync: `run` starts one (unless one is running) and reports the status through
    `show`, called on the app's thread."""

    def __init__(self, app: App[Any], client: LrsClient, show: Callable[[str], None]) -> None:
        self.app = app
        self.client = client
        self.show = show
        self.running = False
        self.runs = 0  # syncs finished (for tests)
        self.thread: threading.Thread | None = None  # the last sync's
        self._loop: asyncio.AbstractEventLoop | None = None

    def start(self, now: Callable[[], tuple[Course, Path, str | None]]) -> None:
        """`now` gives the course, the progress folder and the learner as the app holds them at each run."""
        self._now = now
        self.app.set_interval(INTERVAL_SECONDS, self.run)
        self.run()

    def run(self) -> None:
        if self.running:
            return
        course, root, learner = self._now()  # read on the app's thread
        if learner is None:
            return
        self.running = True
        self._loop = asyncio.get_running_loop()
        self.thread = threading.Thread(
            target=self._work, args=(course, root, learner), name="records", daemon=True
        )
        self.thread.start()

    def _work(self, course: Course, root: Path, learner: str) -> None:
        """Send the learner's own records: the cost is one learner's, whatever the size of the progress
        folder (`course sync` sends everyone's)."""
        from course.lrs import sync, waiting_count

        try:
            waiting, _ = waiting_count(course, root, self.client.endpoint, [learner])
            if waiting:
                self._tell(f"{records(waiting)} waiting to send")
            # No retries here: the app tries again on its own schedule, without holding a thread.
            text = status_text(sync(course, root, self.client, retries=0, learners=[learner]))
        except Exception as error:  # never let a sync stop the app
            text = f"records not sent: {type(error).__name__}"
        finally:
            self.running = False
        self._tell(text)
        self.runs += 1

    def _tell(self, text: str) -> None:
        """Show `text` on the app's thread, without waiting for it (the app may be ending)."""
        if self._loop is None:
            return
        with contextlib.suppress(RuntimeError):  # the app's loop has closed meanwhile
            self._loop.call_soon_threadsafe(self._show, text)

    def _show(self, text: str) -> None:
        if self.app.is_running:
            self.show(text)
