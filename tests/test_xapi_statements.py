"""xAPI statements of a realistic class, checked against the xAPI 1.0.3 rules that apply to them and against
the statement models of the Ralph LRS.

The class is made through the engine (QuizSession over the shipped course and the tests' fixture courses,
every question type, right, wrong, partly right and skipped answers, practice rounds, drawn exam questions,
a learner who completes the course, a learner known by email). Each rule below is quoted from xAPI 1.0.3,
Part Two (xAPI-Data.md), with its paragraph number, and checked on every statement by one function.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib.util
import json
import re
import shutil
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from course.content import load_course
from course.content.models import Course, MatchingQuestion, MultipleQuestion, Question
from course.events import QuestionAnswered, folder_events
from course.progress import ProgressStore
from course.quizrun import QuizSession, QuizUnavailable
from course.xapi import StatementMaker, XapiSettings, event_from_statement, statement_json, xapi_settings
from tests.answers import right, wrong
from tests.conftest import FIXTURES, ROOT, made_once

Statement = dict[str, Any]


@functools.cache
def ralph() -> Any:
    """Ralph's models, imported by the tests that use them rather than by every test process that collects
    this file (0.7 s of CPU)."""
    from ralph.models.xapi.base.common import IRI, LanguageTag
    from ralph.models.xapi.base.statements import BaseXapiStatement
    from ralph.models.xapi.base.unnested_objects import BaseXapiActivityInteractionDefinition
    from ralph.models.xapi.concepts.activity_types.scorm_profile import CourseActivity

    return SimpleNamespace(IRI=IRI, LanguageTag=LanguageTag, BaseXapiStatement=BaseXapiStatement,
                           BaseXapiActivityInteractionDefinition=BaseXapiActivityInteractionDefinition,
                           CourseActivity=CourseActivity, LaxStatement=_ralph_api_models().LaxStatement)


def _ralph_api_models() -> Any:
    """ralph.api.models (the models Ralph's API takes statements in with), loaded without running
    ralph.api's __init__, which connects to the LRS backend configured in the environment."""
    spec = importlib.util.find_spec("ralph")
    assert spec is not None and spec.submodule_search_locations
    path = Path(next(iter(spec.submodule_search_locations))) / "api" / "models.py"
    module_spec = importlib.util.spec_from_file_location("ralph.api.models", path)
    assert module_spec is not None and module_spec.loader is not None
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return module


EXAM = "final-exam"  # the shipped course's exam, which draws questions from the lesson quizzes

# --------------------------------------------------------------------------- the class


def _partly(question: Question) -> object:
    """A response that earns part of the points, where the question type has partial credit."""
    if isinstance(question, MultipleQuestion):
        return right(question)[:1]  # type: ignore[index]
    if isinstance(question, MatchingQuestion):
        matches = right(question)
        return [matches[0], *([""] * (len(matches) - 1))]  # type: ignore[index]
    return wrong(question)


def _take(course: Course, learner, quiz_id: str, pick: Callable[[int, Question], object], seed: int,
          only: list[str] | None = None) -> list[str]:
    try:
        session = QuizSession.start(course, course.quiz(quiz_id), learner, seed=seed, only=only)
    except QuizUnavailable:
        return []
    for i, played in enumerate(session.questions):
        response = pick(i, played.question)
        if response is not None:  # None: skipped
            session.answer(i, response, i % 3 + 1 if session.confidence else None)  # certainties 1, 2, 3 in turn
    session.finish()
    return session.missed_keys()


def _class(course: Course, progress: Path) -> None:
    store = ProgressStore(progress, course.id)
    ana, ben, cara = store.open("ana"), store.open("ben"), store.open("cara")
    for n, lesson in enumerate(course.lessons):
        ana.lesson_completed(lesson.id)
        ana.add_lesson_time(lesson.id, 61.234 + n)
    ben.lesson_completed(course.lessons[0].id)
    ben.add_lesson_time(course.lessons[0].id, 3725.5)
    lesson_quizzes = [q for q in course.quizzes.values() if not q.is_exam]
    for seed, quiz in enumerate(list(lesson_quizzes) + course.exams):
        _take(course, ana, quiz.id, lambda i, q: right(q), seed)
        missed = _take(course, ben, quiz.id, lambda i, q: wrong(q) if i % 2 else right(q), seed)
        if missed:
            _take(course, ben, quiz.id, lambda i, q: right(q), seed, only=missed)  # a practice round
        # Cara skips one question in four (an all-that-apply question with nothing ticked is no answer: the
        # engine refuses it, as the app does), is partly right, wrong, then right.
        _take(course, cara, quiz.id, lambda i, q: [None, _partly(q), wrong(q), right(q)][i % 4], seed + 1)


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Course, XapiSettings, list[Statement]]]:
    """(course, settings, statements) for the shipped course and the tests' fixture courses."""
    found = []
    for n, root in enumerate((ROOT, FIXTURES / "good_course", FIXTURES / "tui_course")):
        course = load_course(root)
        assert not course.errors
        # The class is made once a run (1.5 s for the shipped course), each test process reading a copy.
        progress = tmp_path_factory.mktemp("progress")
        shutil.copytree(made_once(tmp_path_factory, f"xapi-class-{n}", functools.partial(_class, course)),
                        progress, dirs_exist_ok=True)
        settings = dataclasses.replace(
            xapi_settings(course, environ={}),
            activity_base="https://lrs.example.org/xapi", home_page="https://school.example.org",
            emails={"ben": "ben@example.org"},
        )
        maker = StatementMaker(course, settings)
        statements = [json.loads(statement_json(s)) for events in folder_events(course, progress, []) for s in
                      maker.statements(events)]
        found.append((course, settings, statements))
    return found


