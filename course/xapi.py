"""Learners' progress as xAPI statements, for a learning record store (LRS).

`course report --format xapi` prints a JSON array of statements: one `completed` per lesson finished, one
`passed` or `failed` per finished quiz attempt (practice rounds carry a context extension), and one
`answered` per answer given in a finished attempt. Statement ids are derived from the progress records, so
exporting twice yields the same ids and an LRS can drop the duplicates. Activity ids are URNs naming the
course, lesson, quiz and question.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from course.content.models import Course
from course.progress import Attempt, LearnerSummary

VERBS = {
    "completed": "http://adlnet.gov/expapi/verbs/completed",
    "passed": "http://adlnet.gov/expapi/verbs/passed",
    "failed": "http://adlnet.gov/expapi/verbs/failed",
    "answered": "http://adlnet.gov/expapi/verbs/answered",
}
LESSON_TYPE = "http://adlnet.gov/expapi/activities/lesson"
ASSESSMENT_TYPE = "http://adlnet.gov/expapi/activities/assessment"
QUESTION_TYPE = "http://adlnet.gov/expapi/activities/cmi.interaction"
COURSE_TYPE = "http://adlnet.gov/expapi/activities/course"
PRACTICE_EXTENSION = "urn:course:extension:practice"
_NAMESPACE = uuid.UUID("6b1f4c2e-3d1a-5e8f-9a7b-0c2d4e6f8a1b")


def activity_id(course_id: str, *parts: str) -> str:
    return ":".join(["urn:course", course_id, *parts])


def _iso(moment: datetime) -> str:
    return moment.isoformat()


def _duration(seconds: float) -> str:
    """ISO 8601 duration, as xAPI wants it: `PT1M30.5S`."""
    seconds = max(0.0, round(seconds, 2))
    minutes, rest = divmod(seconds, 60)
    hours, minutes = divmod(int(minutes), 60)
    text = "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    return text + f"{rest:g}S"


def _statement_id(*key: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, "/".join(key)))


def _actor(course_id: str, learner: str) -> dict[str, Any]:
    return {"objectType": "Agent", "name": learner, "account": {"homePage": f"urn:course:{course_id}", "name": learner}}


def _activity(iri: str, name: str, kind: str) -> dict[str, Any]:
    return {"objectType": "Activity", "id": iri, "definition": {"name": {"en": name}, "type": kind}}


def _verb(name: str) -> dict[str, Any]:
    return {"id": VERBS[name], "display": {"en": name}}


def _context(course: Course, parent: str | None = None, practice: bool | None = None) -> dict[str, Any]:
    parents = [{"id": activity_id(course.id), "objectType": "Activity"}]
    if parent:
        parents.insert(0, {"id": parent, "objectType": "Activity"})
    context: dict[str, Any] = {"contextActivities": {"parent": parents}}
    if practice is not None:
        context["extensions"] = {PRACTICE_EXTENSION: practice}
    return context


def learner_statements(course: Course, summary: LearnerSummary, attempts: list[Attempt]) -> list[dict[str, Any]]:
    """Every statement for one learner, oldest first."""
    statements: list[dict[str, Any]] = []
    actor = _actor(course.id, summary.learner)
    for lesson_id, state in summary.lessons.items():
        if state.completed_at is None:
            continue
        lesson = course.lesson(lesson_id)
        statements.append(
            {
                "id": _statement_id(course.id, summary.learner, "lesson", lesson_id),
                "actor": actor,
                "verb": _verb("completed"),
                "object": _activity(activity_id(course.id, "lesson", lesson_id), lesson.title if lesson else lesson_id, LESSON_TYPE),
                "result": {"completion": True, "duration": _duration(state.seconds)},
                "context": _context(course),
                "timestamp": _iso(state.completed_at),
            }
        )
    for attempt in attempts:
        if attempt.finished_at is None:
            continue
        quiz = course.quiz(attempt.quiz)
        quiz_iri = activity_id(course.id, "quiz", attempt.quiz)
        total = attempt.total or 0.0
        statements.append(
            {
                "id": _statement_id(course.id, summary.learner, "attempt", attempt.quiz, attempt.id),
                "actor": actor,
                "verb": _verb("passed" if attempt.passed else "failed"),
                "object": _activity(quiz_iri, quiz.title if quiz else attempt.quiz, ASSESSMENT_TYPE),
                "result": {
                    "score": {"scaled": attempt.score or 0.0, "raw": attempt.earned or 0.0, "min": 0.0, "max": total},
                    "success": bool(attempt.passed),
                    "completion": True,
                    "duration": _duration((attempt.finished_at - attempt.started_at).total_seconds()),
                },
                "context": _context(course, practice=attempt.practice),
                "timestamp": _iso(attempt.finished_at),
            }
        )
        for answer in attempt.answers:
            if answer.response is None:
                continue
            statements.append(
                {
                    "id": _statement_id(course.id, summary.learner, "answer", attempt.quiz, attempt.id, answer.question),
                    "actor": actor,
                    "verb": _verb("answered"),
                    "object": _activity(
                        activity_id(course.id, "quiz", attempt.quiz, "question", answer.question.replace("/", ":")),
                        answer.question,
                        QUESTION_TYPE,
                    ),
                    "result": {
                        "score": {"raw": answer.score, "min": 0.0, "max": answer.points,
                                  "scaled": answer.score / answer.points if answer.points else 0.0},
                        "success": answer.correct,
                        "response": _response_text(answer.response),
                    },
                    "context": _context(course, parent=quiz_iri, practice=attempt.practice),
                    "timestamp": _iso(answer.answered_at),
                }
            )
    statements.sort(key=lambda s: s["timestamp"])
    return statements


def _response_text(response: object) -> str:
    """xAPI responses are strings; lists use `[,]` as the interaction formats do."""
    if isinstance(response, list):
        return "[,]".join(str(item) for item in response)
    if isinstance(response, bool):
        return "true" if response else "false"
    return str(response)
