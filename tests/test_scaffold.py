"""`course new`: lesson, quiz and course templates that check clean, refusals, and templates in step with
the models."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import get_args

import pytest
from pydantic import BaseModel
from textual.widgets import OptionList

from course.cli import main
from course.content import load_course
from course.content.models import (
    QUESTION_TYPES,
    Draw,
    LessonMeta,
    MatchingQuestion,
    MultipleQuestion,
    NumericQuestion,
    Option,
    OrderingQuestion,
    Pair,
    Quiz,
    ShortAnswer,
    ShortQuestion,
    SingleQuestion,
    TrueFalseQuestion,
)
from course.scaffold import lesson_text, quiz_text
from course.tui.widgets import StatusLine
from tests.tui_support import SIZE, make_app, plain, sync


def course_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The installed command line, run as learners and instructors run it."""
    return subprocess.run(
        [sys.executable, "-m", "course", *args], capture_output=True, text=True, cwd=cwd, timeout=60, check=False
    )


def test_new_course_checks_clean_through_the_cli(tmp_path: Path) -> None:
    root = tmp_path / "my-course"
    made = course_cli("new", "course", str(root))
    assert made.returncode == 0, made.stderr
    assert {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()} == {
        "course.toml", "lessons/first-lesson.md", "quizzes/first-lesson-quiz.toml",
    }
    checked = course_cli("check", str(root))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    examples = len(QUESTION_TYPES) + 1  # one example of each type, and numeric's with several answers
    assert f"no problems (1 lesson, 1 quiz, {examples} questions)" in checked.stderr
    course = load_course(root)
    assert course.id == "my-course"
    assert course.quiz_for(course.lessons[0]) is course.quizzes["first-lesson-quiz"]


def test_new_lesson_and_quizzes_check_clean_through_the_cli(tmp_path: Path) -> None:
    root = tmp_path / "c"
    assert course_cli("new", "course", str(root)).returncode == 0
    for args in (
        ["new", "lesson", "costs"],
        ["new", "quiz", "costs-quiz", "--lesson", "costs"],
        ["new", "quiz", "final-exam"],
    ):
        made = course_cli(*args, cwd=root)
        assert made.returncode == 0, made.stderr
    assert (root / "lessons" / "costs.md").is_file() and (root / "quizzes" / "final-exam.toml").is_file()
    checked = course_cli("check", str(root))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    course = load_course(root)
    assert [lesson.id for lesson in course.lessons] == ["first-lesson", "costs"]  # the new one comes last
    assert course.quizzes["costs-quiz"].lesson == "costs"
    assert [q.id for q in course.exams] == ["final-exam"]


def test_new_lesson_and_quiz_into_an_empty_folder_check_clean(tmp_path: Path) -> None:
    assert main(["new", "lesson", "intro", "--dir", str(tmp_path)]) == 0
    assert main(["new", "quiz", "intro-quiz", "--lesson", "intro", "--dir", str(tmp_path)]) == 0
    course = load_course(tmp_path)
    assert course.problems == [] and len(course.lessons) == 1 and len(course.quizzes) == 1


def test_the_quiz_holds_one_question_of_every_type(tmp_path: Path) -> None:
    quiz = Quiz.model_validate(tomllib.loads(quiz_text("q", lesson="l")))
    assert {q.type for q in quiz.questions} == set(QUESTION_TYPES)


@pytest.mark.parametrize(
    "args, message",
    [
        (["new", "lesson", "Cost_Basics"], "is not a slug"),
        (["new", "lesson", "cost--basics"], "is not a slug"),
        (["new", "quiz", "cost quiz"], "is not a slug"),
        (["new", "quiz", "cost-quiz", "--lesson", "Costs"], "is not a slug"),
    ],
)
def test_refuses_an_id_that_is_not_a_slug(
    tmp_path: Path, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*args, "--dir", str(tmp_path)]) == 2
    assert message in capsys.readouterr().err
    assert not any(tmp_path.rglob("*.*"))


@pytest.mark.parametrize("kind, path", [("lesson", "lessons/x.md"), ("quiz", "quizzes/x.toml")])
def test_refuses_to_overwrite(tmp_path: Path, kind: str, path: str, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / path
    target.parent.mkdir()
    target.write_text("# mine\n", encoding="utf-8")
    assert main(["new", kind, "x", "--dir", str(tmp_path)]) == 2
    assert "exists" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "# mine\n"


def test_refuses_an_id_another_file_already_uses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "course", str(tmp_path / "c")]) == 0
    capsys.readouterr()
    assert main(["new", "lesson", "first-lesson", "--dir", str(tmp_path / "c" / "lessons" / "..")]) == 2  # same file
    assert main(["new", "quiz", "first-lesson-quiz", "--dir", str(tmp_path / "c")]) == 2
    assert "exists" in capsys.readouterr().err
    (tmp_path / "c" / "quizzes" / "first-lesson-quiz.toml").rename(tmp_path / "c" / "quizzes" / "renamed.toml")
    assert main(["new", "quiz", "first-lesson-quiz", "--dir", str(tmp_path / "c")]) == 2
    assert "already used by" in capsys.readouterr().err
    assert not (tmp_path / "c" / "quizzes" / "first-lesson-quiz.toml").exists()


