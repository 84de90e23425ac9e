"""A lesson section move does the least work: each section's Markdown is rendered once (not once to measure its
height and again to draw it), and the screen's layout is refreshed at most once per key. Counted, not timed: the
time of a move is measured by the benchmark (`python -m tests.benchmarks --only lesson`)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from rich.markdown import Markdown
from textual.screen import Screen

from course.tui.lesson.screen import LessonScreen
from tests.tui_support import make_app, sync


class Counts:
    def __init__(self, monkeypatch) -> None:
        self.markdown: Counter[int] = Counter()
        self.layouts = 0
        render, layout = Markdown.__rich_console__, Screen._refresh_layout

        def counted_render(markdown, console, options):
            self.markdown[id(markdown)] += 1
            return render(markdown, console, options)

        def counted_layout(screen, *args, **kwargs):
            if isinstance(screen, LessonScreen):
                self.layouts += 1
            return layout(screen, *args, **kwargs)

        monkeypatch.setattr(Markdown, "__rich_console__", counted_render)
        monkeypatch.setattr(Screen, "_refresh_layout", counted_layout)

    def reset(self) -> None:
        self.markdown.clear()
        self.layouts = 0


@sync
async def test_a_section_move_renders_its_markdown_once_and_lays_out_at_most_once(tmp_path: Path, monkeypatch) -> None:
    app = make_app(tmp_path / "progress", "Ana")
    counts = Counts(monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_lesson("basics")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LessonScreen) and len(screen.lesson.sections) >= 3
        await app.workers.wait_for_complete()
        await pilot.pause()
        # The last move completes the lesson and the status line appears above the footer: that change of the
        # screen's rows is a second layout, allowed there alone.
        moves = (("n", 1, 1), ("p", 0, 1), ("n", 1, 1), ("p", 0, 1), ("n", 1, 1), ("n", 2, 2), ("p", 1, 1))
        for key, index, layouts in moves:
            counts.reset()
            await pilot.press(key)
            await pilot.pause()
            await pilot.pause()
            assert screen.index == index
            assert counts.markdown, "the section was not drawn"
            assert max(counts.markdown.values()) == 1, f"{key}: Markdown rendered {dict(counts.markdown)} times"
            assert counts.layouts <= layouts, f"{key} to {index}: {counts.layouts} layout refreshes for one move"
