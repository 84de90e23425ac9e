"""Every kind of broken content file is reported with its file, line, field and a helpful message,
and never stops the rest of the course from loading."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from course.content import load_course
from course.content.files import MAX_FILE_BYTES, MAX_TOML_DEPTH
from tests.conftest import FIXTURES

BROKEN = FIXTURES / "broken"

# case -> the exact problems expected: (file, line, field, words the message must contain)
EXPECTED: dict[str, list[tuple[str, int | None, str | None, str]]] = {
    "toml-syntax": [("quizzes/02-other.toml", 12, None, "TOML syntax error")],
    "front-matter-syntax": [("lessons/02-other.md", 7, None, "TOML syntax error")],
    "front-matter-unclosed": [("lessons/02-other.md", 1, None, "no closing +++")],
    "unknown-key": [
        ("quizzes/02-other.toml", 4, "pass_mak", "unknown key 'pass_mak'; did you mean 'pass_mark'?"),
        ("quizzes/02-other.toml", 12, "questions[0].feedbak_wrong", "did you mean 'feedback_wrong'?"),
    ],
    "missing-required": [
        ("lessons/02-other.md", 1, "summary", "required key 'summary' is missing"),
        ("quizzes/02-other.toml", 5, "questions[0].explanation", "required key 'explanation' is missing"),
    ],
    "unknown-type": [("quizzes/02-other.toml", 7, "questions[0].type", "unknown question type 'essay'")],
    "duplicate-option-ids": [
        ("quizzes/02-other.toml", 17, "questions[0].options[1].id", "option id 'same' is used twice"),
    ],
    "single-no-right": [("quizzes/02-other.toml", 11, "questions[0].options", "at least one option with correct = true (found 0)")],
    "single-weight-on-right": [
        ("quizzes/02-other.toml", 17, "questions[0].options[1].weight", "from 0 up to (not including) 1 (found 1)"),
    ],
    "one-option": [("quizzes/02-other.toml", 11, "questions[0].options", "at least two options")],
    "one-pair": [("quizzes/02-other.toml", 11, "questions[0].pairs", "at least two pairs")],
    "one-item": [("quizzes/02-other.toml", 10, "questions[0].items", "at least two items")],
    "duplicate-question-ids": [("quizzes/02-other.toml", 13, "questions[1].id", "question id 't1' is used twice")],
    "duplicate-lesson-ids": [("lessons/02-other.md", 2, "id", "lesson id 'base' is already used by lessons/01-base.md")],
    "duplicate-quiz-ids": [("quizzes/02-other.toml", 1, "id", "quiz id 'base-quiz' is already used by quizzes/01-base.toml")],
    "lesson-missing-quiz": [("lessons/02-other.md", 7, "quiz", "names quiz 'no-such-quiz', which does not exist")],
    "quiz-missing-lesson": [("quizzes/02-other.toml", 3, "lesson", "lesson 'no-such-lesson', which does not exist")],
    "missing-section": [("quizzes/02-other.toml", 11, "questions[0].section", "has no section 'no-such-section'")],
    "draw-missing-quiz": [("quizzes/02-exam.toml", 5, "draw[0].from", "draws from quiz 'no-such-quiz', which does not exist")],
    "draw-too-many": [("quizzes/02-exam.toml", 6, "draw[0].count", "asks for 5 questions from 'base-quiz', which has only 1")],
    "pass-mark-too-high": [("quizzes/02-other.toml", 4, "pass_mark", "a number between 0 and 1, got the number")],
    "pass-mark-negative": [("quizzes/02-other.toml", 4, "pass_mark", "a number between 0 and 1, got the number -")],
    "negative-points": [("quizzes/02-other.toml", 11, "questions[0].points", "a number, 0 or more, got the number -1")],
    "empty-prompt": [("quizzes/02-other.toml", 8, "questions[0].prompt", "must not be empty")],
    "id-not-slug": [
        ("lessons/02-other.md", 2, "id", "lesson id 'Other--lesson' is not a slug"),
        ("quizzes/02-other.toml", 1, "id", "quiz id 'Other Quiz' is not a slug"),
        ("quizzes/03-third.toml", 6, "questions[0].id", "question id 'Q_1' is not a slug"),
        ("quizzes/04-fourth.toml", 12, "questions[0].options[0].id", "option id 'Yes!' is not a slug"),
    ],
    "non-utf8": [("quizzes/02-other.toml", 8, None, "not valid UTF-8")],
    "deep-nesting": [("quizzes/02-other.toml", 4, None, f"nested too deeply (more than {MAX_TOML_DEPTH} levels)")],
    "no-sections": [("lessons/02-other.md", 11, None, "only `###` headings (line 11): use ## for section headings")],
    "duplicate-section-ids": [
        ("lessons/02-other.md", 13, None, "two sections have the id 'part-one'"),
        ("lessons/02-other.md", 17, None, "two sections have the id 'part-one'"),
    ],
}


def _exam_from_base_quiz(text: str, quiz_id: str) -> str:
    """The base quiz's text made into another quiz: a final exam, since the base lesson has its quiz."""
    text = text.replace('lesson = "base"\n', "").replace('"A good quiz"', '"Another exam"')
    return text.replace('section = "overview"', 'section = "base#overview"').replace("base-quiz", quiz_id)


