"""An instructor removes a question or a quiz while learners have saved work on it: the work is kept, the
learner is told, and a resumed attempt comes back to the same question, not the one after it."""

from __future__ import annotations

import re
from pathlib import Path

from course.content import load_course
from course.progress import ProgressStore, QuizState
from course.quizrun import QuizSession
from course.status import gone_work
from tests.answers import right
from tests.test_quizrun import make_course
from tests.tui_support import SIZE, make_app, sync


def _remove_question(root: Path, quiz_file: str, number: int) -> None:
    path = root / "quizzes" / quiz_file
    blocks = re.split(r"(?=^\[\[questions\]\]$)", path.read_text(), flags=re.M)
    kept = [b for b in blocks if f'id = "q{number}"' not in b]
    assert len(kept) == len(blocks) - 1
    path.write_text("".join(kept))


def _at_question_three_of_five(tmp_path: Path):
    root = make_course(tmp_path / "c")
    course = load_course(root)
    learner = ProgressStore(tmp_path / "progress", course.id).open("ana")
    session = QuizSession.start(course, course.quiz("l0-quiz"), learner, seed=1)
    for i in range(2):
        session.answer(i, right(session.questions[i].question))
    session.move(2)
    return root, session.questions[2].key, [p.key for p in session.questions[:2]]


def test_a_resumed_attempt_comes_back_to_the_same_question_after_one_before_it_is_removed(tmp_path):
    root, where, (first, second) = _at_question_three_of_five(tmp_path)
    _remove_question(root, "l0.toml", int(second[1:]))
    course = load_course(root)
    assert course.problems == []
    learner = ProgressStore(tmp_path / "progress", course.id).open("ana")
    resumed = QuizSession.resume(course, course.quiz("l0-quiz"), learner)
    assert resumed is not None and len(resumed.questions) == 4
    assert resumed.questions[resumed.position].key == where  # the same question, now the second shown
    assert resumed.gone == [second]
    notice = resumed.gone_notice()
    assert notice is not None and notice.startswith("1 question of this attempt is no longer in the quiz")
    assert notice.endswith("Your answer stays in your progress but is not shown or scored.")
    # the answer to the removed question is kept in the file, and moving on saves the new place by key
    resumed.move(resumed.position + 1)
    again = ProgressStore(tmp_path / "progress", course.id).open("ana").in_progress("l0-quiz")
    assert again is not None and {a.question for a in again.answers} == {first, second}
    assert again.questions[again.position] == resumed.questions[resumed.position].key


def test_a_question_removed_after_the_place_keeps_the_place(tmp_path):
    root, where, _ = _at_question_three_of_five(tmp_path)
    course = load_course(root)
    later = next(p for p in QuizSession.resume(course, course.quiz("l0-quiz"),
                 ProgressStore(tmp_path / "progress", course.id).open("ana")).questions[3:])
    _remove_question(root, "l0.toml", int(later.key[1:]))
    course = load_course(root)
    resumed = QuizSession.resume(course, course.quiz("l0-quiz"), ProgressStore(tmp_path / "progress", course.id).open("ana"))
    assert resumed is not None and resumed.questions[resumed.position].key == where
    assert resumed.gone_notice() is not None and "answer" not in resumed.gone_notice()


def test_the_place_itself_removed_resumes_at_the_next_question_still_there(tmp_path):
    root, where, _ = _at_question_three_of_five(tmp_path)
    course = load_course(root)
    order = [p.key for p in QuizSession.resume(course, course.quiz("l0-quiz"),
             ProgressStore(tmp_path / "progress", course.id).open("ana")).questions]
    _remove_question(root, "l0.toml", int(where[1:]))
    course = load_course(root)
    resumed = QuizSession.resume(course, course.quiz("l0-quiz"), ProgressStore(tmp_path / "progress", course.id).open("ana"))
    assert resumed is not None and resumed.questions[resumed.position].key == order[order.index(where) + 1]


def test_work_on_a_removed_quiz_or_lesson_is_kept_and_named(tmp_path):
    root = make_course(tmp_path / "c")
    course = load_course(root)
    learner = ProgressStore(tmp_path / "progress", course.id).open("ana")
    learner.lesson_completed("l1")
    session = QuizSession.start(course, course.quiz("l1-quiz"), learner, seed=1)
    session.answer(0, right(session.questions[0].question))
    session.finish()
    assert gone_work(course, learner.summary) == []
    (root / "quizzes" / "l1.toml").unlink()
    (root / "lessons" / "l1.md").unlink()
    smaller = load_course(root)
    said = gone_work(smaller, learner.reload())
    assert said == [
        "Lessons you completed are no longer in the course: l1. Your record of them is kept.",
        "Quizzes you took are no longer in the course: l1-quiz. Your attempts are kept.",
    ]
    assert (tmp_path / "progress" / "ana" / "attempts" / "l1-quiz").is_dir()


@sync
async def test_the_app_tells_the_learner_about_removed_work_and_resumes_at_the_same_question(tmp_path, notices):
    root, where, (_, second) = _at_question_three_of_five(tmp_path)
    _remove_question(root, "l0.toml", int(second[1:]))
    (root / "quizzes" / "l1.toml").unlink()
    learner = ProgressStore(tmp_path / "progress", load_course(root).id).open("ana")
    learner.update(lambda s: s.quizzes.setdefault("gone-quiz", QuizState(attempts=1)))  # taken, then removed
    app = make_app(tmp_path / "progress", "ana", content=root)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_quiz("l0-quiz")
        await pilot.pause()
        screen = app.screen
        assert screen.session.questions[screen.index].key == where
    messages = [message for _, message in notices]
    assert any("Quizzes you took are no longer in the course: gone-quiz" in m for m in messages)
    assert any("1 question of this attempt is no longer in the quiz" in m for m in messages)
