"""Property tests for the parsers: whatever is in a quiz or lesson file, loading never raises and every
problem names its file."""

from __future__ import annotations

import tempfile
from pathlib import Path

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course.content import load_course
from course.content.models import QUESTION_TYPES

PROPS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

LESSON = '+++\nid = "base"\ntitle = "Base"\norder = 1\nsummary = "S"\nobjectives = ["O"]\n+++\n\n## Overview\n\nText.\n'

slugish = st.one_of(st.from_regex(r"[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,4})?", fullmatch=True), st.text(max_size=10))
values = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 5), st.floats(-2, 2, allow_nan=False), st.text(max_size=15), slugish,
    st.lists(st.text(max_size=8), max_size=3),
)


@st.composite
def question_dicts(draw) -> dict:
    qtype = draw(st.sampled_from([*QUESTION_TYPES, "essay"]))
    q: dict = {"id": draw(slugish), "type": qtype, "prompt": draw(st.text(max_size=20)), "explanation": "E"}
    if qtype in ("single", "multiple"):
        q["options"] = draw(st.lists(
            st.fixed_dictionaries({"text": st.text(max_size=8)}, optional={"correct": st.booleans(), "id": slugish, "pinned": st.booleans()}),
            max_size=5,
        ))
    elif qtype == "true_false":
        q["answer"] = draw(st.booleans())
    elif qtype == "matching":
        q["pairs"] = draw(st.lists(st.fixed_dictionaries({"item": st.text(max_size=6), "match": st.text(max_size=6)}), max_size=4))
    elif qtype == "ordering":
        q["items"] = draw(st.lists(st.text(max_size=6), max_size=5))
    elif qtype == "short":
        q["answers"] = draw(st.lists(st.text(max_size=6), max_size=3))
        q["fuzzy"] = draw(st.integers(-1, 5))
    elif qtype == "numeric":
        q.update(draw(st.dictionaries(st.sampled_from(["answer", "tolerance", "min", "max"]), st.floats(-10, 10, allow_nan=False), max_size=3)))
    extra = draw(st.dictionaries(st.sampled_from(["points", "section", "feedbak", "weight", "pinned"]), values, max_size=2))
    q.update({k: v for k, v in extra.items() if v is not None})
    return q


@st.composite
def quiz_dicts(draw) -> dict:
    quiz: dict = {"id": draw(slugish), "title": draw(st.text(max_size=10)), "lesson": draw(st.sampled_from(["base", "nope"]))}
    quiz.update({k: v for k, v in draw(st.dictionaries(
        st.sampled_from(["pass_mark", "shuffle_questions", "max_attempts", "feedback", "pass_mak"]), values, max_size=3
    )).items() if v is not None})
    quiz["questions"] = draw(st.lists(question_dicts(), max_size=4))
    if draw(st.booleans()):
        quiz["draw"] = [{"from": draw(slugish), "count": draw(st.integers(-1, 5))}]
    return quiz


@st.composite
def quiz_texts(draw) -> str:
    text = tomli_w.dumps(draw(quiz_dicts()))
    how = draw(st.sampled_from(["as-is", "truncated", "mutated", "random"]))
    if how == "truncated" and text:
        text = text[: draw(st.integers(0, len(text)))]
    elif how == "mutated" and text:
        chars = list(text)
        for _ in range(draw(st.integers(1, 5))):
            at = draw(st.integers(0, len(chars) - 1))
            chars[at] = draw(st.sampled_from(list('[]{}="\'#\n\\x.,') + ["\x00", "\ufeff", "é"]))
        text = "".join(chars)
    elif how == "random":
        text = draw(st.text(max_size=200))
    return text


def _check(course, names: set[str]) -> None:
    for problem in course.problems:
        assert problem.file in names, problem
        assert problem.message
        assert problem.line is None or problem.line >= 1
        assert str(problem).startswith(problem.file)


@PROPS
@given(text=quiz_texts())
def test_any_quiz_text_loads_without_raising(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "lessons").mkdir()
        (root / "quizzes").mkdir()
        (root / "lessons" / "01-base.md").write_text(LESSON, encoding="utf-8")
        (root / "quizzes" / "01-fuzz.toml").write_text(text, encoding="utf-8")
        course = load_course(root)
        _check(course, {"quizzes/01-fuzz.toml"})
        assert course.lesson("base") is not None  # the good lesson always loads
        if not course.problems:
            assert len(course.quizzes) == 1


@PROPS
@given(data=st.binary(max_size=300))
def test_any_bytes_in_a_quiz_load_without_raising(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "quizzes").mkdir()
        (root / "quizzes" / "01-fuzz.toml").write_bytes(data)
        _check(load_course(root), {"quizzes/01-fuzz.toml"})


@PROPS
@given(
    front=st.one_of(st.just('id = "other"\ntitle = "T"\norder = 2\nsummary = "S"\nobjectives = ["O"]\n'), st.text(max_size=80)),
    body=st.text(alphabet=st.sampled_from(list("#+ {}\n`~ab-")), max_size=120),
    close=st.booleans(),
)
def test_any_lesson_text_loads_without_raising(front: str, body: str, close: bool) -> None:
    text = "+++\n" + front + ("+++\n" if close else "") + body
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "lessons").mkdir()
        (root / "lessons" / "01-base.md").write_text(LESSON, encoding="utf-8")
        (root / "lessons" / "02-fuzz.md").write_text(text, encoding="utf-8")
        course = load_course(root)
        _check(course, {"lessons/02-fuzz.md"})
        assert course.lesson("base") is not None
