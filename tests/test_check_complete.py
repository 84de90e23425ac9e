"""`course check` misses nothing: every independent mistake of a file in one run, nothing reported twice
or blamed on a file that is fine, values of the wrong type refused, limits kept, warnings apart from errors."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest

from course.cli import main
from course.content import load_course
from course.content.models import MAX_CHOICES, WARN_CHOICES
from tests.conftest import FIXTURES

GOOD = FIXTURES / "good_course"

FOUR_MISTAKES = """\
id = "cost-quiz"
title = "Cost"
lesson = "cost"
pass_mak = 0.8

[[questions]]
id = "hidden"
type = "true_false"
prompt = "Management time is a hidden cost."
explanation = "It is easy to forget."
answer = 2

[[questions]]
id = "hidden"
type = "numeric"
prompt = "How much is saved?"
explanation = "1,000 - 600 = 400."
answer = 400
section = "hiden-costs"
"""


def _course(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    shutil.copytree(GOOD, root)
    return root


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _problems(root: Path) -> list[tuple[str, int | None, str | None, str, str]]:
    return [(p.file, p.line, p.field, p.severity, p.message) for p in load_course(root).problems]


def _errors(root: Path) -> list[tuple[str, str | None]]:
    return [(p.file, p.field) for p in load_course(root).errors]


# ---------------------------------------------------------------------------- every mistake, one run


def test_four_mistakes_in_one_quiz_are_all_reported_by_one_check(tmp_path: Path, capsys) -> None:
    root = _course(tmp_path)
    (root / "quizzes/02-cost.toml").write_text(FOUR_MISTAKES, encoding="utf-8")
    assert main(["check", str(root)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "quizzes/02-cost.toml:4: error: pass_mak: unknown key 'pass_mak'; did you mean 'pass_mark'?",
        "quizzes/02-cost.toml:11: error: questions[0].answer: true or false, got the number 2",
        "quizzes/02-cost.toml:14: error: questions[1].id: question id 'hidden' is used twice in this quiz",
        (
            "quizzes/02-cost.toml:19: error: questions[1].section: lesson 'cost' has no section 'hiden-costs'; "
            "did you mean 'hidden-costs'? (its sections: hidden-costs, numbers)"
        ),
        # The exam that draws from it says so instead of silently shrinking; a warning: the exam is fine.
        (
            "quizzes/03-final.toml:18: warning: draw[1].from: draws from quiz 'cost-quiz', which has errors of its "
            "own (quizzes/02-cost.toml); until they are fixed this draw is left out and the exam is shorter"
        ),
    ]


# Independent mistakes, each (text to replace in quizzes/01-basics.toml, replacement, field reported).
MISTAKES = [
    ("pass_mark = 0.75", 'pass_mark = "0.6"', "pass_mark"),
    ("max_attempts = 3", "max_attempts = 0", "max_attempts"),
    ('feedback = "immediate"', 'feedback = "later"', "feedback"),
    ("shuffle_options = true", 'shuffle_options = "yes"', "shuffle_options"),
    ("points = 2", 'points = "3"', "questions[1].points"),
    ('section = "where"', 'section = "whre"', "questions[0].section"),
    ("answer = false", "answer = 2", "questions[2].answer"),
    ("weight = 0.5", 'weight = "0.5"', "questions[6].answers[1].weight"),
    ("fuzzy = 1", 'fuzzy = "1"', "questions[5].fuzzy"),
    ('id = "order-1"', 'id = "match-1"', "questions[4].id"),
    ("answer = 6", "answer = nan", "questions[7].answer"),
    ("min = 20", "min = -inf", "questions[8].min"),
]


def test_every_independent_mistake_of_one_file_is_reported_once(tmp_path: Path) -> None:
    root = _course(tmp_path)
    quiz = root / "quizzes/01-basics.toml"
    for old, new, _ in MISTAKES:
        _edit(quiz, old, new)
    problems = load_course(root).problems
    errors = [p.field for p in problems if p.is_error]
    assert sorted(errors) == sorted(field for _, _, field in MISTAKES), [str(p) for p in problems]
    assert all(p.file == "quizzes/01-basics.toml" for p in problems if p.is_error)


def test_a_rule_of_a_question_is_checked_even_when_one_of_its_keys_is_wrong(tmp_path: Path) -> None:
    root = _course(tmp_path)
    quiz = root / "quizzes/02-cost.toml"
    _edit(quiz, 'type = "single"', 'type = "single"\npoints = "3"')
    _edit(quiz, "correct = true", "correct = true\nweight = 0.5")
    errors = load_course(root).errors
    assert [(p.field, p.message.split(";")[0]) for p in errors] == [
        ("questions[0].points", 'a number, 0 or more, got the string "3"'),
        ("questions[0].options[0].weight", "an option with correct = true earns full points"),
    ]


def test_a_wrong_key_does_not_bring_its_tables_rules_along(tmp_path: Path) -> None:
    """`correct = "yes"` is the problem; "no option is correct" would only follow from it."""
    root = _course(tmp_path)
    _edit(root / "quizzes/02-cost.toml", "correct = true", 'correct = "yes"')
    assert _errors(root) == [("quizzes/02-cost.toml", "questions[0].options[0].correct")]


# ---------------------------------------------------------------------------- strict types


@pytest.mark.parametrize(
    ("file", "old", "new", "field", "message"),
    [
        ("quizzes/02-cost.toml", 'feedback = "end"', 'pass_mark = "0.6"', "pass_mark",
         'a number between 0 and 1, got the string "0.6"'),
        ("quizzes/02-cost.toml", "tolerance = 5", 'points = "3"', "questions[1].points",
         'a number, 0 or more, got the string "3"'),
        ("lessons/02-cost.md", "order = 2", 'order = "1"', "order", 'a whole number, got the string "1"'),
        ("quizzes/03-final.toml", "answer = false", 'answer = "yes"', "questions[0].answer",
         'true or false, got the string "yes"'),
        ("quizzes/02-cost.toml", "correct = true", 'correct = "yes"', "questions[0].options[0].correct",
         'true or false, got the string "yes"'),
        ("quizzes/02-cost.toml", 'feedback = "end"', 'confidence = "yes"', "confidence",
         'true or false, got the string "yes"'),
        ("quizzes/02-cost.toml", 'feedback = "end"', "confidence = 1", "confidence", "true or false, got the number 1"),
        ("quizzes/02-cost.toml", "answer = 400", 'answer = "400"', "questions[1].answer",
         'a number, got the string "400"'),
        ("quizzes/02-cost.toml", 'title = "Cost"', "title = 2026-01-01", "title",
         "text in quotes, got the date or time 2026-01-01"),
    ],
)
def test_values_of_the_wrong_type_are_refused_saying_what_was_given(
    tmp_path: Path, file: str, old: str, new: str, field: str, message: str
) -> None:
    root = _course(tmp_path)
    _edit(root / file, old, new)
    errors = load_course(root).errors
    assert [(p.file, p.field, p.message) for p in errors] == [(file, field, message)]


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("answer = 400", "answer = nan", "questions[1].answer"),
        ("answer = 400", "answer = inf", "questions[1].answer"),
        ("tolerance = 5", "tolerance = inf", "questions[1].tolerance"),
        ("answer = 400\ntolerance = 5", "min = nan\nmax = 500", "questions[1].min"),
        ("answer = 400\ntolerance = 5", "min = 300\nmax = inf", "questions[1].max"),
        ("answer = 400", "answer = 1e400", "questions[1].answer"),  # TOML reads it as inf
    ],
)
def test_non_finite_numbers_are_refused_without_follow_on(tmp_path: Path, old: str, new: str, field: str) -> None:
    root = _course(tmp_path)
    _edit(root / "quizzes/02-cost.toml", old, new)
    errors = load_course(root).errors
    assert [(p.field, p.message.startswith("a finite number, got")) for p in errors] == [(field, True)]


def test_integral_floats_are_whole_numbers_as_for_json_schema(tmp_path: Path) -> None:
    root = _course(tmp_path)
    _edit(root / "lessons/02-cost.md", "order = 2", "order = 2.0")
    assert _problems(root) == []
    _edit(root / "lessons/02-cost.md", "order = 2.0", "order = 2.5")
    assert _errors(root) == [("lessons/02-cost.md", "order")]


def test_a_quiz_file_starting_with_a_byte_order_mark_loads(tmp_path: Path) -> None:
    root = _course(tmp_path)
    quiz = root / "quizzes/02-cost.toml"
    quiz.write_bytes(b"\xef\xbb\xbf" + quiz.read_bytes())
    course = load_course(root)
    assert course.problems == []
    assert course.quiz("cost-quiz") is not None


# ---------------------------------------------------------------------------- no cascades


def test_a_lesson_without_its_closing_front_matter_line_is_one_problem(tmp_path: Path) -> None:
    root = _course(tmp_path)
    _edit(root / "lessons/01-basics.md", "minutes = 1\n+++\n", "minutes = 1\n")
    assert _problems(root) == [
        ("lessons/01-basics.md", 1, None, "error", "the front matter has no closing +++ line"),
    ]


def test_a_lesson_over_the_size_limit_is_one_problem(tmp_path: Path) -> None:
    root = _course(tmp_path)
    lesson = root / "lessons/01-basics.md"
    lesson.write_text(lesson.read_text(encoding="utf-8") + "x" * 5_000_000, encoding="utf-8")
    problems = _problems(root)
    assert [(f, field) for f, _, field, _, _ in problems] == [("lessons/01-basics.md", None)]
    assert "over the limit" in problems[0][4]


def test_a_quiz_naming_a_missing_lesson_is_one_problem_in_that_quiz(tmp_path: Path) -> None:
    root = _course(tmp_path)
    _edit(root / "quizzes/01-basics.toml", 'lesson = "basics"', 'lesson = "basic"')
    assert _problems(root) == [
        ("quizzes/01-basics.toml", 3, "lesson", "error",
         "belongs to lesson 'basic', which does not exist; did you mean 'basics', which names this quiz?"),
    ]


def test_a_quiz_that_is_not_toml_is_not_reported_again_by_the_files_naming_it(tmp_path: Path) -> None:
    root = _course(tmp_path)
    _edit(root / "quizzes/02-cost.toml", 'feedback = "end"', "feedback = [")
    problems = _problems(root)
    assert [(f, s) for f, _, _, s, _ in problems] == [
        ("quizzes/02-cost.toml", "error"),
        ("quizzes/03-final.toml", "warning"),  # the exam's draw from it is left out, and says so
    ]
    assert "TOML syntax error" in problems[0][4]


def test_an_exam_drawing_from_a_broken_quiz_says_so_and_keeps_its_other_questions(tmp_path: Path) -> None:
    root = _course(tmp_path)
    _edit(root / "quizzes/02-cost.toml", "tolerance = 5", 'tolerance = "5"')
    course = load_course(root)
    warning = [p for p in course.problems if p.file == "quizzes/03-final.toml"]
    assert [(p.severity, p.field) for p in warning] == [("warning", "draw[1].from")]
    assert "quizzes/02-cost.toml" in warning[0].message and "left out" in warning[0].message
    assert course.quiz("final-exam") is not None


# ---------------------------------------------------------------------------- did you mean


def test_every_unknown_id_gets_a_suggestion(tmp_path: Path) -> None:
    root = _course(tmp_path)
    _edit(root / "lessons/02-cost.md", 'quiz = "cost-quiz"', 'quiz = "cots-quiz"')
    final = root / "quizzes/03-final.toml"
    _edit(final, "basics#key-takeaways", "basic#key-takeaways")
    _edit(final, 'from = "cost-quiz"', 'from = "cost-quizz"')
    _edit(root / "quizzes/02-cost.toml", 'section = "hidden-costs"', 'section = "hiden-cost"')
    hints = {(p.file, p.field): p.message for p in load_course(root).problems}
    assert hints == {
        ("lessons/02-cost.md", "quiz"): "names quiz 'cots-quiz', which does not exist; did you mean 'cost-quiz'?",
        ("quizzes/03-final.toml", "questions[0].section"):
            "section 'basic#key-takeaways' names lesson 'basic', which does not exist; did you mean 'basics'?",
        ("quizzes/03-final.toml", "draw[1].from"):
            "draws from quiz 'cost-quizz', which does not exist; did you mean 'cost-quiz'?",
        ("quizzes/02-cost.toml", "questions[0].section"):
            "lesson 'cost' has no section 'hiden-cost'; did you mean 'hidden-costs'? (its sections: hidden-costs, numbers)",
    }


# ---------------------------------------------------------------------------- lesson and quiz, either side


def test_a_quiz_linked_only_from_the_quiz_side_is_the_lessons_quiz(tmp_path: Path) -> None:
    root = _course(tmp_path)
    _edit(root / "lessons/02-cost.md", 'quiz = "cost-quiz"\n', "")
    course = load_course(root)
    assert course.problems == []
    cost = course.lesson("cost")
    assert cost is not None and course.quiz_for(cost) is course.quiz("cost-quiz")
    assert [q.id for q in course.exams] == ["final-exam"]


def test_a_quiz_linked_only_from_the_lesson_side_is_not_an_exam(tmp_path: Path) -> None:
    root = _course(tmp_path)
    _edit(root / "quizzes/02-cost.toml", 'lesson = "cost"\n', "")
    course = load_course(root)
    assert course.problems == []
    quiz = course.quiz("cost-quiz")
    assert quiz is not None and quiz.lesson == "cost" and not quiz.is_exam
    assert [q.id for q in course.exams] == ["final-exam"]


def test_both_sides_must_agree(tmp_path: Path) -> None:
    root = _course(tmp_path)
    _edit(root / "lessons/02-cost.md", 'quiz = "cost-quiz"', 'quiz = "basics-quiz"')
    assert _errors(root) == [("lessons/02-cost.md", "quiz")]
    assert "belongs to lesson 'basics'" in load_course(root).errors[0].message


def test_two_quizzes_naming_one_lesson(tmp_path: Path) -> None:
    root = _course(tmp_path)
    _edit(root / "lessons/02-cost.md", 'quiz = "cost-quiz"\n', "")
    extra = (root / "quizzes/02-cost.toml").read_text(encoding="utf-8").replace("cost-quiz", "cost-practice")
    (root / "quizzes/02-extra.toml").write_text(extra, encoding="utf-8")
    # Neither is named by the lesson: the first in file-name order is its quiz, the other is an error.
    course = load_course(root)
    assert [(p.file, p.field) for p in course.errors] == [("quizzes/02-extra.toml", "lesson")]
    assert "that lesson's quiz is 'cost-quiz'" in course.errors[0].message
    assert course.quiz_for(course.lesson("cost")).id == "cost-quiz"
    # The lesson names one of them: that one is its quiz, whatever the file names.
    _edit(root / "lessons/02-cost.md", "objectives", 'quiz = "cost-practice"\nobjectives')
    course = load_course(root)
    assert [(p.file, p.field) for p in course.errors] == [("quizzes/02-cost.toml", "lesson")]
    assert "that lesson's quiz is 'cost-practice'" in course.errors[0].message
    assert course.quiz_for(course.lesson("cost")).id == "cost-practice"


def test_two_lessons_naming_one_quiz(tmp_path: Path) -> None:
    root = _course(tmp_path)
    _edit(root / "quizzes/02-cost.toml", 'lesson = "cost"\n', "")
    _edit(root / "lessons/01-basics.md", 'quiz = "basics-quiz"', 'quiz = "cost-quiz"')
    course = load_course(root)
    # The lesson with no other claim keeps the quiz; the one that also has a quiz naming it is the mistake.
    assert [(p.file, p.field) for p in course.errors] == [("lessons/01-basics.md", "quiz")]
    assert "already the quiz of lesson 'cost'" in course.errors[0].message
    assert course.quiz_for(course.lesson("basics")).id == "basics-quiz"
    assert course.quiz_for(course.lesson("cost")).id == "cost-quiz"


# ---------------------------------------------------------------------------- limits and warnings


def _single(qid: str, options: int) -> str:
    out = f'\n[[questions]]\nid = "{qid}"\ntype = "single"\nprompt = "P"\nexplanation = "E"\n'
    for i in range(options):
        out += f'[[questions.options]]\ntext = "Option {i}"\ncorrect = {"true" if i == 0 else "false"}\n'
    return out


def test_option_count_limits(tmp_path: Path) -> None:
    root = _course(tmp_path)
    quiz = root / "quizzes/02-cost.toml"
    quiz.write_text(
        quiz.read_text(encoding="utf-8")
        + _single("huge", 10_000) + _single("many", WARN_CHOICES + 1) + _single("enough", WARN_CHOICES)
        + _single("most", MAX_CHOICES),
        encoding="utf-8",
    )
    started = time.perf_counter()
    course = load_course(root)
    elapsed = time.perf_counter() - started
    mine = [(p.field, p.severity) for p in course.problems if p.file == "quizzes/02-cost.toml"]
    assert mine == [
        ("questions[2].options", "error"),
        ("questions[3].options", "warning"),
        ("questions[5].options", "warning"),
    ]
    assert "at most 50 options (found 10,000)" in course.problems[0].message
    assert elapsed < 5, elapsed


def test_warnings_do_not_fail_the_check_unless_strict(tmp_path: Path, capsys) -> None:
    root = _course(tmp_path)
    placeholder = "TODO: add an explanation. This question was imported from GIFT without general feedback (####)."
    _edit(root / "quizzes/02-cost.toml", 'explanation = "1,000 - 600 = 400."', f'explanation = "{placeholder}"')
    assert main(["check", str(root)]) == 0
    out, err = capsys.readouterr()
    assert out == (
        "quizzes/02-cost.toml:26: warning: questions[1].explanation: still holds a TODO placeholder; "
        "replace it before learners see the quiz\n"
    )
    assert "1 warning found" in err
    assert main(["check", "--strict", str(root)]) == 1
    capsys.readouterr()
    assert main(["check", "--format", "json", str(root)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["errors"] == 0 and report["warnings"] == 1
    assert [p["severity"] for p in report["problems"]] == ["warning"]


def test_quiz_without_lesson_that_is_not_an_exam_is_a_warning(tmp_path: Path) -> None:
    root = _course(tmp_path)
    _edit(root / "quizzes/02-cost.toml", 'lesson = "cost"\n', "")
    _edit(root / "quizzes/02-cost.toml", 'section = "hidden-costs"', 'section = "cost#hidden-costs"')
    _edit(root / "lessons/02-cost.md", 'quiz = "cost-quiz"\n', "")
    assert [(f, s) for f, _, _, s, _ in _problems(root)] == [("quizzes/02-cost.toml", "warning")]
    _edit(root / "quizzes/02-cost.toml", 'title = "Cost"', 'title = "Cost exam"')
    assert _problems(root) == []


def test_sections_without_their_lesson_in_an_exam_are_one_error(tmp_path: Path) -> None:
    root = _course(tmp_path)
    _edit(root / "quizzes/01-basics.toml", 'lesson = "basics"\n', "")
    _edit(root / "lessons/01-basics.md", 'quiz = "basics-quiz"\n', "")
    problems = load_course(root).problems
    assert [(p.file, p.field, p.severity) for p in problems] == [
        ("quizzes/01-basics.toml", "questions[0].section", "error"),
    ]
    assert "has no `lesson`" in problems[0].message


def test_an_explicit_section_id_nothing_points_to_is_a_warning(tmp_path: Path) -> None:
    root = _course(tmp_path)
    _edit(root / "quizzes/01-basics.toml", 'section = "where"\n', "")
    problems = _problems(root)
    assert [(f, s) for f, _, _, s, _ in problems] == [("lessons/01-basics.md", "warning")]
    assert "section 'where' has an explicit id" in problems[0][4]


def test_warnings_do_not_stop_an_export_errors_do(tmp_path: Path, capsys) -> None:
    root = _course(tmp_path)
    placeholder = "TODO: add an explanation."
    _edit(root / "quizzes/02-cost.toml", 'explanation = "1,000 - 600 = 400."', f'explanation = "{placeholder}"')
    assert main(["export", "gift", str(root)]) == 0
    assert "savings" in capsys.readouterr().out
    _edit(root / "quizzes/02-cost.toml", "tolerance = 5", 'tolerance = "5"')
    assert main(["export", "gift", str(root)]) == 1
    err = capsys.readouterr().err
    assert "quizzes/02-cost.toml:28: error: questions[1].tolerance:" in err


def test_a_mistake_repeated_thousands_of_times_is_counted_not_listed(tmp_path: Path) -> None:
    root = _course(tmp_path)
    quiz = root / "quizzes/02-cost.toml"
    many = "".join(
        f'\n[[questions]]\nid = "q{i}"\ntype = "true_false"\nprompt = "P"\nexplanation = "E"\nanswer = "yes"\n'
        for i in range(3000)
    )
    quiz.write_text(quiz.read_text(encoding="utf-8") + many, encoding="utf-8")
    started = time.perf_counter()
    problems = [p for p in load_course(root).problems if p.file == "quizzes/02-cost.toml"]
    elapsed = time.perf_counter() - started
    assert len(problems) == 101
    assert problems[-1].message == "and 2,900 more problems from here on; fix the 100 above first"
    assert problems[-1].line == problems[-2].line + 7  # the first of those not listed
    assert elapsed < 10, elapsed
