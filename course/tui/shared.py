"""What every screen may read of the app (the course, the store, the learner) and how it saves, without
importing the app: the app's state is seen through a small protocol, and failures are reported with
messages."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, cast, runtime_checkable

from course.tui.messages import SavedAgain, SaveFailed

if TYPE_CHECKING:
    from textual.message_pump import MessagePump

    from course.content import Course
    from course.progress import LearnerProgress, ProgressStore
    from course.review_load import Queue
    from course.tui.map.view import MapView


@runtime_checkable
class Shared(Protocol):
    """The state the app holds for its screens (read only: changes go through messages)."""

    @property
    def course(self) -> Course: ...

    @property
    def store(self) -> ProgressStore: ...

    @property
    def learner(self) -> LearnerProgress | None: ...

    @property
    def save_problem(self) -> str | None: ...

    @property
    def loaded(self) -> bool:
        """False while the course loads behind a map painted from the start-up snapshot (course, store
        and learner are None until then; messages that need them wait)."""
        ...

    def review_due(self) -> int:
        """How many review questions are due now (0 until the course is loaded)."""
        ...

    def review_queue(self) -> Queue | None:
        """The review questions offered now, within today's limits, and how many those limits hold back
        (None until the course is loaded)."""
        ...

    def map_view(self) -> MapView | None:
        """What the course map shows (from the snapshot until the course is loaded)."""
        ...


def shared(node: MessagePump) -> Shared:
    """The app's shared state, from any screen or widget of it."""
    return cast(Shared, node.app)


def save(node: MessagePump, write: Callable[..., Any], *args: Any, **kwargs: Any) -> bool:
    """Run one save through the engine; on failure tell the app (which warns until a save works again) and
    let the learner go on. Returns whether it was saved."""
    from course.progress import ProgressSaveError  # not at import: the map paints before the engine loads

    try:
        write(*args, **kwargs)
    except ProgressSaveError as error:
        save_failed(node, error)
        return False
    if shared(node).save_problem is not None:
        node.app.post_message(SavedAgain())
    return True


def save_failed(node: MessagePump, error: Exception) -> None:
    """Report a save the engine refused. Posted to the app itself: the screen may be closing."""
    node.app.post_message(SaveFailed(error))
