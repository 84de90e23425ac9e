"""Sending every learner's waiting statements to an LRS, in batches, marking them sent only once it has
accepted them (see course.lrs.outbox for why that loses nothing and duplicates nothing)."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from course.content.models import Course
from course.progress import ProgressSaveError

from .client import LrsClient, LrsConflict, LrsError, LrsRejected
from .outbox import LearnerOutbox, Statement, mark_sent, outboxes

BATCH_SIZE = 100
RETRIES = 3  # after the first try: 1 + 2 + 4 seconds of waiting with the default backoff
BACKOFF_SECONDS = 1.0
MAX_BACKOFF_SECONDS = 30.0


@dataclass
class SyncResult:
    endpoint: str
    learners: int = 0  # learners whose progress was read
    sent: int = 0  # statements the LRS accepted in this run (stored now, or already held)
    waiting: int = 0  # statements still waiting once the run ended
    conflicts: list[str] = field(default_factory=list)  # the LRS holds a different statement with this id
    rejected: list[str] = field(default_factory=list)  # "id: reason" of statements the LRS refused
    problems: list[str] = field(default_factory=list)  # progress that could not be read
    error: Exception | None = None  # why the run stopped before the end (LrsError or ProgressSaveError)

    @property
    def complete(self) -> bool:
        """Everything there was to send is in the LRS."""
        return self.error is None and not self.rejected and self.waiting == 0


@dataclass
class _Run:
    client: LrsClient
    result: SyncResult
    retries: int
    backoff: float
    sleep: Callable[[float], None]

    def post(self, batch: Sequence[Statement]) -> None:
        """POST one batch, trying again with growing pauses while the LRS is unreachable or failing."""
        for attempt in range(self.retries + 1):
            try:
                self.client.post_statements(batch)
                return
            except LrsError as error:
                if not error.retry or attempt == self.retries:
                    raise
            self.sleep(min(self.backoff * 2**attempt, MAX_BACKOFF_SECONDS))

    def deliver(self, box: LearnerOutbox, batch: Sequence[Statement]) -> None:
        """Send `batch` and mark what the LRS accepted. A batch the LRS refuses as a whole (an invalid
        statement, or an id it holds with other content) is halved until the statement is found: that one
        is set apart and the rest go on."""
        try:
            self.post(batch)
        except (LrsRejected, LrsConflict) as error:
            if len(batch) > 1:
                middle = len(batch) // 2
                self.deliver(box, batch[:middle])
                self.deliver(box, batch[middle:])
                return
            ident = str(batch[0].get("id"))
            if isinstance(error, LrsRejected):
                self.result.rejected.append(f"{box.learner}: statement {ident}: {error}")
                return
            # xAPI statements never change: the LRS keeps the one it has, and sending again cannot help.
            self.result.conflicts.append(f"{box.learner}: statement {ident}")
        mark_sent(box.folder, self.client.endpoint, [str(s["id"]) for s in batch])
        self.result.sent += len(batch)


def sync(
    course: Course,
    progress_root: Path,
    client: LrsClient,
    *,
    batch_size: int = BATCH_SIZE,
    retries: int = RETRIES,
    backoff: float = BACKOFF_SECONDS,
    sleep: Callable[[float], None] = time.sleep,
) -> SyncResult:
    """Send every learner's waiting statements to the LRS. Stops at the first failure that trying again
    will not mend (unreachable after the retries, credentials refused, the LRS failing, a sent-log that
    cannot be written) and says it in `error`; what was accepted before is marked sent, the rest waits."""
    if batch_size < 1:
        raise ValueError("the batch size must be at least 1")
    result = SyncResult(client.endpoint)
    run = _Run(client, result, max(0, retries), max(0.0, backoff), sleep)
    for box in outboxes(course, progress_root, client.endpoint, result.problems):
        result.learners += 1
        if result.error is not None:
            result.waiting += len(box.waiting)
            continue
        before = result.sent
        for start in range(0, len(box.waiting), batch_size):
            try:
                run.deliver(box, box.waiting[start : start + batch_size])
            except (LrsError, ProgressSaveError) as error:
                result.error = error
                break
        result.waiting += len(box.waiting) - (result.sent - before)
    return result
