"""First run: who is learning? Also used to switch learner or add one, and by each browser tab of `course
serve` (`course --ask-learner`), which asks rather than opening the last learner: that one is offered first,
highlighted, so Enter continues as them.

Asking who is learning needs the course's title and the progress folder only: a tab of `course serve` paints
it before the course is loaded (see course.tui.startup.asking_first), reading the learners' folders and the
last learner from the folder itself. A learner chosen before the load has finished is opened once it has
(nothing typed is lost); a name the store refuses is then said under the box, as always."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

# Not the models: course.progress loads them (and pydantic) only when the store is first used.
from course.progress import (
    FutureFormatError,
    InvalidLearnerName,
    ProgressSaveError,
    read_last_learner,
    validate_learner_name,
)
from course.progress.folders import find_learner_folders
from course.tui.messages import ChooseLearner, MapPainted
from course.tui.safe import one_line
from course.tui.shared import shared
from course.tui.widgets import Footer, TopBar

if TYPE_CHECKING:
    from course.tui.startup import Asking

KEYS = (
    ("↑ ↓  Tab", "move around; Enter opens or chooses"),
    ("c", "on the course map: continue where you left off"),
    ("n / p", "next / previous section or question"),
    ("t", "take the quiz of a lesson"),
    ("?", "help with every key, on any screen"),
    ("Ctrl+P", "command palette: go anywhere, change theme"),
    ("Ctrl+Q", "quit — your progress is saved as you go"),
)


def keys_text() -> Text:
    text = Text()
    for key, meaning in KEYS:
        text.append(f"  {key:<9}", style="bold")
        text.append(f" {meaning}\n")
    return text


class WelcomeScreen(Screen[None]):
    CSS_PATH = "welcome.tcss"
    COMMAND_SET = ()
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Back", tooltip="Back without changing learner.")]

    def __init__(self, first_run: bool, asking: Asking | None = None) -> None:
        """With `asking`, the screen is painted before the course is loaded, from what `asking` says."""
        super().__init__()
        self.first_run = first_run
        self.asking = asking
        self._waiting: str | None = None  # the name chosen before the course was loaded

    def _progress_root(self) -> Path:
        if shared(self).loaded:
            return shared(self).store.root
        assert self.asking is not None, "only the question who is learning is shown before the course loads"
        return self.asking.progress_root

    def _learners(self) -> list[str]:
        """The learners here, as the store lists them (read from the folder: the store may not be open yet)."""
        return find_learner_folders(self._progress_root()).names()

    def _offered(self, learners: list[str]) -> str | None:
        """The learner to offer first when none is open though learners are here (`course --ask-learner`):
        the last one here, if still here."""
        if shared(self).learner is not None:
            return None
        last = read_last_learner(self._progress_root())
        return last if last in learners else None

    def compose(self) -> ComposeResult:
        learners = self._learners()
        offered = self._offered(learners)
        if offered is not None:
            learners = [offered, *(name for name in learners if name != offered)]
        heading = "Who is learning?" if offered else "Welcome" if self.first_run else "Switch learner"
        title = shared(self).course.title if shared(self).loaded or self.asking is None else self.asking.course_title
        yield TopBar(title, heading)
        with VerticalScroll(id="welcome"):
            if offered is not None:
                label = Text("Who is learning? ", style="bold")
                label.append(f"Enter continues as {one_line(offered)}; ↑ ↓ choose another, or add a new learner "
                             "below.", style="")
                yield Static(label, classes="label", markup=False)
                yield OptionList(*[self._learner_option(n, n == offered, "last here") for n in learners],
                                 id="learners")
            elif self.first_run:
                intro = Text()
                intro.append("Welcome!\n", style="bold")
                intro.append(
                    "This course takes you through short lessons, each followed by a quiz. "
                    "Your progress is saved after every step, so you can stop at any time."
                )
                yield Static(intro, id="intro", markup=False)
                yield Static(keys_text(), id="keys", markup=False)
            if learners and offered is None:
                yield Static(Text("Continue as:", style="bold"), classes="label", markup=False)
                current = shared(self).learner
                yield OptionList(*[self._learner_option(n, current is not None and n == current.name)
                                   for n in learners], id="learners")
            with Vertical(id="new"):
                yield Static(Text("What is your name?" if not learners else "Or add a new learner:",
                                  style="bold"), classes="label", markup=False)
                yield Input(placeholder="Your name (letters, digits, spaces, - _ .)", id="name")
                yield Static("", id="error", markup=False)
                yield Button("Start", id="start", variant="primary", compact=True)
        yield Footer()

    @staticmethod
    def _learner_option(name: str, current: bool, mark: str = "current learner") -> Option:
        label = Text(one_line(name))
        if current:
            label.append(f"  ● {mark}", style="dim")
        return Option(label, id=name)

    def on_mount(self) -> None:
        if self.query("#learners"):
            learners = self.query_one("#learners", OptionList)
            current = shared(self).learner
            if current is None and self._offered(self._learners()) is not None:
                learners.highlighted = 0  # the last learner here, offered first: Enter continues as them
            elif current is not None:
                with contextlib.suppress(OptionDoesNotExist):
                    learners.highlighted = learners.get_option_index(current.name)
            learners.focus()
        else:
            self.query_one("#name", Input).focus()
        if not shared(self).loaded:
            # Painted before the course was loaded: now the app may load it behind the question.
            self.call_after_refresh(self.app.post_message, MapPainted())

    async def course_loaded(self) -> None:
        """The course has been loaded behind the question: open the learner chosen meanwhile, if any; ask
        again (with the loaded course's title and folder) in the rare case that course.toml changed between."""
        asked, self.asking = self.asking, None
        if asked is not None and (asked.course_title, asked.progress_root) != (shared(self).course.title,
                                                                              shared(self).store.root):
            await self.recompose()
            self.on_mount()
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            self._choose(waiting)

    def _choose(self, name: str) -> None:
        if not name.strip():
            self._refuse("Type your name first, then press Enter.", focus_name=True)
            return
        if not shared(self).loaded:
            try:
                validate_learner_name(name)  # a name no learner can have is refused at once
            except InvalidLearnerName as problem:
                self._refuse(f"✗ {problem}", focus_name=True)
                return
            self._waiting = name  # opened once the course is loaded, in a moment
            return
        try:
            learner = shared(self).store.open(name)
        except InvalidLearnerName as problem:
            self._refuse(f"✗ {problem}", focus_name=True)
            return
        except (FutureFormatError, ProgressSaveError) as problem:
            self._refuse(f"✗ {problem}", focus_name=False)
            return
        self.post_message(ChooseLearner(learner))

    def _refuse(self, message: str, *, focus_name: bool) -> None:
        """Say why, under the name box, and scroll so the whole message and the Start button show."""
        error = self.query_one("#error", Static)
        error.update(Text(message))
        error.add_class("-shown")
        if focus_name:
            self.query_one("#name", Input).focus(scroll_visible=False)
        # The reason and the Start button are the last things on the screen: once laid out, scroll to the end.
        self.query_one("#welcome", VerticalScroll).scroll_end(animate=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._choose(event.value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self._choose(self.query_one("#name", Input).value)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self._choose(event.option.id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:  # noqa: ARG002 (Textual's signature)
        """Back (escape) is there only when there is a learner to go back to."""
        return not (action == "cancel" and (self.first_run or shared(self).learner is None))

    def action_cancel(self) -> None:
        if shared(self).learner is not None and len(self.app.screen_stack) > 2:
            self.app.pop_screen()
