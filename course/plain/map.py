"""The course map as a numbered list: each lesson and exam with its status in words, and the next step."""

from __future__ import annotations

import re
from dataclasses import dataclass

from course.content import Lesson, Quiz
from course.plain.certificate import certificate_ready, make_certificate
from course.plain.help import MAP_HELP
from course.plain.io import words_only
from course.plain.lesson import read_lesson
from course.plain.quiz import take_quiz
from course.plain.review import review_round, review_words
from course.plain.start import Plain, switch_learner
from course.status import lesson_status, next_step, overall, quiz_words


@dataclass(frozen=True)
class Entry:
    number: int
    lesson: Lesson | None
    quiz: Quiz | None  # the lesson's quiz, or the exam


def entries(plain: Plain) -> list[Entry]:
    """Lessons first, in course order, then the final exams; numbered from 1."""
    course = plain.course
    listed = [Entry(n, lesson, course.quiz_for(lesson)) for n, lesson in enumerate(course.lessons, 1)]
    listed += [Entry(len(listed) + n, None, exam) for n, exam in enumerate(course.exams, 1)]
    return listed


def entry_line(plain: Plain, entry: Entry) -> str:
    summary = plain.learner.summary
    if entry.lesson is not None:
        status = lesson_status(plain.course, summary, entry.lesson)
        words = ", ".join(w for w in (status.words, status.quiz_words) if w)
        return f"{entry.number}. {words_only(entry.lesson.title)}: {words_only(words)}."
    assert entry.quiz is not None
    title = words_only(entry.quiz.title)
    if not title.lower().startswith(("final exam", "exam", "final quiz", "final test")):
        title = f"Final quiz: {title}"  # a quiz with no lesson, named as the app's map names it
    return f"{entry.number}. {title}: {words_only(quiz_words(summary, entry.quiz)[1])}."


def show_map(plain: Plain, listed: bool = True) -> None:
    """The course map: the progress, every lesson and exam when `listed` (else how to list them), what is due
    and the next step. Back from a lesson or a quiz the list is left out: a screen reader would read all of
    it again for one changed line."""
    summary = plain.learner.summary
    done, total, sentence = overall(plain.course, summary)
    share = round(100 * done / total) if total else 100
    term = plain.term
    term.say("")
    opening = "Course map" if listed else "Back on the course map"
    term.say(f"{opening} of {words_only(plain.course.title)}, for {words_only(plain.learner.name)}.")
    said = re.sub(r"(\d+)/(\d+)", r"\1 of \2", sentence.replace(" · ", " and "))
    term.say(f"Progress: {share}%, {said}.")
    if listed:
        for entry in entries(plain):
            term.say(entry_line(plain, entry))
    else:
        term.say(f"Type l to list the lessons and exams, numbered 1 to {len(entries(plain))}.")
    if certificate_ready(plain):
        term.say("Certificate ready: type g to make it.")
    if review := review_words(plain):
        term.say(review)
    step = next_step(plain.course, summary)
    if step.kind == "done":
        term.say(f"Next step: {words_only(step.label)}")
    else:
        term.say(f"Next step: {words_only(step.label)}. Type c to do it.")


def course_map(plain: Plain) -> None:
    """Show the map and take commands until the learner quits."""
    show_map(plain)
    count = len(entries(plain))
    while True:
        typed = plain.term.ask(f"Course map: type a number from 1 to {count}, c to continue, l to list, q to quit, "
                               "? for help:")
        command = typed.strip()
        if command == "q":
            return
        if command == "?":
            plain.term.lines(MAP_HELP)
            continue
        if command in ("l", "m"):
            show_map(plain)
            continue
        if command == "":
            show_map(plain, listed=False)
            continue
        if command == "s":
            if switch_learner(plain):
                show_map(plain)  # another learner's map: read it whole, as when the course opens
            continue
        went = _act(plain, command)
        if went:
            show_map(plain, listed=False)
            count = len(entries(plain))


def _act(plain: Plain, command: str) -> bool:
    """Run one map command; whether the learner went somewhere (and the map is shown again)."""
    listed = entries(plain)
    if command == "r":
        review_round(plain)
        return True
    if command == "g":
        make_certificate(plain)
        return False
    if command == "c":
        step = next_step(plain.course, plain.learner.summary)
        if step.kind == "quiz" and step.quiz:
            take_quiz(plain, step.quiz, read_lesson)
        elif step.kind == "lesson" and step.lesson:
            read_lesson(plain, step.lesson, step.section)
        else:
            plain.term.say("Nothing left to continue: type a number to review any lesson or exam.")
            return False
        return True
    if command == "t":
        return _last_lessons_quiz(plain)
    quiz_wanted = command[:1] == "t" and command[1:].strip().isdigit()
    number_text = command[1:].strip() if quiz_wanted else command
    if not number_text.isdigit() or not 1 <= int(number_text) <= len(listed):
        plain.term.say(f"“{command}” is not a command here. Type a number from 1 to {len(listed)} to open that "
                       "lesson or exam, t and a number to take a lesson's quiz (t alone: the quiz of the lesson read last), "
                       "c to continue, l to list the lessons "
                       "and exams, s to switch learner, q to quit, or ? for help.")
        return False
    entry = listed[int(number_text) - 1]
    if entry.lesson is not None and not quiz_wanted:
        read_lesson(plain, entry.lesson.id, None)
    elif entry.quiz is not None:
        take_quiz(plain, entry.quiz.id, read_lesson)
    else:
        plain.term.say("This lesson has no quiz.")
        return False
    return True


def _last_lessons_quiz(plain: Plain) -> bool:
    """`t` alone: the quiz of the lesson the learner was last in (the end of a lesson says "Type t to take its
    quiz", and the learner may have gone back to the map first), or the quiz they were last taking."""
    resume = plain.learner.summary.resume
    lesson = plain.course.lesson(resume.lesson) if resume.kind == "lesson" and resume.lesson else None
    quiz = plain.course.quiz_for(lesson) if lesson is not None else None
    if resume.kind == "quiz" and resume.quiz:
        quiz = plain.course.quiz(resume.quiz)
    if quiz is None:
        why = (f"The lesson you read last, “{words_only(lesson.title)}”, has no quiz." if lesson is not None
               else "You have not read a lesson yet.")
        plain.term.say(f"{why} Type t and a lesson's number to take its quiz (for example: t 1).")
        return False
    take_quiz(plain, quiz.id, read_lesson)
    return True
