"""Opening the course and the learner: the learner asked for, else the last one, else the only one, else
asking for a name (with the rules and messages of the app's welcome screen)."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

from course.content import Course, load_course
from course.locations import content_dir, progress_dir
from course.plain.io import Terminal, words_only
from course.plain.title import title_line
from course.progress import (
    FutureFormatError,
    InvalidLearnerName,
    LearnerProgress,
    ProgressSaveError,
    ProgressStore,
    read_last_learner,
    write_last_learner,
)
from course.status import gone_work
from course.words import plural

WELCOME = ("Welcome! This course takes you through short lessons, each followed by a quiz. "
           "Your progress is saved after every step, so you can stop at any time.")


@dataclass
class Plain:
    """What every part of the plain mode works with."""

    term: Terminal
    course: Course
    store: ProgressStore
    learner: LearnerProgress
    failed_saves: list[str] = field(default_factory=list)  # why each save of this session failed

    def save_failed(self, error: Exception) -> None:
        self.failed_saves.append(words_only(error))
        self.term.say(f"Your progress was not saved: {words_only(error)} You can keep going; "
                      "the next save tries again.")


def goodbye(plain: Plain | None) -> str:
    """The last words: whether every save of the session succeeded."""
    if plain is None or not plain.failed_saves:
        return "your progress is saved. Goodbye."
    count = len(plain.failed_saves)
    return (f"{plural(count, 'save')} of your progress failed in this session (the last: "
            f"{plain.failed_saves[-1].rstrip('.')}), so some of it may not be saved. Goodbye.")


def open_plain(term: Terminal, content: str | None, learner: str | None, progress: str | None,
               title_said: str | None = None) -> Plain | int:
    """The course and the learner, or the exit status when `course` must stop (the reason is said).
    `title_said`: the title the first line already gave (see course.plain.title), if one did."""
    root = content_dir(content)
    course = load_course(root)
    store = ProgressStore(progress_dir(course.root, course.id, progress), course.id)
    name = store.learner_to_open(learner)
    opened: LearnerProgress | None = None
    if name:
        try:
            opened = store.open(name)
        except InvalidLearnerName as error:
            if learner:
                print(f"course: {error}", file=sys.stderr)
                return 2
        except (FutureFormatError, ProgressSaveError) as error:
            if learner:
                hint = ""
                if isinstance(error, ProgressSaveError):
                    hint = "\ncourse: keep progress somewhere else with --progress DIR (or COURSE_PROGRESS_DIR)."
                print(f"course: {error}{hint}", file=sys.stderr)
                return 1
            term.say(words_only(error))
    if title_said != course.title:
        term.say(title_line(course.title))
    _say_problems(term, course)
    if opened is None:
        term.say(WELCOME)
        opened = ask_learner(term, store)
        assert opened is not None  # only a switch of learner can keep the current one
    elif read_last_learner(store.root) != opened.name:
        _remember(term, store, opened.name)
    plain = Plain(term, course, store, opened)
    show_notices(plain)
    return plain


def _say_problems(term: Terminal, course: Course) -> None:
    problems = course.problems
    if not problems:
        return
    errors = len(course.errors)
    works = "the rest of the course works" if errors else "the course works"
    term.say(f"The course files have {plural(len(problems), 'problem')}; {works}:")
    for problem in problems:
        term.say(f"- {words_only(problem)}")


def _remember(term: Terminal, store: ProgressStore, name: str) -> None:
    try:
        write_last_learner(store.root, name)  # the next `course` opens this learner, in either mode
    except ProgressSaveError as error:
        term.say(words_only(error))


def ask_learner(term: Terminal, store: ProgressStore, current: LearnerProgress | None = None) -> LearnerProgress | None:
    """Ask who is learning until a learner is opened; the learners here are offered by number, the current one
    (when switching learner) said. None only when switching and the learner keeps the current one (Enter)."""
    learners = store.learners()
    here = current.name if current is not None else None
    if learners:
        term.say("Learners on this computer:")
        for number, known in enumerate(learners, 1):
            term.say(f"{number}. {words_only(known)}" + (" (current learner)" if known == here else ""))
    if here is not None:
        question = (f"Type a learner's number to continue as them, a new name to add a learner, or Enter to stay "
                    f"{words_only(here)}:")
    else:
        question = ("Type a learner's number to continue as them, or a new name:" if learners
                    else "What is your name?")
    while True:
        typed = term.ask(question)
        if typed.strip() == "?":
            stay = f" Enter keeps {words_only(here)} as the learner." if here is not None else ""
            term.say("Your name keeps your progress apart from other learners'. A name has letters, digits, "
                     f"spaces, - _ and . in it.{stay} Ctrl+D (end of input) leaves the course.")
            continue
        if not typed.strip():
            if here is not None:
                return None
            term.say("Type your name first, then press Enter.")
            continue
        name = typed
        if typed.strip().isdigit() and learners and 1 <= int(typed) <= len(learners):
            name = learners[int(typed) - 1]
        try:
            learner = store.open(name)
        except (InvalidLearnerName, FutureFormatError, ProgressSaveError) as problem:
            term.say(words_only(problem))
            continue
        if current is not None and learner.name == current.name:
            return current
        _remember(term, store, learner.name)
        term.say(f"Hello, {words_only(learner.name)}.")
        return learner


def switch_learner(plain: Plain) -> bool:
    """`s` on the course map: another learner, or a new one, as the app's Switch learner; whether it changed."""
    chosen = ask_learner(plain.term, plain.store, plain.learner)
    if chosen is None or chosen is plain.learner:
        plain.term.say(f"Still learning as {words_only(plain.learner.name)}.")
        return False
    plain.learner = chosen
    show_notices(plain)
    return True


def show_notices(plain: Plain) -> None:
    """What the engine had to say on opening the learner's progress."""
    learner = plain.learner
    learner.notices.extend(gone_work(plain.course, learner.summary))
    for notice in learner.notices:
        plain.term.say(f"Note: {words_only(notice)}")
    learner.notices.clear()