def _as_tuples(course) -> list[tuple[str, int | None, str | None]]:
    return [(p.file, p.line, p.field) for p in course.problems]


def test_every_fixture_case_has_expectations() -> None:
    assert sorted(p.name for p in BROKEN.iterdir() if p.is_dir()) == sorted(EXPECTED)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_broken_case_reports_file_line_field_and_message(case: str) -> None:
    course = load_course(BROKEN / case)
    expected = EXPECTED[case]
    assert _as_tuples(course) == [(f, line, field) for f, line, field, _ in expected], [str(p) for p in course.problems]
    for problem, (_, _, _, words) in zip(course.problems, expected, strict=True):
        assert words in problem.message, str(problem)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_broken_file_never_takes_the_course_down(case: str) -> None:
    """Each broken course also holds a good lesson and quiz; they load whatever else is wrong."""
    course = load_course(BROKEN / case)
    base = course.lesson("base")
    assert base is not None and base.sections[0].id == "overview"
    quiz = course.quiz("base-quiz")
    assert quiz is not None and quiz.lesson == "base" and [q.id for q in quiz.questions] == ["q1"]
    assert course.quiz_for(base) is quiz


def test_problem_text_is_file_line_field_message() -> None:
    course = load_course(BROKEN / "unknown-key")
    assert str(course.problems[0]) == "quizzes/02-other.toml:4: error: pass_mak: unknown key 'pass_mak'; did you mean 'pass_mark'?"
    unclosed = load_course(BROKEN / "front-matter-unclosed")
    assert str(unclosed.problems[0]) == "lessons/02-other.md:1: error: the front matter has no closing +++ line"


def test_lesson_with_no_section_still_loads_with_its_intro() -> None:
    course = load_course(BROKEN / "no-sections")
    other = course.lesson("other")
    assert other is not None and other.sections == []
    assert "Just an introduction" in other.intro


def test_duplicate_section_keeps_the_first() -> None:
    other = load_course(BROKEN / "duplicate-section-ids").lesson("other")
    assert other is not None
    assert [s.id for s in other.sections] == ["part-one"]
    assert other.sections[0].line == 9


def test_duplicate_ids_keep_the_first_file() -> None:
    course = load_course(BROKEN / "duplicate-quiz-ids")
    quiz = course.quiz("base-quiz")
    assert quiz is not None and quiz.path is not None and quiz.path.name == "01-base.toml"
    lessons = load_course(BROKEN / "duplicate-lesson-ids").lessons
    assert [(lesson.id, lesson.path.name) for lesson in lessons] == [("base", "01-base.md")]


def test_references_to_a_broken_file_are_not_blamed(tmp_path: Path) -> None:
    """A lesson naming a quiz whose own file is broken gets no second problem for it."""
    root = tmp_path / "c"
    shutil.copytree(BROKEN / "pass-mark-too-high", root)
    text = (root / "lessons/01-base.md").read_text()
    (root / "lessons/01-base.md").write_text(text.replace('quiz = "base-quiz"', 'quiz = "other-quiz"'))
    base_quiz = root / "quizzes/01-base.toml"
    base_quiz.write_text(_exam_from_base_quiz(base_quiz.read_text(), "base-quiz"))
    course = load_course(root)
    assert _as_tuples(course) == [("quizzes/02-other.toml", 4, "pass_mark")]


# ---------------------------------------------------------------------------- made in tmp_path


