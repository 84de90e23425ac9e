"""Fuzzed content: load_course never raises, and every problem names its file.

Hypothesis writes a course of lesson and quiz files that are valid, built from random keys and values,
mutated byte by byte, truncated, or random bytes. The default run tries 200 courses; the `fuzz` profile
tries 10,000:

    python -m pytest tests/test_faults_fuzz_content.py --hypothesis-profile=fuzz

(the profile is registered in tests/conftest.py; `HYPOTHESIS_PROFILE=fuzz` works too.)
"""

from __future__ import annotations

import os
import random
import tempfile
from pathlib import Path

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course.content import load_course
from course.content.models import QUESTION_TYPES
from tests.benchmarks.gen import lesson_text, quiz_text

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10000"))
DEFAULT_EXAMPLES = 200

if "fuzz" not in settings._profiles:  # tests/conftest.py may register it first (needed for the command-line flag)
    settings.register_profile(
        "fuzz", max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck)
    )
if os.environ.get("HYPOTHESIS_PROFILE") == "fuzz":
    settings.load_profile("fuzz")
EXAMPLES = (
    settings.default.max_examples if settings.get_current_profile_name() == "fuzz" else DEFAULT_EXAMPLES
)

# ------------------------------------------------------------------------------------- strategies

slugs = st.one_of(st.sampled_from(["lesson-a", "lesson-b", "quiz-a", "quiz-b", "q1", "q2"]), st.from_regex(r"[a-z0-9-]{0,12}", fullmatch=True))
values = st.one_of(
    st.text(max_size=30),
    slugs,
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(),
    st.booleans(),
    st.lists(st.one_of(st.text(max_size=10), st.integers(-5, 5), st.booleans()), max_size=4),
    st.dictionaries(st.sampled_from(["text", "correct", "item", "match", "weight"]), st.text(max_size=8), max_size=3),
)
LESSON_KEYS = ["id", "title", "order", "summary", "objectives", "quiz", "minutes", "extra", "tittle"]
QUIZ_KEYS = ["id", "title", "lesson", "pass_mark", "shuffle_questions", "shuffle_options", "max_attempts",
             "feedback", "description", "confidence", "pass_mak"]
QUESTION_KEYS = ["id", "prompt", "points", "explanation", "section", "feedback_wrong", "answer", "tolerance",
                 "min", "max", "unit", "items", "distractors", "fuzzy", "answers", "feedback_true", "options", "pairs"]


@st.composite
def built_lesson(draw) -> bytes:
    front = draw(st.dictionaries(st.sampled_from(LESSON_KEYS), values, max_size=8))
    if draw(st.booleans()):
        front.update(id=draw(slugs), title="T", order=draw(st.integers(-3, 3)), summary="S", objectives=["o"])
    lines = draw(st.lists(st.one_of(st.text(max_size=40), st.builds(lambda t: "## " + t, st.text(max_size=20)),
                                     st.sampled_from(["```", "## Same", "## X {#bad id}", "## Y {#y}", "+++"])),
                          max_size=12))
    return ("+++\n" + tomli_w.dumps(front) + "+++\n" + "\n".join(lines)).encode("utf-8", "surrogatepass")


@st.composite
def built_quiz(draw) -> bytes:
    data = draw(st.dictionaries(st.sampled_from(QUIZ_KEYS), values, max_size=8))
    if draw(st.booleans()):
        data.update(id=draw(slugs), title="Quiz")
    questions = []
    for _ in range(draw(st.integers(0, 4))):
        question = draw(st.dictionaries(st.sampled_from(QUESTION_KEYS), values, max_size=8))
        question["type"] = draw(st.sampled_from([*QUESTION_TYPES, "essay"]))
        if draw(st.booleans()):
            question.update(id=draw(slugs), prompt="P", explanation="E")
        if question["type"] in ("single", "multiple") and draw(st.booleans()):
            question["options"] = [{"text": "a", "correct": draw(st.booleans())}, {"text": "b"}]
        questions.append(question)
    if questions:
        data["questions"] = questions
    if draw(st.booleans()):
        data["draw"] = [{"from": draw(slugs), "count": draw(st.integers(-1, 20))}]
    return tomli_w.dumps(data).encode("utf-8", "surrogatepass")


def _valid_lesson(seed: int, lesson_id: str, quiz: str | None) -> bytes:
    return lesson_text(random.Random(seed), lesson_id, seed % 5, quiz=quiz, size=300 + seed % 1500).encode()


def _valid_quiz(seed: int, quiz_id: str, lesson: str | None) -> bytes:
    return quiz_text(random.Random(seed), quiz_id, lesson, 1 + seed % 7).encode()


@st.composite
def mangled(draw, valid: bytes) -> bytes:
    how = draw(st.sampled_from(["valid", "mutated", "truncated", "random"]))
    if how == "valid":
        return valid
    if how == "truncated":
        return valid[: draw(st.integers(0, len(valid)))]
    if how == "random":
        return draw(st.binary(max_size=600))
    data = bytearray(valid)
    for _ in range(draw(st.integers(1, 8))):
        position = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(["insert", "delete", "replace"]))
        byte = draw(st.sampled_from([b"[", b"]", b"=", b'"', b"\n", b"#", b"+", b"\x00", b"\xff", b"{", b"'", b"\\"])
                    | st.binary(min_size=1, max_size=3))
        if op == "insert":
            data[position:position] = byte
        elif op == "delete":
            del data[position: position + draw(st.integers(1, 20))]
        else:
            data[position: position + len(byte)] = byte
    return bytes(data)


@st.composite
def courses(draw) -> dict[str, bytes]:
    seed = draw(st.integers(0, 2**16))
    files = {
        "lessons/01-a.md": draw(st.one_of(mangled(_valid_lesson(seed, "lesson-a", "quiz-a")), built_lesson())),
        "lessons/02-b.md": _valid_lesson(seed + 1, "lesson-b", None),
        "quizzes/01-a.toml": draw(st.one_of(mangled(_valid_quiz(seed, "quiz-a", "lesson-a")), built_quiz())),
        "quizzes/02-exam.toml": draw(st.one_of(
            st.just(b'id = "exam"\ntitle = "Exam"\n[[draw]]\nfrom = "quiz-a"\ncount = 1\n'), built_quiz())),
    }
    if draw(st.booleans()):
        files["course.toml"] = draw(mangled(b'id = "fuzz-course"\ntitle = "Fuzz"\n'))
    return files


# ------------------------------------------------------------------------------------- the test


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(courses())
def test_load_course_never_raises_and_every_problem_names_its_file(files):
    with tempfile.TemporaryDirectory(prefix="fuzz-course-") as tmp:
        root = Path(tmp)
        (root / "lessons").mkdir()
        (root / "quizzes").mkdir()
        for name, data in files.items():
            (root / name).write_bytes(data)
        course = load_course(root)  # must not raise
        for problem in course.problems:
            assert problem.file in files, problem
            assert problem.message.strip(), problem
            assert str(problem).startswith(problem.file)
            if problem.line is not None:
                # Lesson lines are counted with str.splitlines (which also breaks at \r, \x85, \u2028...),
                # TOML lines at \n only; either way the line is inside the file.
                text = files[problem.file].decode("utf-8", "replace")
                assert 1 <= problem.line <= max(len(text.splitlines()), text.count("\n")) + 2, problem
        # whatever loaded is usable: every lesson has sections, every quiz its questions or draws
        for lesson in course.lessons:
            assert lesson.path is not None and lesson.markdown
        for quiz in course.quizzes.values():
            assert quiz.questions or quiz.draw
