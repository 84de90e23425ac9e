"""The good fixture course: every question type, loads with zero problems, and the model says what the files say."""

from __future__ import annotations

from course.content import load_course
from course.content.models import (
    QUESTION_TYPES,
    MatchingQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderingQuestion,
    ShortQuestion,
    SingleQuestion,
    TrueFalseQuestion,
)
from course.content.slugs import is_slug, slugify
from tests.conftest import FIXTURES

GOOD = FIXTURES / "good_course"


def test_good_course_loads_with_zero_problems() -> None:
    course = load_course(GOOD)
    assert course.problems == []
    assert course.id == "good-course"
    assert course.title == "A small course used by the tests"
    assert [lesson.id for lesson in course.lessons] == ["basics", "cost"]
    assert sorted(course.quizzes) == ["basics-quiz", "cost-quiz", "final-exam"]


def test_good_course_has_a_question_of_many_types() -> None:
    # Each type's own fixture question is in tests/qtypes/fixtures/ (the contract test asks every type for
    # one); this course holds the types a whole course's tests need, and nothing a type has not registered.
    course = load_course(GOOD)
    types = {q.type for quiz in course.quizzes.values() for q in quiz.questions}
    assert types <= set(QUESTION_TYPES)
    assert {"single", "multiple", "true_false", "matching", "ordering", "short", "numeric", "cloze"} <= types


def test_lesson_front_matter_and_sections() -> None:
    basics = load_course(GOOD).lesson("basics")
    assert basics is not None
    assert basics.meta.order == 1 and basics.meta.minutes == 1 and basics.meta.quiz == "basics-quiz"
    assert basics.meta.objectives == ["Tell outsourcing from offshoring", "Name one reason to do each"]
    assert basics.intro == "An introduction before the first section."
    # a ## heading inside fenced code is not a section; {#where} gives an explicit id
    assert [(s.id, s.title) for s in basics.sections] == [
        ("who-does-the-work", "Who does the work"),
        ("where", "Where it is done"),
        ("key-takeaways", "Key takeaways"),
    ]
    assert [s.line for s in basics.sections] == [13, 21, 25]
    assert basics.body_line == 10
    assert "## Not a section" in basics.sections[0].body
    assert basics.sections[1].body.startswith("## Where it is done\n")


def test_quiz_settings_and_defaults() -> None:
    course = load_course(GOOD)
    basics = course.quiz("basics-quiz")
    assert basics is not None
    assert (basics.pass_mark, basics.shuffle_questions, basics.shuffle_options, basics.max_attempts, basics.feedback) == (
        0.75, True, True, 3, "immediate",
    )
    cost = course.quiz("cost-quiz")
    assert cost is not None
    assert (cost.pass_mark, cost.shuffle_questions, cost.shuffle_options, cost.max_attempts, cost.feedback) == (
        0.7, False, False, None, "end",
    )
    assert cost.path is not None and cost.path.name == "02-cost.toml"
    final = course.quiz("final-exam")
    assert final is not None and final.is_exam and not basics.is_exam
    assert [(d.from_, d.count) for d in final.draw] == [("basics-quiz", 3), ("cost-quiz", 2)]
    assert course.exams == [final]


def test_questions_are_read_as_written() -> None:
    quiz = load_course(GOOD).quiz("basics-quiz")
    assert quiz is not None
    single = quiz.question("single-1")
    assert isinstance(single, SingleQuestion)
    assert single.option_keys() == ["a", "b", "none"]
    assert single.correct_keys() == ["a"]
    assert single.options[2].pinned and single.options[1].feedback == "Nothing is handed to another company."
    assert single.points == 1.0
    multiple = quiz.question("multiple-1")
    assert isinstance(multiple, MultipleQuestion)
    assert multiple.correct_keys() == ["a", "b"] and multiple.points == 2
    tf = quiz.question("tf-1")
    assert isinstance(tf, TrueFalseQuestion) and tf.answer is False
    matching = quiz.question("match-1")
    assert isinstance(matching, MatchingQuestion)
    assert matching.choices() == ["Domestic outsourcing", "Offshoring", "International outsourcing", "Joint venture"]
    ordering = quiz.question("order-1")
    assert isinstance(ordering, OrderingQuestion) and ordering.items[0] == "Define the scope"
    short = quiz.question("short-1")
    assert isinstance(short, ShortQuestion)
    assert [(a.text, a.weight) for a in short.answers] == [("service level agreement", 1.0), ("SLA", 1.0)]
    assert short.fuzzy == 1
    short2 = quiz.question("short-2")
    assert isinstance(short2, ShortQuestion)
    assert [(a.text, a.weight) for a in short2.answers] == [("service level agreement", 1.0), ("contract", 0.5)]
    numeric = quiz.question("numeric-1")
    assert isinstance(numeric, NumericQuestion) and numeric.bounds() == (6, 6) and numeric.unit == "differences"
    ranged = quiz.question("numeric-2")
    assert isinstance(ranged, NumericQuestion) and ranged.bounds() == (20, 40) and ranged.points == 0.5
    assert quiz.question("nope") is None


def test_sections_resolve_from_questions() -> None:
    course = load_course(GOOD)
    quiz = course.quiz("basics-quiz")
    assert quiz is not None
    lesson, section = course.resolve_section(quiz, quiz.question("single-1").section)
    assert (lesson.id, section.id) == ("basics", "where")
    lesson, section = course.resolve_section(quiz, "basics#who-does-the-work")
    assert (lesson.id, section.id) == ("basics", "who-does-the-work")
    final = course.quiz("final-exam")
    lesson, section = course.resolve_section(final, "basics#key-takeaways")
    assert section.id == "key-takeaways"
    assert course.resolve_section(quiz, "nope") is None
    assert course.resolve_section(quiz, None) is None


def test_readme_files_in_the_fixture_are_ignored() -> None:
    """The fixture's README.md files are not content (one is not even valid TOML): zero problems."""
    assert (GOOD / "lessons" / "README.md").is_file() and (GOOD / "quizzes" / "README.md").is_file()
    course = load_course(GOOD)
    assert course.problems == []
    assert all(lesson.path.name != "README.md" for lesson in course.lessons)


def test_slugs() -> None:
    assert slugify("Key takeaways") == "key-takeaways"
    assert slugify("Café & Co.: the end!") == "cafe-co-the-end"
    assert slugify("!!!") == "section"
    assert len(slugify("x" * 100)) == 64
    assert is_slug("cost-quiz") and is_slug("q1")
    for bad in ("Cost", "a--b", "-a", "a-", "a_b", "", "x" * 65, "a b"):
        assert not is_slug(bad), bad


def test_shipped_course_loads_with_zero_problems(shipped_root) -> None:
    course = load_course(shipped_root)
    assert [str(p) for p in course.problems] == []
    assert course.lessons and course.quizzes
