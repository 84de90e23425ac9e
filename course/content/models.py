"""The content models: what a lesson, a quiz and each question type hold.

Every model forbids unknown keys, so a typo such as `pass_mak` is reported rather than ignored.
Rules that involve one question (one right answer, enough options...) are checked here; rules that
span files (duplicate ids, references between lessons and quizzes) are checked in `validate`.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

# The question types live in course.qtypes, one module each; their models and the fields they share are
# re-exported here, where the rest of the engine has always found them.
from course.qtypes import QUESTION_TYPES, TYPE_NAMES, Question
from course.qtypes.fields import (
    _CHOICES_SCHEMA,
    _SLUG_SCHEMA,
    _TEXT_SCHEMA,
    LINT_RULES,
    MAX_CHOICES,
    WARN_CHOICES,
    WEIGHT_SUM_TOLERANCE,
    ChoiceQuestion,
    LintOk,
    LintReason,
    LintRule,
    Option,
    PositiveWholeNumber,
    QuestionBase,
    Slug,
    SlugId,
    Strict,
    Tags,
    Text,
    WholeNumber,
    _check_lint_ok,
    _check_optional_text,
    _check_slug,
    _check_tags,
    _check_text,
    _letter,
)
from course.qtypes.matching import MatchingQuestion, Pair
from course.qtypes.multiple import MultipleQuestion
from course.qtypes.numeric import NumericAnswer, NumericQuestion
from course.qtypes.ordering import OrderingQuestion
from course.qtypes.short import ShortAnswer, ShortQuestion
from course.qtypes.single import SingleQuestion
from course.qtypes.true_false import TrueFalseQuestion

__all__ = [
    "LINT_RULES", "MAX_CHOICES", "QUESTION_TYPES", "TYPE_NAMES", "WARN_CHOICES", "WEIGHT_SUM_TOLERANCE",
    "_CHOICES_SCHEMA", "_SLUG_SCHEMA", "_TEXT_SCHEMA",
    "ChoiceQuestion", "LintOk", "LintReason", "LintRule", "MatchingQuestion", "MultipleQuestion", "NumericAnswer",
    "NumericQuestion", "Option", "OrderingQuestion", "Pair", "PositiveWholeNumber", "Question", "QuestionBase",
    "ShortAnswer", "ShortQuestion", "SingleQuestion", "Slug", "SlugId", "Strict", "Tags", "Text",
    "TrueFalseQuestion", "WholeNumber", "_check_lint_ok", "_check_optional_text", "_check_slug", "_check_tags",
    "_check_text", "_letter",
]

# --------------------------------------------------------------------------- quizzes


class Draw(Strict):
    from_: str = Field(alias="from")
    count: WholeNumber = Field(ge=1)
    # Only questions having every one of these tags are drawn.
    tags: Tags = Field(default=[])

    _tags = field_validator("tags")(_check_tags)

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class QuizSettings(Strict):
    """Everything in a quiz file but its questions and draws."""

    id: SlugId
    title: Text
    lesson: str | None = None
    description: str | None = None
    pass_mark: float = Field(default=0.7, ge=0, le=1)
    shuffle_questions: bool = False
    shuffle_options: bool = False
    max_attempts: PositiveWholeNumber | None = None
    feedback: Literal["immediate", "end"] = "immediate"
    # Confidence-based marking: with each answer the learner says how sure they are (1, 2 or 3), and the
    # results add a CBM average to the score (course.scoring.cbm_mark; docs/authoring.md, "Confidence").
    confidence: bool = Field(
        default=False, description="Ask how sure the learner is (1, 2 or 3) with each answer and mark by certainty"
    )
    lint_ok: LintOk = Field(default=[])
    lint_reason: LintReason = None

    _title = field_validator("title")(_check_text)
    _lint_reason = field_validator("lint_reason")(_check_optional_text)
    _lint_ok = field_validator("lint_ok")(_check_lint_ok)

    @field_validator("id")
    @classmethod
    def _slug(cls, v: str) -> str:
        return _check_slug(v, "quiz id")


def quiz_rules(question_ids: list[object], has_draw: bool) -> list[tuple[list[str | int], str]]:
    """Rules over a quiz's questions as a whole: (field path, message) for each one broken.

    Also used by the loader on a quiz whose questions do not all validate, so that these are reported
    in the same run as the questions' own problems.
    """
    found: list[tuple[list[str | int], str]] = []
    if not question_ids and not has_draw:
        found.append(([], "a quiz needs at least one [[questions]] entry or one [[draw]]"))
    seen: set[str] = set()
    for index, qid in enumerate(question_ids):
        if isinstance(qid, str):
            if qid in seen:
                found.append((["questions", index, "id"], f"question id {qid!r} is used twice in this quiz"))
            seen.add(qid)
    return found


_HAS_QUESTIONS_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"required": ["questions"], "properties": {"questions": {"minItems": 1}}},
        {"required": ["draw"], "properties": {"draw": {"minItems": 1}}},
    ]
}


class Quiz(QuizSettings):
    model_config = ConfigDict(json_schema_extra=_HAS_QUESTIONS_SCHEMA)

    questions: list[Question] = Field(default=[])
    draw: list[Draw] = Field(default=[])
    # Set by the loader, not by authors.
    path: Path | None = Field(default=None, exclude=True)

    @model_validator(mode="after")
    def _has_questions(self) -> Quiz:
        broken = quiz_rules([q.id for q in self.questions], bool(self.draw))
        if broken:
            loc, message = broken[0]
            head = "".join(f"[{p}]" if isinstance(p, int) else ("." if i else "") + p for i, p in enumerate(loc))
            raise ValueError(f"{head}: {message}" if head else message)
        return self

    @property
    def is_exam(self) -> bool:
        return self.lesson is None

    def question(self, qid: str) -> Question | None:
        for q in self.questions:
            if q.id == qid:
                return q
        return None


# --------------------------------------------------------------------------- lessons


class LessonMeta(Strict):
    """The front matter of a lesson file."""

    id: SlugId
    title: Text
    order: WholeNumber
    summary: Text
    objectives: list[Text] = Field(min_length=1)
    quiz: str | None = None
    minutes: PositiveWholeNumber | None = None

    _texts = field_validator("title", "summary")(_check_text)

    @field_validator("id")
    @classmethod
    def _slug(cls, v: str) -> str:
        return _check_slug(v, "lesson id")

    @field_validator("objectives")
    @classmethod
    def _objectives(cls, v: list[str]) -> list[str]:
        for o in v:
            _check_text(o)
        return v


# An adult reads plain instructional text at about this pace (docs/authoring.md, "Lessons").
WORDS_PER_MINUTE = 200


class Section(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    body: str  # Markdown of the section, heading included
    line: int  # 1-based line of the heading in the file


class Lesson(BaseModel):
    model_config = ConfigDict(frozen=True)

    meta: LessonMeta
    intro: str  # Markdown before the first section
    sections: list[Section]
    path: Path | None = None
    body_line: int = 1  # 1-based line where the body starts

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def title(self) -> str:
        return self.meta.title

    def section(self, sid: str) -> Section | None:
        for s in self.sections:
            if s.id == sid:
                return s
        return None

    def section_index(self, sid: str | None) -> int:
        for i, s in enumerate(self.sections):
            if s.id == sid:
                return i
        return 0

    @property
    def markdown(self) -> str:
        return "\n\n".join([self.intro, *(s.body for s in self.sections)]).strip() + "\n"

    @property
    def words(self) -> int:
        return len(self.markdown.split())

    @property
    def estimated_minutes(self) -> int:
        """Reading time from the word count: WORDS_PER_MINUTE, rounded up, at least 1."""
        return max(1, math.ceil(self.words / WORDS_PER_MINUTE))

    @property
    def minutes(self) -> int:
        """The reading time shown: `minutes` as written, or else the estimate from the word count."""
        return self.meta.minutes if self.meta.minutes is not None else self.estimated_minutes


# --------------------------------------------------------------------------- problems and the course


class Problem(BaseModel):
    """One thing wrong in a content file, said so that an author can fix it."""

    model_config = ConfigDict(frozen=True)

    file: str  # path relative to the course folder
    line: int | None = None
    field: str | None = None  # e.g. "questions[2].options"
    message: str
    # An error keeps the file (or the part of it) out of the course; a warning is something an author
    # will want to fix before learners see it, but the course works as it is.
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        field = f" {self.field}:" if self.field else ""
        return f"{where}: {self.severity}:{field} {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


# --------------------------------------------------------------------------- learning records (xAPI)


def http_url_problem(value: str) -> str | None:
    """Why `value` is not an absolute http(s) URL, or None when it is one."""
    try:
        parts = urlsplit(value)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname or any(c.isspace() for c in value):
        return f"{value!r} is not an http(s) URL such as 'https://example.org/courses'"
    return None


def activity_base_problem(value: str) -> str | None:
    """Why `value` cannot start the IRIs of a course's activities, or None when it can."""
    problem = http_url_problem(value)
    if problem is None and (urlsplit(value).query or urlsplit(value).fragment or "?" in value or "#" in value):
        problem = f"{value!r} has a query or a fragment; activity ids are made by adding paths to it"
    return problem


