"""The contract every question type keeps (tests/qtypes/contract.py), over the registry; and a type planted
with only its model, in a copy of the package, is told each piece it lacks, by every front end."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
import tomllib
import typing
from pathlib import Path

import pytest

from course.content.loader import check_quiz_data
from course.qtypes import QUESTION_TYPES, REGISTRY
from tests.conftest import ROOT
from tests.qtypes.contract import contract_problems


@pytest.mark.parametrize("name", QUESTION_TYPES)
def test_every_registered_type_has_every_piece(name):
    assert contract_problems(name) == []


@pytest.mark.parametrize("name", QUESTION_TYPES)
def test_a_type_is_named_as_its_questions_are(name):
    model = REGISTRY[name].model
    assert typing.get_args(model.model_fields["type"].annotation) == (name,)
    assert REGISTRY[name].label


PLANTED = '''
"""A planted type: only its model."""

from __future__ import annotations

from typing import Literal

from course.qtypes.base import QuestionType
from course.qtypes.fields import QuestionBase


class EssayQuestion(QuestionBase):
    type: Literal["essay"]
    words: int = 100


class EssayType(QuestionType[EssayQuestion]):
    name = "essay"
    label = "an essay"
    model = EssayQuestion


TYPE = EssayType()
'''

PROBE = '''
import json, random, sys
from course.qtypes import QUESTION_TYPES
from course.content.models import Quiz
from tests.qtypes.contract import contract_problems

found = {"types": list(QUESTION_TYPES), "contract": contract_problems("essay"), "front ends": {}}
quiz = Quiz.model_validate({"id": "q", "title": "Q", "questions": [
    {"id": "e", "type": "essay", "prompt": "Write.", "explanation": "Any essay."}]})
question = quiz.questions[0]

def attempt(name, call):
    try:
        call()
    except Exception as exc:
        found["front ends"][name] = f"{type(exc).__name__}: {exc}"
    else:
        found["front ends"][name] = "no error"

from course.quizrun import play
played = play(quiz, question, "e", 1, True)
from course import scoring
attempt("scoring", lambda: scoring.score(question, "text"))
attempt("review", lambda: scoring.describe_right_answer(question))
from course.plain import answers
attempt("plain mode", lambda: answers.parse(played, "some words"))
from course.xapi.statements import correct_patterns, interaction_type
attempt("xAPI", lambda: (interaction_type(question), correct_patterns(question)))
from course.exporters.gift import quiz_to_gift
attempt("GIFT", lambda: quiz_to_gift(quiz))
from course.reports.items import random_guess_score
attempt("item analysis", lambda: random_guess_score(question))
from course.scaffold import quiz_text
attempt("course new", lambda: quiz_text("a-quiz"))
from course.tui.quiz.answers import answer_widget
attempt("app", lambda: answer_widget(played))
print(json.dumps(found))
'''


@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> dict[str, typing.Any]:
    """What the contract and each front end say of a type that has only its model, in a copy of `course`."""
    copy = tmp_path_factory.mktemp("planted")
    shutil.copytree(ROOT / "course", copy / "course", ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "course" / "qtypes" / "essay.py").write_text(textwrap.dedent(PLANTED), encoding="utf-8")
    # The copy comes first on the path; the tests' own modules (the contract) come from the checkout.
    code = f"import sys; sys.path[:0] = [{str(copy)!r}, {str(ROOT)!r}]\n" + PROBE
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=copy, timeout=300,
                          check=False)
    assert done.returncode == 0, done.stderr
    return typing.cast(dict[str, typing.Any], json.loads(done.stdout.strip().splitlines()[-1]))


def test_the_planted_type_is_registered_by_its_module_alone(planted):
    assert "essay" in planted["types"]


@pytest.mark.parametrize("piece", [
    "fixture question", "widget", "template",
])
def test_the_contract_names_each_missing_piece_of_a_type_without_questions(planted, piece):
    assert any(problem.startswith(f"{piece}:") for problem in planted["contract"]), planted["contract"]


def test_with_a_fixture_the_contract_names_every_missing_piece(tmp_path_factory):
    copy = tmp_path_factory.mktemp("planted-fixture")
    shutil.copytree(ROOT / "course", copy / "course", ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "course" / "qtypes" / "essay.py").write_text(textwrap.dedent(PLANTED), encoding="utf-8")
    shutil.copytree(ROOT / "tests", copy / "tests", ignore=shutil.ignore_patterns("__pycache__", "__snapshots__"))
    (copy / "tests" / "qtypes" / "fixtures" / "essay.toml").write_text(
        'id = "essay-fixture"\ntitle = "E"\n\n[[questions]]\nid = "e"\ntype = "essay"\nprompt = "Write."\n'
        'explanation = "Any essay."\n', encoding="utf-8")
    code = ("import sys, json; sys.path[:0] = [" + repr(str(copy)) + "]\n"
            "from tests.qtypes.contract import contract_problems\nprint(json.dumps(contract_problems('essay')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=copy, timeout=300,
                          check=False)
    assert done.returncode == 0, done.stderr
    problems = json.loads(done.stdout.strip().splitlines()[-1])
    for piece, words in [
        ("scorer", "no right response"), ("descriptions", "no right response"),
        ("random-guess score", "no random-guess score"), ("plain mode", "no plain-mode how-to"),
        ("xAPI mapping", "is not one of xAPI's"), ("GIFT writer", "no GIFT writer"),
        ("widget", "no answer widget"), ("template", "no `course new` example"),
        ("right and wrong answers", "no tests/qtypes/test_essay.py"), ("response check", "no response check"),
    ]:
        assert any(p.startswith(f"{piece}:") and words in p for p in problems), (piece, problems)
    assert not any(p.startswith("fixture question") for p in problems)


@pytest.mark.parametrize("front_end", [
    "scoring", "review", "plain mode", "xAPI", "GIFT", "item analysis", "course new", "app",
])
def test_no_front_end_falls_back_on_another_type(planted, front_end):
    said = planted["front ends"][front_end]
    assert said.startswith("MissingPiece: question type 'essay' has no "), said
    assert "course/qtypes/essay.py" in said


@pytest.mark.parametrize(("table", "typo", "meant"), [
    ('type = "ordering"\nitems = ["a", "b"]\nitmes = 1', "itmes", "items"),
    ('type = "matching"\npairs = [{item = "a", match = "b"}, {item = "c", match = "d"}]\nitme = 1', "itme", None),
    ('type = "single"\noptions = [{text = "a", correct = true}, {text = "b", corect = true}]', "corect", "correct"),
    ('type = "short"\nanswers = ["a"]\ntitle = "x"', "title", None),
])
def test_did_you_mean_names_the_keys_of_the_table_being_read(table, typo, meant):
    data = tomllib.loads(f'id = "q"\ntitle = "Q"\n[[questions]]\nid = "a"\nprompt = "P"\nexplanation = "E"\n{table}\n')
    _, found = check_quiz_data(data)
    messages = [message for _, message in found if typo in message]
    assert messages, found
    if meant is None:
        assert all("did you mean" not in m for m in messages), messages
    else:
        assert f"did you mean {meant!r}" in messages[0]


def test_the_copy_does_not_touch_the_checkout():
    assert not (ROOT / "course" / "qtypes" / "essay.py").exists()
    assert not (Path(__file__).parent / "qtypes" / "fixtures" / "essay.toml").exists()
