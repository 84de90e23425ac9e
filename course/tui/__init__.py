"""The learner app: a Textual terminal UI over the course engine."""

from __future__ import annotations

import gc
import sys


def run(content: str | None, learner: str | None, progress: str | None) -> int:
    """Load the course, open the learner's progress and run the app; returns the exit status."""
    # Start-up allocates many long-lived objects and frees almost none: the cyclic collector's passes
    # over them are wasted (about a tenth of the time to the course map). The app turns it back on,
    # with the start-up objects frozen, once the first screen is shown.
    gc.disable()
    try:
        return _run(content, learner, progress)
    finally:
        gc.enable()


def _run(content: str | None, learner: str | None, progress: str | None) -> int:
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

    course = load_course(content_dir(content))
    store = ProgressStore(progress_dir(course.root, course.id, progress), course.id)
    name = learner or read_last_learner(store.root)
    if name is None and len(known := store.learners()) == 1:
        name = known[0]  # one learner on this machine: no need to ask
    opened = None
    message = None
    if name:
        try:
            opened = store.open(name)
        except InvalidLearnerName as error:
            if learner:
                print(f"course: {error}", file=sys.stderr)
                return 2
        except (FutureFormatError, ProgressSaveError) as error:
            if learner:
                hint = ""
                if isinstance(error, ProgressSaveError):
                    hint = "\ncourse: keep progress somewhere else with --progress DIR (or COURSE_PROGRESS_DIR)."
                print(f"course: {error}{hint}", file=sys.stderr)
                return 1
            message = str(error)
    if opened is not None and learner:
        try:
            write_last_learner(store.root, opened.name)  # the next plain `course` opens this learner
        except ProgressSaveError as error:
            message = message or str(error)
    from course.tui.app import CourseApp

    app = CourseApp(course, store, opened, start_message=message)
    app.run()
    return app.return_code or 0


def main() -> int:  # pragma: no cover - convenience for `python -m course.tui`
    import argparse

    parser = argparse.ArgumentParser(prog="course-tui")
    parser.add_argument("--content")
    parser.add_argument("--learner")
    parser.add_argument("--progress")
    args = parser.parse_args()
    return run(args.content, args.learner, args.progress)


__all__ = ["run", "main"]