@pytest.fixture(scope="module")
def statements(made) -> list[Statement]:
    return [s for _, _, found in made for s in found]


def test_the_class_has_every_kind_of_statement_and_question(statements):
    verbs = {s["verb"]["id"].rsplit("/", 1)[1] for s in statements}
    assert verbs == {"completed", "passed", "failed", "answered"}
    interactions = {s["object"]["definition"]["interactionType"] for s in statements if "answered" in s["verb"]["id"]}
    assert interactions == {"choice", "true-false", "matching", "sequencing", "fill-in", "numeric"}
    kinds = {s["object"]["definition"]["type"].rsplit("/", 1)[1] for s in statements}
    assert kinds == {"course", "lesson", "assessment", "cmi.interaction"}
    practice = [s for s in statements if any(k.endswith("/extensions/practice") and v for k, v in
                                             s["context"].get("extensions", {}).items())]
    assert practice and {s["actor"].get("mbox") for s in practice} == {"mailto:ben@example.org"}
    assert len(statements) > 500


# --------------------------------------------------------------------------- xAPI 1.0.3, rule by rule

STATEMENT_KEYS = {"id", "actor", "verb", "object", "result", "context", "timestamp", "stored", "authority", "version",
                  "attachments"}
ALLOWED = {  # 2.4 and its sub-sections: the properties of each object
    "actor": {"objectType", "name", "mbox", "mbox_sha1sum", "openid", "account"},
    "account": {"homePage", "name"},
    "verb": {"id", "display"},
    "object": {"objectType", "id", "definition"},
    "definition": {"name", "description", "type", "moreInfo", "extensions", "interactionType",
                   "correctResponsesPattern", "choices", "scale", "source", "target", "steps"},
    "component": {"id", "description"},
    "result": {"score", "success", "completion", "response", "duration", "extensions"},
    "score": {"scaled", "raw", "min", "max"},
    "context": {"registration", "instructor", "team", "contextActivities", "revision", "platform", "language",
                "statement", "extensions"},
    "contextActivities": {"parent", "grouping", "category", "other"},
}
IFIS = ("mbox", "mbox_sha1sum", "openid", "account")
INTERACTION_TYPES = {"true-false", "choice", "fill-in", "long-fill-in", "matching", "performance", "sequencing",
                     "likert", "numeric", "other"}
