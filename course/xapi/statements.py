"""xAPI 1.0.3 statements made from a course's events (course.events), one statement per event.

| event            | verb               | object                                   | result                              |
| ---------------- | ------------------ | ---------------------------------------- | ----------------------------------- |
| LessonCompleted  | completed          | the lesson (activity type `lesson`)      | completion, duration                |
| QuestionAnswered | answered           | the question (a `cmi.interaction`)       | score, success, completion, response|
| QuizFinished     | passed or failed   | the quiz (activity type `assessment`)    | score, success, completion, duration|
| CourseCompleted  | completed          | the course (activity type `course`)      | completion                          |

Activity ids are IRIs under the activity base (course.xapi.settings): `{base}/{course}`,
`{base}/{course}/lessons/{lesson}`, `{base}/{course}/quizzes/{quiz}` and
`{base}/{course}/quizzes/{quiz}/questions/{question}`; a question drawn into an exam keeps the id it has in
the quiz it is written in, and the exam is its parent. The same event always makes the same statement, byte
for byte (`statement_json`): the id is a UUID derived from what the event is about, the timestamp is the
event's, and nothing depends on the clock or the machine. So sending a statement twice never makes two.

The course's own values that xAPI has no field for ride in extensions whose IRIs are under the activity base
(`{base}/extensions/NAME`): the attempt id and whether it was a practice round (context), when the attempt
started (context), the exact reading time of a lesson, the response as stored and, on a quiz with
confidence-based marking, the learner's certainty (result), and the question type (activity definition). `course.xapi.parse` reads statements back into events with them.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from course.content.markdown import plain_text
from course.content.models import Course, Question
from course.events import CourseCompleted, Event, LessonCompleted, QuestionAnswered, QuizFinished
from course.progress.models import Response
from course.qtypes import type_of
from course.qtypes.base import MissingPiece, xapi_number
from course.xapi.settings import XapiSettings

ADL_VERB = "http://adlnet.gov/expapi/verbs/"
VERBS = {name: ADL_VERB + name for name in ("completed", "passed", "failed", "answered")}
ACTIVITY_TYPE = "http://adlnet.gov/expapi/activities/"
COURSE_TYPE = ACTIVITY_TYPE + "course"
LESSON_TYPE = ACTIVITY_TYPE + "lesson"
ASSESSMENT_TYPE = ACTIVITY_TYPE + "assessment"
QUESTION_TYPE = ACTIVITY_TYPE + "cmi.interaction"
PLATFORM = "course (terminal e-learning)"
# Extension names, under `{activity base}/extensions/`.
ATTEMPT, PRACTICE, STARTED_AT, READING_SECONDS, RESPONSE, QUESTION_KIND = (
    "attempt", "practice", "started-at", "reading-seconds", "response", "question-type",
)
CERTAINTY = "certainty"  # how sure the learner said they were (1 to 3), on a quiz with confidence-based marking
NAME_LIMIT = 120  # characters of a question's prompt in its name; the description has it whole
_NAMESPACE = uuid.UUID("6b1f4c2e-3d1a-5e8f-9a7b-0c2d4e6f8a1b")


def iso(moment: datetime) -> str:
    """An xAPI timestamp: UTC, microseconds always written, so one moment has one spelling."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def duration(seconds: float) -> str:
    """An ISO 8601 duration to 0.01 s, as xAPI recommends: `PT1M30.5S`."""
    seconds = max(0.0, round(seconds, 2))
    minutes, rest = divmod(seconds, 60)
    hours, minutes = divmod(int(minutes), 60)
    text = "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    return text + f"{round(rest, 2):g}S"


number = xapi_number  # a number as response patterns write it: plain decimal digits, never an exponent


def statement_json(statement: dict[str, Any]) -> str:
    """The one serialisation of a statement: compact, keys in the order they were made, UTF-8 text kept."""
    return json.dumps(statement, ensure_ascii=False, separators=(",", ":"))


class Iris:
    """The IRIs of one course's activities and of the extensions, under the activity base."""

    def __init__(self, base: str, course_id: str):
        self.base = base.rstrip("/")
        self.course = f"{self.base}/{course_id}"

    def lesson(self, lesson_id: str) -> str:
        return f"{self.course}/lessons/{lesson_id}"

    def quiz(self, quiz_id: str) -> str:
        return f"{self.course}/quizzes/{quiz_id}"

    def question(self, quiz_id: str, key: str) -> str:
        """A question's IRI from its key in an attempt of `quiz_id` (`q1`, or `other-quiz/q1` when drawn)."""
        source, slash, qid = key.rpartition("/")
        return f"{self.quiz(source if slash else quiz_id)}/questions/{qid}"

    def extension(self, name: str) -> str:
        return f"{self.base}/extensions/{name}"


