"""What screens ask of the app. A screen posts one of these and the app, which holds the screen stack and
the learner, handles it: screens never import the app."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from course.progress import LearnerProgress
    from course.quizrun import QuizSession


@dataclass
class OpenLesson(Message):
    """Open a lesson at a section (or where the learner left it); `stack` keeps the screen below."""

    lesson: str
    section: str | None = None
    stack: bool = False


@dataclass
class OpenQuiz(Message):
    """Resume or start a quiz; `only` makes it a practice round of those questions, `question` moves to one."""

    quiz: str
    only: list[str] | None = None
    question: int | None = None


class OpenReview(Message):
    """Start a round of the review questions due now."""


@dataclass
class ShowResults(Message):
    """A finished attempt: show its results."""

    session: QuizSession


@dataclass
class ChooseLearner(Message):
    """Go on as this learner (chosen or added on the welcome screen)."""

    learner: LearnerProgress


@dataclass
class SaveFailed(Message):
    """Progress could not be saved: warn, and keep warning until a save works again."""

    error: Exception


class SavedAgain(Message):
    """A save worked while a save warning was shown: the warning can go."""


class MapPainted(Message):
    """The first screen has been painted before the course was loaded (the course map from the start-up
    snapshot, or the question who is learning): the app may load the course now."""