# An RFC 5646 language tag as xAPI wants it for `context.language` and language maps: `en`, `fr`, `pt-BR`.
LANGUAGE_TAG_RE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")


def language_problem(value: str) -> str | None:
    if LANGUAGE_TAG_RE.fullmatch(value):
        return None
    return f"{value!r} is not a language tag such as 'en', 'fr' or 'pt-BR'"


def _raise_if(problem: str | None) -> None:
    if problem is not None:
        raise ValueError(problem)


class XapiTable(Strict):
    """The `[xapi]` table of course.toml: how the course names its learning records for a Learning Record
    Store (docs/xapi.md). Every key is optional; the environment can override each one."""

    home_page: str | None = Field(default=None, description="http(s) URL of the learners' accounts (account.homePage)")
    activity_base: str | None = Field(default=None, description="http(s) URL that every activity id starts with")
    lrs: str | None = Field(default=None, description="URL of the Learning Record Store's xAPI endpoint")
    language: str = Field(default="en", description="language of the course (RFC 5646 tag)")
    emails: str | None = Field(
        default=None, description="TOML file mapping learner names to email addresses (relative to the course folder)"
    )

    @field_validator("home_page", "lrs")
    @classmethod
    def _url(cls, v: str | None) -> str | None:
        if v is not None:
            _raise_if(http_url_problem(v))
        return v

    @field_validator("activity_base")
    @classmethod
    def _base(cls, v: str | None) -> str | None:
        if v is not None:
            _raise_if(activity_base_problem(v))
        return v

    @field_validator("language")
    @classmethod
    def _language(cls, v: str) -> str:
        _raise_if(language_problem(v))
        return v

    @field_validator("emails")
    @classmethod
    def _emails(cls, v: str | None) -> str | None:
        if v is not None:
            _check_text(v)
        return v


