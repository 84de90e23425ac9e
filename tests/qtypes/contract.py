"""What every question type must have, checked piece by piece: `contract_problems(name)` lists, in words,
each piece the type lacks (empty when it has them all). tests/test_qtypes_contract.py runs it over the
registry, and over a copy of the package with a planted type that has only its model."""

from __future__ import annotations

import random
import tomllib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from course.content.models import Course, Question, Quiz
from course.events import QuestionAnswered
from course.exporters.gift import question_to_gift
from course.qtypes import REGISTRY, AnyType, type_named
from course.qtypes.base import GiftSkip, MissingPiece, Refused, Shown
from course.scoring import describe_response, describe_right_answer, right_response, score
from course.xapi import StatementMaker, XapiSettings

FIXTURES = Path(__file__).parent / "fixtures"
# xAPI 1.0.3's interaction types (Part Two, 2.4.4.1).
XAPI_INTERACTIONS = {"true-false", "choice", "fill-in", "long-fill-in", "matching", "performance", "sequencing",
                     "likert", "numeric", "other"}


def fixture_questions(name: str) -> list[Question]:
    """The questions of tests/qtypes/fixtures/<name>.toml of that type (none when there is no such file)."""
    path = FIXTURES / f"{name}.toml"
    if not path.is_file():
        return []
    quiz = Quiz.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    return [q for q in quiz.questions if q.type == name]


def _piece(problems: list[str], what: str, check: Callable[[], Iterator[str]]) -> None:
    """Run one check; a piece the type lacks (MissingPiece) or an error is said with what was checked."""
    try:
        problems.extend(check())
    except MissingPiece as exc:
        problems.append(f"{what}: {exc}")
    except Exception as exc:
        problems.append(f"{what}: {type(exc).__name__}: {exc}")


def xapi_statement(question: Question, response: Any) -> dict[str, Any]:
    """The statement of a learner's answer to `question` alone in a quiz, as the course makes it."""
    quiz = Quiz(id="contract", title="Contract", questions=[question])
    course = Course(id="contract-course", title="Contract", root=FIXTURES, lessons=[], quizzes={quiz.id: quiz})
    settings = XapiSettings(activity_base="https://example.org/courses", home_page="https://example.org")
    marked = score(question, response)
    event = QuestionAnswered(
        learner="ada", quiz=quiz.id, attempt="a1", practice=False, question=question.id, response=response,
        score=marked.score, points=marked.points, correct=marked.correct, at=datetime(2026, 1, 2, tzinfo=UTC),
    )
    return StatementMaker(course, settings).statement(event)


def _scorer(qtype: AnyType, question: Question) -> Iterator[str]:
    right = right_response(question)
    marked = score(question, right)
    if not marked.correct or marked.score != question.points:
        yield f"scorer: the right response {right!r} to {question.id!r} scores {marked.score} of {question.points}"


def _descriptions(qtype: AnyType, question: Question) -> Iterator[str]:
    for text in (describe_response(question, right_response(question)), describe_right_answer(question)):
        if not text.strip():
            yield f"descriptions: {question.id!r} is described by an empty text"


def _guess(qtype: AnyType, question: Question) -> Iterator[str]:
    value = qtype.guess_score(question)
    if value is not None and not 0 <= value <= 1:
        yield f"random-guess score: {value} for {question.id!r} is not a fraction from 0 to 1"


def _plain(qtype: AnyType, question: Question) -> Iterator[str]:
    shown: Shown = qtype.show(question, random.Random(1), True)
    if not qtype.plain_expected(question, shown).strip():
        yield "plain mode: no text says how to type an answer"
    typed = qtype.typed_form(question, shown, right_response(question))
    back = qtype.parse(question, shown, typed)
    if isinstance(back, Refused) or not score(question, back).correct:
        yield f"plain-mode parser: the right answer typed as {typed!r} reads back as {back!r}"


def _plain_parts(qtype: AnyType, question: Question) -> Iterator[str]:
    """A type that plain mode asks part by part (plain_parts) reads each part, says each part right or wrong,
    and takes no answer with every part left empty; any type says its right answer briefly."""
    shown: Shown = qtype.show(question, random.Random(1), True)
    if not qtype.brief_right_answer(question, shown).strip():
        yield f"plain mode: the brief right answer to {question.id!r} is empty"
    parts = qtype.plain_parts(question, shown)
    if not parts:
        return
    verdicts = qtype.part_verdicts(question, shown, right_response(question))
    if len(verdicts) != len(parts):
        yield f"plain-mode parts: {len(verdicts)} right-or-wrong sentences for the {len(parts)} parts of {question.id!r}"
    blank = [qtype.parse_part(question, shown, index, "") for index in range(len(parts))]
    if any(isinstance(value, Refused) for value in blank):
        yield f"plain-mode parts: a part of {question.id!r} left empty (Enter) is refused"
    elif not isinstance(qtype.from_parts(question, shown, [v for v in blank if isinstance(v, str)]), Refused):
        yield f"plain-mode parts: {question.id!r} with every part left empty is taken as an answer"


