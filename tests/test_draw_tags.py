"""Questions with tags, draws that pick by tag, and lessons' reading time from their word count."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from course.content import load_course
from course.content.models import WORDS_PER_MINUTE
from course.progress import ProgressStore
from course.quizrun import QuizSession, select_keys

DIFFERENCES = ("geography", "cost", "risk")

LESSON = """+++
id = "{id}"
title = "Lesson {id}"
order = {order}
summary = "About {id}."
objectives = ["Know {id}"]
{minutes}+++

## Basics

{body}
"""


def _question(qid: str, tags: list[str]) -> str:
    tag_line = f"tags = [{', '.join(repr(t).replace(chr(39), chr(34)) for t in tags)}]\n" if tags else ""
    return (
        f'\n[[questions]]\nid = "{qid}"\ntype = "true_false"\nprompt = "Is {qid} so?"\nanswer = {"true" if len(qid) % 2 else "false"}\n'
        f'explanation = "Because."\n{tag_line}'
    )


def _course(root: Path, exam_draws: str, scenarios: int = 1) -> Path:
    """A lesson and quiz per difference (`scenarios` scenario questions each, and three plain ones) and an exam."""
    (root / "lessons").mkdir(parents=True)
    (root / "quizzes").mkdir()
    for order, diff in enumerate(DIFFERENCES, 1):
        (root / "lessons" / f"{order}-{diff}.md").write_text(
            LESSON.format(id=diff, order=order, minutes="", body="Text. " * 30), encoding="utf-8"
        )
        quiz = f'id = "{diff}-quiz"\ntitle = "{diff}"\nlesson = "{diff}"\nlint_ok = ["true-false-balance"]\n'
        quiz += "".join(_question(f"plain-{n}", [diff]) for n in range(3))
        quiz += "".join(_question(f"case-{n}", ["scenario", diff]) for n in range(scenarios))
        (root / "quizzes" / f"{order}-{diff}.toml").write_text(quiz, encoding="utf-8")
    (root / "quizzes" / "9-exam.toml").write_text(
        'id = "final-exam"\ntitle = "Final exam"\nshuffle_questions = true\n' + exam_draws, encoding="utf-8"
    )
    return root


def _draw(source: str, count: int, tags: list[str] | None = None) -> str:
    tag_line = "tags = [" + ", ".join(f'"{t}"' for t in tags) + "]\n" if tags else ""
    return f'\n[[draw]]\nfrom = "{source}"\ncount = {count}\n{tag_line}'


# Untagged draws first, so that without the narrowest-first rule they could take the only scenario question.
EXAM = "".join(_draw(f"{d}-quiz", 3) for d in DIFFERENCES) + "".join(
    _draw(f"{d}-quiz", 1, ["scenario", d]) for d in DIFFERENCES
)


@settings(max_examples=200, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**31 - 1))
def test_every_attempt_has_one_scenario_per_difference_and_no_question_twice(tmp_path_factory, seed: int) -> None:
    course = _exam_course(tmp_path_factory)
    keys = select_keys(course, course.quiz("final-exam"), seed)
    assert len(keys) == len(set(keys)) == 12
    for diff in DIFFERENCES:
        assert f"{diff}-quiz/case-0" in keys  # the only scenario of each difference
        assert sum(k.startswith(f"{diff}-quiz/") for k in keys) == 4


_COURSES: dict[str, object] = {}


def _exam_course(tmp_path_factory):  # one course for every example: hypothesis runs the test many times
    if "exam" not in _COURSES:
        _COURSES["exam"] = load_course(_course(tmp_path_factory.mktemp("exam") / "c", EXAM))
        assert _COURSES["exam"].problems == []  # type: ignore[attr-defined]
    return _COURSES["exam"]


@settings(max_examples=100, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**31 - 1))
def test_a_tagged_draw_picks_only_questions_with_all_its_tags(tmp_path_factory, seed: int) -> None:
    if "many" not in _COURSES:
        draws = "".join(_draw(f"{d}-quiz", 2, ["scenario", d]) for d in DIFFERENCES)
        _COURSES["many"] = load_course(_course(tmp_path_factory.mktemp("many") / "c", draws, scenarios=4))
    course = _COURSES["many"]
    keys = select_keys(course, course.quiz("final-exam"), seed)  # type: ignore[attr-defined]
    assert len(keys) == len(set(keys)) == 6
    assert all(k.split("/")[1].startswith("case-") for k in keys)


def test_untagged_draws_pick_as_before_and_keys_name_the_quiz(tmp_path: Path) -> None:
    course = load_course(_course(tmp_path / "c", _draw("cost-quiz", 2)))
    keys = select_keys(course, course.quiz("final-exam"), 5)
    assert len(keys) == 2 and all(k.startswith("cost-quiz/") for k in keys)


def test_an_attempt_started_before_tags_resumes_with_its_questions(tmp_path: Path) -> None:
    """Keys stay '<quiz>/<question id>': an attempt saved without tags resumes once the questions have them."""
    plain = load_course(_course(tmp_path / "plain", _draw("risk-quiz", 2)))
    learner = ProgressStore(tmp_path / "progress", plain.id).open("ana")
    started = QuizSession.start(plain, plain.quiz("final-exam"), learner, seed=3)
    keys = [p.key for p in started.questions]
    tagged = load_course(_course(tmp_path / "plain2", EXAM))
    tagged = tagged.model_copy(update={"id": plain.id})
    learner = ProgressStore(tmp_path / "progress", plain.id).open("ana")
    resumed = QuizSession.resume(tagged, tagged.quiz("final-exam"), learner)
    assert resumed is not None and [p.key for p in resumed.questions] == keys


def _problems(root: Path) -> list[tuple[str, int | None, str | None, str, str]]:
    return [(p.file, p.line, p.field, p.severity, p.message) for p in load_course(root).problems]


def test_check_reports_a_draw_whose_tags_match_fewer_questions_than_its_count(tmp_path: Path) -> None:
    root = _course(tmp_path / "c", _draw("cost-quiz", 2, ["scenario"]) + _draw("risk-quiz", 1, ["scenario", "cost"]))
    assert _problems(root) == [
        (
            "quizzes/9-exam.toml", 8, "draw[0].tags", "error",
            "asks for 2 questions of 'cost-quiz' tagged [\"scenario\"], which has 1 (case-0)",
        ),
        (
            "quizzes/9-exam.toml", 13, "draw[1].tags", "error",
            "asks for 1 questions of 'risk-quiz' tagged [\"cost\", \"scenario\"], which has 0",
        ),
    ]


def test_check_warns_when_earlier_draws_may_take_what_a_draw_needs(tmp_path: Path) -> None:
    root = _course(tmp_path / "c", _draw("cost-quiz", 3, ["cost"]) + _draw("cost-quiz", 2))
    problems = _problems(root)
    assert [p[:4] for p in problems] == [("quizzes/9-exam.toml", 12, "draw[1].count", "warning")]
    assert "may take 3 of the 4" in problems[0][4]
    fine = _course(tmp_path / "d", _draw("cost-quiz", 1, ["scenario"]) + _draw("cost-quiz", 3))
    assert _problems(fine) == []


def test_tags_must_be_slugs_and_different(tmp_path: Path) -> None:
    root = _course(tmp_path / "c", _draw("cost-quiz", 1, ["Scenario"]))
    quiz = root / "quizzes" / "1-geography.toml"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace('"geography"]', '"geography", "geography"]', 1), encoding="utf-8")
    found = [(p.file, p.field, p.message) for p in load_course(root).problems]
    assert ("quizzes/1-geography.toml", "questions[0].tags", "each tag must be different") in found
    assert [(f, m) for f, fld, m in found if fld == "draw[0].tags"] == [
        ("quizzes/9-exam.toml", "tag 'Scenario' is not a slug: use lower-case letters, digits and single hyphens (for example 'scenario')")
    ]  # and no second problem about how many questions it matches


# ---------------------------------------------------------------------------- reading time


def test_minutes_default_to_the_word_count_at_200_a_minute(tmp_path: Path) -> None:
    root = tmp_path / "c"
    (root / "lessons").mkdir(parents=True)
    words = WORDS_PER_MINUTE * 3 + 1  # the heading's two words included below
    body = "word " * (words - 2)
    (root / "lessons" / "a.md").write_text(LESSON.format(id="a", order=1, minutes="", body=body), encoding="utf-8")
    (root / "lessons" / "b.md").write_text(LESSON.format(id="b", order=2, minutes="minutes = 7\n", body=body), encoding="utf-8")
    course = load_course(root)
    a, b = course.lesson("a"), course.lesson("b")
    assert a.words == words and a.meta.minutes is None and a.minutes == a.estimated_minutes == 4  # rounded up
    assert b.minutes == 7 and b.estimated_minutes == 4  # under twice the estimate: no warning
    assert course.problems == []


def test_minutes_far_from_the_word_count_is_a_warning(tmp_path: Path) -> None:
    root = tmp_path / "c"
    (root / "lessons").mkdir(parents=True)
    body = "word " * 598  # 600 words with the heading: 3 minutes
    for lid, minutes in (("slow", 7), ("fast", 1), ("near", 6), ("short", 3)):
        text = LESSON.format(id=lid, order=1, minutes=f"minutes = {minutes}\n", body=body if lid != "short" else "Tiny.")
        (root / "lessons" / f"{lid}.md").write_text(text, encoding="utf-8")
    problems = load_course(root).problems
    assert [(p.file, p.line, p.field, p.severity) for p in problems] == [("lessons/slow.md", 7, "minutes", "warning")]
    assert "says 7 minutes, but its 600 words read in about 3" in problems[0].message