class ReviewTable(Strict):
    """The `[review]` table of course.toml: how much spaced review a learner is given in a day, as Anki's
    daily limits (docs/review.md). Both keys are optional."""

    new_per_day: WholeNumber = Field(
        default=20, ge=0, le=9999,
        description="questions reviewed for the first time in a day (Anki's new cards/day); 0: none",
    )
    reviews_per_day: WholeNumber = Field(
        default=200, ge=1, le=9999,
        description="review answers in a day, first reviews included (Anki's maximum reviews/day)",
    )


class Course(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    id: str
    title: str
    root: Path
    lessons: list[Lesson]  # in course order
    quizzes: dict[str, Quiz]
    problems: list[Problem] = []
    xapi: XapiTable = XapiTable()  # the [xapi] table of course.toml
    final_quiz: str | None = None  # course.toml's `final_quiz`: the exam a certificate needs (see final_exam)
    review: ReviewTable = ReviewTable()  # the [review] table of course.toml: the daily review limits

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    def lesson(self, lid: str) -> Lesson | None:
        for lesson in self.lessons:
            if lesson.id == lid:
                return lesson
        return None

    def quiz(self, qid: str) -> Quiz | None:
        return self.quizzes.get(qid)

    def quiz_for(self, lesson: Lesson) -> Quiz | None:
        return self.quizzes.get(lesson.meta.quiz) if lesson.meta.quiz else None

    @property
    def exams(self) -> list[Quiz]:
        return [q for q in self.quizzes.values() if q.is_exam]

    @property
    def final_exam(self) -> Quiz | None:
        """The quiz a certificate needs passed: course.toml's `final_quiz`, else the course's only final exam
        (a quiz of no lesson); None when it names none and the course has no exam, or several."""
        if self.final_quiz is not None:
            return self.quizzes.get(self.final_quiz)
        exams = self.exams
        return exams[0] if len(exams) == 1 else None

    def resolve_section(self, quiz: Quiz, ref: str | None) -> tuple[Lesson, Section] | None:
        """The lesson section a question points to (`slug` or `lesson#slug`)."""
        if not ref:
            return None
        lesson_id, _, sid = ref.rpartition("#")
        lesson_id = lesson_id or (quiz.lesson or "")
        lesson = self.lesson(lesson_id)
        if lesson is None:
            return None
        section = lesson.section(sid)
        return (lesson, section) if section else None
