"""Help: the keys of the screen you came from, the keys that work everywhere, and the symbols."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from course.tui import commands as cmd
from course.tui.commands import Command
from course.tui.widgets.reader import Reader

SYMBOLS = (
    ("○", "not started / not taken"),
    ("◐", "reading, in progress, or partly right"),
    ("●", "lesson completed"),
    ("✓", "passed / right"),
    ("✗", "failed / wrong"),
    ("–", "skipped"),
    ("⚑", "flagged to come back to"),
)


# What Esc does, said once for every screen: the quiz and the results go to the course map, and a lesson
# goes back to where it was opened from, which is the map, or the results when a section was reread from them.
BACK = Command("app.go_map", "escape", "Back", "Back",
               "Return to where you came from: the course map, or the quiz results if you opened a lesson from them.")


CLOSE_LINE = "Esc closes this help · ↑ ↓ PgUp PgDn scroll"


def keys_table(title: str, commands: tuple[Command, ...]) -> Table:
    table = Table(title=title, title_justify="left", title_style="bold", show_header=False, box=None,
                  padding=(0, 1), expand=True)
    table.add_column(style="bold", no_wrap=True, width=12)
    table.add_column(ratio=1)
    for command in commands:
        table.add_row(Text(command.shown_keys), Text(f"{command.title}: {command.help}"))
    return table


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,question_mark,f1,q", "app.pop_screen", "Close")]

    def __init__(self, commands: tuple[Command, ...]) -> None:
        super().__init__()
        self.commands = tuple(c for c in commands if c not in cmd.GLOBAL)

    def compose(self) -> ComposeResult:
        with Vertical(id="help"):
            # Said first, outside the scrolled part: how to close this, whatever is scrolled into view.
            yield Static(Text(CLOSE_LINE), id="help-close", markup=False)
            yield from self._body()

    def _body(self) -> ComposeResult:
        with Reader(id="help-body"):
            if self.commands:
                yield Static(keys_table("On this screen", self.commands), markup=False)
            yield Static(keys_table("Everywhere", (cmd.HELP, BACK, cmd.THEME, cmd.QUIT)), markup=False)
            extra = Table(show_header=False, box=None, padding=(0, 1), expand=True)
            extra.add_column(style="bold", no_wrap=True, width=12)
            extra.add_column(ratio=1)
            extra.add_row(Text("ctrl+p"), Text("Command palette: go to any lesson or quiz, switch learner, "
                                               "change theme (there is a high-contrast one)."))
            extra.add_row(Text("Tab ⇧Tab"), Text("Move between parts of the screen. The mouse works too."))
            yield Static(extra, markup=False)
            symbols = Table(title="Symbols", title_justify="left", title_style="bold", show_header=False,
                            box=None, padding=(0, 1), expand=True)
            symbols.add_column(no_wrap=True, width=12)
            symbols.add_column(ratio=1)
            for symbol, meaning in SYMBOLS:
                symbols.add_row(Text(symbol), Text(meaning))
            yield Static(symbols, markup=False)
            yield Static(Text("Your progress is saved after every answer and every move.", style="italic"),
                         markup=False)

    def on_mount(self) -> None:
        self.query_one("#help").border_title = "Help"
        self.query_one(Reader).focus()