def _copy_case(tmp_path: Path, case: str = "missing-section") -> Path:
    root = tmp_path / "course"
    shutil.copytree(BROKEN / case, root)
    for extra in (root / "quizzes").glob("02-*.toml"):
        extra.unlink()
    assert load_course(root).problems == []
    return root


def test_file_over_the_size_bound(tmp_path: Path) -> None:
    root = _copy_case(tmp_path)
    big = root / "quizzes" / "02-big.toml"
    big.write_text('id = "big"\ntitle = "Big"\ndescription = "' + "x" * MAX_FILE_BYTES + '"\n')
    course = load_course(root)
    assert _as_tuples(course) == [("quizzes/02-big.toml", None, None)]
    assert f"over the limit of {MAX_FILE_BYTES:,}" in course.problems[0].message
    assert course.quiz("base-quiz") is not None


def test_file_just_under_the_size_bound_loads(tmp_path: Path) -> None:
    root = _copy_case(tmp_path)
    head = 'id = "big"\ntitle = "Big exam"\ndescription = "'
    tail = '"\n[[questions]]\nid = "t"\ntype = "true_false"\nprompt = "P"\nanswer = true\nexplanation = "E"\n'
    body = "x" * (MAX_FILE_BYTES - len(head) - len(tail))
    (root / "quizzes" / "02-big.toml").write_text(head + body + tail)
    course = load_course(root)
    assert course.problems == []
    assert course.quiz("big") is not None


def test_symlink_leaving_the_content_folder(tmp_path: Path) -> None:
    root = _copy_case(tmp_path)
    outside = tmp_path / "outside.toml"
    outside.write_text(_exam_from_base_quiz((root / "quizzes/01-base.toml").read_text(), "outside-quiz"))
    (root / "quizzes" / "02-link.toml").symlink_to(outside)
    course = load_course(root)
    assert _as_tuples(course) == [("quizzes/02-link.toml", None, None)]
    assert "outside the course folder" in course.problems[0].message
    assert course.quiz("outside-quiz") is None
    assert course.quiz("base-quiz") is not None


def test_symlink_inside_the_content_folder_is_fine(tmp_path: Path) -> None:
    root = _copy_case(tmp_path)
    kept = root / "kept"
    kept.mkdir()
    (kept / "extra.toml").write_text(_exam_from_base_quiz((root / "quizzes/01-base.toml").read_text(), "linked-quiz"))
    (root / "quizzes" / "02-link.toml").symlink_to(kept / "extra.toml")
    course = load_course(root)
    assert course.problems == []
    assert course.quiz("linked-quiz") is not None


def test_dangling_symlink_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    root = _copy_case(tmp_path)
    (root / "lessons" / "02-gone.md").symlink_to(root / "nowhere.md")
    course = load_course(root)
    assert _as_tuples(course) == [("lessons/02-gone.md", None, None)]
    assert "cannot be read" in course.problems[0].message


def test_deep_inline_tables_are_refused_too(tmp_path: Path) -> None:
    root = _copy_case(tmp_path)
    deep = "x = " + "{a = " * 100 + "1" + "}" * 100
    (root / "quizzes" / "02-deep.toml").write_text('id = "deep"\n\n' + deep + "\n")
    course = load_course(root)
    assert _as_tuples(course) == [("quizzes/02-deep.toml", 3, None)]
    assert "nested too deeply" in course.problems[0].message


@pytest.mark.parametrize(
    ("deep", "line"),
    [
        ("x = " + "[1, " * 40 + "1" + "]" * 40, 2),
        ("x = " + "[\n" * 40 + "]" * 40, 2 + MAX_TOML_DEPTH),  # the bracket one too deep is on this line
    ],
    ids=["arrays-with-values", "arrays-over-lines"],
)
def test_deep_arrays_are_refused_at_the_line_they_get_too_deep(tmp_path: Path, deep: str, line: int) -> None:
    root = _copy_case(tmp_path)
    (root / "quizzes" / "02-deep.toml").write_text('id = "deep"\n' + deep + "\n")
    course = load_course(root)
    assert _as_tuples(course) == [("quizzes/02-deep.toml", line, None)]
    assert "nested too deeply" in course.problems[0].message


def test_deep_dotted_keys_are_refused(tmp_path: Path) -> None:
    root = _copy_case(tmp_path)
    (root / "quizzes" / "02-deep.toml").write_text('id = "deep"\n' + ".".join(["a"] * 200) + " = 1\n")
    course = load_course(root)
    assert [(p.file, p.field) for p in course.problems] == [("quizzes/02-deep.toml", None)]
    assert "nested too deeply" in course.problems[0].message


