"""What screens ask of the app. A screen posts one of these and the app, which holds the screen stack and
the learner, handles it: screens never import the app."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from course.progress import LearnerProgress
    from course.quizrun import QuizSession


class OpenLesson(Message):
    """Open a lesson at a section (or where the learner left it); `stack` keeps the screen below."""

    def __init__(self, lesson: str, section: str | None = None, *, stack: bool = False) -> None:
        super().__init__()
        self.lesson = lesson
        self.section = section
        self.stack = stack


class OpenQuiz(Message):
    """Resume or start a quiz; `only` makes it a practice round of those questions, `question` moves to one."""

    def __init__(self, quiz: str, *, only: list[str] | None = None, question: int | None = None) -> None:
        super().__init__()
        self.quiz = quiz
        self.only = only
        self.question = question


class ShowResults(Message):
    """A finished attempt: show its results."""

    def __init__(self, session: QuizSession) -> None:
        super().__init__()
        self.session = session


class ChooseLearner(Message):
    """Go on as this learner (chosen or added on the welcome screen)."""

    def __init__(self, learner: LearnerProgress) -> None:
        super().__init__()
        self.learner = learner


class SaveFailed(Message):
    """Progress could not be saved: warn, and keep warning until a save works again."""

    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error


class SavedAgain(Message):
    """A save worked while a save warning was shown: the warning can go."""
