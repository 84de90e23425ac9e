"""`course new`: start a lesson, a quiz or a whole course from a template that already checks clean.

Every template shows every key an author can write, each with a comment; optional keys without a
sensible default are written commented out. The quiz template holds one example of every question
type. Nothing here overwrites a file: `ScaffoldError` says why a file was not written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from string import Template

from course.content.slugs import is_slug, slugify
from course.qtypes import REGISTRY, MissingPiece
from course.words import title_from_name


class ScaffoldError(Exception):
    """A file that was not written, and why (said so that the author can act on it)."""


@dataclass(frozen=True)
class Written:
    path: Path
    hint: str = ""


def title_from_id(item_id: str) -> str:
    """The title written for a new lesson, quiz or course (see course.words.title_from_name)."""
    return title_from_name(item_id)


LESSON = Template('''\
+++
# Front matter of the lesson (TOML). Keys marked "optional" may be left out.
${id_line}
${title_line}
${order_line}
summary = "What this lesson is about, in one line."   # shown under the title on the course map
objectives = [                # at least one; shown at the top of the lesson
  "Say what a learner can do after reading it",
  "One objective a line",
]
${quiz_line}
# minutes = 5                 # optional: reading time in minutes; left out, the word count at 200 a minute
+++

An optional introduction, shown before the first section. The body is Markdown (CommonMark):
**emphasis**, `code`, lists, tables and > quotes all render.

## First section

Each `## Heading` starts a section; learners read one section at a time. A section's id is its heading
made into a slug (`first-section` here); quiz questions point back to it with `section = "first-section"`.

## Key takeaways

- Give a section an id of your own with `{#an-id}` after its heading.
- Check the course with `course check`.
''')

QUIZ = Template('''\
# A quiz file (TOML). Every key is shown with a comment; optional keys show their default, and those
# without one are commented out. There is one example question of each type: keep the ones you need,
# change them, and delete the rest. Check the course with `course check`.

${id_line}
${title_line}
${lesson_line}
description = "Shown before the first question."   # optional: leave out for none
pass_mark = 0.7               # fraction of the points needed to pass, 0..1 (default 0.7)
shuffle_questions = false     # show the questions in a random order (default false)
shuffle_options = false       # show choice options in a random order; pinned options stay put (default false)
# max_attempts = 3            # optional: how many attempts a learner gets; leave out for no limit
feedback = "immediate"        # "immediate": right/wrong after each answer; "end": only on the results
confidence = false            # true: with each answer the learner says how sure they are (1-3), marked by certainty
# lint_ok = ["true-false-balance"]   # optional: quiz-wide item-writing warnings to silence (also wrong-option-count, cue-guesser)
# lint_reason = "A quiz of misconceptions."   # optional: why they are silenced, for the next author

${questions}# ---------------------------------------------------------------- draw (final exams only)
# A quiz without `lesson` may also draw questions at random from other quizzes, for each attempt:
# [[draw]]
# from = "another-quiz"       # id of the quiz to draw from
# count = 2                   # how many of its questions; at most as many as it has
# tags = ["scenario"]         # optional: draw only questions having all these tags
''')

COURSE = Template('''\
# The course's identity. Learners' progress is kept under this id: change it before anyone starts.
${id_line}
${title_line}

# Optional settings: remove the "# " in front of a line to use it (docs/authoring.md).
${final_quiz_line}
# lint = false                # turns the item-writing warnings off for the whole course

# Spaced review's daily limits, as Anki's (docs/review.md).
# [review]
# new_per_day = 20            # questions reviewed for the first time in a day; 0: none
# reviews_per_day = 200       # review answers in a day, first reviews included

# The course's learning records for a Learning Record Store (docs/xapi.md).
# [xapi]
# home_page = "https://school.example.org" # the learners' accounts
# activity_base = "https://school.example.org/xapi" # every activity id starts with this
# lrs = "https://lrs.example.org/xAPI" # where `course sync` sends them
# language = "en"             # the course's language
# emails = "emails.toml"      # learners known by email address: a file beside this one
''')


def _check_id(item_id: str, what: str) -> None:
    if not is_slug(item_id):
        raise ScaffoldError(
            f"{what} id {item_id!r} is not a slug: use lower-case letters, digits and single hyphens, "
            "at most 64 characters (for example 'cost-basics')"
        )


def _write_new(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as handle:  # "x": never overwrite
            handle.write(text)
    except FileExistsError:
        raise ScaffoldError(f"{path} exists; choose another id or remove the file") from None


def _taken(root: Path, item_id: str, kind: str) -> str | None:
    """The file of the course that already uses `item_id` as a lesson or quiz id, if any."""
    if not (root / "lessons").is_dir() and not (root / "quizzes").is_dir():
        return None
    from course.content import load_course

    course = load_course(root)
    found = course.lesson(item_id) if kind == "lesson" else course.quiz(item_id)
    path = found.path if found is not None else None
    return str(path) if path is not None else None


def _line(key: str, value: str | int, comment: str, commented: bool = False) -> str:
    """One `key = value` line with its comment in the column the templates use."""
    shown = json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value)
    return f"{'# ' if commented else ''}{key} = {shown}".ljust(29) + f" # {comment}"


def lesson_text(lesson_id: str, order: int, quiz: str | None = None, title: str | None = None) -> str:
    return LESSON.substitute(
        id_line=_line("id", lesson_id, "slug, unique in the course: lower-case letters, digits, single hyphens"),
        title_line=_line("title", title or title_from_id(lesson_id), "shown on the course map and atop the lesson"),
        order_line=_line("order", order, "the course map lists lessons by this number (then by id)"),
        quiz_line=_line(
            "quiz", quiz or "a-quiz-id", "optional: the quiz that goes with this lesson (it must exist)",
            commented=quiz is None,
        ),
    )


def question_examples() -> str:
    """One example question of each type, in the registry's order (each type's `template`)."""
    names = list(REGISTRY)
    fill = {
        "{types}": f"{', '.join(names[:-1])} or {names[-1]}",
        "{types_and}": f"{', '.join(names[:-1])} and {names[-1]}",
        "{count}": str(len(names)),
    }
    examples = []
    for qtype in REGISTRY.values():
        if qtype.template is None:
            raise MissingPiece(qtype.name, "`course new` example (template)")
        text = qtype.template
        for placeholder, value in fill.items():
            text = text.replace(placeholder, value)
        examples.append(text)
    return "".join(examples)


def quiz_text(quiz_id: str, lesson: str | None = None, title: str | None = None) -> str:
    return QUIZ.substitute(
        questions=question_examples(),
        id_line=_line("id", quiz_id, "slug, unique in the course"),
        title_line=_line("title", title or title_from_id(quiz_id), "shown to learners"),
        lesson_line=_line(
            "lesson", lesson or "a-lesson-id",
            "the lesson it belongs to; leave out for a final exam" if lesson
            else "the lesson it belongs to; without it the quiz is a final exam",
            commented=lesson is None,
        ),
    )


def course_text(course_id: str, title: str | None = None, final_quiz: str = "final-exam") -> str:
    return COURSE.substitute(
        id_line=_line("id", course_id, "slug"),
        title_line=_line("title", title or title_from_id(course_id), "shown at the top of every screen"),
        final_quiz_line=_line("final_quiz", final_quiz, "the quiz a certificate needs", commented=True),
    )


def new_lesson(root: Path, lesson_id: str) -> Written:
    _check_id(lesson_id, "lesson")
    path = root / "lessons" / f"{lesson_id}.md"
    if path.exists():
        raise ScaffoldError(f"{path} exists; choose another id or remove the file")
    if (other := _taken(root, lesson_id, "lesson")) is not None:
        raise ScaffoldError(f"lesson id {lesson_id!r} is already used by {other}")
    order = _next_order(root)
    _write_new(path, lesson_text(lesson_id, order))
    return Written(path, f"order = {order}: it comes last on the course map")


def new_quiz(root: Path, quiz_id: str, lesson: str | None = None) -> Written:
    _check_id(quiz_id, "quiz")
    if lesson is not None:
        _check_id(lesson, "lesson")
    path = root / "quizzes" / f"{quiz_id}.toml"
    if path.exists():
        raise ScaffoldError(f"{path} exists; choose another id or remove the file")
    if (other := _taken(root, quiz_id, "quiz")) is not None:
        raise ScaffoldError(f"quiz id {quiz_id!r} is already used by {other}")
    _write_new(path, quiz_text(quiz_id, lesson))
    if lesson and _taken(root, lesson, "lesson") is None:
        hint = f"there is no lesson {lesson!r} yet: course check reports the quiz until there is (course new lesson {lesson})"
    elif lesson:
        hint = (
            f"its lesson = {json.dumps(lesson)} links it to that lesson, which offers it at its end; the lesson "
            f"needs no change (a quiz = {json.dumps(quiz_id)} line there is optional)"
        )
    else:
        hint = "it has no lesson, so it is a final exam"
    return Written(path, hint)


def new_course(root: Path) -> list[Written]:
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise ScaffoldError(f"{root} exists and is not an empty folder; give a new folder")
    name = root.resolve().name
    course_id = slugify(name) if any(c.isalnum() for c in name) else "my-course"
    lesson_id, quiz_id = "first-lesson", "first-lesson-quiz"
    root.mkdir(parents=True, exist_ok=True)
    files = [
        # The title keeps the folder name's capitals as typed (`SLA-course`); the id is its slug.
        (root / "course.toml", course_text(course_id, title_from_name(name) if course_id != "my-course" else None,
                                           final_quiz=quiz_id)),
        (root / "lessons" / f"{lesson_id}.md", lesson_text(lesson_id, 1, quiz=quiz_id)),
        (root / "quizzes" / f"{quiz_id}.toml", quiz_text(quiz_id, lesson=lesson_id)),
    ]
    for path, text in files:
        _write_new(path, text)
    return [Written(path) for path, _ in files]


def _next_order(root: Path) -> int:
    if not (root / "lessons").is_dir():
        return 1
    from course.content import load_course

    lessons = load_course(root).lessons
    return max((lesson.meta.order for lesson in lessons), default=0) + 1
