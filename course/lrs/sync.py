"""Sending every learner's waiting statements to an LRS, in batches, marking them sent only once it has
accepted them (see course.lrs.outbox for why that loses nothing and duplicates nothing)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
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


Pending = tuple[LearnerOutbox, Statement]
"""A statement waiting to be sent, with the learner whose sent-log notes it."""


@dataclass
class _Run:
    client: LrsClient
    result: SyncResult
    retries: int
    backoff: float
    sleep: Callable[[float], None]

    def post(self, batch: Sequence[Pending]) -> None:
        """POST one batch, trying again with growing pauses while the LRS is unreachable or failing."""
        statements = [statement for _, statement in batch]
        for attempt in range(self.retries + 1):
            try:
                self.client.post_statements(statements)
                return
            except LrsError as error:
                if not error.retry or attempt == self.retries:
                    raise
            self.sleep(min(self.backoff * 2**attempt, MAX_BACKOFF_SECONDS))

    def deliver(self, batch: Sequence[Pending]) -> None:
        """Send `batch` and note what the LRS accepted in each learner's sent-log. A batch the LRS refuses
        as a whole (an invalid statement, or an id it holds with other content) is halved until that
        statement is found: it is set apart and the rest go on."""
        try:
            self.post(batch)
        except (LrsRejected, LrsConflict) as error:
            if len(batch) > 1:
                middle = len(batch) // 2
                self.deliver(batch[:middle])
                self.deliver(batch[middle:])
                return
            box, statement = batch[0]
            ident = str(statement.get("id"))
            if isinstance(error, LrsRejected):
                self.result.rejected.append(f"{box.learner}: statement {ident}: {error}")
                return
            # xAPI statements never change: the LRS keeps the one it has, and sending again cannot help.
            self.result.conflicts.append(f"{box.learner}: statement {ident}")
        by_learner: dict[Path, list[str]] = {}
        for box, statement in batch:
            by_learner.setdefault(box.folder, []).append(str(statement["id"]))
        for folder, ids in by_learner.items():
            mark_sent(folder, self.client.endpoint, ids)
            self.result.sent += len(ids)


def sync(
    course: Course,
    progress_root: Path,
    client: LrsClient,
    *,
    batch_size: int = BATCH_SIZE,
    retries: int = RETRIES,
    backoff: float = BACKOFF_SECONDS,
    sleep: Callable[[float], None] = time.sleep,
    learners: Iterable[str] | None = None,
) -> SyncResult:
    """Send every learner's waiting statements (or only those of `learners`) to the LRS, in batches that
    may hold several learners'. Stops at the first failure that trying again will not mend (unreachable after the retries,
    credentials refused, the LRS failing, a sent-log that cannot be written) and says it in `error`;
    what was accepted before is noted as sent, the rest waits. Memory holds one learner's statements and
    one batch, however many learners there are."""
    if batch_size < 1:
        raise ValueError("the batch size must be at least 1")
    result = SyncResult(client.endpoint)
    run = _Run(client, result, max(0, retries), max(0.0, backoff), sleep)
    batch: list[Pending] = []
    waiting = 0
    for box in outboxes(course, progress_root, client.endpoint, result.problems, learners):
        result.learners += 1
        waiting += len(box.waiting)
        if result.error is not None:
            continue
        for statement in box.waiting:
            batch.append((box, statement))
            if len(batch) == batch_size:
                result.error = _deliver(run, batch)
                batch = []
                if result.error is not None:
                    break
    if batch and result.error is None:
        result.error = _deliver(run, batch)
    result.waiting = waiting - result.sent
    return result


def _deliver(run: _Run, batch: list[Pending]) -> Exception | None:
    try:
        run.deliver(batch)
    except (LrsError, ProgressSaveError) as error:
        return error
    return None