COMPONENT_LISTS = {  # 2.4.4.1.s15 table 2: the interaction component lists each interactionType supports
    "choice": {"choices"}, "sequencing": {"choices"}, "likert": {"scale"}, "matching": {"source", "target"},
    "performance": {"steps"},
}
DURATION_RE = re.compile(r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$")
NUMBER = r"-?\d+(?:\.\d+)?"


def _activities(s: Statement) -> Iterator[Statement]:
    yield s["object"]
    for value in s.get("context", {}).get("contextActivities", {}).values():
        yield from value if isinstance(value, list) else [value]


def _language_maps(s: Statement) -> Iterator[dict[str, str]]:
    yield s["verb"].get("display", {})
    for activity in _activities(s):
        definition = activity.get("definition", {})
        yield from (definition[k] for k in ("name", "description") if k in definition)
        for key in ("choices", "scale", "source", "target", "steps"):
            yield from (c["description"] for c in definition.get(key, []) if "description" in c)


def _walk(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """Every (path, value) of a statement, extensions' contents left out (their values are free)."""
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            if key != "extensions":
                yield from _walk(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, f"{path}[{index}]")


def _iri_problem(value: Any) -> str | None:
    try:
        ralph().IRI.model_validate(value)
    except ValueError as error:
        return f"{value!r} is not an IRI ({error})"
    return None


def rule_required_properties(s: Statement) -> Iterator[str]:
    """2.2.s2.b3: A Statement MUST use "actor", "verb", and "object"."""
    yield from (f"no {key}" for key in ("actor", "verb", "object") if key not in s)


def rule_no_null_values(s: Statement) -> Iterator[str]:
    """2.2.s4.b1.b1: The LRS MUST reject Statements with any null values (except inside extensions)."""
    yield from (f"{path} is null" for path, value in _walk(s) if value is None)


def rule_no_empty_objects(s: Statement) -> Iterator[str]:
    """2.2.s2.b1: Statements and other objects SHOULD NOT include properties with a value of an empty object.
    (Ralph also refuses empty strings outside extensions.)"""
    yield from (f"{path} is empty" for path, value in _walk(s) if value in ({}, ""))


def rule_only_properties_of_the_specification(s: Statement) -> Iterator[str]:
    """2.2.s3.b6, 2.2.s4.b1.b7: Additional properties SHOULD* NOT be added to Statements unless explicitly
    allowed by this specification; the LRS MUST reject a key not allowed by this specification."""
    found: list[tuple[str, dict[str, Any]]] = [("statement", s), ("actor", s["actor"]), ("verb", s["verb"])]
    found += [("account", s["actor"]["account"])] if "account" in s["actor"] else []
    for activity in _activities(s):
        found.append(("object", activity))
        definition = activity.get("definition", {})
        found.append(("definition", definition))
        for key in ("choices", "scale", "source", "target", "steps"):
            found += [("component", c) for c in definition.get(key, [])]
    for key in ("result", "context"):
        if key in s:
            found.append((key, s[key]))
    found += [("score", s["result"]["score"])] if "score" in s.get("result", {}) else []
    found += [("contextActivities", s["context"]["contextActivities"])] if "contextActivities" in s.get(
        "context", {}) else []
    for kind, value in found:
        allowed = STATEMENT_KEYS if kind == "statement" else ALLOWED[kind]
        yield from (f"{kind} has {key!r}" for key in value if key not in allowed)


def rule_id_is_a_uuid(s: Statement) -> Iterator[str]:
    """2.4.1.s1: A UUID (all versions of variant 2 in RFC 4122 are valid, and the UUID MUST be in standard
    string form). 2.4.1.s2.b2: Statement ids SHOULD be generated by the Learning Record Provider."""
    value = s.get("id")
    if not isinstance(value, str) or str(uuid.UUID(value)) != value or uuid.UUID(value).variant != uuid.RFC_4122:
        yield f"id {value!r} is not a UUID in standard form"


def rule_agent_has_exactly_one_ifi(s: Statement) -> Iterator[str]:
    """2.4.2.1.s2.b1/b2: An Agent MUST be identified by one (1) of the four types of Inverse Functional
    Identifiers; an Agent MUST NOT include more than one (1) Inverse Functional Identifier."""
    found = [key for key in IFIS if key in s["actor"]]
    if len(found) != 1:
        yield f"the actor has {found or 'no'} identifiers"


def rule_mbox_is_a_mailto_iri(s: Statement) -> Iterator[str]:
    """2.4.2.3.s3: mbox: the required format is "mailto:email address". 2.4.2.3.s4.b1: clients SHOULD use
    lowercase for the domain portion of the email address."""
    mbox = s["actor"].get("mbox")
    if mbox is not None and not re.fullmatch(r"mailto:[^@\s]+@[a-z0-9.-]+", mbox):
        yield f"mbox {mbox!r} is not mailto:address with a lower-case domain"


def rule_account_has_a_url_home_page_and_a_name(s: Statement) -> Iterator[str]:
    """2.4.2.4.s2 table: account.homePage (IRL, required): the canonical home page for the system the account
    is on; account.name (String, required): the unique id or name used to log in to this account."""
    account = s["actor"].get("account")
    if account is None:
        return
    if not re.match(r"^https?://[^/\s]+", str(account.get("homePage"))) or _iri_problem(account.get("homePage")):
        yield f"homePage {account.get('homePage')!r} is not a URL"
    if not isinstance(account.get("name"), str) or not account["name"]:
        yield "the account has no name"


def rule_verb_id_is_an_iri_and_has_a_display(s: Statement) -> Iterator[str]:
    """2.4.3.s3 table: verb id (IRI, required); 2.4.3.s5.b1: the "display" property SHOULD be used by all
    Statements."""
    if problem := _iri_problem(s["verb"].get("id")):
        yield problem
    if not s["verb"].get("display"):
        yield "the verb has no display"


def rule_activities_are_activities_with_iri_ids(s: Statement) -> Iterator[str]:
    """2.4.4.1.s1 table: objectType MUST be `Activity` when present; id (IRI) required. 2.4.4.s2: Objects
    SHOULD include an "objectType" property. Activity type (IRI)."""
    for activity in _activities(s):
        if activity.get("objectType") != "Activity":
            yield f"{activity.get('id')}: objectType is {activity.get('objectType')!r}"
        for value in (activity.get("id"), activity.get("definition", {}).get("type")):
            if problem := _iri_problem(value):
                yield problem


def rule_interactions_have_a_valid_interaction_type(s: Statement) -> Iterator[str]:
    """2.4.4.1.s13.b1: Interaction Activities MUST have a valid interactionType. 2.4.4.1.s13.b2: Interaction
    Activities SHOULD have the Activity type http://adlnet.gov/expapi/activities/cmi.interaction."""
    for activity in _activities(s):
        definition = activity.get("definition", {})
        interaction = "interactionType" in definition or definition.get("type", "").endswith("/cmi.interaction")
        if interaction and definition.get("interactionType") not in INTERACTION_TYPES:
            yield f"{activity['id']}: interactionType {definition.get('interactionType')!r}"
        if interaction and definition.get("type") != "http://adlnet.gov/expapi/activities/cmi.interaction":
            yield f"{activity['id']}: type {definition.get('type')!r}"


def rule_component_lists_fit_the_interaction_type(s: Statement) -> Iterator[str]:
    """2.4.4.1.s15 table 2: choice and sequencing take `choices`, likert `scale`, matching `source` and
    `target`, performance `steps`; true-false, fill-in, long-fill-in, numeric and other take none."""
    definition = s["object"].get("definition", {})
    if "interactionType" not in definition:
        return
    used = {key for key in ("choices", "scale", "source", "target", "steps") if key in definition}
    allowed = COMPONENT_LISTS.get(definition["interactionType"], set())
    yield from (f"{definition['interactionType']} has {key}" for key in used - allowed)
    if definition["interactionType"] != "other":
        yield from (f"{definition['interactionType']} lacks {key}" for key in allowed - used)


def rule_component_ids_are_distinct_without_whitespace(s: Statement) -> Iterator[str]:
    """2.4.4.1.s16.b1: Within an array of interaction components, all id values MUST be distinct.
    2.4.4.1.s16.b2: An interaction component's id value SHOULD NOT have whitespace."""
    definition = s["object"].get("definition", {})
    for key in ("choices", "scale", "source", "target", "steps"):
        ids = [c["id"] for c in definition.get(key, [])]
        if len(set(ids)) != len(ids):
            yield f"{key} ids repeat: {ids}"
        yield from (f"{key} id {i!r} has whitespace" for i in ids if re.search(r"\s", i))


def _response_problem(definition: Statement, text: str) -> str | None:
    """2.4.4.1.s10: the format of a response (and of each correct response pattern) by interactionType."""
    kind = definition["interactionType"]
    ids = {key: {c["id"] for c in definition.get(key, [])} for key in ("choices", "source", "target")}
    items = text.split("[,]")
    if kind == "true-false":
        ok = text in ("true", "false")
    elif kind == "choice":  # item ids delimited by [,]
        ok = all(i in ids["choices"] for i in items) and len(set(items)) == len(items)
    elif kind == "sequencing":  # an ordered list of item ids delimited by [,]
        ok = all(i in ids["choices"] for i in items)
    elif kind == "matching":  # source[.]target pairs delimited by [,]
        pairs = [i.split("[.]") for i in items]
        ok = all(len(p) == 2 and p[0] in ids["source"] and p[1] in ids["target"] for p in pairs)
    elif kind == "numeric":  # a number, or min[:]max with either end left out
        ok = bool(re.fullmatch(f"{NUMBER}|(?:{NUMBER})?\\[:\\](?:{NUMBER})?", text)) and text != "[:]"
    else:  # fill-in: responses delimited by [,]; other: any format
        ok = all(items)
    return None if ok else f"{kind} response {text!r} is not in the format of its type"


def rule_responses_are_in_the_format_of_their_interaction_type(s: Statement) -> Iterator[str]:
    """2.4.4.1.s10: the format of result.response (the learner's response) for each interactionType:
    true-false `true` or `false`; choice item ids delimited by [,] (no delimiter for one); matching pairs
    `source[.]target` delimited by [,]; sequencing an ordered list of item ids; numeric a number or a range
    `min[:]max`; fill-in responses delimited by [,]."""
    definition = s["object"].get("definition", {})
    response = s.get("result", {}).get("response")
    if "interactionType" in definition and response is not None and (problem := _response_problem(definition, response)):
        yield problem


def rule_correct_response_patterns_are_in_the_format_of_their_type(s: Statement) -> Iterator[str]:
    """2.4.4.1.s8 table: correctResponsesPattern is an Array of Strings; 2.4.4.1.s10: each string is in the
    response format of the interactionType."""
    definition = s["object"].get("definition", {})
    patterns = definition.get("correctResponsesPattern")
    if patterns is None:
        return
    if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
        yield f"correctResponsesPattern {patterns!r} is not an array of strings"
        return
    yield from (p for pattern in patterns if (p := _response_problem(definition, pattern)))


def _matches(definition: Statement, response: str) -> bool:
    """2.4.4.1.s11: a response is correct if it matches any of the patterns; where a pattern is a delimited
    list, only if all of its items match (case does not matter in fill-in: case_matters defaults to false)."""
    kind = definition["interactionType"]
    for pattern in definition.get("correctResponsesPattern", []):
        if kind in ("choice", "matching"):
            ok = set(pattern.split("[,]")) == set(response.split("[,]"))
        elif kind == "fill-in":
            ok = pattern.casefold() == response.casefold()
        elif kind == "numeric":
            low, sep, high = pattern.partition("[:]")
            value = float(response)
            ok = (float(low) - 1e-9 <= value <= float(high or low) + 1e-9) if sep or low else False
        else:
            ok = pattern == response
        if ok:
            return True
    return False


def rule_a_fully_right_answer_matches_a_correct_response_pattern(s: Statement) -> Iterator[str]:
    """2.4.4.1.s11: The Learning Record Provider is allowed to mark questions as correct where the response
    does not match the correct responses pattern, though this is discouraged except in exceptional
    circumstances. (Here: every answer the engine scored fully right matches a pattern.)"""
    definition, result = s["object"].get("definition", {}), s.get("result", {})
    checked = "correctResponsesPattern" in definition and result.get("success") is True and "response" in result
    if checked and not _matches(definition, result["response"]):
        yield f"{result['response']!r} was right but matches none of {definition['correctResponsesPattern']}"


def rule_result_has_the_types_of_the_specification(s: Statement) -> Iterator[str]:
    """2.4.5.s2 table: success Boolean, completion Boolean, response String, duration Duration.
    4.6.s1.b1: a Duration MUST be expressed using the format for Duration in ISO 8601:2004(E) 4.4.3.2.
    4.6.s1.b2: Learning Record Providers SHOULD provide a maximum precision of 0.01 seconds."""
    result = s.get("result", {})
    for key in ("success", "completion"):
        if key in result and not isinstance(result[key], bool):
            yield f"{key} is {result[key]!r}"
    if "response" in result and not isinstance(result["response"], str):
        yield f"response is {result['response']!r}"
    if "duration" in result:
        text = result["duration"]
        if not DURATION_RE.match(text) or re.search(r"\.\d{3,}S", text):
            yield f"duration {text!r} is not an ISO 8601 duration to 0.01 s"


def rule_score_is_scaled_between_minus_one_and_one_and_raw_between_min_and_max(s: Statement) -> Iterator[str]:
    """2.4.5.1.s2 table: scaled: decimal number between -1 and 1, inclusive; raw: between min and max (if
    present), inclusive; min: less than max (if present); max: greater than min (if present).
    2.4.5.1.s3.b1: the Score Object SHOULD include "scaled" if a logical percent based score is known."""
    score = s.get("result", {}).get("score")
    if score is None:
        return
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in score.values()):
        yield f"score has a value that is not a number: {score}"
        return
    if "scaled" not in score or not -1 <= score["scaled"] <= 1:
        yield f"scaled {score.get('scaled')!r} is not between -1 and 1"
    low, high, raw = score.get("min"), score.get("max"), score.get("raw")
    if low is not None and high is not None and not low < high:
        yield f"min {low} is not less than max {high}"
    if raw is not None and ((low is not None and raw < low) or (high is not None and raw > high)):
        yield f"raw {raw} is not between min {low} and max {high}"


def rule_context_has_the_types_of_the_specification(s: Statement) -> Iterator[str]:
    """2.4.6.s3 table: registration UUID; language an RFC 5646 tag. 2.4.6.s4.b2: the "platform" property
    MUST only be used if the Statement's Object is an Activity. 2.4.6.2.s4.b1: every key in the
    contextActivities Object MUST be one of parent, grouping, category, or other. 2.4.6.2.s4.b5: the Learning
    Record Provider SHOULD ensure that every value in the contextActivities Object is an array."""
    context = s.get("context", {})
    if "registration" in context and str(uuid.UUID(context["registration"])) != context["registration"]:
        yield f"registration {context['registration']!r} is not a UUID in standard form"
    if "platform" in context and s["object"].get("objectType", "Activity") != "Activity":
        yield "platform on a statement whose object is not an Activity"
    if "language" in context:
        try:
            ralph().LanguageTag.model_validate(context["language"])
        except ValueError:
            yield f"language {context['language']!r} is not an RFC 5646 tag"
    for key, value in context.get("contextActivities", {}).items():
        if key not in ALLOWED["contextActivities"] or not isinstance(value, list):
            yield f"contextActivities.{key} is not an array of a valid context type"


def rule_extension_keys_are_iris(s: Statement) -> Iterator[str]:
    """4.1.s3.b1: The keys of an extensions map MUST be IRIs."""
    maps = [s.get("result", {}).get("extensions", {}), s.get("context", {}).get("extensions", {})]
    maps += [a.get("definition", {}).get("extensions", {}) for a in _activities(s)]
    yield from (p for extensions in maps for key in extensions if (p := _iri_problem(key)))


def rule_language_maps_have_rfc5646_keys_and_plain_text(s: Statement) -> Iterator[str]:
    """2.2.s3.b2: Keys of language maps MUST be sent with valid RFC 5646 language tags. 4.2.s1: The content
    of strings within a language map is plain text; formatting code such as HTML tags or markdown will not
    be rendered."""
    for language_map in _language_maps(s):
        for tag, text in language_map.items():
            try:
                ralph().LanguageTag.model_validate(tag)
            except ValueError:
                yield f"{tag!r} is not an RFC 5646 tag"
            if re.search(r"\*\*|__|`|\]\(|</?[a-z]+>|^#+ ", text):
                yield f"{text!r} is not plain text"


def rule_timestamp_is_iso_8601_with_zone_and_not_in_the_future(s: Statement) -> Iterator[str]:
    """4.5.s1.b1-b4: a Timestamp MUST be formatted according to ISO 8601, SHOULD* be in RFC 3339 form, MUST
    preserve precision to at least milliseconds, SHOULD* include the time zone. 2.4.7.s3.b4: A Learning
    Record Provider MUST NOT use a future time for a "timestamp" property in a Statement."""
    text = s.get("timestamp", "")
    if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3,}(Z|[+-]\d\d:\d\d)", text):
        yield f"timestamp {text!r} is not RFC 3339 with milliseconds and a zone"
    elif datetime.fromisoformat(text) > datetime.now(UTC):
        yield f"timestamp {text!r} is in the future"


