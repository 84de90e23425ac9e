"""Run the benchmarks and print the table: `python -m tests.benchmarks [--quick] [--reps N] [--only NAME ...]`.

Each figure is measured beside its floor in the same run, several times, interleaved so both share the
machine's noise; the table shows medians, spreads and ratios. A missed goal is printed as "missed"; the
exit status is 0 whenever the benchmarks ran.
"""

from __future__ import annotations

import argparse
import compileall
import os
import platform
import sys
import time
from pathlib import Path

from .core import Figure, table

PROJECT = Path(__file__).resolve().parents[2]
PARTS = ("load", "save", "report", "plain", "start", "lesson", "memory", "navigate", "serve")


def compile_bytecode() -> str:
    """Make sure every run reads compiled bytecode (PYTHONDONTWRITEBYTECODE would otherwise leave none):
    the project and every installed package of this environment (its site-packages)."""
    import sysconfig

    targets = [PROJECT / "course", PROJECT / "tests" / "benchmarks"]
    targets += sorted({Path(sysconfig.get_paths()[key]) for key in ("purelib", "platlib")})
    ok = all(compileall.compile_dir(str(t), quiet=2, workers=0) for t in targets if t.is_dir())
    where = f"the project and {len(targets) - 2} site-packages folder{'s' if len(targets) != 3 else ''}"
    return f"compiled: {where}" if ok else "compiled with errors (some figures may include compile time)"


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}, {platform.system()} {platform.release()}"


def _engine_figures(args: argparse.Namespace, began: float) -> list[Figure]:
    """Loading and saving, on files made in a temporary folder."""
    figures: list[Figure] = []
    if {"load", "save"} & set(args.only):
        import tempfile

        from . import engine

        with tempfile.TemporaryDirectory(prefix="course-bench-") as tmp:
            work = Path(tmp)
            if "load" in args.only:
                if args.quick:
                    figures += engine.load_figures(work, 20, 10, args.reps or 3, scale=10, big_reps=3)
                else:
                    figures += engine.load_figures(work, 1000, 10, args.reps or 9, scale=10, big_reps=3)
                print(f"  load done ({time.perf_counter() - began:.0f} s)", flush=True)
            if "save" in args.only:
                if args.quick:
                    figures += engine.save_figures(work, [10, 100, 300], answers=20)
                else:
                    figures += engine.save_figures(work, [10, 1000, 10000], answers=200)
                print(f"  save done ({time.perf_counter() - began:.0f} s)", flush=True)
    return figures


def load_average() -> str:
    """The machine's load over the last 1, 5 and 15 minutes (other work shares the cores being measured)."""
    try:
        return " / ".join(f"{value:.2f}" for value in os.getloadavg()) + " (1, 5, 15 min)"
    except OSError:
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few repetitions and small sizes (CI: proves they run)")
    parser.add_argument("--reps", type=int, default=None, help="repetitions per figure (default 3 quick, 9 full)")
    parser.add_argument("--only", nargs="+", choices=PARTS, default=list(PARTS), help="run only these figures")
    args = parser.parse_args(argv)

    began = time.perf_counter()
    print(f"machine: {machine()}")
    print(f"bytecode: {compile_bytecode()} (PYTHONDONTWRITEBYTECODE={os.environ.get('PYTHONDONTWRITEBYTECODE', '')!s})")
    print(f"mode: {'quick' if args.quick else 'full'}")
    print(f"load average at the start: {load_average()}", flush=True)
    figures: list[Figure] = []
    notes: list[str] = []

    figures += _engine_figures(args, began)

    if "report" in args.only:
        from . import reports

        figures += reports.report_part(args.quick, args.reps)
        print(f"  report done ({time.perf_counter() - began:.0f} s)", flush=True)

    if "plain" in args.only:
        from . import plain

        figures += plain.plain_figures(args.quick, args.reps)
        print(f"  plain done ({time.perf_counter() - began:.0f} s)", flush=True)

    if "serve" in args.only:
        from . import serve

        figures += serve.serve_figures(args.quick, args.reps, notes)
        print(f"  serve done ({time.perf_counter() - began:.0f} s)", flush=True)

    app_parts = [p for p in ("start", "lesson", "memory", "navigate") if p in args.only]
    if app_parts:
        try:
            from . import apps
        except ImportError as error:  # the app is not there yet
            notes.append(f"app figures skipped: {error}")
        else:
            try:
                figures += apps.app_figures(app_parts, quick=args.quick, reps=args.reps, notes=notes)
            except apps.TmuxMissing as error:
                print(f"error: {error}", file=sys.stderr)
                return 1
            print(f"  app figures done ({time.perf_counter() - began:.0f} s)", flush=True)

    print()
    print(table(figures))
    for note in notes:
        print(f"note: {note}")
    missed = [f.name for f in figures if f.met is False]
    print(f"\n{len(figures)} figures, {len(missed)} missed goal(s){': ' + '; '.join(missed) if missed else ''}; "
          f"took {time.perf_counter() - began:.0f} s; load average at the end: {load_average()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
