"""The benchmark code still works: its engine parts at tiny sizes, in-process (no timing is asserted)."""

from __future__ import annotations

import math

from tests.benchmarks import engine
from tests.benchmarks.core import Figure, table
from tests.benchmarks.gen import make_course


def test_engine_benchmarks_run_at_tiny_sizes(tmp_path):
    figures = engine.load_figures(tmp_path, lessons=3, questions_per_quiz=4, reps=2, scale=2, big_reps=2)
    figures += engine.save_figures(tmp_path, [1, 5], answers=3, questions=4)
    names = [f.name for f in figures]
    assert any(n.startswith("load (") for n in names) and any(n.startswith("load at 2×") for n in names)
    assert sum(n.startswith("save, ") for n in names) == 2 and any(n.startswith("save flat?") for n in names)
    for figure in figures:
        assert figure.ours and all(value > 0 for value in figure.ours)
        assert not math.isnan(figure.ratio)
        assert figure.met in (True, False)
    text = table(figures)
    assert "ratio" in text and all(name in text for name in names)
    assert ("met" in text) or ("missed" in text)


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
