"""Taking quizzes through the engine: selection, seeded order, saving, finishing, review, practice."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course.content import load_course
from course.progress import ProgressStore
from course.quizrun import QuizSession, QuizUnavailable, attempts_left, played_questions, select_keys
from tests.answers import option_texts, right, wrong

QUIZ = """
id = "{id}"
title = "Quiz {id}"
{lesson}
pass_mark = 0.5
shuffle_questions = true
shuffle_options = true
{extra}
"""

QUESTION = """
[[questions]]
id = "q{n}"
type = "single"
prompt = "Question {n}?"
explanation = "Because."
section = "{section}"

[[questions.options]]
text = "Right {n}"
correct = true

[[questions.options]]
text = "Wrong {n}"

[[questions.options]]
text = "Also wrong {n}"

[[questions.options]]
text = "None of these"
pinned = true
"""

LESSON = """+++
id = "{id}"
title = "Lesson {id}"
order = {order}
summary = "About {id}."
objectives = ["Know {id}"]
quiz = "{id}-quiz"
+++

## Basics

Text.

## More

Text.
"""


def make_course(root: Path, lessons: int = 2, questions: int = 5, exam: str = "") -> Path:
    (root / "lessons").mkdir(parents=True)
    (root / "quizzes").mkdir()
    for i in range(lessons):
        lid = f"l{i}"
        (root / "lessons" / f"{lid}.md").write_text(LESSON.format(id=lid, order=i), encoding="utf-8")
        body = QUIZ.format(id=f"{lid}-quiz", lesson=f'lesson = "{lid}"', extra="")
        body += "".join(QUESTION.format(n=n, section="basics") for n in range(questions))
        (root / "quizzes" / f"{lid}.toml").write_text(body, encoding="utf-8")
    if exam:
        (root / "quizzes" / "exam.toml").write_text(exam, encoding="utf-8")
    return root


@pytest.fixture
def course(tmp_path: Path):
    exam = QUIZ.format(id="exam", lesson="", extra="max_attempts = 2\nfeedback = \"end\"") + "".join(
        f'\n[[draw]]\nfrom = "l{i}-quiz"\ncount = 3\n' for i in range(2)
    )
    c = load_course(make_course(tmp_path / "c", exam=exam))
    assert c.problems == []
    return c


@pytest.fixture
def learner(tmp_path: Path, course):
    return ProgressStore(tmp_path / "progress", course.id).open("ana")


def test_right_answers_pass_and_are_saved(course, learner, tmp_path):
    quiz = course.quiz("l0-quiz")
    session = QuizSession.start(course, quiz, learner)
    for i, played in enumerate(session.questions):
        result = session.answer(i, right(played.question))
        assert result.correct and result.score == played.question.points
    attempt = session.finish()
    assert attempt.passed is True and attempt.earned == attempt.total == 5
    # What was saved is what a fresh reader sees.
    again = ProgressStore(tmp_path / "progress", course.id).open("ana")
    saved = again.attempts("l0-quiz")
    assert len(saved) == 1 and saved[0].score == 1.0 and len(saved[0].answers) == 5
    assert again.summary.quizzes["l0-quiz"].passed is True


def test_wrong_answers_fail_with_zero(course, learner):
    quiz = course.quiz("l0-quiz")
    session = QuizSession.start(course, quiz, learner)
    for i, played in enumerate(session.questions):
        assert session.answer(i, wrong(played.question)).score == 0
    attempt = session.finish()
    assert attempt.passed is False and attempt.earned == 0
    assert len(session.missed_keys()) == 5


def test_order_is_reproducible_from_the_seed_and_pins_stay(course, learner):
    quiz = course.quiz("l0-quiz")
    first = QuizSession.start(course, quiz, learner, seed=1234)
    rebuilt = played_questions(course, quiz, first.attempt.questions, 1234)
    assert [p.option_order for p in rebuilt] == [p.option_order for p in first.questions]
    orders = {tuple(select_keys(course, quiz, seed)) for seed in range(30)}
    assert len(orders) > 1, "shuffle_questions should change the order between seeds"
    for seed in range(30):
        for p in played_questions(course, quiz, [q.id for q in quiz.questions], seed):
            assert p.option_order[-1] == "d", "the pinned option stays last"


def test_resume_lands_on_the_same_question_with_the_answers(course, learner, tmp_path):
    quiz = course.quiz("l1-quiz")
    session = QuizSession.start(course, quiz, learner)
    session.answer(0, right(session.questions[0].question))
    session.move(3)
    session.toggle_flag(2)
    again = ProgressStore(tmp_path / "progress", course.id).open("ana")
    resumed = QuizSession.resume(course, quiz, again)
    assert resumed is not None
    assert resumed.position == 3
    assert [p.key for p in resumed.questions] == [p.key for p in session.questions]
    assert [p.option_order for p in resumed.questions] == [p.option_order for p in session.questions]
    assert resumed.is_answered(0) and not resumed.is_answered(1)
    assert resumed.is_flagged(2)
    assert resumed.unanswered() == [1, 2, 3, 4]


def test_exam_draws_from_other_quizzes_and_respects_attempts(course, learner):
    exam = course.quiz("exam")
    for _ in range(2):
        session = QuizSession.start(course, exam, learner)
        assert len(session.questions) == 6
        assert all("/" in p.key for p in session.questions)
        assert {p.source.id for p in session.questions} == {"l0-quiz", "l1-quiz"}
        review = session.review()
        assert all(item.section and item.section[1].id == "basics" for item in review)
        session.finish()
    assert attempts_left(learner, exam) == 0
    with pytest.raises(QuizUnavailable, match="all 2 attempts"):
        QuizSession.start(course, exam, learner)


def test_practice_missed_only_and_does_not_count(course, learner):
    exam = course.quiz("exam")
    session = QuizSession.start(course, exam, learner)
    session.answer(0, right(session.questions[0].question))
    session.finish()
    missed = session.missed_keys()
    assert len(missed) == 5
    practice = QuizSession.start(course, exam, learner, only=missed)
    assert practice.attempt.practice is True
    assert [p.key for p in practice.questions] == missed
    for i, played in enumerate(practice.questions):
        practice.answer(i, right(played.question))
    practice.finish()
    assert attempts_left(learner, exam) == 1
    state = learner.summary.quizzes["exam"]
    assert state.passed is False, "practice attempts do not count toward passing"


def test_changing_an_answer_replaces_it_until_submitted(course, learner):
    quiz = course.quiz("exam")  # right or wrong shown at the end
    session = QuizSession.start(course, quiz, learner)
    q = session.questions[0].question
    session.answer(0, wrong(q))
    session.answer(0, right(q))
    assert len(session.attempt.answers) == 1
    assert session.totals() == (1.0, 6.0)


def test_an_answer_shown_right_or_wrong_cannot_be_changed(course, learner):
    from course.progress import AnswerAlreadyRecordedError

    session = QuizSession.start(course, course.quiz("l0-quiz"), learner)  # feedback after each answer
    q = session.questions[0].question
    session.answer(0, wrong(q))
    with pytest.raises(AnswerAlreadyRecordedError):
        session.answer(0, right(q))
    assert session.attempt.answers[0].response == wrong(q)
    assert session.totals() == (0.0, 5.0)


# One question of each type that has a display order. The learner knows the right answers by their text:
# the options starting "Yes" are right, item k goes with match k, and the steps go first to fourth.
SHOWN_QUIZ = """
id = "shown"
title = "Shown"
pass_mark = 0.5
shuffle_questions = true
shuffle_options = true

