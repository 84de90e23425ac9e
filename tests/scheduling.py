"""How pytest-xdist hands the suite's tests to its test processes.

Each process holds at most QUEUE_SECONDS of tests it has not started, by an estimate of each test's time, so
that when the last tests are handed out no process is left with a queue of slow ones while the others have
finished. pytest-xdist's own `load` scheduling keeps a number of tests per process, not a time: a quarter of the
tests left, divided among the processes. Early in a run that is about 90 tests, which is 90 s of Textual tests
or 1 s of the quick ones. Measured over a full run on a 2-core machine: the last Textual file was handed to one
process while a thousand quick tests were still to go; the three others ran those in 10 s and then waited 10 s
for it (173 s in all, the cores 41-59% idle in the last 13 s).

After the longest tests, three processes in four take the tests that drive the app first and the fourth takes
the others first; each takes the other kind when its own runs out. A test that drives the Textual app sleeps
much of its time (Pilot waits after every key until the app has been idle for 20 ms) and uses about 40% of a
core; the others compute. With all four processes in app tests at once, the cores were idle 10-17% of that
time; with two in each, the others ran out first and all four ended in app tests (11-15% idle, 160 s in all);
with three and one, the app tests run out first and the run ends on the others, which keep both cores busy
(156 s). Handing out each kind in proportion to what is left of it gave 164 s.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from pathlib import Path

from xdist.scheduler import LoadScheduling

# What each kind of test is expected to take: the mean over a full run with four test processes on two
# cores. The longest (conftest.LONGEST_FIRST) are handed out first, to every process.
SECONDS = {"longest": 1.1, "app": 0.75, "other": 0.1}
# The order the processes take the kinds in: the first three of every four, and the fourth.
PREFERENCES = (("longest", "app", "other"),) * 3 + (("longest", "other", "app"),)
# Seconds of tests a process may have waiting for it.
QUEUE_SECONDS = 2.0


def kind_of(nodeid: str, root: Path, longest: Sequence[str], drives_the_app: Callable[[Path], bool]) -> str:
    """"longest" for a test in `longest` (prefixes), "app" for one that drives the app, else "other"."""
    if nodeid.startswith(tuple(longest)):
        return "longest"
    if drives_the_app(root / nodeid.split("::", 1)[0]):
        return "app"
    return "other"


class TimeBoundedScheduling(LoadScheduling):
    """pytest-xdist's load scheduling, with each process's queue bounded by estimated time (QUEUE_SECONDS)
    instead of a count, always at least 2 tests (a process starts a test only when it knows the next), and
    each process taking the kinds of test in its order (PREFERENCES). Within a kind, tests are handed
    out in collection order."""

    def __init__(self, config, log, *, kind: Callable[[str], str]):
        super().__init__(config, log)
        self.kind = kind
        self.kinds: list[str] = []
        self.roles: dict[object, Sequence[str]] = {}
        self.waiting: dict[str, deque[int]] = {}

    def add_node(self, node) -> None:
        super().add_node(node)
        self.roles[node] = PREFERENCES[len(self.roles) % len(PREFERENCES)]

    def schedule(self) -> None:
        assert self.collection_is_completed
        if self.collection is None:
            if not self._check_nodes_have_same_collection():
                self.log("**Different tests collected, aborting run**")
                return
            self.collection = next(iter(self.node2collection.values()))
            self.pending[:] = range(len(self.collection))
            self.kinds = [self.kind(nodeid) for nodeid in self.collection]
            if not self.collection:
                return
        for node in self.nodes:
            self.check_schedule(node)

    def check_schedule(self, node, duration: float = 0) -> None:
        if node.shutting_down:
            return
        if not self.pending:
            node.shutdown()
            return
        if sum(len(indices) for indices in self.waiting.values()) != len(self.pending):
            self.waiting = {kind: deque() for kind in SECONDS}  # (again, if pytest-xdist gave some tests back)
            for index in self.pending:
                self.waiting[self.kinds[index]].append(index)
        queue = self.node2pending[node]
        held = sum(SECONDS[self.kinds[index]] for index in queue)
        limit = self.maxschedchunk or len(self.pending)
        chosen: list[int] = []
        for kind in self.roles[node]:
            waiting = self.waiting[kind]
            while waiting and len(chosen) < limit and (len(queue) + len(chosen) < 2 or held < QUEUE_SECONDS):
                chosen.append(waiting.popleft())
                held += SECONDS[kind]
        if chosen:
            taken = set(chosen)
            self.pending[:] = [index for index in self.pending if index not in taken]
            queue.extend(chosen)
            node.send_runtest_some(chosen)
