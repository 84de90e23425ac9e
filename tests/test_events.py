"""Progress folders reduce to a stream of final events: what xAPI statements and class reports are made from."""

from __future__ import annotations

from course.content import load_course
from course.events import CourseCompleted, LessonCompleted, QuestionAnswered, QuizFinished, folder_events
from course.progress import ProgressStore
from course.quizrun import QuizSession
from tests.answers import right, wrong
from tests.test_quizrun import make_course


def _take(course, learner, quiz_id: str, good: int, finish: bool = True) -> None:
    session = QuizSession.start(course, course.quiz(quiz_id), learner, seed=3)
    for i, played in enumerate(session.questions):
        session.answer(i, right(played.question) if i < good else wrong(played.question))
    if finish:
        session.finish()


def test_events_are_final_records_oldest_first_one_learner_at_a_time(tmp_path):
    course = load_course(make_course(tmp_path / "c"))
    progress = tmp_path / "progress"
    store = ProgressStore(progress, course.id)
    ana, ben = store.open("ana"), store.open("ben")
    ana.lesson_completed("l0")
    _take(course, ana, "l0-quiz", good=5)
    _take(course, ben, "l0-quiz", good=1)
    _take(course, ben, "l0-quiz", good=5, finish=False)  # in progress: no events yet

    problems: list[str] = []
    learners = list(folder_events(course, progress, problems))
    assert problems == [] and len(learners) == 2
    ana_events, ben_events = learners
    assert {e.learner for e in ana_events} == {"ana"} and {e.learner for e in ben_events} == {"ben"}
    assert [e.at for e in ana_events] == sorted(e.at for e in ana_events)

    kinds = [type(e) for e in ana_events]
    assert kinds.count(LessonCompleted) == 1 and kinds.count(QuizFinished) == 1
    assert kinds.count(QuestionAnswered) == 5
    finished = [e for e in ben_events if isinstance(e, QuizFinished)]
    assert len(finished) == 1 and finished[0].passed is False and finished[0].score == 0.2
    answered = [e for e in ben_events if isinstance(e, QuestionAnswered)]
    assert len(answered) == 5 and {e.attempt for e in answered} == {finished[0].attempt}
    assert sum(e.correct for e in answered) == 1


def test_course_completed_only_when_every_lesson_is_read_and_every_quiz_passed(tmp_path):
    course = load_course(make_course(tmp_path / "c"))
    store = ProgressStore(tmp_path / "progress", course.id)
    ana = store.open("ana")
    for lesson in course.lessons:
        ana.lesson_completed(lesson.id)
    quiz_ids = list(course.quizzes)
    for quiz_id in quiz_ids[:-1]:
        _take(course, ana, quiz_id, good=99)

    def completed() -> list[CourseCompleted]:
        (events,) = folder_events(course, tmp_path / "progress", [])
        return [e for e in events if isinstance(e, CourseCompleted)]

    assert completed() == []
    _take(course, ana, quiz_ids[-1], good=0)  # failed: still not complete
    assert completed() == []
    _take(course, ana, quiz_ids[-1], good=99)
    (done,) = completed()
    (events,) = folder_events(course, tmp_path / "progress", [])
    assert done.at == max(e.at for e in events if isinstance(e, LessonCompleted | QuizFinished) and (
        not isinstance(e, QuizFinished) or e.passed))


def test_reading_a_completed_lesson_again_changes_no_event(tmp_path):
    course = load_course(make_course(tmp_path / "c"))
    progress = tmp_path / "progress"
    ana = ProgressStore(progress, course.id).open("ana")
    ana.add_lesson_time("l0", 90)
    ana.lesson_completed("l0")
    (before,) = [e for e in next(folder_events(course, progress, [])) if isinstance(e, LessonCompleted)]
    assert before.seconds == 90
    ana.add_lesson_time("l0", 300)  # read again after completing it
    ana.lesson_completed("l0")
    (after,) = [e for e in next(folder_events(course, progress, [])) if isinstance(e, LessonCompleted)]
    assert after == before and ana.summary.lessons["l0"].seconds == 390
