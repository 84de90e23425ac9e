"""A lesson section move does the least work: each section's Markdown is rendered once (not once to measure its
height and again to draw it), and the screen's layout is refreshed at most once per key. Counted, not timed: the
time of a move is measured by the benchmark (`python -m tests.benchmarks --only lesson`)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
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


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
@sync
async def test_a_long_section_is_wrapped_to_the_width_beside_its_scroll_bar(tmp_path: Path, size) -> None:
    """The first section, tall enough for a scroll bar, as the lesson opens (the bar then takes its columns
    after the text was first laid out) and again after moving away and back."""
    import shutil

    from course.tui.widgets.section_view import SectionView
    from tests.tui_support import FIXTURE

    content = tmp_path / "course"
    shutil.copytree(FIXTURE, content)
    lesson = content / "lessons" / "01-basics.md"
    text = lesson.read_text("utf-8")
    words = " ".join(f"word{n}" for n in range(600))  # far taller than the pane
    heading = text.index("\n## ")
    body = text.index("\n\n", heading + 1)
    lesson.write_text(text[:body] + f"\n\n{words}" + text[body:], "utf-8")
    app = make_app(tmp_path / "progress", "Ana", content=content)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        app.open_lesson("basics")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LessonScreen) and screen.index == 0
        for key in ("", "n", "p"):
            if key:
                await pilot.press(key)
                await pilot.pause()
            if screen.index != 0:
                continue
            view = screen.query_one(SectionView)
            assert view.show_vertical_scrollbar
            shown = view.scrollable_content_region.width
            widest = max(len(line) for line in view.lines)
            assert widest <= shown, f"lines {widest} columns wide in a pane showing {shown}: their ends are hidden"
            assert "word599" in " ".join(view.lines)
