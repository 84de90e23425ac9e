"""Report figures: the class report, the item analysis and the xAPI export over a generated class.

Time is measured in-process, interleaved with the floor: `tomllib` reading the same progress files (what
any report over them cannot avoid). Peak memory is measured in a fresh process running the `course`
command (its maximum resident set size), beside the same command over an empty class, which is what
the interpreter, the imports and the course cost before any learner is read.
"""

from __future__ import annotations

import io
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

from course.content import load_course
from course.reports import ClassAggregator, ItemAggregator, feed_folders, render_text
from course.words import plural
from course.xapi import write_statements, xapi_settings

from .core import Figure, interleave
from .gen import make_course, write_class

MIB = 1024 * 1024

# The child's own peak: VmHWM, the high-water mark of its memory map (made fresh at exec). Not ru_maxrss,
# which on Linux keeps the parent's size at fork time when that is larger, so it would report the
# benchmark's own size for any smaller command.
_PEAK = (
    "import resource, sys\n"
    "from course.cli import main\n"
    "status = main(sys.argv[1:])\n"
    "sys.stdout.flush()\n"
    "try:\n"
    "    with open('/proc/self/status') as f:\n"
    "        kib = next(int(line.split()[1]) for line in f if line.startswith('VmHWM:'))\n"
    "except (OSError, StopIteration):\n"
    "    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "print('peak', kib, file=sys.stderr)\n"
    "sys.exit(status)\n"
)


def progress_files(progress_root: Path) -> list[Path]:
    return sorted(progress_root.rglob("*.toml"))


def tomllib_floor(files: list[Path]) -> float:
    start = time.perf_counter()
    for path in files:
        tomllib.loads(path.read_bytes().decode("utf-8"))
    return time.perf_counter() - start


class _Null(io.TextIOBase):
    def write(self, text: str) -> int:
        return len(text)


def peak_memory(args: list[str]) -> float:
    """The highest resident set size of a fresh `course ARGS` process, in bytes (its output is dropped)."""
    done = subprocess.run([sys.executable, "-c", _PEAK, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True, check=False)
    peaks = [line.split()[1] for line in done.stderr.splitlines() if line.startswith("peak ")]
    if done.returncode != 0 or not peaks:
        raise RuntimeError(f"course {' '.join(args)} failed: {done.stderr[-2000:]}")
    return float(peaks[-1]) * 1024  # KiB


def report_figures(workdir: Path, learners: int, attempts: int, reps: int, memory_reps: int = 1) -> list[Figure]:
    course_root = make_course(workdir / "report-course", 5, 10, seed=31)
    course = load_course(course_root)
    assert not course.problems, course.problems[:3]
    progress = workdir / "report-progress"
    write_class(progress, course, learners, attempts, seed=32)
    empty = workdir / "report-empty"
    empty.mkdir(exist_ok=True)
    files = progress_files(progress)
    label = f"{learners:,} learners × {attempts} attempts, {len(files):,} files"

    def timed_report() -> float:
        start = time.perf_counter()
        problems: list[str] = []
        aggregator = ClassAggregator(course)
        feed_folders(course, progress, problems, aggregator)
        text = render_text(aggregator.report(problems))
        elapsed = time.perf_counter() - start
        assert not problems and f": {plural(learners, 'learner')}\n" in text, problems[:3]
        return elapsed

    def timed_items() -> float:
        start = time.perf_counter()
        aggregator = ItemAggregator(course)
        feed_folders(course, progress, [], aggregator)
        report = aggregator.report()
        elapsed = time.perf_counter() - start
        assert sum(q.attempts for q in report.quizzes) == learners * min(attempts, len(course.quizzes))
        return elapsed

    def timed_xapi() -> float:
        start = time.perf_counter()
        count = write_statements(_Null(), course, progress, xapi_settings(course), [])
        elapsed = time.perf_counter() - start
        assert count >= learners * attempts
        return elapsed

    def floor() -> float:
        return tomllib_floor(files)

    report_runs, floor_runs = interleave(reps, timed_report, floor)
    items_runs, floor_runs2 = interleave(reps, timed_items, floor)
    xapi_runs, floor_runs3 = interleave(reps, timed_xapi, floor)
    figures = [
        Figure(f"class report ({label})", report_runs, floor_runs, "tomllib reading the same files", goal=1.5),
        Figure("item analysis (same class)", items_runs, floor_runs2, "tomllib reading the same files", goal=None),
        Figure("xAPI export, streamed (same class)", xapi_runs, floor_runs3, "tomllib reading the same files",
               goal=None),
    ]
    small = workdir / "report-progress-small"
    write_class(small, course, max(1, learners // 10), attempts, seed=33)
    commands = {
        "class report": (["report"], []),
        "item analysis": (["report", "items"], []),
        "xAPI export": (["report"], ["--format", "xapi"]),
    }
    peaks: dict[str, list[float]] = {}
    for name, (before, after) in commands.items():

        def run(folder: Path, before: list[str] = before, after: list[str] = after) -> float:
            return peak_memory([*before, str(course_root), "--progress", str(folder), *after])

        ours, base = interleave(memory_reps, lambda run=run: run(progress), lambda run=run: run(empty))
        peaks[name] = ours
        figures.append(
            Figure(f"{name} peak memory", ours, base, "same command, empty class", goal=None, unit="B",
                   absolute_goal=150 * MIB)
        )
    tenth = [peak_memory(["report", str(course_root), "--progress", str(small)]) for _ in range(memory_reps)]
    figures.append(
        Figure(f"class report memory flat? ({learners:,} vs {max(1, learners // 10):,} learners)", peaks["class report"],
               tenth, f"{max(1, learners // 10):,} learners", goal=1.25, unit="B", paired=False)
    )
    return figures


def report_part(quick: bool, reps: int | None) -> list[Figure]:
    """`--only report`: 1,000 learners × 50 attempts (quick: 20 × 10), in a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="course-bench-") as tmp:
        if quick:
            return report_figures(Path(tmp), 20, 10, reps or 3)
        return report_figures(Path(tmp), 1000, 50, reps or 3, memory_reps=2)
