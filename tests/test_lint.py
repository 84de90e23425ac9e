"""Item-writing warnings of `course check`: each rule on a flawed question, none on its fixed counterpart,
and `lint_ok` silencing exactly the rule it names."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from course.cli import main
from course.content import load_course
from course.content.lint import lint_quiz
from course.content.models import LINT_RULES, Quiz
from tests.conftest import FIXTURES

FLAWED = FIXTURES / "lint" / "flawed"
CLEAN = FIXTURES / "lint" / "clean"

# (file, line, field, rule): one flaw per rule, on the line of the field it names.
EXPECTED = [
    ("quizzes/absolute-words.toml", 14, "questions[0].options[1]", "absolute-words"),
    ("quizzes/answer-in-sibling.toml", 4, "questions[0]", "answer-in-sibling"),
    ("quizzes/cue-guesser.toml", 2, "title", "cue-guesser"),
    ("quizzes/longest-option.toml", 10, "questions[0].options[0]", "longest-option"),
    ("quizzes/longest-option.toml", 26, "questions[1].options[0]", "longest-option"),
    ("quizzes/negative-stem.toml", 7, "questions[0].prompt", "negative-stem"),
    ("quizzes/negative-stem.toml", 23, "questions[1].prompt", "negative-stem"),
    ("quizzes/of-the-above.toml", 17, "questions[0].options[2]", "of-the-above"),
    ("quizzes/one-short-answer.toml", 9, "questions[0].answers", "one-short-answer"),
    ("quizzes/several-right-single.toml", 14, "questions[0].options[1]", "several-right-single"),
    ("quizzes/short-answer-forms.toml", 9, "questions[0].answers", "short-answer-forms"),
    ("quizzes/shortest-option.toml", 10, "questions[0].options[0]", "shortest-option"),
    ("quizzes/shortest-option.toml", 26, "questions[1].options[0]", "shortest-option"),
    ("quizzes/true-false-balance.toml", 8, "questions[0].answer", "true-false-balance"),
    ("quizzes/wrong-option-count.toml", 10, "questions[0].options", "wrong-option-count"),
]
QUIZ_WIDE = {"true-false-balance", "wrong-option-count", "cue-guesser"}
_RULE_RE = re.compile(r'item-writing rule "([a-z-]+)"')


def _item_warnings(root: Path) -> list[tuple[str, int | None, str | None, str]]:
    found = []
    for problem in load_course(root).problems:
        assert problem.severity == "warning", str(problem)
        match = _RULE_RE.search(problem.message)
        if match:
            found.append((problem.file, problem.line, problem.field, match.group(1)))
    return found


def test_each_flaw_gives_its_warning_with_file_line_and_field() -> None:
    assert _item_warnings(FLAWED) == EXPECTED
    assert {rule for *_, rule in EXPECTED} == set(LINT_RULES)


def test_the_fixed_questions_give_no_warning_at_all() -> None:
    course = load_course(CLEAN)
    assert [str(p) for p in course.problems] == []
    assert len(course.quizzes) == len(load_course(FLAWED).quizzes) == 12


def test_warnings_say_why_and_how_to_silence_them() -> None:
    by_field = {(p.file, p.field): p.message for p in load_course(FLAWED).problems}
    assert "82 characters against at most 13" in by_field[("quizzes/longest-option.toml", "questions[0].options[0]")]
    assert "'always'" in by_field[("quizzes/absolute-words.toml", "questions[0].options[1]")]
    assert "'None of the above'" in by_field[("quizzes/of-the-above.toml", "questions[0].options[2]")]
    assert "'NOT'" in by_field[("quizzes/negative-stem.toml", "questions[0].prompt")]
    assert "4 of the quiz's 5 true/false answers are false" in by_field[
        ("quizzes/true-false-balance.toml", "questions[0].answer")
    ]
    assert "'service level agreement'" in by_field[("quizzes/one-short-answer.toml", "questions[0].answers")]
    assert "11 characters against at least 59" in by_field[("quizzes/shortest-option.toml", "questions[0].options[0]")]
    assert "'service level agreement' is printed in the prompt of question 'penalty-clause'" in by_field[
        ("quizzes/answer-in-sibling.toml", "questions[0]")
    ]
    assert "'cost-benefit analyses' scores 0%" in by_field[("quizzes/short-answer-forms.toml", "questions[0].answers")]
    assert "exactly 2 wrong options" in by_field[("quizzes/wrong-option-count.toml", "questions[0].options")]
    assert "6.0 / 6 (100%) against 1.5 by chance (25%)" in by_field[("quizzes/cue-guesser.toml", "title")]
    assert "2 options marked correct" in by_field[("quizzes/several-right-single.toml", "questions[0].options[1]")]
    for (file, field), message in by_field.items():
        if field != "minutes":
            assert 'lint_ok = ["' in message and 'lint_reason = "why"' in message
        if field not in ("minutes", "title") and "true-false" not in file and "wrong-option" not in file:
            assert message.startswith("question '"), message  # the question's id, not only its index


def test_check_exits_0_on_warnings_and_1_with_strict(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(FLAWED)]) == 0
    out = capsys.readouterr()
    assert (
        "quizzes/negative-stem.toml:7: warning: questions[0].prompt: question 'not-caps': a negatively worded question"
        in out.out + out.err
    )
    assert "surface cues" not in out.out  # the guesser's figures come with --strict
    assert main(["check", str(FLAWED), "--strict"]) == 1
    strict = capsys.readouterr().out
    assert "A guesser following the options' surface cues, against chance" in strict
    assert (
        "  cue-guesser-exam: cue-following guesser on choice questions: 6.0 / 6 (100%) against 1.5 by chance (25%)"
        "  <- well above chance" in strict
    )
    assert "  the course: cue-following guesser on choice questions: " in strict
    assert main(["check", str(FLAWED), "--strict", "--format", "json"]) == 1
    cues = json.loads(capsys.readouterr().out)["cues"]
    assert cues["cue-guesser-exam"]["choice_questions"]["well_above"] is True
    assert cues["(course)"]["single_answer"]["hedged"]["questions"] == 13
    assert main(["check", str(FLAWED), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["errors"] == 0 and report["warnings"] == len(EXPECTED) + 1  # and the lesson's minutes


def _silence(root: Path, file: str, field: str, rule: str) -> None:
    """Add `lint_ok = [rule]` to the question `field` names, or to the quiz for the quiz-wide rule."""
    path = root / file
    lines = path.read_text(encoding="utf-8").splitlines()
    if rule in QUIZ_WIDE:
        lines.insert(2, f'lint_ok = ["{rule}"]\nlint_reason = "a quiz of misconceptions: most statements are false"')
    else:
        index = int(re.match(r"questions\[(\d+)\]", field).group(1))  # type: ignore[union-attr]
        header = [i for i, line in enumerate(lines) if line == "[[questions]]"][index]
        lines.insert(header + 1, f'lint_ok = ["{rule}"]\nlint_reason = "intended: the reason goes here"')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize(("file", "line", "field", "rule"), EXPECTED, ids=[f"{e[3]}-{e[2]}" for e in EXPECTED])
def test_lint_ok_silences_its_rule_on_its_question_only(tmp_path: Path, file: str, line: int, field: str, rule: str) -> None:
    root = tmp_path / "course"
    shutil.copytree(FLAWED, root)
    _silence(root, file, field, rule)
    left = [(f, fld, r) for f, _, fld, r in _item_warnings(root)]
    assert (file, field, rule) not in left
    assert sorted(left) == sorted((f, fld, r) for f, _, fld, r in EXPECTED if (f, fld) != (file, field))


def test_lint_ok_naming_another_rule_silences_nothing(tmp_path: Path) -> None:
    root = tmp_path / "course"
    shutil.copytree(FLAWED, root)
    _silence(root, "quizzes/negative-stem.toml", "questions[0].prompt", "longest-option")
    assert [(f, fld, r) for f, _, fld, r in _item_warnings(root)] == [(f, fld, r) for f, _, fld, r in EXPECTED]


def test_lint_ok_with_an_unknown_rule_is_an_error_naming_the_rules(tmp_path: Path) -> None:
    root = tmp_path / "course"
    shutil.copytree(FLAWED, root)
    _silence(root, "quizzes/one-short-answer.toml", "questions[0].answers", "short-answer")
    errors = [p for p in load_course(root).problems if p.is_error]
    assert [(p.file, p.line, p.field) for p in errors] == [("quizzes/one-short-answer.toml", 5, "questions[0].lint_ok[0]")]
    assert "'one-short-answer'" in errors[0].message and "short-answer" in errors[0].message


def test_course_toml_lint_false_turns_the_item_writing_warnings_off(tmp_path: Path) -> None:
    root = tmp_path / "course"
    shutil.copytree(FLAWED, root)
    (root / "course.toml").write_text('id = "flawed"\ntitle = "Flawed"\nlint = false\n', encoding="utf-8")
    assert load_course(root).problems == []
    (root / "course.toml").write_text('id = "flawed"\ntitle = "Flawed"\nlint = "no"\n', encoding="utf-8")
    problems = load_course(root).problems
    assert [(p.file, p.line, p.field, p.severity) for p in problems if p.is_error] == [
        ("course.toml", 3, "lint", "error")
    ]
    assert sum('item-writing rule "' in p.message for p in problems) == len(EXPECTED)  # a bad value leaves them on


# ---------------------------------------------------------------------------- the margins of each rule


def _single(key: str, *distractors: str, prompt: str = "Which one?", **extra: Any) -> Quiz:
    options = [{"text": key, "correct": True}, *({"text": d} for d in distractors)]
    question = {"id": "q", "type": "single", "prompt": prompt, "explanation": "Because.", "options": options, **extra}
    return Quiz.model_validate({"id": "x", "title": "X exam", "questions": [question]})


def _rules(quiz: Quiz) -> list[str]:
    return [f.rule for f in lint_quiz(quiz)]


@pytest.mark.parametrize(
    ("key", "distractor", "flagged"),
    [
        ("k" * 30, "d" * 20, True),  # 1.5 times and 10 longer
        ("k" * 29, "d" * 20, False),  # under 1.5 times
        ("k" * 19, "d" * 10, False),  # 1.9 times but only 9 longer
        ("k" * 20, "d" * 10, True),
        ("k" * 10, "d" * 40, False),
    ],
)
def test_longest_option_needs_a_clear_margin(key: str, distractor: str, flagged: bool) -> None:
    assert ("longest-option" in _rules(_single(key, distractor, "d"))) is flagged


def test_a_multiple_choice_is_flagged_only_when_every_right_option_is_clearly_longer() -> None:
    def multiple(*options: tuple[str, bool]) -> Quiz:
        question = {
            "id": "q", "type": "multiple", "prompt": "Which?", "explanation": "Because.",
            "options": [{"text": t, "correct": c} for t, c in options],
        }
        return Quiz.model_validate({"id": "x", "title": "X exam", "questions": [question]})

    assert _rules(multiple(("a" * 25, True), ("b" * 30, True), ("c" * 15, False))) == ["longest-option"]
    assert _rules(multiple(("a" * 25, True), ("b" * 30, True), ("c" * 16, False))) == []
    assert _rules(multiple(("a" * 5, True), ("b" * 30, True), ("c" * 10, False))) == []


@pytest.mark.parametrize(
    ("key", "distractor", "flagged"),
    [
        ("Lower costs", "Only the costs matter", True),
        ("Lower costs", "It is no longer needed", True),
        ("Lower costs", "Simply cheaper", True),
        ("Only lower costs", "Never cheaper", False),  # the key is as firm as the distractor
        ("Lower costs", "Fewer staff", False),
        ("Lower costs", "Finally cheaper", False),  # "all" inside a word is not the word
        ("Lower costs", "None of these", False),  # not a statement
    ],
)
def test_absolute_words_count_only_in_distractors_against_a_hedged_key(key: str, distractor: str, flagged: bool) -> None:
    assert ("absolute-words" in _rules(_single(key, distractor))) is flagged


@pytest.mark.parametrize(
    ("option", "flagged"),
    [("All of the above", True), ("none  of the ABOVE", True), ("Both of the above", True), ("Above all, cost", False)],
)
def test_of_the_above_options(option: str, flagged: bool) -> None:
    assert ("of-the-above" in _rules(_single("Cost", option))) is flagged


@pytest.mark.parametrize(
    ("prompt", "flagged"),
    [
        ("Which is NOT a risk?", True),
        ("All are risks EXCEPT which?", True),
        ("Every item is a risk except one: which?", True),
        ("Which of these risks does not apply?", True),
        ("Which one isn't a risk?", True),
        ("Which cannot be outsourced?", True),
        ("Why is the provider not paid in advance?", False),
        ("Which risk matters most? Do not guess.", False),
        ("Which is a risk?", False),
    ],
)
def test_negative_stems(prompt: str, flagged: bool) -> None:
    assert ("negative-stem" in _rules(_single("Cost", "Rent", prompt=prompt))) is flagged


def _true_false(*answers: bool, **quiz: Any) -> Quiz:
    questions = [
        {"id": f"t{i}", "type": "true_false", "prompt": "Is it?", "explanation": "So.", "answer": a}
        for i, a in enumerate(answers)
    ]
    return Quiz.model_validate({"id": "x", "title": "X exam", "questions": questions, **quiz})


@pytest.mark.parametrize(
    ("answers", "flagged"),
    [
        ((True, True, True), False),  # fewer than 4 items
        ((True, True, True, True), True),
        ((True, True, True, False), True),  # 75%
        ((True, True, False, False), False),
        ((False,) * 7 + (True,) * 3, False),  # exactly 70%
        ((False,) * 8 + (True,) * 3, True),  # 73%
    ],
)
def test_true_false_balance(answers: tuple[bool, ...], flagged: bool) -> None:
    assert ("true-false-balance" in _rules(_true_false(*answers))) is flagged


def test_true_false_balance_is_silenced_on_the_quiz() -> None:
    assert _rules(_true_false(True, True, True, True, lint_ok=["true-false-balance"])) == []


@pytest.mark.parametrize(
    ("answers", "flagged"),
    [
        (["SLA"], True),
        (["SLA", "service level agreement"], False),
        ([{"text": "SLA"}, {"text": "contract", "weight": 0.5}], False),
        ([{"text": "SLA"}, {"text": "*", "wildcard": True, "weight": 0, "feedback": "No."}], True),
        ([{"text": "serv*", "wildcard": True}], False),
    ],
)
def test_one_short_answer(answers: list[Any], flagged: bool) -> None:
    question = {"id": "q", "type": "short", "prompt": "What?", "explanation": "So.", "answers": answers}
    quiz = Quiz.model_validate({"id": "x", "title": "X exam", "questions": [question]})
    assert ("one-short-answer" in _rules(quiz)) is flagged


def test_a_warning_says_how_to_silence_its_rule_never_that_it_is_silenced() -> None:
    """The message of a rule still in force tells where lint_ok goes: on the question, or for a quiz-wide rule
    at the top of the quiz; no message reads as if the rule were already silenced."""
    for problem in load_course(FLAWED).problems:
        match = _RULE_RE.search(problem.message)
        if not match:
            continue
        assert "is silenced" not in problem.message, problem.message
        where = "at the top of the quiz" if match.group(1) in QUIZ_WIDE else "on the question"
        assert f"fix it, or justify it {where} with lint_ok" in problem.message, problem.message