class StatementMaker:
    """Makes the statements of one course's events under one set of settings."""

    def __init__(self, course: Course, settings: XapiSettings):
        self.course = course
        self.settings = settings
        self.iris = Iris(settings.activity_base, course.id)
        # Activities as statements show them, made once each (their names are Markdown made plain text):
        # shared by every statement that shows them, so a statement is read, never changed.
        self._activities: dict[str, dict[str, Any]] = {}

    # ------------------------------------------------------------------ parts

    def _text(self, text: str) -> dict[str, str]:
        return {self.settings.language: text}

    def actor(self, learner: str) -> dict[str, Any]:
        email = self.settings.emails.get(learner)
        if email:
            return {"objectType": "Agent", "name": learner, "mbox": f"mailto:{email}"}
        return {"objectType": "Agent", "name": learner, "account": {"homePage": self.settings.home_page, "name": learner}}

    def _identity(self, learner: str) -> str:
        """What identifies the learner to an LRS (the actor's inverse functional identifier)."""
        email = self.settings.emails.get(learner)
        return f"mailto:{email}" if email else f"{self.settings.home_page} {learner}"

    def _id(self, *key: str) -> str:
        return str(uuid.uuid5(_NAMESPACE, json.dumps([self.iris.course, *key], ensure_ascii=False)))

    def registration(self, learner: str, quiz: str, attempt: str) -> str:
        """One registration per attempt: the same attempt always has the same one."""
        return self._id("registration", self._identity(learner), quiz, attempt)

    def _verb(self, name: str) -> dict[str, Any]:
        return {"id": VERBS[name], "display": {"en": name}}

    def _activity(self, iri: str, kind: str, name: str, description: str | None = None) -> dict[str, Any]:
        definition: dict[str, Any] = {"name": self._text(name)}
        if description:
            definition["description"] = self._text(description)
        definition["type"] = kind
        return {"objectType": "Activity", "id": iri, "definition": definition}

    def course_activity(self) -> dict[str, Any]:
        iri = self.iris.course
        if iri not in self._activities:
            self._activities[iri] = self._activity(iri, COURSE_TYPE, plain_text(self.course.title) or self.course.id)
        return self._activities[iri]

    def quiz_activity(self, quiz_id: str) -> dict[str, Any]:
        iri = self.iris.quiz(quiz_id)
        if iri not in self._activities:
            quiz = self.course.quiz(quiz_id)
            title = (plain_text(quiz.title) if quiz else "") or quiz_id
            description = plain_text(quiz.description) if quiz and quiz.description else None
            self._activities[iri] = self._activity(iri, ASSESSMENT_TYPE, title, description)
        return self._activities[iri]

    def lesson_activity(self, lesson_id: str) -> dict[str, Any]:
        iri = self.iris.lesson(lesson_id)
        if iri not in self._activities:
            lesson = self.course.lesson(lesson_id)
            title = (plain_text(lesson.title) if lesson else "") or lesson_id
            summary = plain_text(lesson.meta.summary) if lesson else None
            self._activities[iri] = self._activity(iri, LESSON_TYPE, title, summary)
        return self._activities[iri]

    def _context(self, parent: dict[str, Any] | None = None, grouping: dict[str, Any] | None = None,
                 registration: str | None = None, extensions: dict[str, Any] | None = None) -> dict[str, Any]:
        context: dict[str, Any] = {}
        if registration:
            context["registration"] = registration
        activities = {k: [v] for k, v in (("parent", parent), ("grouping", grouping)) if v is not None}
        if activities:
            context["contextActivities"] = activities
        context["platform"] = PLATFORM
        context["language"] = self.settings.language
        if extensions:
            context["extensions"] = {self.iris.extension(k): v for k, v in extensions.items()}
        return context

    def _statement(self, sid: str, learner: str, verb: str, obj: dict[str, Any], result: dict[str, Any],
                   context: dict[str, Any], at: datetime) -> dict[str, Any]:
        return {
            "id": sid,
            "actor": self.actor(learner),
            "verb": self._verb(verb),
            "object": obj,
            "result": result,
            "context": context,
            "timestamp": iso(at),
        }

    # ------------------------------------------------------------------ statements

    def statement(self, event: Event) -> dict[str, Any]:
        if isinstance(event, LessonCompleted):
            return self._lesson(event)
        if isinstance(event, QuestionAnswered):
            return self._answer(event)
        if isinstance(event, QuizFinished):
            return self._quiz(event)
        return self._course(event)

    def statements(self, events: Iterable[Event]) -> Iterator[dict[str, Any]]:
        for event in events:
            yield self.statement(event)

    def _lesson(self, event: LessonCompleted) -> dict[str, Any]:
        result = {
            "completion": True,
            "duration": duration(event.seconds),
            "extensions": {self.iris.extension(READING_SECONDS): event.seconds},
        }
        return self._statement(
            self._id("lesson", self._identity(event.learner), event.lesson), event.learner, "completed",
            self.lesson_activity(event.lesson), result, self._context(parent=self.course_activity()), event.at,
        )

    def _course(self, event: CourseCompleted) -> dict[str, Any]:
        return self._statement(
            self._id("course", self._identity(event.learner)), event.learner, "completed",
            self.course_activity(), {"completion": True}, self._context(), event.at,
        )

    def _quiz(self, event: QuizFinished) -> dict[str, Any]:
        result = {
            "score": _score(event.score, event.earned, event.total),
            "success": event.passed,
            "completion": True,
            "duration": duration((event.at - event.started_at).total_seconds()),
        }
        context = self._context(
            parent=self.course_activity(),
            registration=self.registration(event.learner, event.quiz, event.attempt),
            extensions={ATTEMPT: event.attempt, PRACTICE: event.practice, STARTED_AT: iso(event.started_at)},
        )
        return self._statement(
            self._id("attempt", self._identity(event.learner), event.quiz, event.attempt), event.learner,
            "passed" if event.passed else "failed", self.quiz_activity(event.quiz), result, context, event.at,
        )

    def _answer(self, event: QuestionAnswered) -> dict[str, Any]:
        source_id, slash, qid = event.question.rpartition("/")  # `q1`, or `other-quiz/q1` when drawn
        source = self.course.quiz(source_id if slash else event.quiz)
        question = source.question(qid) if source else None
        scaled = event.score / event.points if event.points else (1.0 if event.correct else 0.0)
        result: dict[str, Any] = {
            "score": _score(scaled, event.score, event.points),
            "success": event.correct,
            "completion": True,
        }
        text = response_text(question, event.response)
        if text:
            result["response"] = text
        result["extensions"] = {self.iris.extension(RESPONSE): event.response}
        if event.certainty is not None:
            result["extensions"][self.iris.extension(CERTAINTY)] = event.certainty
        context = self._context(
            parent=self.quiz_activity(event.quiz),
            grouping=self.course_activity(),
            registration=self.registration(event.learner, event.quiz, event.attempt),
            extensions={ATTEMPT: event.attempt, PRACTICE: event.practice},
        )
        return self._statement(
            self._id("answer", self._identity(event.learner), event.quiz, event.attempt, event.question),
            event.learner, "answered", self.question_activity(event.quiz, event.question, question), result,
            context, event.at,
        )

    # ------------------------------------------------------------------ questions

    def question_activity(self, quiz_id: str, key: str, question: Question | None) -> dict[str, Any]:
        iri = self.iris.question(quiz_id, key)
        if iri not in self._activities:
            definition = self._question_definition(question, key)
            self._activities[iri] = {"objectType": "Activity", "id": iri, "definition": definition}
        return self._activities[iri]

    def _question_definition(self, question: Question | None, key: str) -> dict[str, Any]:
        if question is None:  # no longer in the course: what the statement can still say
            return {"name": self._text(key.rpartition("/")[2]), "type": QUESTION_TYPE, "interactionType": "other"}
        prompt = plain_text(question.prompt) or question.id
        name = prompt if len(prompt) <= NAME_LIMIT else prompt[: NAME_LIMIT - 1].rstrip() + "…"
        definition: dict[str, Any] = {
            "name": self._text(" ".join(name.split())),
            "description": self._text(prompt),
            "type": QUESTION_TYPE,
            "interactionType": interaction_type(question),
        }
        patterns = correct_patterns(question)
        if patterns is not None:
            definition["correctResponsesPattern"] = patterns
        definition.update(self._components(question))
        definition["extensions"] = {self.iris.extension(QUESTION_KIND): question.type}
        return definition

    def _components(self, question: Question) -> dict[str, list[dict[str, Any]]]:
        return {
            name: [{"id": i, "description": self._text(plain_text(t) or i)} for i, t in components]
            for name, components in type_of(question).xapi_components(question).items()
        }


def _score(scaled: float, raw: float, most: float) -> dict[str, float]:
    """xAPI wants min < max: a question or quiz worth no points has neither."""
    if most > 0:
        return {"scaled": scaled, "raw": raw, "min": 0.0, "max": most}
    return {"scaled": scaled, "raw": raw}


def interaction_type(question: Question) -> str:
    """The question's xAPI interactionType (its type says which)."""
    qtype = type_of(question)
    if qtype.interaction_type is None:
        raise MissingPiece(qtype.name, "xAPI interaction type (interaction_type)")
    return qtype.interaction_type


def correct_patterns(question: Question) -> list[str] | None:
    """The responses that earn full points, in xAPI's response format; None when they cannot be listed
    (a short answer accepted only by a wildcard)."""
    return type_of(question).xapi_patterns(question)


def response_text(question: Question | None, response: Response) -> str | None:
    """A stored response in xAPI's response format for the question's interaction type; None when it has
    nothing to say in that format (nothing chosen, or a response of another shape)."""
    if question is None:
        return response if isinstance(response, str) else json.dumps(response)
    return type_of(question).xapi_response(question, response)