def rule_version_is_left_to_the_lrs(s: Statement) -> Iterator[str]:
    """2.4.10.s4.b1/b2: if Learning Record Providers set the Statement version, they MUST set it to 1.0.0;
    they SHOULD NOT set it. 2.4.8.s3.b2: "stored" MUST be set by the LRS."""
    yield from (f"{key} is set" for key in ("version", "stored") if key in s)


RULES = [value for name, value in sorted(globals().items()) if name.startswith("rule_")]


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.__name__.removeprefix("rule_"))
def test_every_statement_keeps_the_rule(rule, statements):
    broken = [f"{s['id']}: {problem}" for s in statements for problem in rule(s)]
    assert not broken, f"{len(broken)} statements break it: {rule.__doc__}\n" + "\n".join(broken[:10])


def test_one_activity_id_always_has_one_definition(statements):
    """2.4.4.1.s3.b2: An Activity id MUST always reference the same Activity. 2.4.4.1.s5.b2: A Learning
    Record Provider MUST only generate Statements against a certain Activity id that are compatible and
    consistent with Statements previously stored against the same Activity id."""
    seen: dict[str, Any] = {}
    for s in statements:
        for activity in _activities(s):
            known = seen.setdefault(activity["id"], activity.get("definition"))
            assert known == activity.get("definition"), activity["id"]
    questions = [i for i in seen if "/questions/" in i]
    assert len(questions) == len(set(questions)) and len(seen) > 100


