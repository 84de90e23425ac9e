"""The course map: every module with its status, overall progress, the next step and content problems."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import OptionList, ProgressBar, Static
from textual.widgets.option_list import Option

from course.status import lesson_status, next_step, overall, quiz_words
from course.tui import commands as cmd
from course.tui.commands import bindings
from course.tui.messages import OpenLesson, OpenQuiz
from course.tui.safe import one_line
from course.tui.shared import shared
from course.tui.widgets import Footer, SaveWarning, TopBar


class ModuleList(OptionList):
    """The modules of the course, two lines each."""


class MapScreen(Screen):
    CSS_PATH = "map.tcss"
    COMMAND_SET = cmd.MAP
    BINDINGS = bindings(cmd.CONTINUE, cmd.TAKE_QUIZ, cmd.SWITCH_LEARNER, cmd.RELOAD)

    def compose(self) -> ComposeResult:
        state = shared(self)
        learner = state.learner.name if state.learner else ""
        yield TopBar(state.course.title, f"Learner: {one_line(learner, 30)}")
        yield SaveWarning()
        with Horizontal(id="overview"):
            yield ProgressBar(total=1, show_eta=False, id="progress")
            yield Static("", id="progress-words", markup=False)
        yield Static("", id="next", markup=False)
        yield ModuleList(id="modules")
        problems = state.course.problems
        if problems:
            with VerticalScroll(id="problems") as box:
                box.border_title = f"⚠ {len(problems)} problem{'s' if len(problems) != 1 else ''} in the course files"
                box.border_subtitle = "the rest of the course works"
                yield Static(self._problems_text(), markup=False)
        yield Footer()

    def _problems_text(self) -> Text:
        text = Text()
        for i, problem in enumerate(shared(self).course.problems):
            if i:
                text.append("\n")
            where = problem.file + (f":{problem.line}" if problem.line else "")
            text.append(one_line(where), style="bold")
            if problem.field:
                text.append(f" {one_line(problem.field)}:")
            text.append(f" {one_line(problem.message)}")
        return text

    def on_mount(self) -> None:
        self.refresh_status(focus_next=True)
        self.query_one(ModuleList).focus()

    def on_screen_resume(self) -> None:
        self.refresh_status()

    # -- status ----------------------------------------------------------------------------------

    def refresh_status(self, focus_next: bool = False) -> None:
        state = shared(self)
        if state.learner is None:
            return
        course, summary = state.course, state.learner.summary
        done, total, sentence = overall(course, summary)
        bar = self.query_one(ProgressBar)
        bar.update(total=max(total, 1), progress=done)
        self.query_one("#progress-words", Static).update(Text(sentence))
        step = next_step(course, summary)
        self._step = step
        nxt = Text()
        nxt.append("▶ Next: ", style="bold")
        nxt.append(one_line(step.label))
        if step.kind != "done":
            nxt.append("   press c", style="bold")
        self.query_one("#next", Static).update(nxt)

        modules = self.query_one(ModuleList)
        keep = modules.highlighted
        options: list[Option] = []
        target = None
        for number, lesson in enumerate(course.lessons, 1):
            status = lesson_status(course, summary, lesson)
            is_next = step.lesson == lesson.id and step.kind != "done" and not (step.quiz and not step.lesson)
            if is_next:
                target = len(options)
            options.append(Option(self._module_text(number, lesson.title, status.symbol,
                                                    [status.words, status.quiz_words], is_next),
                                  id=f"lesson:{lesson.id}"))
        for quiz in course.exams:
            symbol, words = quiz_words(summary, quiz)
            is_next = step.quiz == quiz.id and not step.lesson
            if is_next:
                target = len(options)
            title = quiz.title if quiz.title.lower().startswith(("final exam", "exam")) else f"Final exam: {quiz.title}"
            options.append(Option(self._module_text(None, title, symbol, [words], is_next),
                                  id=f"exam:{quiz.id}"))
        modules.set_options(options)
        if not options:
            return
        if focus_next or keep is None:
            modules.highlighted = target if target is not None else 0
        else:
            modules.highlighted = min(keep, len(options) - 1)

    @staticmethod
    def _module_text(number: int | None, title: str, symbol: str, words: list[str], is_next: bool) -> Text:
        text = Text()
        text.append(f" {symbol} ", style="bold")
        if number is not None:
            text.append(f"{number}. ")
        text.append(one_line(title), style="bold")
        if is_next:
            text.append("  ◀ next step", style="bold reverse")
        text.append("\n     ")
        text.append(" · ".join(w for w in words if w), style="italic")
        return text

    # -- actions ---------------------------------------------------------------------------------

    def _highlighted(self) -> tuple[str, str] | None:
        modules = self.query_one(ModuleList)
        if modules.highlighted is None:
            return None
        option = modules.get_option_at_index(modules.highlighted)
        kind, _, ident = (option.id or "").partition(":")
        return kind, ident

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        chosen = self._highlighted()
        if chosen is None:
            return
        kind, ident = chosen
        if kind == "lesson":
            self.post_message(OpenLesson(ident))
        else:
            self.post_message(OpenQuiz(ident))

    def action_take_quiz(self) -> None:
        chosen = self._highlighted()
        if chosen is None:
            return
        kind, ident = chosen
        if kind == "exam":
            self.post_message(OpenQuiz(ident))
            return
        course = shared(self).course
        lesson = course.lesson(ident)
        quiz = course.quiz_for(lesson) if lesson else None
        if quiz is None:
            self.notify("This lesson has no quiz.", severity="warning")
            return
        self.post_message(OpenQuiz(quiz.id))

    def action_continue(self) -> None:
        step = getattr(self, "_step", None)
        if step is None or step.kind == "done":
            self.notify("Nothing left to continue: pick any module to review it.")
            return
        if step.kind == "quiz" and step.quiz:
            self.post_message(OpenQuiz(step.quiz))
        elif step.lesson:
            self.post_message(OpenLesson(step.lesson, step.section))
