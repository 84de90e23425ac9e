"""The order the suite's tests are handed out in (conftest): the longest first, then the files that drive the
Textual app, then the others; each test process holds at most a few seconds of them (tests/scheduling.py)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from xdist.scheduler import LoadScheduling

from tests.conftest import LONGEST_FIRST, drives_the_app, pytest_collection_modifyitems, pytest_xdist_make_scheduler
from tests.scheduling import QUEUE_SECONDS, SECONDS, TimeBoundedScheduling, kind_of


def _file(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_file_drives_the_app_when_it_runs_it_through_pilot_or_a_snapshot(tmp_path: Path):
    assert drives_the_app(_file(tmp_path, "a.py", "async with app.run_test(size=SIZE) as pilot:\n"))
    assert drives_the_app(_file(tmp_path, "b.py", "def test_x(snap_compare):\n"))
    assert drives_the_app(_file(tmp_path, "c.py", "async def answer(pilot):\n"))
    assert not drives_the_app(_file(tmp_path, "d.py", "def test_score():\n    assert score(1) == 1\n"))
    assert not drives_the_app(tmp_path / "gone.py")


def test_the_longest_come_first_then_the_app_files_then_the_rest_each_in_its_order(tmp_path: Path):
    app = _file(tmp_path, "test_app.py", "pilot")
    other = _file(tmp_path, "test_other.py", "plain")
    longest = LONGEST_FIRST[0]
    items = [SimpleNamespace(nodeid=f"tests/test_other.py::t{n}", path=other) for n in range(2)]
    items += [SimpleNamespace(nodeid=f"tests/test_app.py::t{n}", path=app) for n in range(2)]
    items += [SimpleNamespace(nodeid=f"{longest}::t{n}", path=other) for n in range(2)]
    pytest_collection_modifyitems(items)  # type: ignore[arg-type]
    assert [item.nodeid for item in items] == [
        f"{longest}::t0", f"{longest}::t1", "tests/test_app.py::t0", "tests/test_app.py::t1",
        "tests/test_other.py::t0", "tests/test_other.py::t1",
    ]


def test_a_test_is_of_the_longest_or_drives_the_app_or_is_another(tmp_path: Path):
    _file(tmp_path, "test_app.py", "pilot")
    _file(tmp_path, "test_other.py", "plain")
    longest = ("test_other.py::test_slow",)
    assert kind_of("test_other.py::test_slow[1]", tmp_path, longest, drives_the_app) == "longest"
    assert kind_of("test_app.py::test_a", tmp_path, longest, drives_the_app) == "app"
    assert kind_of("test_other.py::test_b", tmp_path, longest, drives_the_app) == "other"
    assert SECONDS["longest"] > SECONDS["app"] > SECONDS["other"]


class _Node:
    """A test process as the scheduler sees it: what it was sent, and whether it was told to stop."""

    def __init__(self, name: str) -> None:
        self.name, self.sent, self.shutting_down = name, [], False
        self.gateway = SimpleNamespace(id=name)

    def send_runtest_some(self, indices) -> None:
        self.sent.extend(indices)

    def shutdown(self) -> None:
        self.shutting_down = True


_QUIET = SimpleNamespace(loadsched=lambda *message: None)  # the scheduler's log, unread


def _config(processes: int, dist: str = "load", chunk: int | None = None) -> SimpleNamespace:
    values = {"tx": [f"{processes}*popen"], "dist": dist, "maxschedchunk": chunk}
    return SimpleNamespace(getvalue=values.__getitem__, getoption=values.__getitem__, rootpath=Path.cwd())


def _run(scheduler, nodes: list[_Node], seconds: dict[str, float], bounded: bool = True
         ) -> tuple[float, dict[str, list[int]]]:
    """Runs the suite on made-up processes, each test taking its time in `seconds`; gives when the last process
    ends and what each ran, and checks at every step that no process holds more than its share (if `bounded`)."""
    for node in nodes:
        scheduler.add_node(node)
    collection = list(seconds)
    for node in nodes:
        scheduler.add_node_collection(node, collection)
    scheduler.schedule()
    clock = {node.name: 0.0 for node in nodes}
    ran: dict[str, list[int]] = {node.name: [] for node in nodes}
    while any(scheduler.node2pending[node] for node in nodes):
        node = min((node for node in nodes if scheduler.node2pending[node]), key=lambda node: clock[node.name])
        queue = scheduler.node2pending[node]
        waiting = sum(seconds[collection[index]] for index in queue[1:])
        assert not bounded or len(queue) <= 2 or waiting < QUEUE_SECONDS + max(seconds.values())
        index = queue[0]
        clock[node.name] += seconds[collection[index]]
        ran[node.name].append(index)
        scheduler.mark_test_complete(node, index)
    assert all(node.shutting_down for node in nodes)
    return max(clock.values()), ran


def _kind(nodeid: str) -> str:
    return "longest" if "slow" in nodeid else "app" if "app" in nodeid else "other"


def _scheduler(processes: int, chunk: int | None = None) -> TimeBoundedScheduling:
    return TimeBoundedScheduling(_config(processes, chunk=chunk), _QUIET, kind=_kind)


def test_no_process_is_left_with_a_queue_of_slow_tests_when_the_others_are_done():
    # 60 app tests first (0.75 s each), then 2,000 quick ones (0.01 s): xdist's own load scheduling gives one
    # process app tests while a thousand quick ones are still to go, and it ends long after the others.
    seconds = {f"tests/test_app.py::t{n}": 0.75 for n in range(60)}
    seconds |= {f"tests/test_other.py::t{n}": 0.01 for n in range(2000)}
    end, ran = _run(_scheduler(4), [_Node(f"gw{n}") for n in range(4)], seconds)
    assert sorted(index for indices in ran.values() for index in indices) == list(range(len(seconds)))
    ideal = sum(seconds.values()) / 4
    assert end < ideal + QUEUE_SECONDS

    xdist_end, _ = _run(LoadScheduling(_config(4), _QUIET), [_Node(f"gw{n}") for n in range(4)], seconds,  # type: ignore[arg-type]
                        bounded=False)
    assert xdist_end > ideal + 4 * QUEUE_SECONDS


def test_after_the_longest_three_processes_in_four_start_with_the_app_tests_and_one_with_the_others():
    seconds = {"tests/test_slow.py::t0": 5.0, "tests/test_slow.py::t1": 5.0}
    seconds |= {f"tests/test_app.py::t{n}": 0.75 for n in range(20)}
    seconds |= {f"tests/test_other.py::t{n}": 0.01 for n in range(200)}
    collection = list(seconds)
    scheduler = _scheduler(4)
    nodes = [_Node(f"gw{n}") for n in range(4)]
    for node in nodes:
        scheduler.add_node(node)
        scheduler.add_node_collection(node, collection)
    scheduler.schedule()
    kinds = [{_kind(collection[index]) for index in node.sent} for node in nodes]
    assert kinds == [{"longest"}, {"app"}, {"app"}, {"other"}]  # the first takes both longest
    end, ran = _run(_scheduler(4), [_Node(f"gw{n}") for n in range(4)], seconds)
    ends = {name: sum(seconds[collection[index]] for index in indices) for name, indices in ran.items()}
    assert max(ends.values()) - min(ends.values()) < 5.0 + QUEUE_SECONDS  # each takes the other kind at the end


def test_a_process_always_has_two_tests_even_if_one_is_longer_than_the_bound():
    seconds = {f"tests/test_slow.py::t{n}": 10.0 for n in range(9)}
    scheduler = _scheduler(2)
    nodes = [_Node("gw0"), _Node("gw1")]
    for node in nodes:
        scheduler.add_node(node)
        scheduler.add_node_collection(node, list(seconds))
    scheduler.schedule()
    assert [len(node.sent) for node in nodes] == [2, 2]
    end, ran = _run(_scheduler(2), [_Node("a"), _Node("b")], seconds)
    assert end == 50.0 and sorted(len(indices) for indices in ran.values()) == [4, 5]


def test_a_chunk_given_on_the_command_line_caps_what_is_sent_at_once():
    scheduler = _scheduler(1, chunk=3)
    node = _Node("gw0")
    scheduler.add_node(node)
    scheduler.add_node_collection(node, [f"tests/test_x.py::t{n}" for n in range(100)])
    scheduler.schedule()
    assert node.sent == [0, 1, 2]


def test_only_the_load_scheduling_is_replaced():
    assert isinstance(pytest_xdist_make_scheduler(_config(2), _QUIET), TimeBoundedScheduling)  # type: ignore[arg-type]
    for other in ("loadscope", "loadfile", "each", "worksteal", "no"):
        assert pytest_xdist_make_scheduler(_config(2, dist=other), _QUIET) is None  # type: ignore[arg-type]
