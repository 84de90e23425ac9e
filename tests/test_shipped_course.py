"""The default course: clean, complete, every quiz answerable from its lesson, scored right end to end."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from course.content.models import (
    ChoiceQuestion,
    MatchingQuestion,
    NumericQuestion,
    OrderingQuestion,
    Question,
    ShortQuestion,
    TrueFalseQuestion,
)
from course.locations import shipped_content_dir
from course.progress import ProgressStore
from course.quizrun import QuizSession
from tests.answers import right, wrong
from tests.content_support import loaded

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def course():
    return loaded(shipped_content_dir())  # the test process's one load, a copy (content_support.loaded)


def test_the_shipped_course_is_found_and_clean(course):
    assert shipped_content_dir() == ROOT
    assert [str(p) for p in course.problems] == []
    assert len(course.lessons) == 10
    assert [lesson.meta.order for lesson in course.lessons] == sorted(lesson.meta.order for lesson in course.lessons)


def test_every_question_has_an_explanation_and_an_existing_section(course):
    for quiz in course.quizzes.values():
        for question in quiz.questions:
            assert question.explanation.strip(), f"{quiz.id}/{question.id} has no explanation"
            assert course.resolve_section(quiz, question.section), f"{quiz.id}/{question.id}: no section {question.section!r}"


def test_every_question_says_why_the_tempting_wrong_answers_are_wrong(course):
    for quiz in course.quizzes.values():
        for q in quiz.questions:
            if isinstance(q, ChoiceQuestion):
                has = any(o.feedback for o in q.options if not o.correct)
            elif isinstance(q, TrueFalseQuestion):
                has = bool(q.feedback_true if not q.answer else q.feedback_false) or bool(q.feedback_wrong)
            else:
                has = bool(q.feedback_wrong) or (isinstance(q, ShortQuestion) and any(a.feedback for a in q.answers))
            assert has, f"{quiz.id}/{q.id} has no feedback on wrong answers"


def test_quiz_sizes_and_question_types(course):
    types: Counter[str] = Counter()
    for lesson in course.lessons:
        quiz = course.quiz_for(lesson)
        if quiz is not None:
            assert 6 <= len(quiz.questions) <= 10, f"{quiz.id} has {len(quiz.questions)} questions"
            assert 0.7 <= quiz.pass_mark <= 0.8
    for quiz in course.quizzes.values():
        types.update(q.type for q in quiz.questions)
    assert all(types[t] >= 2 for t in ("single", "multiple", "true_false", "matching", "ordering", "short", "numeric")), types
    exams = course.exams
    assert len(exams) == 1
    exam = exams[0]
    assert len(exam.questions) + sum(d.count for d in exam.draw) >= 20


def test_every_lesson_is_long_enough_and_well_formed(course):
    for lesson in course.lessons:
        assert 3 <= len(lesson.sections) <= 6, f"{lesson.id}: {len(lesson.sections)} sections"
        assert lesson.meta.objectives
        assert 450 <= lesson.words <= 1400, f"{lesson.id}: {lesson.words} words"
        assert any("takeaway" in s.id for s in lesson.sections), f"{lesson.id} has no key takeaways"


@pytest.mark.parametrize("answers, expected", [(right, 1.0), (wrong, 0.0)])
def test_walking_every_quiz_scores_full_or_zero(course, tmp_path, answers, expected):
    learner = ProgressStore(tmp_path / "progress", course.id).open("walker")
    for quiz in course.quizzes.values():
        session = QuizSession.start(course, quiz, learner, seed=7)
        for i, played in enumerate(session.questions):
            session.answer(i, answers(played.question), 3 if quiz.confidence else None)
        attempt = session.finish()
        assert attempt.score == expected, f"{quiz.id}: {attempt.score}"
        assert attempt.passed is (expected == 1.0)
        # Very sure of every answer: +3 a question when all are right, -6 when all are wrong.
        assert session.cbm_average() == ({1.0: 3.0, 0.0: -6.0}[expected] if quiz.confidence else None)


def test_the_summary_quiz_marks_by_confidence(course):
    assert [quiz.id for quiz in course.quizzes.values() if quiz.confidence] == ["summary-quiz"]


def test_numeric_and_ordering_questions_are_not_trivial(course):
    for quiz in course.quizzes.values():
        for q in quiz.questions:
            if isinstance(q, OrderingQuestion):
                assert len(q.items) >= 3, f"{quiz.id}/{q.id}: order of two items is a coin toss"
            if isinstance(q, MatchingQuestion):
                assert len(q.pairs) >= 3, f"{quiz.id}/{q.id}"
            if isinstance(q, NumericQuestion):
                assert q.answer is not None or q.min is not None


DIFFERENCES = ("geography", "cost", "risk", "culture", "legal", "jobs")


@pytest.mark.parametrize("seed", range(0, 400, 7))
def test_every_final_exam_attempt_has_a_scenario_for_every_difference(course, seed):
    from course.quizrun import resolve_key, select_keys

    exam = course.quiz("final-exam")
    assert exam is not None
    keys = select_keys(course, exam, seed)
    assert len(keys) == len(set(keys)) == 25
    tags = [set(resolve_key(course, exam, key)[1].tags) for key in keys]
    for difference in DIFFERENCES:
        assert any({"scenario", difference} <= have for have in tags), (difference, keys)


def test_the_summary_quiz_opens_with_a_practice_question_that_stays_first(course):
    quiz = course.quiz("summary-quiz")
    assert quiz is not None and quiz.confidence and not quiz.shuffle_questions
    first = quiz.questions[0]
    assert first.points == 0 and "practice" in first.prompt.lower()
    assert all(q.points > 0 for q in quiz.questions[1:])


@pytest.mark.parametrize("seed", range(0, 400, 13))
def test_exam_attempts_hold_no_typed_vocabulary_question_and_no_practice_question(course, seed):
    # Other questions print the terms the typed-answer questions ask for, so the exam draws only
    # questions tagged "exam"; its own typed question asks for a term no drawable question prints.
    from course.quizrun import resolve_key, select_keys

    exam = course.quiz("final-exam")
    assert exam is not None
    for key in select_keys(course, exam, seed):
        source, question = resolve_key(course, exam, key)  # type: ignore[misc]
        assert question.points > 0, key
        if source.id != exam.id:
            assert "exam" in question.tags and not isinstance(question, ShortQuestion), key


def test_multiple_answer_questions_vary_how_many_options_are_right_and_wrong(course):
    multiples = [q for quiz in course.quizzes.values() for q in quiz.questions if q.type == "multiple"]
    wrong = Counter(sum(not o.correct for o in q.options) for q in multiples)
    right = Counter(sum(o.correct for o in q.options) for q in multiples)
    assert len(wrong) >= 3 and max(wrong.values()) <= len(multiples) // 2, wrong
    assert len(right) >= 3, right


def test_the_case_studies_and_the_source_are_named(course):
    text = {lesson.id: lesson.intro + "".join(s.body for s in lesson.sections) for lesson in course.lessons}
    assert "QIT" in text["definitions"] and "12 January 2024" in text["definitions"]
    for case, facts in {"case-ibm": ("1989", "Kodak", "Kyndryl", "2021"), "case-infosys": ("1981", "Bengaluru")}.items():
        assert "### Sources" in text[case], case
        assert all(fact in text[case] for fact in facts), case


def test_the_capstone_numbers_agree_between_the_lesson_and_the_exam(course):
    lesson = course.lesson("summary")
    assert lesson is not None
    body = next(s.body for s in lesson.sections if s.id == "capstone")
    for figure in ("80,000", "45,000", "5,000", "150,000", "60,000", "30,000", "= 5 months"):
        assert figure in body, figure
    exam = course.quiz("final-exam")
    assert exam is not None
    question = next(q for q in exam.questions if q.id == "harrow-break-even")
    assert isinstance(question, NumericQuestion) and question.answer == 150_000 / (80_000 - 45_000 - 5_000)


def test_no_answer_is_printed_in_another_question_a_learner_sees_with_it(course):
    # Checked here whatever lint_ok says, so a silenced rule cannot hide a leak. An exam attempt holds the
    # exam's own questions and those its draws may pick (tagged "exam"), never the typed vocabulary questions.
    from course.content.leaks import leaks

    def unsilenced(questions: list[Question]) -> list[Question]:
        return [q.model_copy(update={"lint_ok": []}) for q in questions]

    for quiz in course.quizzes.values():
        found = [(leak.question.id, leak.term, leak.where.id) for leak in leaks(unsilenced(quiz.questions))]
        assert found == [], (quiz.id, found)
    exam = course.quiz("final-exam")
    assert exam is not None
    pool: list[Question] = list(exam.questions)
    groups = [-1] * len(pool)
    sources = sorted({draw.from_ for draw in exam.draw})
    for draw in exam.draw:
        source = course.quiz(draw.from_)
        assert source is not None
        picked = [q for q in source.questions if set(draw.tags) <= set(q.tags) and all(q is not p for p in pool)]
        pool += picked
        groups += [sources.index(draw.from_)] * len(picked)
    found = [(leak.question.id, leak.term, leak.where.id) for leak in leaks(unsilenced(pool), same=groups)]
    assert found == [], found
