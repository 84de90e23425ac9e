"""What a running app has painted, read through Textual's public screenshot (`App.export_screenshot`)."""

from __future__ import annotations

import html
import re

from rich.cells import cell_len
from textual.app import App

# Rich writes each run of text as <text x=COLUMN*CHAR_WIDTH ... clip-path="url(#...-line-ROW)">TEXT</text>,
# with a character cell 20 * 0.61 units wide (rich.console.Console.export_svg).
_CHAR_WIDTH = 20 * 0.61
_TEXT = re.compile(r'<text [^>]*?x="([0-9.]+)"[^>]*?clip-path="url\(#[^)]*-line-(\d+)\)">(.*?)</text>')


def screen_lines(app: App) -> list[str]:
    """The screen as lines of text, one per terminal row (styles dropped)."""
    width, height = app.size
    rows: list[dict[int, str]] = [{} for _ in range(height)]
    for x, row, text in _TEXT.findall(app.export_screenshot()):
        column = round(float(x) / _CHAR_WIDTH)
        for char in html.unescape(text).replace("\xa0", " "):
            if int(row) < height:
                rows[int(row)][column] = char
            column += cell_len(char)
    lines = []
    for cells in rows:
        line, column = "", 0
        for at in sorted(cells):
            line += " " * max(0, at - column) + cells[at]
            column = at + cell_len(cells[at])
        lines.append(line.rstrip())
    return lines


def screen_text(app: App) -> str:
    return "\n".join(screen_lines(app))


def find_on_screen(app: App, needle: str) -> list[tuple[int, int]]:
    """The (column, row) of every place `needle` is painted."""
    found = []
    for row, line in enumerate(screen_lines(app)):
        at = line.find(needle)
        while at >= 0:
            found.append((cell_len(line[:at]), row))
            at = line.find(needle, at + 1)
    return found