# --------------------------------------------------------------------------- the Ralph LRS's models


def test_every_statement_passes_ralphs_statement_models(statements):
    """What Ralph's API takes in (LaxStatement), its full base model of a statement (BaseXapiStatement, which
    forbids unknown keys, empty values, and checks IRIs, UUIDs, language tags and scores), and, for each
    object, the model of its kind: an interaction definition (BaseXapiActivityInteractionDefinition) or a
    course activity (the SCORM profile's CourseActivity)."""
    for s in statements:
        ralph().LaxStatement.model_validate(s)
        ralph().BaseXapiStatement.model_validate(s)
        definition = s["object"]["definition"]
        if "interactionType" in definition:
            ralph().BaseXapiActivityInteractionDefinition.model_validate(definition)
        if definition["type"].endswith("/course"):
            ralph().CourseActivity.model_validate(s["object"])


def test_ralph_would_refuse_the_old_statements():
    """The checks above catch what was wrong before: a `urn:` home page is no URL, an interaction without
    interactionType is no interaction."""
    old = {
        "actor": {"objectType": "Agent", "name": "ana", "account": {"homePage": "urn:course:c", "name": "ana"}},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/answered", "display": {"en": "answered"}},
        "object": {"objectType": "Activity", "id": "urn:course:c:quiz:q:question:q1",
                   "definition": {"name": {"en": "q1"}, "type": "http://adlnet.gov/expapi/activities/cmi.interaction"}},
        "result": {"response": "b"},
        "timestamp": "2026-01-01T00:00:00.000Z",
    }
    assert list(rule_account_has_a_url_home_page_and_a_name(old))
    assert list(rule_interactions_have_a_valid_interaction_type(old))


