"""Live preview: which changes in a course folder are changes to the course, and waiting for them.

Only the course's own files count: course.toml, and the .md and .toml files in lessons/ and quizzes/.
Progress files (kept in the course's progress/ folder when it has one), editors' swap and backup files
and anything else in the folder never trigger a reload.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from pathlib import Path

DEBOUNCE_MS = 300
"""Changes are gathered until none has come for STEP_MS, for at most this long, then reported together."""
STEP_MS = 50
RUST_TIMEOUT_MS = 500
"""How often the watcher looks at its stop event while nothing changes (it also looks after every change)."""


def is_course_file(root: Path, path: str) -> bool:
    """Whether a change to `path` is a change to the course at `root`."""
    try:
        rel = Path(path).resolve().relative_to(root)
    except ValueError:
        return False
    parts = rel.parts
    if parts == ("course.toml",):
        return True
    if len(parts) < 2 or parts[0] not in ("lessons", "quizzes"):
        return False
    name = parts[-1]
    if name.startswith((".", "#")) or name.endswith("~"):
        return False
    return Path(name).suffix in (".md", ".toml")


def course_filter(root: Path) -> Callable[[object, str], bool]:
    resolved = root.resolve()
    return lambda _change, path: is_course_file(resolved, path)


async def course_changes(
    root: Path, stop: asyncio.Event, ready: Callable[[], None] | None = None
) -> AsyncIterator[set[str]]:
    """The paths of course files changed, a batch at a time, until `stop` is set. `ready` is called once
    the watcher is in place (a change made before that may be missed; one made after it never is)."""
    from watchfiles import awatch

    async for changes in awatch(
        root,
        watch_filter=course_filter(root),
        debounce=DEBOUNCE_MS,
        step=STEP_MS,
        rust_timeout=RUST_TIMEOUT_MS,
        stop_event=stop,
        yield_on_timeout=True,  # an empty batch after RUST_TIMEOUT_MS: the watcher is in place by then
    ):
        if ready is not None:
            ready()
            ready = None
        if changes:
            yield {path for _change, path in changes}