def _xapi(qtype: AnyType, question: Question) -> Iterator[str]:
    from tests.test_xapi_statements import RULES  # the xAPI 1.0.3 rules every statement keeps

    if qtype.interaction_type not in XAPI_INTERACTIONS:
        yield f"xAPI mapping: interaction type {qtype.interaction_type!r} is not one of xAPI's"
        return
    statement = xapi_statement(question, right_response(question))
    for rule in RULES:
        for broken in rule(statement):
            yield f"xAPI mapping: {rule.__name__}: {broken}"


def _gift(qtype: AnyType, question: Question) -> Iterator[str]:
    try:
        text = question_to_gift(question, [])
    except GiftSkip as exc:
        if not str(exc).strip():
            yield "GIFT writer: the declared skip gives no reason"
        return
    if f"::{question.id}::" not in text:
        yield f"GIFT writer: the block of {question.id!r} does not carry its id"


def _as_written(qtype: AnyType, question: Question) -> Iterator[str]:
    from tests.answers import as_written, authored  # the type's own test file gives them

    data = authored(question)
    right, wrong = as_written(qtype.name, "right")(data), as_written(qtype.name, "wrong")(data)
    if not score(question, right).correct:
        yield f"right and wrong answers: right_as_written gives {right!r} for {question.id!r}, which is not right"
    if score(question, wrong).score != 0:
        yield f"right and wrong answers: wrong_as_written gives {wrong!r} for {question.id!r}, which earns points"


def _response_check(qtype: AnyType, question: Question) -> Iterator[str]:
    if qtype.response_problem(question, {"not": "a response"}) is None:  # type: ignore[arg-type]
        yield f"response check: a table is taken as a response to {question.id!r}"
    if (said := qtype.response_problem(question, right_response(question))) is not None:
        yield f"response check: the right response to {question.id!r} is refused: {said}"


QUESTION_CHECKS: list[tuple[str, Callable[[AnyType, Question], Iterator[str]]]] = [
    ("scorer", _scorer), ("descriptions", _descriptions), ("random-guess score", _guess),
    ("plain mode", _plain), ("plain-mode parts", _plain_parts), ("xAPI mapping", _xapi), ("GIFT writer", _gift), ("right and wrong answers", _as_written),
    ("response check", _response_check),
]


def _widget(qtype: AnyType) -> Iterator[str]:
    from course.tui.qtypes import WIDGETS

    if qtype.name not in WIDGETS:
        yield (f"widget: no answer widget for {qtype.name!r} "
               f"(a module of course/tui/qtypes/ with WIDGET = ({qtype.name!r}, ...))")


def _lint_rules(qtype: AnyType) -> Iterator[str]:
    from course.content.lint import TYPE_RULES

    for rule in qtype.lint_rules:
        if rule not in TYPE_RULES:
            yield f"lint rules: {qtype.name!r} names {rule!r}, which is none of {', '.join(TYPE_RULES)}"


def _template(qtype: AnyType) -> Iterator[str]:
    if qtype.template is None:
        yield f"template: {qtype.name!r} has no `course new` example (template)"
        return
    text = qtype.template.replace("{types}", "x").replace("{types_and}", "x").replace("{count}", "1")
    quiz = Quiz.model_validate({"id": "t", "title": "T", **tomllib.loads(text)})
    if not any(q.type == qtype.name for q in quiz.questions):
        yield f"template: the `course new` example holds no {qtype.name!r} question"


def contract_problems(name: str) -> list[str]:
    """Each piece the question type `name` lacks, in words naming the piece (empty: the type is whole)."""
    qtype = type_named(name)
    problems: list[str] = []
    questions = fixture_questions(name)
    if not questions:
        problems.append(f"fixture question: none of type {name!r} in tests/qtypes/fixtures/{name}.toml")
    for question in questions:
        for what, check in QUESTION_CHECKS:
            _piece(problems, what, lambda check=check, question=question: check(qtype, question))
    _piece(problems, "widget", lambda: _widget(qtype))
    _piece(problems, "template", lambda: _template(qtype))
    _piece(problems, "lint rules", lambda: _lint_rules(qtype))
    return list(dict.fromkeys(problems))


def registered() -> list[str]:
    return list(REGISTRY)