def test_new_course_refuses_a_folder_with_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.txt").write_text("keep\n", encoding="utf-8")
    assert main(["new", "course", str(tmp_path)]) == 2
    assert "not an empty folder" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


# --------------------------------------------------------------------------- templates and models


def _keys_shown(template: str) -> set[str]:
    """Every key a template shows: `key = ...` (active or commented out) and `[[...key]]` tables."""
    keys = set(re.findall(r"^(?:# )?([a-z_]+) = ", template, re.MULTILINE))
    keys |= set(re.findall(r"^(?:# )?\[\[(?:questions\.)?([a-z_]+)\]\]", template, re.MULTILINE))
    return keys


def _fields(model: type) -> set[str]:
    return {info.alias or name for name, info in model.model_fields.items() if name != "path"}


def _models_within(model: type[BaseModel], found: dict[str, type[BaseModel]] | None = None) -> list[type[BaseModel]]:
    """`model` and every model its fields hold, however deep (lists, unions, annotations): a model added to
    the quiz format is found here without anyone listing it."""
    found = {} if found is None else found
    found[model.__name__] = model
    stack = [info.annotation for info in model.model_fields.values()]
    while stack:
        annotation = stack.pop()
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation.__name__ not in found:
                _models_within(annotation, found)
        else:
            stack.extend(get_args(annotation))
    return list(found.values())


QUIZ_MODELS = _models_within(Quiz)


def test_the_models_of_a_quiz_are_all_found() -> None:
    expected = {
        Quiz, SingleQuestion, MultipleQuestion, TrueFalseQuestion, MatchingQuestion, OrderingQuestion,
        ShortQuestion, NumericQuestion, Option, Pair, ShortAnswer, Draw,
    }
    assert expected <= set(QUIZ_MODELS)


@pytest.mark.parametrize("model", QUIZ_MODELS, ids=lambda m: m.__name__)
def test_every_field_of_the_quiz_models_is_in_the_quiz_template(model: type) -> None:
    missing = _fields(model) - _keys_shown(quiz_text("q", lesson="l"))
    assert not missing, f"{model.__name__} fields missing from the quiz template: {sorted(missing)}"


def test_every_question_type_has_an_active_example() -> None:
    template = quiz_text("q")
    for kind in QUESTION_TYPES:
        assert re.search(rf'^type = "{kind}"', template, re.MULTILINE), f"no {kind} example in the quiz template"


def test_every_front_matter_field_is_in_the_lesson_template() -> None:
    missing = _fields(LessonMeta) - _keys_shown(lesson_text("l", 1))
    assert not missing, f"front-matter fields missing from the lesson template: {sorted(missing)}"


def test_every_key_is_explained_by_a_comment_at_least_once() -> None:
    for template in (quiz_text("q", lesson="l"), lesson_text("l", 1, quiz="q")):
        explained = {
            match.group(1)
            for match in re.finditer(r"^(?:# )?([a-z_]+) = .* # \S", template, re.MULTILINE)
        }
        keys = set(re.findall(r"^(?:# )?([a-z_]+) = ", template, re.MULTILINE))
        assert keys and keys <= explained, f"keys without a comment: {sorted(keys - explained)}"


# --------------------------------------------------------------------------- the app


@sync
async def test_a_new_course_opens_in_the_app(tmp_path: Path) -> None:
    root = tmp_path / "c"
    assert main(["new", "course", str(root)]) == 0
    app = make_app(tmp_path / "progress", "ana", content=root)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        modules = app.screen.query_one("#modules", OptionList)
        assert modules.option_count == 1
        assert "First lesson" in plain(modules.get_option_at_index(0).prompt)
        assert not app.screen.query("#problems")
        await pilot.press("R")  # reload: the map's status line counts in words that agree with the numbers
        await pilot.pause()
        await pilot.pause()
        assert app.screen.query_one(StatusLine).said == "Course reloaded: 1 lesson, 1 quiz."
        await pilot.press("t")  # its quiz
        await pilot.pause()
        assert type(app.screen).__name__ == "QuizScreen"


