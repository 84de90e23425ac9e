"""Reading a lesson one section at a time: the place is saved on every move, as in the app, and reading
the last section completes the lesson."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from course.content import Lesson
from course.plain.help import LESSON_HELP
from course.plain.io import words_only
from course.plain.quiz import take_quiz
from course.plain.start import Plain
from course.plain.text import markdown_lines
from course.progress import ProgressSaveError

MAX_TIME_CHUNK = 30 * 60  # seconds; as in the app, a lesson left open overnight does not count as reading


class Reader:
    def __init__(self, plain: Plain, lesson: Lesson) -> None:
        self.plain = plain
        self.lesson = lesson
        self.index = 0
        self.back = "map"  # where b goes: the course map, or the results a section was reread from
        self._prompts_said: set[str] = set()  # the prompts said in full once; after that, their short form
        self._since = time.monotonic()

    def save(self, write: Callable[..., Any], *args: Any) -> bool:
        try:
            write(*args)
        except ProgressSaveError as error:
            self.plain.save_failed(error)
            return False
        return True

    def bank_time(self) -> None:
        now = time.monotonic()
        spent, self._since = min(now - self._since, MAX_TIME_CHUNK), now
        if spent >= 1:
            self.save(self.plain.learner.add_lesson_time, self.lesson.id, round(spent, 1))

    @property
    def total(self) -> int:
        return len(self.lesson.sections)

    def heading(self) -> None:
        lessons = self.plain.course.lessons
        number = next((n for n, known in enumerate(lessons, 1) if known.id == self.lesson.id), 1)
        sections = f"{self.total} section{'s' if self.total != 1 else ''}"
        self.plain.term.say("")
        self.plain.term.say(f"Lesson {number} of {len(lessons)}: {words_only(self.lesson.title)}. {sections}.")

    def intro_lines(self) -> list[str]:
        lesson = self.lesson
        minutes = f" About {lesson.minutes} minutes." if lesson.minutes else ""
        lines = [f"{words_only(lesson.meta.summary)}{minutes}", "By the end of this lesson you can:"]
        lines += [f"- {words_only(objective)}" for objective in lesson.meta.objectives]
        if lesson.intro.strip():
            lines += ["", *markdown_lines(lesson.intro)]
        return lines

    def show(self, index: int, save_place: bool = True) -> None:
        term = self.plain.term
        if not self.lesson.sections:
            term.say("This lesson has no sections yet.")
            return
        self.index = index
        section = self.lesson.sections[index]
        term.say("")
        term.say(f"Section {index + 1} of {self.total}: {words_only(section.title)}")
        if index == 0:
            term.lines(self.intro_lines())
            term.say("")
        term.lines(markdown_lines(section.body, section.title))
        term.say(f"End of section {index + 1} of {self.total}.")
        if save_place:
            self.save(self.plain.learner.lesson_moved, self.lesson.id, section.id)
        if index == self.total - 1:
            self.complete()

    def completed(self) -> bool:
        state = self.plain.learner.summary.lessons.get(self.lesson.id)
        return state is not None and state.completed_at is not None

    def complete(self) -> None:
        if self.completed():
            return
        if self.save(self.plain.learner.lesson_completed, self.lesson.id):
            quiz = self.plain.course.quiz_for(self.lesson)
            tail = " Type t to take its quiz." if quiz else ""
            self.plain.term.say(f"Lesson completed.{tail}")

    def list_sections(self) -> None:
        for number, section in enumerate(self.lesson.sections, 1):
            here = " (you are here)" if number - 1 == self.index else ""
            self.plain.term.say(f"{number}. {words_only(section.title)}{here}")

    def prompt(self) -> str:
        """What to type here: in full the first time (a screen reader reads every word of it again after each
        section), then in short, with ? for the rest."""
        back = "b for the results" if self.back == "results" else "b for the map"
        quiz = "t for the quiz, " if self.plain.course.quiz_for(self.lesson) else ""
        if self.index + 1 < self.total:
            where = f"Section {self.index + 1} of {self.total}"
            full = f"{where}: Enter for the next section, a number to jump, {quiz}{back}, ? for help:"
            short = f"{where}: Enter for the next, ? for help:"
            kind = "section"
        else:
            full = f"End of the lesson: {quiz}{back}, a number to read a section again, ? for help:"
            short = f"End of the lesson: {quiz}? for help:"
            kind = "end"
        if kind in self._prompts_said:
            return short
        self._prompts_said.add(kind)
        return full


def read_lesson(plain: Plain, lesson_id: str, section: str | None, back: str = "map") -> bool:
    """Read a lesson from `section` (else where the learner was) until they go back (`b`) to where they came
    from: the course map, or (`back="results"`) a quiz's results. True when they took the lesson's quiz from
    it instead (and have left that quiz for the course map)."""
    lesson = plain.course.lesson(lesson_id)
    if lesson is None:
        plain.term.say("That lesson is not in the course any more.")
        return False
    reader = Reader(plain, lesson)
    reader.back = back
    state = plain.learner.summary.lessons.get(lesson.id)
    wanted = section or (state.section if state else None)
    reader.index = lesson.section_index(wanted) if lesson.sections else 0
    opened = lesson.sections[reader.index].id if lesson.sections else None
    reader.save(plain.learner.lesson_opened, lesson.id, opened)
    reader.heading()
    reader.show(reader.index, save_place=False)
    try:
        while True:
            command = plain.term.ask(reader.prompt()).strip()
            if command in ("b", "q"):
                return False
            if command == "t":
                quiz = plain.course.quiz_for(lesson)
                if quiz is None:
                    plain.term.say("This lesson has no quiz.")
                    continue
                reader.bank_time()
                take_quiz(plain, quiz.id, read_lesson)
                return True
            _lesson_command(reader, command)
    finally:
        reader.bank_time()


def _lesson_command(reader: Reader, command: str) -> None:
    term = reader.plain.term
    if command == "?":
        term.lines(LESSON_HELP)
    elif command in ("", "n"):
        if reader.index + 1 < reader.total:
            reader.show(reader.index + 1)
        else:
            quiz = reader.plain.course.quiz_for(reader.lesson)
            back = "the results" if reader.back == "results" else "the course map"
            term.say(f"End of the lesson: type t for the quiz, or b for {back}." if quiz
                     else f"End of the lesson: type b for {back}.")
    elif command == "p":
        if reader.index > 0:
            reader.show(reader.index - 1)
        else:
            term.say("This is the first section.")
    elif command == "m":
        if reader.completed():
            term.say("This lesson is already completed.")
        else:
            reader.complete()
    elif command == "l":
        reader.list_sections()
    elif command == "r":
        reader.show(reader.index, save_place=False)
    elif command.isdigit() and 1 <= int(command) <= reader.total:
        reader.show(int(command) - 1)
    else:
        term.say(f"“{command}” is not a command here. Press Enter for the next section, type a section number "
                 f"from 1 to {reader.total}, t for the quiz, b to go back, or ? for help.")
