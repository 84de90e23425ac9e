"""The learner app: a Textual terminal UI over the course engine."""

from __future__ import annotations

import gc
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from course.tui.first_frame import StartFrame


def run(content: str | None, learner: str | None, progress: str | None, watch: bool = False, ask: bool = False) -> int:
    """Load the course, open the learner's progress and run the app; returns the exit status. With `ask`, the
    app asks who is learning (the last learner offered first) unless `learner` names one."""
    # Start-up allocates many long-lived objects and frees almost none: the cyclic collector's passes
    # over them are wasted (about a tenth of the time to the course map). The app turns it back on,
    # with the start-up objects frozen, once the first screen is shown.
    from course.tui.first_frame import StartFrame

    gc.disable()
    frame = StartFrame()
    try:
        return _run(content, learner, progress, watch, ask, frame)
    finally:
        frame.give_back()  # the terminal as it was, even if the app never started
        gc.enable()


def _run(content: str | None, learner: str | None, progress: str | None, watch: bool, ask: bool,
         frame: StartFrame) -> int:
    from course.tui.first_frame import keep_for_next_start
    from course.tui.startup import Refused, asking_first, fresh_snapshot, open_course

    # The snapshot is the map of the learner a plain `course` opens: not the first screen of one that asks.
    snapshot = fresh_snapshot(content, learner, progress) if not ask else None
    frame.show(snapshot)  # the map's frame kept by the last `course` in this terminal, if it is this one
    asking = asking_first(content, learner, progress) if ask else None
    if snapshot is not None:
        # The map is painted from the snapshot; the course and the progress load in a thread meanwhile.
        from course.tui.app import CourseApp

        app = CourseApp(None, None, None, snapshot=snapshot.view,
                        load=lambda: open_course(content, learner, progress), watch=watch)
    elif asking is not None:
        # Who is learning? is asked from course.toml and the progress folder; the course loads behind it.
        from course.tui.app import CourseApp

        app = CourseApp(None, None, None, asking=asking,
                        load=lambda: open_course(content, learner, progress, ask=True), watch=watch)
    else:
        opened = open_course(content, learner, progress, ask=ask)
        if isinstance(opened, Refused):
            print(opened.error, file=sys.stderr)
            return opened.status
        from course.tui.app import CourseApp

        app = CourseApp(opened.course, opened.store, opened.learner, start_message=opened.message, watch=watch)
        app.start_inputs = opened.inputs
    frame.app_starts(app)
    app.run()
    if app.refused is not None:
        print(app.refused.error, file=sys.stderr)
        return app.refused.status
    app.write_snapshot()  # what the map shows now, for the next start (progress may have changed)
    if not ask and not app.return_code:
        keep_for_next_start(content, learner, progress, app)  # and its first frame, for this terminal
    return app.return_code or 0


def main() -> int:  # pragma: no cover - convenience for `python -m course.tui`
    import argparse

    parser = argparse.ArgumentParser(prog="course-tui")
    parser.add_argument("--content")
    parser.add_argument("--learner")
    parser.add_argument("--progress")
    args = parser.parse_args()
    return run(args.content, args.learner, args.progress)


__all__ = ["main", "run"]
