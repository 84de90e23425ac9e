"""Opening the course and the learner, and the start-up snapshot that lets the map paint before that.

The snapshot is a small JSON file in the progress folder (`.map-snapshot.json`): what the course map showed
for one learner, with the stat (mtime, size, inode) of every file that went into it: course.toml, every
entry of lessons/ and quizzes/, the learner's summary, the remembered learner, and the learner folders.
It is used only when all of those are the same now and the command was given the same options; any
difference, or a snapshot that cannot be read, and the app starts the slow way. It is written atomically.

Reading it imports neither the content nor the progress models.

`course --ask-learner` (each browser tab of `course serve`) starts on the question who is learning, which needs
only the course's title and the progress folder: `asking_first` reads them from course.toml and the folder's
listing, so that the question is painted before the course is loaded (in a thread, behind it).
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from course.tui.map.view import MapView

if TYPE_CHECKING:
    from course.content import Course
    from course.progress import LearnerProgress, ProgressStore

SNAPSHOT_FILE = ".map-snapshot.json"
FORMAT = 1
SUMMARY_FILE = "learner.toml"  # course.progress.layout.SUMMARY_FILE, without importing the progress package


# -- opening the course and the learner ---------------------------------------------------------------


@dataclass
class Opened:
    """What `course` opens before the app can show anything but a snapshot."""

    course: Course
    store: ProgressStore
    learner: LearnerProgress | None
    message: str | None = None  # a problem to show in the app
    inputs: dict[str, Any] = field(default_factory=dict)  # the snapshot inputs the course was loaded from


@dataclass
class Refused:
    """`course` must stop: print `error` and exit with `status`."""

    status: int
    error: str


def open_course(content: str | None, learner: str | None, progress: str | None, *, ask: bool = False) -> Opened | Refused:
    """Load the course and open the learner's progress, as `course` does before its first screen. With `ask`
    (`course --ask-learner`), only a learner asked for by name is opened: else the app asks who is learning."""
    from course.content import load_course
    from course.locations import content_dir, progress_dir
    from course.progress import (
        FutureFormatError,
        InvalidLearnerName,
        ProgressSaveError,
        ProgressStore,
        read_last_learner,
        write_last_learner,
    )

    root = content_dir(content)
    before = content_stats(root)
    course = load_course(root)
    store = ProgressStore(progress_dir(course.root, course.id, progress), course.id)
    name = learner if ask else store.learner_to_open(learner)
    opened = None
    message = None
    if name:
        try:
            opened = store.open(name)
        except InvalidLearnerName as error:
            if learner:
                return Refused(2, f"course: {error}")
        except (FutureFormatError, ProgressSaveError) as error:
            if learner:
                hint = ""
                if isinstance(error, ProgressSaveError):
                    hint = "\ncourse: keep progress somewhere else with --progress DIR (or COURSE_PROGRESS_DIR)."
                return Refused(1, f"course: {error}{hint}")
            message = str(error)
    if opened is not None and learner and read_last_learner(store.root) != opened.name:
        try:
            write_last_learner(store.root, opened.name)  # the next plain `course` opens this learner
        except ProgressSaveError as error:
            message = message or str(error)
    inputs = {}
    if before == content_stats(root):  # nobody changed the files while they were read
        inputs = {"content": before, "course_id": course.id, "root": os.path.abspath(root),
                  "options": options(content, learner, progress)}
    return Opened(course, store, opened, message, inputs)


@dataclass
class Asking:
    """What the question who is learning shows before the course is loaded."""

    course_title: str
    progress_root: Path  # the learners' folders and the last learner are read from here


def asking_first(content: str | None, learner: str | None, progress: str | None) -> Asking | None:
    """For `course --ask-learner` with no learner named: the course title and the progress folder, from
    course.toml alone (as the course will load them); None when course.toml cannot be read that way (the app
    then loads the course first, as it always did, and says what is wrong)."""
    if learner:
        return None
    from course.course_toml import id_in, read_course_toml, title_in
    from course.locations import content_dir, progress_dir

    root = content_dir(content)
    meta = read_course_toml(root)
    ident = id_in(meta)
    if ident is None:
        return None
    title = title_in(meta) or "Course"  # as the course loader says it
    return Asking(title, progress_dir(root, ident, progress))


def options(content: str | None, learner: str | None, progress: str | None) -> list[str | None]:
    """What the command was asked for, with the environment that decides the same things."""
    return [content, learner, progress, os.environ.get("COURSE_CONTENT_DIR"), os.environ.get("COURSE_PROGRESS_DIR")]


# -- stats --------------------------------------------------------------------------------------------


def _stat(path: str | Path) -> list[int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_mtime_ns, st.st_size, st.st_ino]


def content_stats(root: Path) -> dict[str, Any]:
    """course.toml and every entry of lessons/ and quizzes/ (a new, removed or changed file shows)."""
    stats: dict[str, Any] = {"course.toml": _stat(root / "course.toml")}
    for folder in ("lessons", "quizzes"):
        try:
            entries = sorted(os.scandir(root / folder), key=lambda e: e.name)
        except OSError:
            stats[folder] = None
            continue
        stats[folder] = [[entry.name, _stat(entry.path)] for entry in entries]
    return stats


def progress_stats(store_root: Path, learner: str) -> dict[str, Any]:
    """The learner's summary (all the map shows of progress), the remembered learner and the learner folders
    (which decide whom a plain `course` opens)."""
    try:
        folders = sorted(entry.name for entry in os.scandir(store_root) if entry.is_dir())
    except OSError:
        folders = None
    return {
        "summary": _stat(store_root / learner / SUMMARY_FILE),
        "last": _stat(store_root / ".last-learner"),
        "folders": folders,
    }


# -- the snapshot -------------------------------------------------------------------------------------


@dataclass
class Snapshot:
    view: MapView
    path: Path


def snapshot_path(store_root: Path) -> Path:
    return Path(store_root) / SNAPSHOT_FILE


def fresh_snapshot(content: str | None, learner: str | None, progress: str | None) -> Snapshot | None:
    """The snapshot for this command, if every file it was made from is unchanged; else None."""
    try:
        return _fresh_snapshot(content, learner, progress)
    except Exception:  # a snapshot is only ever a shortcut: anything odd means the slow way
        return None


def _fresh_snapshot(content: str | None, learner: str | None, progress: str | None) -> Snapshot | None:
    from course.course_toml import cheap_id
    from course.locations import content_dir, progress_dir

    root = content_dir(content)
    course_id = cheap_id(root)
    if course_id is None:
        return None
    path = snapshot_path(progress_dir(root, course_id, progress))
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    if (
        data.get("root") != os.path.abspath(root)
        or data.get("course_id") != course_id
        or data.get("options") != options(content, learner, progress)
        or data.get("content") != content_stats(root)
    ):
        return None
    name = data.get("learner")
    if not isinstance(name, str) or data.get("progress") != progress_stats(path.parent, name):
        return None
    try:
        view = MapView.from_json(data.get("view"))
    except (KeyError, TypeError, ValueError):
        return None
    if view.learner != name:
        return None
    return Snapshot(view, path)


def write_snapshot(opened_inputs: dict[str, Any], store_root: Path, learner: str, view: MapView,
                   progress: dict[str, Any] | None = None) -> bool:
    """Keep what the map shows for the next start; False when it could not be written or should not be.

    `progress` is `progress_stats(store_root, learner)` taken before `view` was built: a save in between
    then makes the snapshot look stale (ignored), never fresh with older progress."""
    root = opened_inputs.get("root")
    if not root or opened_inputs.get("content") != content_stats(Path(root)):
        return False  # the course files changed since they were loaded: this view is not theirs
    data = {
        "format": FORMAT,
        "root": root,
        "course_id": opened_inputs["course_id"],
        "options": opened_inputs["options"],
        "content": opened_inputs["content"],
        "learner": learner,
        "progress": progress if progress is not None else progress_stats(Path(store_root), learner),
        "view": view.to_json(),
    }
    text = json.dumps(data, ensure_ascii=False)
    path = snapshot_path(store_root)
    try:
        if path.read_text("utf-8") == text:
            return True  # already there: no need to write it again
    except (OSError, UnicodeDecodeError):
        pass
    from course.progress import ProgressSaveError, atomic_write_text

    try:
        atomic_write_text(path, text)
    except (ProgressSaveError, OSError):
        return False
    except Exception as error:  # pragma: no cover - a snapshot must never stop the app
        print(f"course: start-up snapshot not written: {error}", file=sys.stderr)
        return False
    return True
