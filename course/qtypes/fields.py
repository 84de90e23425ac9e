"""The fields every question type shares: strict models, texts, slugs, tags, the question base and
the options of choice questions (moved here from course.content.models, which re-exports them)."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

# Slugs: the identifiers used for lessons, quizzes, questions and sections (course.content.slugs re-exports them).
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX = 64


def is_slug(value: str) -> bool:
    return len(value) <= SLUG_MAX and bool(SLUG_RE.match(value))


def slugify(text: str) -> str:
    """Turn a heading into a slug: `Key takeaways` -> `key-takeaways`."""
    normalized = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", normalized.lower()).strip("-")
    return slug[:SLUG_MAX].rstrip("-") or "section"

Slug = Annotated[str, Field(min_length=1, max_length=64)]

# Limits an author can rely on (docs/authoring.md, "Limits"). A question's choices are all laid out on the
# quiz screen at once: past MAX_CHOICES the screen would take seconds to draw, past WARN_CHOICES a learner
# scrolls through them on a 24-line terminal.
MAX_CHOICES = 50
WARN_CHOICES = 20

# The same rules, said to JSON Schema (the models enforce them with their own messages).
_SLUG_SCHEMA: dict[str, Any] = {"pattern": SLUG_RE.pattern, "maxLength": SLUG_MAX}
_TEXT_SCHEMA: dict[str, Any] = {"pattern": r"\S"}  # not empty, not only spaces


def _whole_number(value: object) -> object:
    """1.0 is the whole number 1, as it is for JSON Schema's "integer"; strings and booleans stay refused."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


WholeNumber = Annotated[int, BeforeValidator(_whole_number)]
PositiveWholeNumber = Annotated[int, Field(ge=1), BeforeValidator(_whole_number)]
Text = Annotated[str, Field(json_schema_extra=_TEXT_SCHEMA)]
SlugId = Annotated[str, Field(json_schema_extra=_SLUG_SCHEMA)]
_CHOICES_SCHEMA: dict[str, Any] = {"minItems": 2}  # the most is Field(max_length=MAX_CHOICES)


def _check_slug(value: str, what: str = "id") -> str:
    if not is_slug(value):
        raise ValueError(
            f"{what} {value!r} is not a slug: use lower-case letters, digits and single hyphens "
            "(for example 'cost-quiz')"
        )
    return value


