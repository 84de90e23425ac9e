"""Two processes writing for the same learner at once lose nothing (lock + merge with disk)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from course.progress import ProgressStore

PROJECT = Path(__file__).resolve().parents[1]
SCRIPT = Path(__file__).resolve().parent / "progress_support" / "concurrent_answers.py"
QUESTIONS = 100  # 50 per process
OWN_ATTEMPTS = 10  # per process


def test_two_processes_answer_the_same_attempt(tmp_path):
    store = ProgressStore(tmp_path, "concurrency")
    shared = store.open("ann").start_attempt("shared", [f"q{i}" for i in range(QUESTIONS)], seed=5)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT), os.environ.get("PYTHONPATH")]))}
    procs = [
        subprocess.Popen(
            [sys.executable, str(SCRIPT), str(tmp_path), "ann", shared.id, str(parity), str(OWN_ATTEMPTS)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        )
        for parity in (0, 1)
    ]
    for proc in procs:  # both are loaded before either starts
        proc.stdin.write("go\n")
        proc.stdin.flush()
    for proc in procs:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        assert out.strip() == "DONE"

    progress = store.open("ann")
    assert progress.notices == []
    stored = progress.attempt("shared", shared.id)
    assert {a.question: a.response for a in stored.answers} == {
        f"q{i}": f"{i % 2}:q{i}" for i in range(QUESTIONS)
    }
    assert [a.question for a in stored.answers] == shared.questions  # kept in question order
    own = progress.attempts("own")
    assert len(own) == 2 * OWN_ATTEMPTS
    assert all(a.finished_at is not None and a.answer_for("a") is not None for a in own)
    state = progress.summary.quizzes["own"]
    assert state.attempts == 2 * OWN_ATTEMPTS and state.in_progress is None


def test_flags_set_and_cleared_by_two_copies_of_one_learner_are_all_kept(tmp_path):
    """Two copies of the course open on one attempt: each one's flag changes survive the other's saves."""
    from course.progress import ProgressStore

    first = ProgressStore(tmp_path, "c").open("ana")
    second = ProgressStore(tmp_path, "c").open("ana")
    mine = first.start_attempt("quiz", ["q1", "q2", "q3"], seed=1)
    theirs = second.in_progress("quiz")
    assert theirs is not None and theirs.id == mine.id

    mine = first.save_attempt(mine.model_copy(update={"flagged": ["q1"]}))
    theirs = second.save_attempt(theirs.model_copy(update={"flagged": ["q2"]}))
    assert theirs.flagged == ["q1", "q2"]
    mine = first.save_attempt(mine.model_copy(update={"flagged": []}))  # the first copy clears q1
    assert mine.flagged == ["q2"]
    assert second.attempt("quiz", mine.id).flagged == ["q2"]


@settings(max_examples=200, deadline=None)
@given(
    base=st.lists(st.sampled_from("abcdef"), unique=True),
    mine=st.lists(st.sampled_from("abcdef"), unique=True),
    theirs=st.lists(st.sampled_from("abcdef"), unique=True),
)
def test_three_way_flag_merge(base, mine, theirs):
    from course.progress.merge import merge_flags

    assert sorted(merge_flags(base, mine, base)) == sorted(mine)  # nobody else changed anything: mine
    merged = merge_flags(theirs, mine, base)
    assert len(merged) == len(set(merged))
    for flag in set(mine) - set(base):
        assert flag in merged  # what I set stays set
    for flag in set(base) - set(mine):
        assert flag not in merged  # what I cleared stays cleared
    for flag in set(theirs) - set(base) - (set(base) - set(mine)):
        assert flag in merged  # what they set is kept


def test_an_answer_to_an_attempt_submitted_by_another_copy_is_refused(tmp_path):
    from datetime import UTC, datetime

    import pytest

    from course.progress import AttemptSubmittedError
    from course.progress.models import Answer

    window_a = ProgressStore(tmp_path, "c").open("ann")
    attempt = window_a.start_attempt("quiz", ["q0", "q1"], seed=1)
    window_b = ProgressStore(tmp_path, "c").open("ann")
    in_b = window_b.in_progress("quiz")
    assert in_b is not None
    in_b = window_b.record_answer(in_b, Answer(question="q0", response="a", score=0.0, points=1.0,
                                               answered_at=datetime.now(UTC), correct=False))
    window_b.finish_attempt(in_b, earned=0.0, total=2.0, passed=False)
    path = tmp_path / "ann" / "attempts" / "quiz" / f"{attempt.id}.toml"
    before = path.read_bytes()

    late = Answer(question="q1", response="b", score=1.0, points=1.0, answered_at=datetime.now(UTC), correct=True)
    with pytest.raises(AttemptSubmittedError) as caught:
        window_a.record_answer(attempt, late)
    assert "submitted in another window" in str(caught.value)
    assert path.read_bytes() == before  # nothing written after the finish
    finished = ProgressStore(tmp_path, "c").open("ann").attempt("quiz", attempt.id)
    assert finished is not None and finished.score == 0.0 and [a.question for a in finished.answers] == ["q0"]
