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


class ScaffoldError(Exception):
    """A file that was not written, and why (said so that the author can act on it)."""


@dataclass(frozen=True)
class Written:
    path: Path
    hint: str = ""


def title_from_id(item_id: str) -> str:
    return item_id.replace("-", " ").strip().capitalize()


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

# ---------------------------------------------------------------- single: one right option
[[questions]]
id = "single-example"         # slug, unique in this quiz
type = "single"               # single, multiple, true_false, matching, ordering, short or numeric
prompt = "Which of these is a single-choice question?"   # the question (Markdown; not empty)
explanation = "Exactly one option is right."   # why the right answer is right, shown after answering
points = 1                    # points the question is worth, a number >= 0 (default 1)
feedback_wrong = "Look again at the options."  # optional: shown when the answer is not fully right
# section = "first-section"   # optional: the lesson section that teaches it, "slug" or "lesson-id#slug"
# tags = ["scenario"]         # optional: slugs a final exam's [[draw]] can pick questions by
# lint_ok = ["longest-option"]   # optional: item-writing warnings of `course check` to silence here
# lint_reason = "The full name is the point."   # optional: why they are silenced, for the next author

[[questions.options]]
text = "This one"             # what the learner reads
correct = true                # picking it earns full points; at least one option is correct
feedback = "Right."           # optional: shown when the learner picks this option

[[questions.options]]
text = "Nearly this one"
weight = 0.5                  # optional: partly right, picking it earns this fraction of the points (0 to <1)

[[questions.options]]
text = "Not this one"
# id = "c"                    # optional slug; default a, b, c... by position

[[questions.options]]
text = "None of these"
pinned = true                 # stays in place when options are shuffled (default false)

# ---------------------------------------------------------------- multiple: several right options
# Each right option picked earns 1/R of the points, each wrong one costs 1/W; never below zero.
# Or give every option a weight (-1..1; those of the right options add up to 1), as Moodle does.
[[questions]]
id = "multiple-example"
type = "multiple"
prompt = "Which of these are even numbers?"
explanation = "2 and 4 divide by two; 3 does not."

[[questions.options]]
text = "2"
correct = true

[[questions.options]]
text = "3"

[[questions.options]]
text = "4"
correct = true

# ---------------------------------------------------------------- true_false
[[questions]]
id = "true-false-example"
type = "true_false"
prompt = "A quiz file is written in TOML."
answer = true                 # the right answer
explanation = "Quizzes are TOML files in quizzes/; lessons are Markdown files in lessons/."
feedback_true = "Yes."        # optional: shown to a learner who answers true
feedback_false = "It is TOML."   # optional: shown to a learner who answers false

# ---------------------------------------------------------------- matching: pair items with matches
[[questions]]
id = "matching-example"
type = "matching"
prompt = "Match each file to its folder."
explanation = "Lessons live in lessons/, quizzes in quizzes/."
distractors = ["progress/"]   # optional: extra matches that belong to no item

[[questions.pairs]]
item = "A lesson"             # shown on the left
match = "lessons/"            # its match; every match is different

[[questions.pairs]]
item = "A quiz"
match = "quizzes/"

# ---------------------------------------------------------------- ordering: put items in order
[[questions]]
id = "ordering-example"
type = "ordering"
prompt = "Put these steps in order."
explanation = "Write, check, then publish."
items = ["Write the file", "Run the checks", "Publish the course"]   # the right order; shown shuffled

# ---------------------------------------------------------------- short: a typed answer
[[questions]]
id = "short-example"
type = "short"
prompt = "Which command validates a course?"
explanation = "`course check` lists every problem with its file and line."
fuzzy = 1                     # typing mistakes allowed against answers of 5+ characters, 0..3 (default 0)
# answers = ["course check", "check"]   # the short form: accepted answers, each worth full points

[[questions.answers]]
text = "course check"         # an accepted answer (case, punctuation and spacing are ignored)

[[questions.answers]]
text = "*check"
wildcard = true               # optional: each * in the text stands for any text, none included (default false)
weight = 0.5                  # fraction of the points it earns, 0..1 (default 1)
feedback = "Yes: run it as `course check`."   # optional: shown when this answer is given

# ---------------------------------------------------------------- numeric: a number
[[questions]]
id = "numeric-example"
type = "numeric"
prompt = "How many question types are there?"
explanation = "single, multiple, true_false, matching, ordering, short and numeric."
answer = 7                    # the right number...
tolerance = 0                 # ...give or take this much (default 0)
# min = 6.5                   # or, instead of answer and tolerance, a range: min...
# max = 7.5                   # ...and max
unit = "types"                # optional: shown beside the input

# ---------------------------------------------------------------- numeric, with several answers
[[questions]]
id = "numeric-answers-example"
type = "numeric"
prompt = "How many days does a leap year have?"
explanation = "366: February has a 29th day."
# Instead of answer/tolerance or min/max: accepted numbers, each with a weight; the best that matches counts.

[[questions.answers]]
answer = 366                  # a number (with an optional tolerance), or min and max
weight = 1                    # fraction of the points it earns, 0..1 (default 1)

[[questions.answers]]
min = 364.5
max = 365.5
weight = 0.5
feedback = "That is a common year."   # optional: shown when this answer counts

[[questions.answers]]
other = true                  # optional, last: any other number, for its weight and feedback
weight = 0
feedback = "Count February's extra day."

# ---------------------------------------------------------------- draw (final exams only)
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


def quiz_text(quiz_id: str, lesson: str | None = None, title: str | None = None) -> str:
    return QUIZ.substitute(
        id_line=_line("id", quiz_id, "slug, unique in the course"),
        title_line=_line("title", title or title_from_id(quiz_id), "shown to learners"),
        lesson_line=_line(
            "lesson", lesson or "a-lesson-id",
            "the lesson it belongs to; leave out for a final exam" if lesson
            else "the lesson it belongs to; without it the quiz is a final exam",
            commented=lesson is None,
        ),
    )


def course_text(course_id: str, title: str | None = None) -> str:
    return COURSE.substitute(
        id_line=_line("id", course_id, "slug"),
        title_line=_line("title", title or title_from_id(course_id), "shown at the top of every screen"),
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
        hint = f'add quiz = "{quiz_id}" to the front matter of lesson {lesson!r} to offer it after the lesson'
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
        (root / "course.toml", course_text(course_id)),
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
