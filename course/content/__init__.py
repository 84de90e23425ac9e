"""Course content: models, loading and validation of lesson and quiz files (no UI imports)."""

from course.content.loader import load_course
from course.content.models import (
    Course,
    Lesson,
    Problem,
    Question,
    Quiz,
    Section,
)

__all__ = ["Course", "Lesson", "Problem", "Question", "Quiz", "Section", "load_course"]