def test_brackets_inside_strings_and_comments_do_not_count_as_nesting(tmp_path: Path) -> None:
    root = _copy_case(tmp_path)
    quiz = _exam_from_base_quiz((root / "quizzes/01-base.toml").read_text(), "brackets-quiz")
    quiz = quiz.replace(
        'prompt = "This quiz loads."',
        'prompt = "' + "[{" * 40 + ' \\" ' + "[" * 40 + '"  # ' + "[" * 60 + "\n"
        + "feedback_wrong = \'\'\'" + "{" * 50 + "\n" + "[" * 50 + "\'\'\'",
    )
    (root / "quizzes" / "02-brackets.toml").write_text(quiz)
    course = load_course(root)
    assert course.problems == []
    question = course.quiz("brackets-quiz").questions[0]
    assert question.prompt.startswith("[{[{") and question.feedback_wrong.count("{") == 50


def test_readme_files_are_ignored(tmp_path: Path) -> None:
    root = _copy_case(tmp_path)
    (root / "lessons" / "README.md").write_text("# Not a lesson\n\nNo front matter here.\n")
    (root / "quizzes" / "README.md").write_text("# Not a quiz\n")
    (root / "lessons" / "readme.md").write_text("lower-case too\n")
    course = load_course(root)
    assert course.problems == []
    assert [lesson.id for lesson in course.lessons] == ["base"]


def test_files_in_the_wrong_folder_and_hidden_files(tmp_path: Path) -> None:
    root = _copy_case(tmp_path)
    (root / "quizzes" / "notes.md").write_text("+++\n+++\n")
    (root / "lessons" / "quiz.toml").write_text('id = "x"\n')
    (root / "lessons" / ".draft.md").write_text("not even front matter\n")
    course = load_course(root)
    assert [(p.file, p.line) for p in course.problems] == [("lessons/quiz.toml", None), ("quizzes/notes.md", None)]
    assert all("wrong folder" in p.message for p in course.problems)


def test_many_broken_files_beside_a_good_course(tmp_path: Path) -> None:
    """Broken files from several cases dropped into the good course: every problem reported, good content intact."""
    root = tmp_path / "course"
    shutil.copytree(FIXTURES / "good_course", root)
    picks = {
        "toml-syntax": "quizzes/02-other.toml",
        "unknown-type": "quizzes/02-other.toml",
        "non-utf8": "quizzes/02-other.toml",
        "front-matter-unclosed": "lessons/02-other.md",
    }
    for n, (case, rel) in enumerate(picks.items()):
        target = root / rel.replace("02-other", f"9{n}-{case}")
        target.write_bytes((BROKEN / case / rel).read_bytes())
    course = load_course(root)
    assert sorted(p.file for p in course.problems) == sorted(
        rel.replace("02-other", f"9{n}-{case}") for n, (case, rel) in enumerate(picks.items())
    )
    assert [lesson.id for lesson in course.lessons] == ["basics", "cost"]
    assert sorted(course.quizzes) == ["basics-quiz", "cost-quiz", "final-exam"]


def test_missing_folder_and_non_course_folder(tmp_path: Path) -> None:
    gone = load_course(tmp_path / "nope")
    assert [p.message for p in gone.problems] == ["the course folder does not exist"]
    assert gone.lessons == [] and gone.quizzes == {}
    empty = load_course(tmp_path)
    assert len(empty.problems) == 1 and "no lessons/ or quizzes/ folder" in empty.problems[0].message


def test_bad_course_toml(tmp_path: Path) -> None:
    root = _copy_case(tmp_path)
    (root / "course.toml").write_text('id = "Not A Slug"\ntitle = ""\ncolour = "red"\n')
    course = load_course(root)
    assert [(p.file, p.field) for p in course.problems] == [
        ("course.toml", "colour"),
        ("course.toml", "id"),
        ("course.toml", "title"),
    ] or sorted((p.file, p.field) for p in course.problems) == [
        ("course.toml", "colour"),
        ("course.toml", "id"),
        ("course.toml", "title"),
    ]
    assert course.id == "course"  # the folder's name, made a slug
    assert course.title == "Course"
    assert course.quiz("base-quiz") is not None
