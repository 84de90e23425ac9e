"""The lesson reader: one section at a time, a section list to jump with, position saved on every move."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, ClassVar

from rich.console import Group, RenderableType
from rich.markdown import Markdown
from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from course.tui import commands as cmd
from course.tui.commands import bindings
from course.tui.messages import OpenLesson, OpenQuiz
from course.tui.safe import clean, one_line
from course.tui.shared import save, shared
from course.tui.textual_shim import replace_prompt_same_height
from course.tui.widgets import Footer, SaveWarning, StatusLine, TopBar, say
from course.tui.widgets.section_view import SectionView

if TYPE_CHECKING:
    from course.content import Lesson

MAX_TIME_CHUNK = 30 * 60  # seconds; a lesson left open overnight does not count as reading


def section_renderable(lesson: Lesson, index: int) -> RenderableType:
    """What the reader shows for one section; the first one starts with the objectives."""
    section = lesson.sections[index]
    parts: list[RenderableType] = []
    if index == 0:
        head = Text()
        head.append(one_line(lesson.title) + "\n", style="markdown.h1")
        head.append(one_line(lesson.meta.summary), style="italic")
        head.append(f"  ({lesson.minutes} min)", style="dim")
        parts.append(head)
        parts.append(Text("\nBy the end of this lesson you can:", style="markdown.h3"))
        objectives = Table.grid(padding=(0, 1))
        objectives.add_column(width=3, justify="right")
        objectives.add_column(ratio=1)
        for objective in lesson.meta.objectives:
            objectives.add_row(Text("•", style="markdown.item.bullet"), Text(one_line(objective)))
        parts.append(objectives)
        parts.append(Text(""))
        if lesson.intro.strip():
            parts.append(Markdown(clean(lesson.intro), hyperlinks=False))
            parts.append(Text(""))
    parts.append(Markdown(clean(section.body), hyperlinks=False))
    return Group(*parts)


class LessonScreen(Screen[None]):
    CSS_PATH = "lesson.tcss"
    COMMAND_SET = (*cmd.LESSON, cmd.GO_MAP)
    BINDINGS: ClassVar[list[BindingType]] = [
        *bindings(*cmd.LESSON),
        Binding("escape", "back", "Back", tooltip="Back to where you came from: the course map, or the quiz results."),
    ]

    def __init__(self, lesson: Lesson, section: str | None = None, *, scroll: float = 0) -> None:
        super().__init__()
        self.lesson = lesson
        self._start_section = section
        self._start_scroll = scroll
        self.index = 0
        self._since = time.monotonic()

    def compose(self) -> ComposeResult:
        lessons = shared(self).course.lessons
        number = next((i for i, lesson in enumerate(lessons, 1) if lesson.id == self.lesson.id), 1)
        yield TopBar(self.lesson.title, f"Lesson {number} of {len(lessons)}")
        yield SaveWarning()
        with Horizontal(id="lesson-body"):
            yield OptionList(id="sections")
            yield SectionView(id="reader")
        yield StatusLine()
        yield Footer()

    def on_mount(self) -> None:
        sections = self.query_one("#sections", OptionList)
        sections.border_title = "Sections"
        learner = shared(self).learner
        state = learner.summary.lessons.get(self.lesson.id) if learner else None
        wanted = self._start_section or (state.section if state else None)
        self.index = self.lesson.section_index(wanted) if self.lesson.sections else 0
        self._fill_sections()
        if learner is not None:
            section = self.lesson.sections[self.index].id if self.lesson.sections else None
            save(self, learner.lesson_opened, self.lesson.id, section)
        self._show(self.index, save_place=False)
        reader = self.query_one(SectionView)
        reader.focus()
        if self._start_scroll:
            self.call_after_refresh(reader.scroll_to, y=self._start_scroll, animate=False)

    def place(self) -> tuple[str | None, float]:
        """Where the learner is: the section shown and how far down it they scrolled."""
        section = self.lesson.sections[self.index].id if self.lesson.sections else None
        return section, self.query_one(SectionView).scroll_y

    def on_resize(self, event: events.Resize) -> None:
        """Below 70 columns the section list gives its room to the text (n / p still move)."""
        self.set_class(event.size.width < 70, "-narrow")

    # -- time spent ------------------------------------------------------------------------------

    def _bank_time(self) -> None:
        now = time.monotonic()
        spent, self._since = min(now - self._since, MAX_TIME_CHUNK), now
        learner = shared(self).learner
        if learner is not None and spent >= 1:
            save(self, learner.add_lesson_time, self.lesson.id, round(spent, 1))

    def on_screen_suspend(self) -> None:
        self._bank_time()

    def on_screen_resume(self) -> None:
        self._since = time.monotonic()

    def on_unmount(self) -> None:
        self._bank_time()

    # -- sections --------------------------------------------------------------------------------

    def _section_entry(self, i: int) -> Table:
        marker = "▶ " if i == self.index else "  "
        entry = Table.grid()  # a long title wraps under itself, not under its number
        entry.add_column(no_wrap=True)
        entry.add_column()
        entry.add_row(Text(f"{marker}{i + 1}. "), Text(one_line(self.lesson.sections[i].title)))
        return entry

    def _fill_sections(self) -> None:
        options = [Option(self._section_entry(i), id=section.id) for i, section in enumerate(self.lesson.sections)]
        sections = self.query_one("#sections", OptionList)
        sections.set_options(options)
        if options:
            sections.highlighted = self.index

    def _mark_section(self, before: int) -> None:
        """Move the ▶ from the section shown before to the one shown now: two entries redrawn, not the list."""
        sections = self.query_one("#sections", OptionList)
        if sections.option_count != len(self.lesson.sections):
            self._fill_sections()
            return
        for i in {before, self.index}:
            replace_prompt_same_height(sections, i, self._section_entry(i))
        sections.highlighted = self.index

    def restyle(self) -> None:
        """The theme changed: render the Markdown again with the new colours."""
        if self.lesson.sections:
            self.query_one(SectionView).show(section_renderable(self.lesson, self.index), top=False)

    def _show(self, index: int, save_place: bool = True) -> None:
        if not self.lesson.sections:
            self.query_one(SectionView).show(Text("This lesson has no sections yet."))
            return
        before, self.index = self.index, index
        self.query_one(SectionView).show(section_renderable(self.lesson, index))
        self._mark_section(before)
        total = len(self.lesson.sections)
        self.query_one(TopBar).set_where(f"Section {index + 1} of {total}")
        learner = shared(self).learner
        if learner is None:
            return
        if save_place:
            save(self, learner.lesson_moved, self.lesson.id, self.lesson.sections[index].id)
        if index == total - 1:
            self._complete(announce=True)

    def _complete(self, announce: bool) -> None:
        learner = shared(self).learner
        if learner is None:
            return
        state = learner.summary.lessons.get(self.lesson.id)
        if state is not None and state.completed_at is not None:
            return
        if save(self, learner.lesson_completed, self.lesson.id) and announce:
            quiz = shared(self).course.quiz_for(self.lesson)
            tail = " Press t to take the quiz." if quiz else ""
            say(self, f"Lesson completed ✓.{tail}")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._show(event.option_index)
        self.query_one(SectionView).focus()

    # -- actions ---------------------------------------------------------------------------------

    def action_next_section(self) -> None:
        if self.index + 1 < len(self.lesson.sections):
            self._show(self.index + 1)
        else:
            quiz = shared(self).course.quiz_for(self.lesson)
            hint = "press t for the quiz or N for the next lesson" if quiz else "press N for the next lesson"
            say(self, f"End of the lesson: {hint}.")

    def action_prev_section(self) -> None:
        if self.index > 0:
            self._show(self.index - 1)

    def _neighbour(self, step: int) -> None:
        lessons = shared(self).course.lessons
        position = next((i for i, lesson in enumerate(lessons) if lesson.id == self.lesson.id), None)
        if position is None or not 0 <= position + step < len(lessons):
            say(self, "There is no lesson that way." if step < 0 else "This is the last lesson.")
            return
        self.post_message(OpenLesson(lessons[position + step].id))

    def action_next_lesson(self) -> None:
        self._neighbour(1)

    def action_prev_lesson(self) -> None:
        self._neighbour(-1)

    def action_mark_complete(self) -> None:
        self._complete(announce=True)
        learner = shared(self).learner
        state = learner.summary.lessons.get(self.lesson.id) if learner else None
        if state is not None and state.completed_at is not None:
            self.query_one(TopBar).set_where(
                f"Section {self.index + 1} of {len(self.lesson.sections)} · completed ✓"
            )

    def action_take_quiz(self) -> None:
        quiz = shared(self).course.quiz_for(self.lesson)
        if quiz is None:
            self.notify("This lesson has no quiz.", severity="warning")
            return
        self.post_message(OpenQuiz(quiz.id))

    def action_back(self) -> None:
        self.app.pop_screen()
