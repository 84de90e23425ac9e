"""Statements made by this course (course.xapi.statements), read back into the events they were made from.

Statements from an LRS come back as they were sent, with what the LRS adds (`stored`, `authority`,
`version`) and possibly in another serialisation of the same values (a timestamp in another time zone,
context activities always in arrays): none of that changes the event. Nothing here needs the course's
content or settings: the learner comes from the actor, lesson, quiz and question ids from the activity ids,
the attempt and the rest from the course's extensions. Statements made by anything else (another platform)
are passed over.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

from course.events import CourseCompleted, Event, LessonCompleted, QuestionAnswered, QuizFinished
from course.progress.models import Response
from course.xapi.statements import (
    ATTEMPT,
    CERTAINTY,
    PLATFORM,
    PRACTICE,
    READING_SECONDS,
    RESPONSE,
    STARTED_AT,
    VERBS,
)


class StatementError(ValueError):
    """A statement of this course's platform that cannot be read as an event; the message says why."""


def events_from_statements(statements: Iterable[Mapping[str, Any]]) -> Iterator[Event]:
    """The events of this course's statements, in the order given; other statements are passed over."""
    for statement in statements:
        event = event_from_statement(statement)
        if event is not None:
            yield event


def is_course_statement(statement: Mapping[str, Any]) -> bool:
    context = statement.get("context")
    return isinstance(context, Mapping) and context.get("platform") == PLATFORM


def event_from_statement(statement: Mapping[str, Any]) -> Event | None:
    """The event a statement of this course was made from; None for a statement made by something else."""
    if not is_course_statement(statement):
        return None
    try:
        return _event(statement)
    except (KeyError, IndexError, TypeError, ValueError) as error:
        raise StatementError(f"statement {statement.get('id', '(no id)')}: cannot be read ({error!r})") from error


def _event(statement: Mapping[str, Any]) -> Event | None:
    verb = statement["verb"]["id"]
    iri = str(statement["object"]["id"])
    learner = _learner(statement["actor"])
    at = timestamp(statement["timestamp"])
    result = statement.get("result") or {}
    context = statement["context"]
    if verb == VERBS["completed"]:
        head, kind, lesson = iri.rsplit("/", 2)
        if kind == "lessons":
            return LessonCompleted(learner, lesson, at, float(_extension(result, READING_SECONDS)))
        return CourseCompleted(learner, at)
    if verb in (VERBS["passed"], VERBS["failed"]):
        score = result["score"]
        return QuizFinished(
            learner,
            _last(iri, "quizzes"),
            str(_extension(context, ATTEMPT)),
            _flag(_extension(context, PRACTICE)),
            timestamp(_extension(context, STARTED_AT)),
            at,
            score["scaled"],
            score["raw"],
            score.get("max", 0.0),
            verb == VERBS["passed"],
        )
    if verb == VERBS["answered"]:
        head, questions, qid = iri.rsplit("/", 2)
        _, quizzes, source = head.rsplit("/", 2)
        if (questions, quizzes) != ("questions", "quizzes"):
            raise ValueError(f"{iri} is not a question's id")
        quiz = _last(_first(context["contextActivities"]["parent"])["id"], "quizzes")
        score = result["score"]
        return QuestionAnswered(
            learner,
            quiz,
            str(_extension(context, ATTEMPT)),
            _flag(_extension(context, PRACTICE)),
            qid if source == quiz else f"{source}/{qid}",
            _response(_extension(result, RESPONSE)),
            score["raw"],
            score.get("max", 0.0),
            _flag(result["success"]),
            at,
            _certainty(result),
        )
    return None


def timestamp(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(f"timestamp {text!r} has no time zone")
    return moment.astimezone(UTC)


def _learner(actor: Mapping[str, Any]) -> str:
    account = actor.get("account")
    name = account["name"] if isinstance(account, Mapping) else actor["name"]
    if not isinstance(name, str) or not name:
        raise ValueError("the actor has no learner name")
    return name


def _extension(part: Mapping[str, Any], name: str) -> Any:
    """The course's extension `name` in a context or result, whatever the activity base it was made under."""
    suffix = f"/extensions/{name}"
    for key, value in (part.get("extensions") or {}).items():
        if str(key).endswith(suffix):
            return value
    raise KeyError(f"extension {name!r}")


def _last(iri: str, kind: str) -> str:
    _, found, slug = str(iri).rsplit("/", 2)
    if found != kind:
        raise ValueError(f"{iri} is not an id of {kind}")
    return slug


def _first(value: Any) -> Mapping[str, Any]:
    first = value[0] if isinstance(value, list) else value  # an LRS may return one activity or an array
    if not isinstance(first, Mapping):
        raise ValueError(f"{value!r} is not an activity")
    return first


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{value!r} is not true or false")
    return value


def _certainty(result: Mapping[str, Any]) -> int | None:
    """The learner's certainty (1 to 3) on a confidence-marked quiz; None when the statement has none."""
    try:
        value = _extension(result, CERTAINTY)
    except KeyError:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value not in (1, 2, 3):
        raise ValueError(f"{value!r} is not a certainty (1, 2 or 3)")
    return value


def _response(value: Any) -> Response:
    if isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, list) and (all(isinstance(v, str) for v in value) or all(isinstance(v, int) for v in value)):
        return value
    raise ValueError(f"{value!r} is not a stored response")