# --------------------------------------------------------------------------- what the course promises


def test_statement_ids_are_unique_and_every_statement_reads_back_as_its_event(made, tmp_path):
    for course, settings, found in made:
        assert len({s["id"] for s in found}) == len(found)
        events = [event_from_statement(s) for s in found]
        maker = StatementMaker(course, settings)
        assert [json.loads(statement_json(maker.statement(e))) for e in events] == found  # type: ignore[arg-type]


def test_the_same_event_makes_the_same_bytes_and_other_settings_other_ids(made):
    course, settings, found = made[1]
    events = [event_from_statement(s) for s in found]
    first = [statement_json(StatementMaker(course, settings).statement(e)) for e in events]  # type: ignore[arg-type]
    again = [statement_json(StatementMaker(course, settings).statement(e)) for e in events]  # type: ignore[arg-type]
    assert first == again
    moved = dataclasses.replace(settings, home_page="https://other.example.org")
    other = [json.loads(statement_json(StatementMaker(course, moved).statement(e))) for e in events]  # type: ignore[arg-type]
    assert not {s["id"] for s in other} & {s["id"] for s in found if "account" in s["actor"]}


def test_questions_are_named_by_their_prompt_in_plain_text(made):
    course, _, found = made[0]
    answered = [s for s in found if s["verb"]["id"].endswith("/answered")]
    prompts = {f"/quizzes/{quiz.id}/questions/{q.id}": q.prompt for quiz in course.quizzes.values() for q in quiz.questions}
    for s in answered:
        definition = s["object"]["definition"]
        prompt = prompts[s["object"]["id"].split(course.id, 1)[1]]
        assert definition["name"]["en"] != s["object"]["id"].rsplit("/", 1)[1]
        words = re.findall(r"[A-Za-z]{4,}", prompt)
        assert words and all(w in definition["description"]["en"] for w in words)
        assert definition["name"]["en"] == definition["description"]["en"][:120] or definition["name"]["en"].endswith("…")


