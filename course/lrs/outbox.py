"""Which statements are waiting to be sent to an LRS, and which it has accepted.

The progress files are the outbox. A learner's statements are a pure function of their progress records:
each final event (a completed lesson, a finished attempt and its answers, the completed course) makes
statements whose ids are derived from the records and whose times are the records' own. So the progress
write that records an event is also the durable write of its pending statements; nothing else has to be
written at that moment, and a kill at any point loses nothing the progress files do not lose (none: they
are written atomically).

What is stored is the other half: the ids each LRS has accepted, in a small sent-log per learner and per
LRS endpoint (`<learner>/lrs/sent-<key>.txt`, one id per line), rewritten atomically under the learner's
lock and only after the LRS has answered. Waiting = the learner's statements whose ids are not in the log.
A kill between the LRS's answer and the log's write leaves those statements waiting; sending them again
duplicates nothing, because an LRS keeps one statement per id (xAPI 1.0.3: a statement whose id it
already holds with the same content is left out; Ralph answers 204 when it held them all).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from course.content.models import Course
from course.events import learner_events
from course.progress import ProgressStore, atomic_write_text, learner_lock
from course.progress.atomic import save_error
from course.progress.reading import LearnerRecord, read_learners
from course.xapi import StatementMaker, xapi_settings

SENT_FOLDER = "lrs"
Statement = dict[str, Any]


def statement_maker(course: Course) -> StatementMaker:
    """What makes the course's statements, with its [xapi] settings. Raises XapiSettingsError."""
    return StatementMaker(course, xapi_settings(course))


def learner_statements(course: Course, record: LearnerRecord, maker: StatementMaker | None = None) -> list[Statement]:
    """Every statement of one learner's progress, oldest first: the one place the sync asks course.xapi.
    Raises XapiSettingsError when no `maker` is given and the course's settings are not usable."""
    maker = maker or statement_maker(course)
    return list(maker.statements(learner_events(course, record)))


def sent_log_path(learner_folder: Path, endpoint: str) -> Path:
    """The learner's log of the statement ids the LRS at `endpoint` (see client.endpoint_url) accepted."""
    key = hashlib.sha256(endpoint.encode("utf-8")).hexdigest()[:16]
    return Path(learner_folder) / SENT_FOLDER / f"sent-{key}.txt"


def read_sent(path: Path) -> set[str]:
    """The ids in a sent-log; lines that are not statement ids (the header, anything else) are ignored, and
    a log that cannot be read counts as empty (its statements are sent again, which duplicates nothing)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return set()
    ids = set()
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            try:
                ids.add(str(uuid.UUID(line)))
            except ValueError:
                continue
    return ids


def mark_sent(learner_folder: Path, endpoint: str, ids: Iterable[str]) -> None:
    """Add `ids` to the learner's sent-log for `endpoint`: under the learner's lock, merged with what is
    on disk (another sync may have added ids meanwhile), written atomically. Raises ProgressSaveError."""
    new = [str(i) for i in ids]
    if not new:
        return
    path = sent_log_path(learner_folder, endpoint)
    with learner_lock(learner_folder):
        try:
            path.parent.mkdir(exist_ok=True)
        except OSError as error:
            raise save_error(path.parent, error) from error
        known = read_sent(path)
        merged = sorted(known.union(new))
        header = (
            f"# xAPI statements the LRS at {endpoint} has accepted, by id.\n"
            "# Written by `course sync`; deleting this file only makes the next sync send them again.\n"
        )
        atomic_write_text(path, header + "".join(f"{i}\n" for i in merged))


@dataclass
class LearnerOutbox:
    learner: str
    folder: Path
    waiting: list[Statement]  # oldest first
    sent: int  # statements of this learner the LRS has accepted


def outboxes(
    course: Course, progress_root: Path, endpoint: str, problems: list[str], learners: Iterable[str] | None = None
) -> Iterator[LearnerOutbox]:
    """Every learner's waiting statements for the LRS at `endpoint` (or only `learners`'), one learner at
    a time (read without a lock and without changing a progress file); progress that cannot be read is
    said in `problems`. Raises XapiSettingsError when the course's [xapi] settings are not usable."""
    store = ProgressStore(progress_root, course.id)
    names = store.learners() if learners is None else list(learners)
    maker = statement_maker(course)
    for record in read_learners(store.root, course.id, names, problems):
        folder = record.folder  # a folder in another Unicode form of the name is read where it is
        statements = learner_statements(course, record, maker)
        sent = read_sent(sent_log_path(folder, endpoint))
        waiting = [s for s in statements if s["id"] not in sent]
        yield LearnerOutbox(record.name, folder, waiting, len(statements) - len(waiting))


def waiting_count(
    course: Course, progress_root: Path, endpoint: str, learners: Iterable[str] | None = None
) -> tuple[int, int]:
    """(statements waiting to be sent, statements in all) over every learner of the progress folder (or
    only `learners`)."""
    waiting = total = 0
    for box in outboxes(course, progress_root, endpoint, [], learners):
        waiting += len(box.waiting)
        total += len(box.waiting) + box.sent
    return waiting, total
