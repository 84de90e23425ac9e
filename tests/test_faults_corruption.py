"""Corrupt progress files: cut in half, random bytes, a future format version.

Unreadable files are kept aside (never overwritten or deleted) with a notice; files from a newer version are
refused with a message and left untouched; the course still opens, in the engine and in the app.
"""

from __future__ import annotations

import asyncio
import random

import pytest

from course.content import load_course
from course.locations import shipped_content_dir
from course.progress import FutureFormatError, ProgressStore
from course.quizrun import QuizSession
from tests.answers import right
from tests.content_support import loaded

QUIZ = "definitions-quiz"


def _damage(data: bytes, how: str) -> bytes:
    if how == "cut in half":  # inside a string from the middle on, so that what is left is never valid TOML
        cut = data.index(b'"', len(data) // 2) + 2
        return data[:cut]
    if how == "random bytes":
        return random.Random(7).randbytes(len(data))
    if how == "nested arrays 5,000 deep":
        return data.replace(b"format = 1\n", b"format = 1\nx = " + b"[" * 5000 + b"1" + b"]" * 5000 + b"\n")
    if how == "nested tables 5,000 deep":
        return data.replace(b"format = 1\n", b"format = 1\nx = " + b"{a = " * 5000 + b"1" + b"}" * 5000 + b"\n")
    if how == "future format":
        return data.replace(b"format = 1\n", b"format = 99\n")
    raise ValueError(how)


@pytest.fixture
def course():
    """The shipped course: a copy of its own of the test process's one load (content_support.loaded)."""
    return loaded(shipped_content_dir())


def _learner_with_attempt(course, root):
    learner = ProgressStore(root, course.id).open("ann")
    learner.lesson_opened("definitions")
    session = QuizSession.start(course, course.quiz(QUIZ), learner, seed=2)
    session.answer(0, right(session.questions[0].question))
    path = root / "ann" / "attempts" / QUIZ / f"{session.attempt.id}.toml"
    return learner, session, path


def _set_aside(folder):
    return [p for p in folder.iterdir() if "corrupt" in p.name]


DAMAGE = ["cut in half", "random bytes", "nested arrays 5,000 deep", "nested tables 5,000 deep"]


@pytest.mark.parametrize("how", DAMAGE)
def test_corrupt_summary_is_kept_aside_and_the_learner_starts_afresh(course, tmp_path, how):
    learner, _, _ = _learner_with_attempt(course, tmp_path)
    damaged = _damage(learner.summary_path.read_bytes(), how)
    learner.summary_path.write_bytes(damaged)
    reopened = ProgressStore(tmp_path, course.id).open("ann")
    assert len(reopened.notices) == 1 and "could not be read" in reopened.notices[0]
    kept = _set_aside(tmp_path / "ann")
    assert len(kept) == 1 and kept[0].read_bytes() == damaged and kept[0].name in reopened.notices[0]
    assert reopened.summary.lessons == {}
    # the course still opens and can be used (the attempt in progress is rebuilt from its file)
    session = QuizSession.resume_or_start(course, course.quiz(QUIZ), reopened)
    open_question = session.unanswered()[0]
    session.answer(open_question, right(session.questions[open_question].question))
    assert load_course(shipped_content_dir()).problems == []


def test_future_summary_is_refused_and_left_untouched(course, tmp_path):
    learner, _, _ = _learner_with_attempt(course, tmp_path)
    future = _damage(learner.summary_path.read_bytes(), "future format")
    assert b"format = 99" in future
    learner.summary_path.write_bytes(future)
    with pytest.raises(FutureFormatError) as caught:
        ProgressStore(tmp_path, course.id).open("ann")
    assert "newer version" in str(caught.value) and "left untouched" in str(caught.value)
    assert learner.summary_path.read_bytes() == future and _set_aside(tmp_path / "ann") == []


@pytest.mark.parametrize("how", DAMAGE)
def test_corrupt_attempt_is_kept_aside_and_a_new_attempt_starts(course, tmp_path, how):
    learner, session, path = _learner_with_attempt(course, tmp_path)
    damaged = _damage(path.read_bytes(), how)
    path.write_bytes(damaged)
    reopened = ProgressStore(tmp_path, course.id).open("ann")
    fresh = QuizSession.resume_or_start(course, course.quiz(QUIZ), reopened)
    assert fresh.attempt.id != session.attempt.id
    assert any("could not be read" in n for n in reopened.notices)
    kept = _set_aside(path.parent)
    assert len(kept) == 1 and kept[0].read_bytes() == damaged
    fresh.answer(0, right(fresh.questions[0].question))
    assert reopened.summary.lessons["definitions"].opened_at is not None  # the rest of the progress is kept


def test_future_attempt_is_left_out_with_a_notice(course, tmp_path):
    learner, session, path = _learner_with_attempt(course, tmp_path)
    session.finish()
    future = _damage(path.read_bytes(), "future format")
    path.write_bytes(future)
    reopened = ProgressStore(tmp_path, course.id).open("ann")
    assert reopened.attempts(QUIZ) == []
    assert any("newer version" in n for n in reopened.notices)
    assert path.read_bytes() == future


# ------------------------------------------------------------------------------------------ the app


def _run_app(course, store, learner, notices, start_message=None):
    """Open the app headless; return what it showed: screen class names and the notifications raised."""
    from course.tui.app import CourseApp

    app = CourseApp(course, store, learner, start_message=start_message)
    seen = {}

    async def scenario() -> None:
        async with app.run_test(size=(140, 45)) as pilot:
            await pilot.pause()
            seen["screen"] = type(app.screen).__name__
            seen["notices"] = [message for _, message in notices]
            if learner is not None:
                app.open_lesson("definitions")
                await pilot.pause()
                seen["lesson"] = type(app.screen).__name__
            seen["running"] = app.is_running
            app.exit(0)

    asyncio.run(scenario())
    return seen


@pytest.mark.parametrize("how", DAMAGE)
def test_app_opens_with_a_notice_after_a_corrupt_summary(course, tmp_path, how, notices):
    learner, _, _ = _learner_with_attempt(course, tmp_path)
    learner.summary_path.write_bytes(_damage(learner.summary_path.read_bytes(), how))
    store = ProgressStore(tmp_path, course.id)
    seen = _run_app(course, store, store.open("ann"), notices)
    assert seen["screen"] == "MapScreen" and seen["lesson"] == "LessonScreen" and seen["running"]
    assert any("could not be read" in message for message in seen["notices"])


def test_app_opens_with_a_message_after_a_future_summary(course, tmp_path, notices):
    learner, _, _ = _learner_with_attempt(course, tmp_path)
    learner.summary_path.write_bytes(_damage(learner.summary_path.read_bytes(), "future format"))
    store = ProgressStore(tmp_path, course.id)
    with pytest.raises(FutureFormatError) as caught:
        store.open("ann")
    # what course.tui.run does when the learner was remembered rather than given: open without them
    seen = _run_app(course, store, None, notices, start_message=str(caught.value))
    assert seen["running"] and seen["screen"] != "MapScreen"
    assert any("newer version" in message for message in seen["notices"])


def test_app_survives_a_future_in_progress_attempt(course, tmp_path, notices):
    from course.tui.app import CourseApp

    learner, session, path = _learner_with_attempt(course, tmp_path)
    path.write_bytes(_damage(path.read_bytes(), "future format"))
    store = ProgressStore(tmp_path, course.id)
    app = CourseApp(course, store, store.open("ann"))
    seen = {}

    async def scenario() -> None:
        async with app.run_test(size=(140, 45)) as pilot:
            await pilot.pause()
            app.open_quiz(QUIZ)
            await pilot.pause()
            seen["running"] = app.is_running
            seen["notices"] = [message for _, message in notices]
            app.exit(0)

    asyncio.run(scenario())
    assert seen["running"] and any("newer version" in message for message in seen["notices"])


@pytest.mark.parametrize("how", DAMAGE[2:])
def test_class_report_leaves_out_a_deeply_nested_file_and_names_it(course, tmp_path, how, capsys):
    from course.cli import main

    learner, session, path = _learner_with_attempt(course, tmp_path)
    session.finish()
    path.write_bytes(_damage(path.read_bytes(), how))
    assert main(["report", "--progress", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "nested too deeply" in out and path.name in out and "ann" in out


def _two_finished_and_one_open(course, root):
    learner = ProgressStore(root, course.id).open("ann")
    learner.lesson_completed("definitions")
    quiz = course.quiz(QUIZ)
    for seed, good in ((1, 0), (2, 99)):
        session = QuizSession.start(course, quiz, learner, seed=seed)
        for i, played in enumerate(session.questions):
            if i < good:
                session.answer(i, right(played.question))
        session.finish()
    open_one = QuizSession.start(course, quiz, learner, seed=3)
    open_one.answer(0, right(open_one.questions[0].question))
    return learner, open_one


def test_a_summary_cut_short_at_a_line_gets_its_quiz_results_back_from_the_attempt_files(course, tmp_path):
    learner, open_one = _two_finished_and_one_open(course, tmp_path)
    before = learner.reload().quizzes[QUIZ]
    text = learner.summary_path.read_text()
    learner.summary_path.write_text(text.split("[quizzes")[0])  # still valid TOML: the quizzes are gone
    reopened = ProgressStore(tmp_path, course.id).open("ann")
    state = reopened.summary.quizzes[QUIZ]
    assert (state.attempts, state.passed, state.best_score, state.in_progress) == (2, True, 1.0, open_one.attempt.id)
    assert state.best_attempt == before.best_attempt and state.latest_attempt == before.latest_attempt
    assert len(reopened.notices) == 1 and "rebuilt from 2 finished attempts" in reopened.notices[0]
    assert reopened.summary.lessons["definitions"].completed_at is not None  # what the file still held is kept
    resumed = QuizSession.resume_or_start(course, course.quiz(QUIZ), reopened)
    assert resumed.attempt.id == open_one.attempt.id  # the unfinished attempt is not orphaned
    assert ProgressStore(tmp_path, course.id).open("ann").notices == []  # said once


def test_an_empty_summary_is_kept_aside_and_the_quiz_results_are_rebuilt(course, tmp_path):
    learner, _ = _two_finished_and_one_open(course, tmp_path)
    learner.summary_path.write_text("# nothing else\n")
    reopened = ProgressStore(tmp_path, course.id).open("ann")
    assert any("it is empty" in n for n in reopened.notices)
    assert any("rebuilt from 2 finished attempts" in n for n in reopened.notices)
    kept = _set_aside(tmp_path / "ann")
    assert len(kept) == 1 and kept[0].read_text() == "# nothing else\n"
    assert reopened.summary.quizzes[QUIZ].attempts == 2 and reopened.summary.quizzes[QUIZ].passed


def test_a_summary_over_the_size_bound_is_kept_aside_unread(course, tmp_path):
    from course.progress.tomlfiles import MAX_PROGRESS_BYTES

    learner, _ = _two_finished_and_one_open(course, tmp_path)
    padding = "x" * 1000
    rows = "".join(f'k{i} = "{padding}"\n' for i in range(MAX_PROGRESS_BYTES // 1000 + 10))
    huge = learner.summary_path.read_text() + "\n[someone_elses_table]\n" + rows
    learner.summary_path.write_text(huge)
    reopened = ProgressStore(tmp_path, course.id).open("ann")
    assert any("more than the 2 MB a progress file may hold" in n for n in reopened.notices)
    kept = _set_aside(tmp_path / "ann")
    assert len(kept) == 1 and kept[0].read_text() == huge  # nothing of it is lost
    assert reopened.summary.quizzes[QUIZ].passed  # rebuilt from the attempt files
    assert learner.summary_path.stat().st_size < 10_000


def test_an_attempt_over_the_size_bound_is_kept_aside(course, tmp_path):
    learner, session, path = _learner_with_attempt(course, tmp_path)
    path.write_bytes(path.read_bytes() + b"\n[big]\n" + b'k = "' + b"y" * 3_000_000 + b'"\n')
    reopened = ProgressStore(tmp_path, course.id).open("ann")
    fresh = QuizSession.resume_or_start(course, course.quiz(QUIZ), reopened)
    assert fresh.attempt.id != session.attempt.id
    assert any("a progress file may hold" in n for n in reopened.notices)
    assert len(_set_aside(path.parent)) == 1


def test_data_this_version_does_not_know_survives_every_save(course, tmp_path):
    learner, _, _ = _learner_with_attempt(course, tmp_path)
    text = learner.summary_path.read_text()
    text = text.replace("[lessons.definitions]\n", "[lessons.definitions]\nbookmark = 3\n")
    learner.summary_path.write_text(text + '\n[from_a_newer_version]\nnote = "keep me"\n')
    reopened = ProgressStore(tmp_path, course.id).open("ann")
    reopened.lesson_completed("definitions")
    reopened.set_theme("textual-light")
    import tomllib

    saved = tomllib.loads(learner.summary_path.read_text())
    assert saved["from_a_newer_version"] == {"note": "keep me"}
    assert saved["lessons"]["definitions"]["bookmark"] == 3
    assert saved["lessons"]["definitions"]["completed_at"] is not None and saved["theme"] == "textual-light"