def test_a_question_drawn_into_an_exam_keeps_its_own_id_and_has_the_exam_as_parent(made):
    _, _, found = made[0]
    exam = next(s for s in found if s["verb"]["id"].endswith("/answered")
                and s["context"]["contextActivities"]["parent"][0]["id"].endswith(f"/quizzes/{EXAM}")
                and f"/quizzes/{EXAM}/" not in s["object"]["id"])
    assert exam["context"]["contextActivities"]["grouping"][0]["id"].endswith("/outsourcing-vs-offshoring")
    assert event_from_statement(exam).question.count("/") == 1  # type: ignore[union-attr]


def test_answers_to_the_confidence_marked_quiz_carry_their_certainty_and_no_other_answer_does(made):
    course, _, found = made[0]
    certainties: dict[str, set[object]] = {}
    for s in found:
        if s["verb"]["id"].endswith("/answered"):
            quiz = s["context"]["contextActivities"]["parent"][0]["id"].rsplit("/", 1)[1]
            said = {v for k, v in s["result"]["extensions"].items() if k.endswith("/extensions/certainty")}
            certainties.setdefault(quiz, set()).update(said or {None})
            if quiz == "summary-quiz" and not said:
                print("DBG", s["object"]["id"], s["result"], s["actor"])
    # The summary quiz asks for certainty (the class gives 1, 2 and 3 in turn); no other quiz does.
    assert certainties.pop("summary-quiz") == {1, 2, 3}
    assert set().union(*certainties.values()) == {None}
    # Read back as the events they were made from; a summary question drawn into the final exam has none.
    read_back: dict[str, set[int | None]] = {}
    for s in found:
        if s["verb"]["id"].endswith("/answered") and "/summary-quiz/" in s["object"]["id"]:
            event = event_from_statement(s)
            assert isinstance(event, QuestionAnswered)
            read_back.setdefault(event.quiz, set()).add(event.certainty)
    assert read_back == {"summary-quiz": {1, 2, 3}, EXAM: {None}}


@pytest.mark.parametrize("certainty", [0, 4, "3", True, None])
def test_a_statement_with_a_certainty_that_is_not_1_2_or_3_is_not_read(made, certainty):
    from course.xapi.parse import StatementError

    _, _, found = made[0]
    statement = json.loads(json.dumps(next(s for s in found if "/summary-quiz/" in s["object"]["id"]
                                           and s["verb"]["id"].endswith("/answered"))))
    key = next(k for k in statement["result"]["extensions"] if k.endswith("/extensions/certainty"))
    statement["result"]["extensions"][key] = certainty
    with pytest.raises(StatementError, match="certainty"):
        event_from_statement(statement)