[[questions]]
id = "single"
type = "single"
prompt = "Which?"
explanation = "Because."
options = [{ text = "No, first" }, { text = "No, second" }, { text = "Yes, third", correct = true },
           { id = "none", text = "No, none of these", pinned = true }]

[[questions]]
id = "multiple"
type = "multiple"
prompt = "Which ones?"
explanation = "Because."
options = [{ text = "Yes A", correct = true }, { id = "no-b", text = "No B" }, { id = "yes-c", text = "Yes C", correct = true },
           { text = "No D" }, { text = "Yes E", correct = true }]

[[questions]]
id = "matching"
type = "matching"
prompt = "Match them."
explanation = "Because."
distractors = ["match X"]
pairs = [{ item = "item 1", match = "match 1" }, { item = "item 2", match = "match 2" },
         { item = "item 3", match = "match 3" }, { item = "item 4", match = "match 4" }]

[[questions]]
id = "ordering"
type = "ordering"
prompt = "Put them in order."
explanation = "Because."
items = ["1 first", "2 second", "3 third", "4 fourth"]
"""


def _answer_as_shown(played, knows: bool):
    """What a learner sends by acting on the display: positions on screen, mapped to what they stand for
    exactly as the quiz screen maps them. `knows`: the learner goes for the right answers, else wrong ones."""
    question = played.question
    if question.type in ("single", "multiple"):
        texts = option_texts(question)
        shown = [texts[key] for key in played.option_order]  # the options as listed on screen
        wanted = [p for p, text in enumerate(shown) if text.startswith("Yes") == knows and text != "No, none of these"]
        positions = wanted[:1] if question.type == "single" else wanted
        return played.option_order[positions[0]] if question.type == "single" else [played.option_order[p] for p in positions]
    if question.type == "matching":
        response = [""] * len(question.pairs)
        for pair_index in played.item_order:  # the items as listed on screen, each with its own list of matches
            number = question.pairs[pair_index].item.split()[-1]
            wanted = f"match {number}" if knows else "match X"
            assert wanted in played.choice_order, "every match is offered"
            response[pair_index] = wanted
        return response
    if question.type == "ordering":
        shown = [question.items[i] for i in played.item_order]  # the starting order on screen
        assert shown != sorted(shown), "the order shown at the start is never already right"
        final = sorted(shown, reverse=not knows)  # the learner moves the items into the order they believe
        return [played.item_order[shown.index(text)] for text in final]
    raise AssertionError(question.type)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**31 - 1), knows=st.lists(st.booleans(), min_size=4, max_size=4))
def test_score_never_depends_on_the_order_shown(tmp_path_factory, seed, knows):
    root = tmp_path_factory.mktemp("course")
    (root / "lessons").mkdir()
    (root / "quizzes").mkdir()
    (root / "quizzes" / "shown.toml").write_text(SHOWN_QUIZ, encoding="utf-8")
    c = load_course(root)
    assert c.errors == []  # a quiz without a lesson is an exam; its title does not say so, a warning
    learner = ProgressStore(root / "progress", c.id).open("ana")
    session = QuizSession.start(c, c.quiz("shown"), learner, seed=seed)
    knows_by_key = dict(zip(["single", "multiple", "matching", "ordering"], knows, strict=True))
    for index, played in enumerate(session.questions):
        result = session.answer(index, _answer_as_shown(played, knows_by_key[played.key]))
        assert result.correct == knows_by_key[played.key], played.key
        assert result.score == (played.question.points if knows_by_key[played.key] else 0), played.key
    assert session.totals() == (sum(knows), 4)
    # the answers as saved, read back from disk by a resumed session, score the same
    again = QuizSession.resume(c, c.quiz("shown"), ProgressStore(root / "progress", c.id).open("ana"))
    assert again is not None and again.totals() == (sum(knows), 4)


def test_an_attempt_left_untouched_on_its_first_question_does_not_count_as_started(course, learner, tmp_path):
    quiz = course.quiz("l0-quiz")
    session = QuizSession.start(course, quiz, learner)
    folder = tmp_path / "progress" / "ana" / "attempts" / "l0-quiz"
    assert learner.summary.quizzes["l0-quiz"].in_progress == session.attempt.id
    assert session.leave() is True
    assert list(folder.iterdir()) == []
    reopened = ProgressStore(tmp_path / "progress", course.id).open("ana")
    assert "l0-quiz" not in reopened.summary.quizzes and reopened.summary.resume.kind == "map"


@pytest.mark.parametrize("touch", ["answer", "flag", "move", "draft"])
def test_an_attempt_with_anything_done_is_kept_when_left(course, learner, tmp_path, touch):
    session = QuizSession.start(course, course.quiz("l0-quiz"), learner)
    if touch == "answer":
        session.answer(0, right(session.questions[0].question))
    elif touch == "flag":
        session.toggle_flag(0)
    elif touch == "draft":
        session.keep_draft(0, wrong(session.questions[0].question))
    else:
        session.move(1)
    assert session.leave() is False
    assert learner.in_progress("l0-quiz") is not None


def test_an_attempt_answered_in_another_window_is_kept_even_if_this_copy_saw_nothing(course, learner, tmp_path):
    session = QuizSession.start(course, course.quiz("l0-quiz"), learner)
    other = ProgressStore(tmp_path / "progress", course.id).open("ana")
    theirs = QuizSession.resume(course, course.quiz("l0-quiz"), other)
    theirs.answer(0, right(theirs.questions[0].question))
    assert session.leave() is False
    assert learner.in_progress("l0-quiz") is not None


def test_a_draft_is_kept_with_the_attempt_until_the_question_is_answered(course, learner, tmp_path):
    """What was chosen without answering is saved with the attempt (a restart reads it back, with the same
    order); it is no answer, and answering the question drops it."""
    quiz = course.quiz("l0-quiz")
    session = QuizSession.start(course, quiz, learner)
    chosen = wrong(session.questions[0].question)
    assert session.keep_draft(0, chosen) is True
    assert session.keep_draft(0, chosen) is False  # nothing changed: nothing written
    assert session.unanswered() == list(range(len(session.questions)))
    again = QuizSession.resume(course, quiz, ProgressStore(tmp_path / "progress", course.id).open("ana"))
    assert again is not None and again.draft_for(0) == chosen
    assert [(p.key, p.option_order) for p in again.questions] == [(p.key, p.option_order) for p in session.questions]
    again.answer(0, right(again.questions[0].question))
    assert again.draft_for(0) is None
    assert again.keep_draft(0, chosen) is False  # an answered question keeps no draft
    assert again.draft_for(0) is None
    assert again.keep_draft(1, chosen) is True and again.keep_draft(1, None) is True and again.draft_for(1) is None


def test_a_question_answered_in_another_window_loses_this_windows_draft(course, learner, tmp_path):
    quiz = course.quiz("l0-quiz")
    session = QuizSession.start(course, quiz, learner)
    session.keep_draft(0, wrong(session.questions[0].question))
    theirs = QuizSession.resume(course, quiz, ProgressStore(tmp_path / "progress", course.id).open("ana"))
    theirs.answer(0, right(theirs.questions[0].question))
    session.move(1)  # saving merges with the file: the answer on disk stands, the draft goes
    assert session.draft_for(0) is None and session.is_answered(0)
