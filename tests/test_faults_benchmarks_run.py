"""The benchmark code still works: its engine parts at tiny sizes, in-process (no timing is asserted)."""

from __future__ import annotations

import math
import statistics

from tests.benchmarks import engine
from tests.benchmarks.core import Figure, fmt, table
from tests.benchmarks.gen import make_course


def _rows(text: str) -> list[list[str]]:
    """The table's cells, cut at the columns its dashed line marks."""
    header, dashes, *body = text.splitlines()
    spans, at = [], 0
    for run in dashes.split("  "):
        spans.append((at, at + len(run)))
        at += len(run) + 2
    return [[line[a:b].strip() for a, b in spans] for line in [header, *body]]


def test_engine_benchmarks_run_at_tiny_sizes(tmp_path):
    figures = engine.load_figures(tmp_path, lessons=3, questions_per_quiz=4, reps=2, scale=2, big_reps=3)
    figures += engine.save_figures(tmp_path, [1, 5], answers=3, questions=4)
    assert [f.name for f in figures] == [
        "load (3 lessons, 12 questions)",
        "load at 2× size (linear?)",
        "save, 1 attempts on record",
        "save, 5 attempts on record",
        "save flat? (5 vs 1 attempts)",
    ]
    # every run was timed: as many as asked for, each a positive, finite number of seconds
    assert [(len(f.ours), len(f.floor)) for f in figures] == [(2, 2), (3, 3), (3, 3), (3, 3), (3, 3)]
    for f in figures:
        assert all(0 < v < 60 and math.isfinite(v) for v in f.ours + f.floor), f.name
    load, big, save1, save5, flat = figures
    assert flat.ours == save5.ours and flat.floor == save1.ours  # the flat row compares the two saves
    # the ratio is ours / floor: pair by pair where runs alternate, else median over median
    for f in figures:
        if f.paired:
            want = statistics.median([o / fl for o, fl in zip(f.ours, f.floor, strict=True)])
        else:
            want = statistics.median(f.ours) / statistics.median(f.floor)
        assert math.isclose(f.ratio, want), f.name
    # met: the ratio within its goal and the median within its absolute goal
    assert (load.goal, big.goal, flat.goal) == (2.0, 2.2, 1.25)
    for f in (load, big, flat):
        assert f.met is (f.ratio <= f.goal), f.name
    for f in (save1, save5):
        assert f.goal is None and f.met is (statistics.median(f.ours) <= 0.016), f.name

    rows = _rows(table(figures))
    assert rows[0] == ["figure", "ours (median ± spread)", "floor", "floor (median ± spread)", "ratio", "goal", "met?"]
    assert [r[0] for r in rows[1:]] == [f.name for f in figures]
    for f, row in zip(figures, rows[1:], strict=True):
        assert row[2] == f.floor_name
        assert row[4] == f"{f.ratio:.2f}×"
        assert row[5] == f.goal_text()
        assert row[6] == ("met" if f.met else "missed")
        assert row[1].startswith(fmt(statistics.median(f.ours)) + " ± ")


def test_the_table_prints_missed_rather_than_failing():
    slow = Figure("slow thing", [2.0, 2.2], [1.0, 1.0], "floor", goal=1.5)
    fast = Figure("fast thing", [0.001], [], "-", goal=None, absolute_goal=0.016, paired=False)
    text = table([slow, fast])
    assert slow.met is False and "missed" in text
    assert fast.met is True and "< 16.0 ms" in text


def test_generated_course_is_clean_and_sized(tmp_path):
    from course.content import load_course

    course = load_course(make_course(tmp_path / "c", 5, 7, seed=3, exam_questions=12))
    assert course.problems == []
    assert len(course.lessons) == 5 and sum(len(q.questions) for q in course.quizzes.values()) == 5 * 7 + 12


def test_without_tmux_the_app_figures_stop_with_a_clear_error(monkeypatch, capsys):
    """Start-up, memory and key-to-paint are measured in a real terminal: no tmux is an error, not a skip."""
    from tests.benchmarks import __main__ as bench
    from tests.benchmarks import apps

    monkeypatch.setattr(apps.shutil, "which", lambda name: None)
    monkeypatch.setattr(bench, "compile_bytecode", lambda: "not compiled (test)")
    assert bench.main(["--quick", "--only", "start"]) == 1
    assert "tmux is needed" in capsys.readouterr().err


def test_report_benchmarks_run_at_tiny_sizes(tmp_path):
    from tests.benchmarks import reports

    figures = reports.report_figures(tmp_path, learners=3, attempts=4, reps=2, memory_reps=1)
    assert [f.name for f in figures] == [
        "class report (3 learners × 4 attempts, 15 files)",
        "item analysis (same class)",
        "xAPI export, streamed (same class)",
        "class report peak memory",
        "item analysis peak memory",
        "xAPI export peak memory",
        "class report memory flat? (3 vs 1 learners)",
    ]
    timing, memory = figures[:3], figures[3:]
    for f in timing:
        assert (len(f.ours), len(f.floor)) == (2, 2) and f.unit == "s", f.name
        assert all(0 < v < 60 and math.isfinite(v) for v in f.ours + f.floor), f.name
    for f in memory:
        assert f.unit == "B" and len(f.ours) == len(f.floor) == 1, f.name
        assert all(10 * 1024 * 1024 < v < 4 * 1024**3 for v in f.ours + f.floor), f.name  # a process's size
    assert figures[0].goal == 1.5 and [f.absolute_goal for f in memory[:3]] == [150 * 1024 * 1024] * 3
    text = table(figures)
    assert "class report peak memory" in text and "MiB" in text
