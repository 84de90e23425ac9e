"""Where a learner stands in each module, in words and symbols, and what the next step is ("Continue").

Shared by the course map; it knows nothing of how it is shown."""

from __future__ import annotations

from dataclasses import dataclass

from course.content import Course, Lesson, Quiz
from course.progress import LearnerSummary, QuizState
from course.scoring import percent


@dataclass(frozen=True)
class ModuleStatus:
    symbol: str
    words: str  # lesson state in words
    quiz_words: str  # quiz state in words ("" when the module has no quiz)
    done: bool


@dataclass(frozen=True)
class NextStep:
    label: str
    kind: str  # "lesson", "quiz", "done"
    lesson: str | None = None
    section: str | None = None
    quiz: str | None = None
    question: int | None = None
    resume: bool = False


def quiz_words(summary: LearnerSummary, quiz: Quiz) -> tuple[str, str]:
    """(symbol, words) for a quiz."""
    state = summary.quizzes.get(quiz.id)
    if state is None or (state.attempts == 0 and not state.in_progress):
        return "○", "quiz not taken"
    if state.passed:
        return "✓", f"quiz passed ✓ (best {percent(state.best_score)})"
    if state.in_progress and state.attempts == 0:
        return "◐", "practising" if state.in_progress_practice else "quiz in progress"
    tries = f", {state.attempts} attempt{'s' if state.attempts != 1 else ''}"
    extra = (" · practising" if state.in_progress_practice else " · in progress") if state.in_progress else ""
    left = ""
    if quiz.max_attempts is not None:
        left = f", {max(0, quiz.max_attempts - state.attempts)} left"
    return "✗", f"quiz failed ✗ (best {percent(state.best_score)}{tries}{left}){extra}"


def lesson_status(course: Course, summary: LearnerSummary, lesson: Lesson) -> ModuleStatus:
    state = summary.lessons.get(lesson.id)
    quiz = course.quiz_for(lesson)
    q_symbol, q_words = quiz_words(summary, quiz) if quiz else ("", "")
    if state is None:
        symbol, words = "○", "not started"
    elif state.completed_at is not None:
        symbol, words = "●", "completed"
    else:
        index = lesson.section_index(state.section) + 1
        symbol, words = "◐", f"reading (section {index} of {len(lesson.sections)})"
    done = state is not None and state.completed_at is not None and (quiz is None or q_symbol == "✓")
    if done:
        symbol = "✓"
    elif q_symbol == "✗":
        symbol = "✗"
    return ModuleStatus(symbol, words, q_words, done)


def shown_quizzes(course: Course) -> list[Quiz]:
    """The quizzes a learner is shown, counted and offered: each lesson's quiz in course order, then the
    final exams. A quiz whose lesson is left out of the course (its file has errors) is left out with it,
    everywhere (the map, its counts, the palette, plain mode), and comes back with the lesson once it is fixed."""
    of_lessons = [quiz for lesson in course.lessons if (quiz := course.quiz_for(lesson)) is not None]
    listed = {quiz.id for quiz in of_lessons}
    return of_lessons + [quiz for quiz in course.exams if quiz.id not in listed]


def _is_shown(course: Course, quiz: Quiz) -> bool:
    return any(shown.id == quiz.id for shown in shown_quizzes(course))


def overall(course: Course, summary: LearnerSummary) -> tuple[int, int, str]:
    """(steps done, steps in all, sentence): each lesson read and each quiz passed is one step; only the
    quizzes shown count (see shown_quizzes)."""
    lessons_done = sum(
        1 for lesson in course.lessons if (read := summary.lessons.get(lesson.id)) and read.completed_at is not None
    )
    quizzes = shown_quizzes(course)
    passed = sum(1 for quiz in quizzes if (taken := summary.quizzes.get(quiz.id)) and taken.passed)
    total = len(course.lessons) + len(quizzes)
    sentence = (
        f"{lessons_done}/{len(course.lessons)} lessons read · "
        f"{passed}/{len(quizzes)} quizzes passed"
    )
    return lessons_done + passed, total, sentence


def _continue_words(state: QuizState, quiz: Quiz) -> str:
    """The label for going back to a quiz's unfinished attempt (what `c` will open)."""
    if state.in_progress_practice:
        return f"Continue practising “{quiz.title}”"
    return f"Continue the quiz “{quiz.title}”"


def next_step(course: Course, summary: LearnerSummary) -> NextStep:
    """What to do next: first where the learner left off, else the first unfinished step."""
    resume = summary.resume
    if resume.kind == "quiz" and resume.quiz and (quiz := course.quiz(resume.quiz)) and _is_shown(course, quiz):
        taking = summary.quizzes.get(quiz.id)
        if taking is not None and taking.in_progress:
            return NextStep(_continue_words(taking, quiz), "quiz",
                            lesson=quiz.lesson, quiz=quiz.id, question=resume.question, resume=True)
    if resume.kind == "lesson" and resume.lesson and (lesson := course.lesson(resume.lesson)):
        reading = summary.lessons.get(lesson.id)
        if reading is None or reading.completed_at is None:
            section = lesson.section(resume.section) if resume.section else None
            where = f" › {section.title}" if section else ""
            return NextStep(f"Continue reading “{lesson.title}”{where}", "lesson",
                            lesson=lesson.id, section=resume.section, resume=True)
    for lesson in course.lessons:
        state = summary.lessons.get(lesson.id)
        if state is None or state.completed_at is None:
            verb = "Start" if state is None else "Continue"
            return NextStep(f"{verb} the lesson “{lesson.title}”", "lesson", lesson=lesson.id,
                            section=state.section if state else None)
        quiz = course.quiz_for(lesson)
        if quiz is not None and not ((q := summary.quizzes.get(quiz.id)) and q.passed):
            label = _continue_words(q, quiz) if q and q.in_progress else f"Take the quiz “{quiz.title}”"
            return NextStep(label, "quiz", lesson=lesson.id, quiz=quiz.id)
    for quiz in course.exams:
        if not ((q := summary.quizzes.get(quiz.id)) and q.passed):
            label = _continue_words(q, quiz) if q and q.in_progress else f"Take the final quiz “{quiz.title}”"
            return NextStep(label, "quiz", quiz=quiz.id)
    return NextStep("You have completed the course. Well done! Review any lesson or retake a quiz.", "done")


def gone_work(course: Course, summary: LearnerSummary) -> list[str]:
    """What to tell a learner whose saved work refers to lessons or quizzes no longer in the course (an
    instructor removed or renamed them). The work stays in the progress files; nothing is deleted."""
    lessons = sorted(
        lid for lid, state in summary.lessons.items() if course.lesson(lid) is None and state.completed_at is not None
    )
    quizzes = sorted(
        qid for qid, state in summary.quizzes.items()
        if course.quiz(qid) is None and (state.attempts or state.practice_attempts or state.in_progress)
    )
    said = []
    if lessons:
        said.append(f"Lessons you completed are no longer in the course: {', '.join(lessons)}. Your record of them is kept.")
    if quizzes:
        said.append(f"Quizzes you took are no longer in the course: {', '.join(quizzes)}. Your attempts are kept.")
    return said
