"""What the course map shows, as plain data: built from the course and the learner's summary, or read back
from a start-up snapshot so that the map can be painted before the course is loaded.

Importing this module loads neither the content nor the progress models.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from course.content import Course
    from course.progress import LearnerSummary


@dataclass(frozen=True)
class ModuleLine:
    id: str  # "lesson:<id>" or "exam:<id>"
    number: int | None
    title: str
    symbol: str
    words: tuple[str, ...]
    is_next: bool
    quiz: str | None = None  # the lesson's quiz (what "Take quiz" opens)


@dataclass(frozen=True)
class Step:
    """Where "Continue" goes (course.status.NextStep, without its wording)."""

    kind: str  # "lesson", "quiz", "done"
    lesson: str | None = None
    section: str | None = None
    quiz: str | None = None


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    field: str | None
    message: str
    severity: str = "error"  # or "warning"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


@dataclass(frozen=True)
class MapView:
    course_title: str
    learner: str
    theme: str | None
    done: int
    total: int
    sentence: str
    next_label: str
    next_kind: str
    modules: tuple[ModuleLine, ...]
    target: int | None  # the module of the next step
    problems: tuple[Problem, ...]
    step: Step
    certificate_ready: bool = False  # every lesson completed and the final exam passed

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Any) -> MapView:
        """Raises ValueError (or TypeError) when the data is not a map view."""
        if not isinstance(data, dict):
            raise ValueError("not a map view")
        modules = tuple(
            ModuleLine(str(m["id"]), _opt_int(m["number"]), str(m["title"]), str(m["symbol"]),
                       tuple(str(w) for w in m["words"]), bool(m["is_next"]), _opt_str(m["quiz"]))
            for m in data["modules"]
        )
        step = data["step"]
        if not isinstance(step, dict):
            raise ValueError("not a step")
        problems = tuple(
            Problem(str(p["file"]), _opt_int(p["line"]), None if p["field"] is None else str(p["field"]),
                    str(p["message"]), _severity(p.get("severity", "error")))
            for p in data["problems"]
        )
        theme = data["theme"]
        return cls(
            course_title=str(data["course_title"]), learner=str(data["learner"]),
            theme=None if theme is None else str(theme), done=int(data["done"]), total=int(data["total"]),
            sentence=str(data["sentence"]), next_label=str(data["next_label"]), next_kind=str(data["next_kind"]),
            modules=modules, target=_opt_int(data["target"]), problems=problems,
            step=Step(str(step["kind"]), _opt_str(step["lesson"]), _opt_str(step["section"]), _opt_str(step["quiz"])),
            certificate_ready=data.get("certificate_ready") is True,
        )


def _severity(value: Any) -> str:
    if value not in ("error", "warning"):
        raise ValueError(f"not a severity: {value!r}")
    return str(value)


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)


def _opt_int(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"not a number: {value!r}")
    return value


def build(course: Course, summary: LearnerSummary, learner: str) -> MapView:
    """The map for this course and learner."""
    from course.certificate import ready
    from course.status import lesson_status, next_step, overall, quiz_words

    done, total, sentence = overall(course, summary)
    step = next_step(course, summary)
    modules: list[ModuleLine] = []
    target = None
    for number, lesson in enumerate(course.lessons, 1):
        status = lesson_status(course, summary, lesson)
        is_next = step.lesson == lesson.id and step.kind != "done" and not (step.quiz and not step.lesson)
        if is_next:
            target = len(modules)
        quiz = course.quiz_for(lesson)
        modules.append(ModuleLine(f"lesson:{lesson.id}", number, lesson.title, status.symbol,
                                  (status.words, status.quiz_words), is_next, quiz.id if quiz else None))
    for quiz in course.exams:
        symbol, words = quiz_words(summary, quiz)
        is_next = step.quiz == quiz.id and not step.lesson
        if is_next:
            target = len(modules)
        # A quiz with no lesson is the course's final quiz: the map calls it that (a quiz, as everywhere in
        # the app), unless its own title already says what it is.
        named = quiz.title.lower().startswith(("final exam", "exam", "final quiz", "final test"))
        title = quiz.title if named else f"Final quiz: {quiz.title}"
        modules.append(ModuleLine(f"exam:{quiz.id}", None, title, symbol, (words,), is_next))
    # Errors first, then warnings (each in file and line order): a new error is never below the fold.
    problems = tuple(
        Problem(p.file, p.line, p.field, p.message, p.severity)
        for p in sorted(course.problems, key=lambda p: not p.is_error)
    )
    return MapView(
        course_title=course.title, learner=learner, theme=summary.theme, done=done, total=total,
        sentence=sentence, next_label=step.label, next_kind=step.kind, modules=tuple(modules), target=target,
        problems=problems, step=Step(step.kind, step.lesson, step.section, step.quiz),
        certificate_ready=ready(course, summary),
    )