def _check_text(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


def _check_optional_text(value: str | None) -> str | None:
    return None if value is None else _check_text(value)


class Strict(BaseModel):
    """Content as written: no string is turned into a number or a boolean, no number into a string,
    and `nan` or `inf` are never a number (they would make a question impossible to answer)."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=False, strict=True, allow_inf_nan=False
    )


# --------------------------------------------------------------------------- questions


class Option(Strict):
    text: Text
    correct: bool = False
    # The fraction of the question's points this option earns when picked (Moodle's answer grade).
    # `single`: 0..1 for a partly right option (a fully right one says `correct = true`).
    # `multiple`: -1..1; when any option has one, the question is scored by weights (see docs/authoring.md).
    weight: float | None = Field(
        default=None, ge=-1, le=1,
        description="Fraction of the points earned when picked: single 0..1 (partly right), multiple -1..1",
    )
    feedback: str | None = None
    pinned: bool = False
    id: SlugId | None = None

    _text = field_validator("text")(_check_text)

    @field_validator("id")
    @classmethod
    def _slug(cls, v: str | None) -> str | None:
        return None if v is None else _check_slug(v, "option id")


# The item-writing rules of `course check` (course.content.lint), by the id an author names in `lint_ok`.
LINT_RULES = (
    "longest-option",
    "shortest-option",
    "absolute-words",
    "of-the-above",
    "negative-stem",
    "true-false-balance",
    "one-short-answer",
    "several-right-single",
    "wrong-option-count",
    "answer-in-sibling",
    "short-answer-forms",
    "cue-guesser",
)
LintRule = Literal[
    "longest-option", "shortest-option", "absolute-words", "of-the-above", "negative-stem", "true-false-balance",
    "one-short-answer", "several-right-single", "wrong-option-count", "answer-in-sibling", "short-answer-forms",
    "cue-guesser",
]
_TAGS_SCHEMA: dict[str, Any] = {"uniqueItems": True}


def _check_tags(value: list[str]) -> list[str]:
    for tag in value:
        if not is_slug(tag):
            raise ValueError(
                f"tag {tag!r} is not a slug: use lower-case letters, digits and single hyphens "
                "(for example 'scenario')"
            )
    if len(set(value)) != len(value):
        raise ValueError("each tag must be different")
    return value


def _check_lint_ok(value: list[str]) -> list[str]:
    if len(set(value)) != len(value):
        raise ValueError("each rule id must be different")
    return value


Tags = Annotated[list[SlugId], Field(json_schema_extra=_TAGS_SCHEMA)]
LintOk = Annotated[
    list[LintRule],
    Field(json_schema_extra=_TAGS_SCHEMA, description="item-writing warnings silenced here, by rule id"),
]
LintReason = Annotated[
    Text | None,
    Field(description="why the rules in lint_ok are silenced here, for the next author"),
]



class QuestionBase(Strict):
    if TYPE_CHECKING:  # each type's model sets it, as a Literal of its name (the union's discriminator)
        type: str

    id: SlugId
    prompt: Text
    points: float = Field(default=1.0, ge=0)
    explanation: Text
    section: str | None = None
    feedback_wrong: str | None = None
    tags: Tags = []
    lint_ok: LintOk = []
    lint_reason: LintReason = None

    _prompt = field_validator("prompt", "explanation")(_check_text)
    _lint_reason = field_validator("lint_reason")(_check_optional_text)
    _tags = field_validator("tags")(_check_tags)
    _lint_ok = field_validator("lint_ok")(_check_lint_ok)

    @field_validator("id")
    @classmethod
    def _slug(cls, v: str) -> str:
        return _check_slug(v, "question id")

    @property
    def has_options(self) -> bool:
        return False


class ChoiceQuestion(QuestionBase):
    options: list[Option] = Field(max_length=MAX_CHOICES, json_schema_extra=_CHOICES_SCHEMA)

    @model_validator(mode="after")
    def _options(self) -> ChoiceQuestion:
        if len(self.options) < 2:
            raise ValueError("options: a choice question needs at least two options")
        keys = self.option_keys()
        for index, key in enumerate(keys):
            if key in keys[:index]:
                raise ValueError(
                    f"options[{index}].id: option id {key!r} is used twice in this question; "
                    "option ids must be unique within the question"
                )
        return self

    def option_keys(self) -> list[str]:
        """Stable keys of the options: their `id`, or a, b, c... by position."""
        return keys_of(self.options)

    def option_by_key(self) -> dict[str, Option]:
        return dict(zip(self.option_keys(), self.options, strict=True))

    def correct_keys(self) -> list[str]:
        return [k for k, o in zip(self.option_keys(), self.options, strict=True) if o.correct]

    def credits(self) -> list[float]:
        """What picking each option earns, as a fraction of the points (negative: what it costs)."""
        raise NotImplementedError

    def credit_by_key(self) -> dict[str, float]:
        return dict(zip(self.option_keys(), self.credits(), strict=True))

    @property
    def has_options(self) -> bool:
        return True


def keys_of(options: list[Option]) -> list[str]:
    """The stable keys of a list of options (a choice question's, a cloze's choice gap's): each one's `id`, or
    a, b, c... by position."""
    return [o.id or _letter(i) for i, o in enumerate(options)]


def _letter(i: int) -> str:
    letters = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        letters = chr(ord("a") + r) + letters
    return letters


# Weights written as percentages (33.33333%) add up to 1 only within this.
WEIGHT_SUM_TOLERANCE = 1e-3
_RIGHT_OPTION: dict[str, Any] = {"required": ["correct"], "properties": {"correct": {"const": True}}}


