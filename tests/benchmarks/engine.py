"""Engine figures, measured in-process: loading a course and the per-answer autosave."""

from __future__ import annotations

import os
import tempfile
import time
import tomllib
from pathlib import Path

from course.content import load_course
from course.progress import LearnerProgress, ProgressStore, atomic_write_bytes
from course.quizrun import QuizSession
from course.scoring import right_response

from .core import Figure, interleave
from .gen import course_bytes, make_course, write_attempt_files


def parse_floor(files: list[tuple[str, bytes]]) -> None:
    """What load_course cannot avoid: decoding every file and parsing its TOML (a lesson's front matter)."""
    for kind, data in files:
        text = data.decode("utf-8")
        if kind == "lesson":
            text = text.split("+++\n", 2)[1]
        tomllib.loads(text)


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def load_figures(workdir: Path, lessons: int, questions_per_quiz: int, reps: int, scale: int = 10,
                 big_reps: int | None = None) -> list[Figure]:
    small = make_course(workdir / "load-1x", lessons, questions_per_quiz, seed=11)
    files = course_bytes(small)

    def load_small() -> float:
        start = time.perf_counter()
        course = load_course(small)
        elapsed = time.perf_counter() - start
        assert not course.problems, course.problems[:3]
        assert len(course.lessons) == lessons
        return elapsed

    ours, floor = interleave(reps, load_small, lambda: timed(lambda: parse_floor(files)))
    label = f"{lessons:,} lessons, {lessons * questions_per_quiz:,} questions"
    figures = [
        Figure(f"load ({label})", ours, floor, "tomllib on the same bytes", goal=2.0,
               extra={"bytes": sum(len(b) for _, b in files)}),
    ]
    if scale:
        big = make_course(workdir / f"load-{scale}x", lessons * scale, questions_per_quiz, seed=12)

        def load_big() -> float:
            start = time.perf_counter()
            course = load_course(big)
            elapsed = time.perf_counter() - start
            assert not course.problems and len(course.lessons) == lessons * scale
            return elapsed

        big_runs, small_runs = interleave(big_reps or reps, load_big, load_small)
        figures.append(
            Figure(f"load at {scale}× size (linear?)", big_runs, small_runs, "load at 1× size", goal=scale * 1.1,
                   paired=False)
        )
    return figures


def save_figures(workdir: Path, attempts_on_record: list[int], answers: int, questions: int = 20) -> list[Figure]:
    """QuizSession.answer (score + LearnerProgress.record_answer) with N finished attempts already on record.

    The floor is an atomic write (temp file, fsync, rename, fsync of the folder) of the same bytes.
    """
    course_root = make_course(workdir / "save-course", 1, questions, seed=21)
    course = load_course(course_root)
    quiz = course.quiz("quiz-1")
    assert quiz is not None and not course.problems
    keys = [q.id for q in quiz.questions]
    figures = []
    runs_by_n: dict[int, list[float]] = {}
    for n in attempts_on_record:
        progress_root = workdir / f"save-progress-{n}"
        write_attempt_files(progress_root / "ann", quiz.id, n, keys)
        learner = ProgressStore(progress_root, course.id).open("ann")
        session = QuizSession.start(course, quiz, learner, seed=5)
        assert len(learner.attempt_ids(quiz.id)) == n + 1
        attempt_file = progress_root / "ann" / "attempts" / quiz.id / f"{session.attempt.id}.toml"
        floor_file = progress_root / "floor.toml"
        current = [session]

        def answer(current: list[QuizSession] = current, learner: LearnerProgress = learner) -> float:
            # A question shown right or wrong takes one answer: once all are answered, the attempt is submitted
            # and a new one started (not timed), as a learner retaking the quiz would.
            if not current[0].unanswered():
                current[0].finish()
                current[0] = QuizSession.start(course, quiz, learner, seed=5)
            session = current[0]
            index = session.unanswered()[0]
            response = right_response(session.questions[index].question)
            start = time.perf_counter()
            session.answer(index, response)
            return time.perf_counter() - start

        def floor(attempt_file: Path = attempt_file, floor_file: Path = floor_file) -> float:
            data = attempt_file.read_bytes()
            start = time.perf_counter()
            atomic_write_bytes(floor_file, data)
            return time.perf_counter() - start

        ours, floors = interleave(answers, answer, floor)
        runs_by_n[n] = ours
        figures.append(
            Figure(f"save, {n:,} attempts on record", ours, floors, "atomic write of the same bytes",
                   goal=None, absolute_goal=0.016)
        )
    if len(attempts_on_record) > 1:
        low, high = min(attempts_on_record), max(attempts_on_record)
        figures.append(
            Figure(f"save flat? ({high:,} vs {low:,} attempts)", runs_by_n[high], runs_by_n[low],
                   f"save at {low:,} attempts", goal=1.25, paired=False)
        )
    return figures


def engine_figures(quick: bool, workdir: Path | None = None, reps: int | None = None) -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="course-bench-") as tmp:
        work = Path(workdir or tmp)
        if quick:
            figures = load_figures(work, 20, 10, reps or 3, scale=10, big_reps=3)
            figures += save_figures(work, [10, 100, 300], answers=20)
        else:
            figures = load_figures(work, 1000, 10, reps or 7, scale=10, big_reps=3)
            figures += save_figures(work, [10, 1000, 10000], answers=reps * 30 if reps else 200)
        return figures


if __name__ == "__main__":  # pragma: no cover - handy for profiling one part
    from .core import table

    print(table(engine_figures(quick=bool(os.environ.get("QUICK")))))
