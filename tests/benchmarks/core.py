"""Figures, statistics and the table the benchmarks print."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def spread(values: Sequence[float]) -> float:
    """Half the range of the runs, (max - min) / 2: how far apart the repetitions were."""
    return (max(values) - min(values)) / 2 if values else float("nan")


@dataclass
class Figure:
    """One row of the table: our runs, the floor's runs (same run, interleaved) and the goal."""

    name: str
    ours: list[float]  # seconds (or bytes for memory)
    floor: list[float]
    floor_name: str
    goal: float | None  # highest acceptable ratio (ours / floor), or None for reference rows
    unit: str = "s"  # "s" or "B"
    absolute_goal: float | None = None  # highest acceptable median of `ours` (same unit)
    paired: bool = True  # runs alternate, so ratios are taken pair by pair
    note: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def ratio(self) -> float:
        if self.paired and len(self.ours) == len(self.floor) and self.ours:
            return median([o / f for o, f in zip(self.ours, self.floor, strict=True) if f > 0])
        f = median(self.floor)
        return median(self.ours) / f if f else float("nan")

    @property
    def met(self) -> bool | None:
        checks = []
        if self.goal is not None:
            checks.append(self.ratio <= self.goal)
        if self.absolute_goal is not None:
            checks.append(median(self.ours) <= self.absolute_goal)
        return all(checks) if checks else None

    def goal_text(self) -> str:
        parts = []
        if self.goal is not None:
            parts.append(f"≤ {self.goal:g}×")
        if self.absolute_goal is not None:
            parts.append(f"< {fmt(self.absolute_goal, self.unit)}")
        return ", ".join(parts) or "(reference)"


def fmt(value: float, unit: str = "s") -> str:
    if value != value:  # nan
        return "-"
    if unit == "B":
        return f"{value / 1024 / 1024:.1f} MiB"
    if value >= 1:
        return f"{value:.2f} s"
    if value >= 0.001:
        return f"{value * 1000:.1f} ms"
    return f"{value * 1e6:.0f} µs"


def fmt_runs(values: Sequence[float], unit: str) -> str:
    return f"{fmt(median(values), unit)} ± {fmt(spread(values), unit)}"


def table(figures: Sequence[Figure]) -> str:
    header = ("figure", "ours (median ± spread)", "floor", "floor (median ± spread)", "ratio", "goal", "met?")
    rows = [header]
    for fig in figures:
        met = fig.met
        rows.append(
            (
                fig.name,
                fmt_runs(fig.ours, fig.unit),
                fig.floor_name,
                fmt_runs(fig.floor, fig.unit) if fig.floor else "-",
                f"{fig.ratio:.2f}×" if fig.floor else "-",
                fig.goal_text(),
                "-" if met is None else ("met" if met else "missed"),
            )
        )
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(header))]
    lines = []
    for n, row in enumerate(rows):
        lines.append("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def interleave(reps: int, *runs: Callable[[], float]) -> list[list[float]]:
    """Run each callable `reps` times, alternating between them (and alternating who goes first)."""
    results: list[list[float]] = [[] for _ in runs]
    order = list(range(len(runs)))
    for rep in range(reps):
        sequence = order if rep % 2 == 0 else order[::-1]
        for index in sequence:
            results[index].append(runs[index]())
    return results