def test_a_quiz_for_a_lesson_not_written_yet_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "quiz", "later-quiz", "--lesson", "later", "--dir", str(tmp_path)]) == 0
    assert "there is no lesson 'later' yet" in capsys.readouterr().err
    assert main(["new", "lesson", "later", "--dir", str(tmp_path)]) == 0
    assert load_course(tmp_path).problems == []


@pytest.mark.parametrize(
    ("folder", "course_id", "title"),
    [
        ("sla-course", "sla-course", "SLA course"),
        ("SLA-Course", "sla-course", "SLA course"),
        ("kpis_for_it", "kpis-for-it", "KPIs for it"),  # "it" is a word: never guessed to be IT
        ("Cost-Basics", "cost-basics", "Cost basics"),
        ("my-iPhone-course", "my-iphone-course", "My iPhone course"),
        ("outsourcing", "outsourcing", "Outsourcing"),
    ],
)
def test_a_new_course_is_titled_from_its_folder_keeping_capitals(
    tmp_path: Path, folder: str, course_id: str, title: str
) -> None:
    assert main(["new", "course", str(tmp_path / folder)]) == 0
    written = tomllib.loads((tmp_path / folder / "course.toml").read_text(encoding="utf-8"))
    assert (written["id"], written["title"]) == (course_id, title)


def test_a_new_quiz_and_lesson_keep_known_capitals_in_their_titles(tmp_path: Path) -> None:
    assert main(["new", "quiz", "sla-terms", "--dir", str(tmp_path)]) == 0
    assert main(["new", "lesson", "kpis-and-slas", "--dir", str(tmp_path)]) == 0
    assert tomllib.loads((tmp_path / "quizzes" / "sla-terms.toml").read_text(encoding="utf-8"))["title"] == "SLA terms"
    assert 'title = "KPIs and SLAs"' in (tmp_path / "lessons" / "kpis-and-slas.md").read_text(encoding="utf-8")


def test_the_note_of_a_quiz_for_a_lesson_says_the_lesson_needs_no_change(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "lesson", "costs", "--dir", str(tmp_path)]) == 0
    capsys.readouterr()
    assert main(["new", "quiz", "costs-quiz", "--lesson", "costs", "--dir", str(tmp_path)]) == 0
    note = capsys.readouterr().err
    assert "the lesson needs no change" in note and "optional" in note and not note.startswith("note: add")
    course = load_course(tmp_path)
    assert not [p for p in course.problems if p.severity == "error"]
    assert course.quiz_for(course.lessons[0]) is course.quizzes["costs-quiz"]


def test_every_course_toml_setting_is_in_the_course_template(tmp_path: Path) -> None:
    """course.toml's keys, its [review] table's and its [xapi] table's are all in the template (commented
    out), so an author finds every setting in the file `course new course` writes."""
    from course.content.models import ReviewTable, XapiTable
    from course.scaffold import new_course

    new_course(tmp_path / "c")
    shown = _keys_shown((tmp_path / "c" / "course.toml").read_text("utf-8"))
    top_level = {"id", "title", "lint", "final_quiz"}  # with the two tables, what the loader accepts
    missing = (top_level | _fields(ReviewTable) | _fields(XapiTable)) - shown
    assert not missing, f"course.toml settings missing from the course template: {sorted(missing)}"
    text = (tmp_path / "c" / "course.toml").read_text("utf-8")
    assert re.search(r"^# \[review\]$", text, re.MULTILINE) and re.search(r"^# \[xapi\]$", text, re.MULTILINE)


def test_the_course_template_with_every_setting_turned_on_checks_clean(tmp_path: Path) -> None:
    """Removing the "# " of every setting line gives a course.toml that `course check` passes, with the values
    taken: the final quiz is the course's own quiz and the review limits are the defaults written."""
    from course.scaffold import new_course

    root = tmp_path / "c"
    new_course(root)
    toml = root / "course.toml"
    text = toml.read_text("utf-8")
    turned_on = re.sub(r"^# (\[[a-z]+\]|[a-z_]+ = )", r"\1", text, flags=re.MULTILINE)
    assert turned_on != text and tomllib.loads(turned_on)["review"] == {"new_per_day": 20, "reviews_per_day": 200}
    toml.write_text(turned_on, "utf-8")
    (root / "emails.toml").write_text('ana = "ana@example.org"\n', "utf-8")
    checked = course_cli("check", "--strict", str(root))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    course = load_course(root)
    assert course.final_quiz == "first-lesson-quiz" and not course.problems
    assert (course.review.new_per_day, course.review.reviews_per_day) == (20, 200)
    assert course.xapi.lrs == "https://lrs.example.org/xAPI"
