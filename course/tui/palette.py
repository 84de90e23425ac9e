"""The command palette's commands: those of the screen it was opened on, going to the map or to any lesson
or quiz, switching learner, help, theme and quit, in one list sorted by title. Only the course's own: Textual's
system commands (its key panel, maximize, screenshot) speak of panels and widgets a learner never meets."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from textual.app import SystemCommand
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen

from course.tui import commands as cmd
from course.tui.messages import OpenLesson, OpenQuiz
from course.tui.shared import shared


class CourseCommands(Provider):
    def commands(self) -> list[SystemCommand]:
        screen = self.screen
        found: list[SystemCommand] = []
        for command in getattr(screen, "COMMAND_SET", ()):
            if command.action.startswith("app."):
                continue  # offered below, once, whatever the screen
            if screen.check_action(command.action, ()) is False:
                continue
            found.append(SystemCommand(command.title, command.help, _run(screen, command.action)))
        state = shared(screen)
        if state.learner is not None:
            from course.status import shown_quizzes

            found.append(SystemCommand("Course map", "Back to the course map.", _run(screen, cmd.GO_MAP.action)))
            for lesson in state.course.lessons:
                found.append(SystemCommand(f"Go to lesson: {lesson.title}", lesson.meta.summary,
                                           partial(_post, screen, OpenLesson, lesson.id), False))
            for quiz in shown_quizzes(state.course):
                found.append(SystemCommand(f"Take quiz: {quiz.title}", f"Start or resume “{quiz.title}”.",
                                           partial(_post, screen, OpenQuiz, quiz.id), False))
        found.append(SystemCommand(cmd.SWITCH_LEARNER.title, cmd.SWITCH_LEARNER.help,
                                   _run(screen, cmd.SWITCH_LEARNER.action)))
        for command in (cmd.HELP, cmd.THEME, cmd.QUIT):
            found.append(SystemCommand(command.title, command.help, _run(screen, command.action)))
        return found

    async def discover(self) -> Hits:
        for title, help_text, callback, discover in sorted(self.commands(), key=lambda command: command.title):
            if discover:
                yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback, _ in self.commands():
            if (match := matcher.match(title)) > 0:
                yield Hit(match, matcher.highlight(title), callback, help=help_text)


def _run(screen: Screen[Any], action: str) -> Callable[[], Any]:
    return lambda: screen.run_action(action)


def _post(screen: Screen[Any], message: Callable[[str], Any], ident: str) -> None:
    screen.app.post_message(message(ident))
