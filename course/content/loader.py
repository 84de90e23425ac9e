"""Loading a course folder: every good file becomes content, every bad one a problem, nothing raises."""

from __future__ import annotations

import copy
import gc
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from course.content.errors import clean_loc, field_path, given, locate, problems_from, table_headers
from course.content.files import ContentFileError, content_files, parse_toml, read_text
from course.content.markdown import (
    EXPLICIT_ID_RE,
    FrontMatterError,
    other_headings,
    split_front_matter,
    split_sections,
)
from course.content.models import (
    QUESTION_TYPES,
    Course,
    Draw,
    Lesson,
    LessonMeta,
    Problem,
    Question,
    Quiz,
    QuizSettings,
    ReviewTable,
    Section,
    XapiTable,
    quiz_rules,
)
from course.content.slugs import is_slug, slugify
from course.content.validate import Drawn, LessonRef, QuizRef, check_course

_QUESTIONS = TypeAdapter(list[Question])
_DRAWS = TypeAdapter(list[Draw])
_ID_LINE_RE = re.compile(r"""^\s*id\s*=\s*["']([^"'\n]*)["']""", re.MULTILINE)
_GUESS_BYTES = 64 * 1024
_HASH_LINE = re.compile(r"^ {0,3}#(?:[ \t]|$)", re.MULTILINE)  # a line that may be a `#` heading
_LINE_BREAK = re.compile(r"\r\n?|\n")
_CLOSING_HASHES = re.compile(r"[ \t]+#+[ \t]*$")
# Past this many, a file's problems are counted rather than listed: they are most likely one mistake repeated.
MAX_PROBLEMS_PER_FILE = 100


class _Collector:
    def __init__(self, root: Path):
        self.root = root
        self.problems: list[Problem] = []

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def add(
        self, path: Path, message: str, line: int | None = None, field: str | None = None,
        severity: Literal["error", "warning"] = "error",
    ) -> None:
        self.problems.append(Problem(file=self.rel(path), line=line, field=field, message=message, severity=severity))

    def add_found(self, path: Path, found: list[Found], lines: list[str], offset: int = 0) -> None:
        headers = table_headers(lines)
        for loc, message in found[:MAX_PROBLEMS_PER_FILE]:
            # A key missing at the top level has no line of its own: point at the start of the file.
            line = locate(lines, loc, offset, headers) or 1
            self.add(path, message, line, field_path(loc) or None)
        if len(found) > MAX_PROBLEMS_PER_FILE:
            more = len(found) - MAX_PROBLEMS_PER_FILE
            start = locate(lines, found[MAX_PROBLEMS_PER_FILE][0], offset, headers)  # where they start
            message = f"and {more:,} more problems from here on; fix the {MAX_PROBLEMS_PER_FILE} above first"
            self.add(path, message, start)


Found = tuple[list[str | int], str]
FinalQuiz = tuple[str | None, int | None]
"""course.toml's `final_quiz` (None when not given or unusable) and its line."""
T = TypeVar("T")


def _validate(
    validate: Callable[[Any], T], data: Any, prefix: Sequence[str | int] = (), in_list: bool = False
) -> tuple[T | None, list[Found]]:
    """Validate `data`, reporting every problem that can be found, not only those of the first pass.

    Pydantic checks a model's own rules (one right option, ...) only once every field is valid. So a key
    that fails is taken out and the rest validated again: the rules that can still be checked are. What
    may only follow from a key taken out is not reported: "required key is missing" for it, or a rule of
    a table that held it (one right option, when an option's `correct` was set aside).
    With `in_list`, `validate` checks `[data]` (a question's type picks its model only in a list).
    """
    found: list[Found] = []
    dropped: set[tuple[str | int, ...]] = set()
    owner = getattr(validate, "__self__", None)  # the model read, when `validate` is its model_validate
    root = owner if isinstance(owner, type) and issubclass(owner, BaseModel) else None
    current = copy.deepcopy(data)
    for _ in range(5):
        try:
            value = validate([current] if in_list else current)
        except ValidationError as exc:
            errors = [_unlisted(error) if in_list else error for error in exc.errors(include_url=False)]
            _collect(errors, dropped, prefix, found, root)
            # Set aside each key that failed (not a missing one, nor a whole list item) and try again.
            failed = {tuple(clean_loc(e["loc"])) for e in errors if e["type"] != "missing"}
            drops = {loc for loc in failed if loc and isinstance(loc[-1], str) and _drop(current, loc)}
            if not drops:
                break
            dropped.update(drops)
        else:
            return (None if found else value), found
    return None, found


def _unlisted(error: ErrorDetails) -> ErrorDetails:
    """An error of `[data]` as an error of `data`: without the list index and the question type tag."""
    loc = error["loc"][1:]
    if loc and loc[0] in QUESTION_TYPES:
        # The question's type is kept for "did you mean", which names the keys of that type only.
        return {**error, "loc": loc[1:], "ctx": {**error.get("ctx", {}), "question_type": loc[0]}}
    return {**error, "loc": loc}


def _collect(
    errors: list[ErrorDetails], dropped: set[tuple[str | int, ...]], prefix: Sequence[str | int], found: list[Found],
    root: type[BaseModel] | None = None,
) -> None:
    """Add the problems of one pass that do not follow from a key set aside, and that are not known yet."""
    known = {(tuple(where), message) for where, message in found}
    for error in errors:
        if error["type"] == "missing" and tuple(clean_loc(error["loc"])) in dropped:
            continue
        for where, message in problems_from([error], root):
            if any(tuple(where) == gone[: len(where)] for gone in dropped):
                continue  # about a table whose key was set aside: it may only follow from that
            key = (tuple([*prefix, *where]), message)
            if key not in known:
                known.add(key)
                found.append(([*prefix, *where], message))


def _drop(data: Any, loc: Sequence[str | int]) -> bool:
    """Take the key at `loc` out of nested tables and lists; False when there is nothing to take out."""
    node = data
    for part in loc[:-1]:
        in_table = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if not (in_table or in_list):
            return False
        node = node[part]
    if isinstance(node, dict) and loc[-1] in node:
        del node[loc[-1]]
        return True
    return False


def _guess_id(path: Path) -> str | None:
    """The `id = "..."` of a file that could not be read as content, so that references to it are not
    reported as well (the file's own problem says what to fix)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(_GUESS_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return None
    match = _ID_LINE_RE.search(head)
    return match.group(1) if match and is_slug(match.group(1)) else None


def _slug_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and is_slug(value) else None


def load_lesson(path: Path, collector: _Collector) -> LessonRef:
    try:
        text = read_text(path, collector.root)
        front, body, body_line = split_front_matter(text)
        data = parse_toml(front, line_offset=1)
    except (ContentFileError, FrontMatterError) as exc:
        collector.add(path, str(exc), exc.line)
        return LessonRef(path=path, id=_guess_id(path))
    meta, found = check_lesson_data(data)
    collector.add_found(path, found, front.splitlines(), offset=1)
    intro, raw_sections = split_sections(body, body_line)
    sections: list[Section] = []
    seen: set[str] = set()
    explicit: set[str] = set()
    for raw in raw_sections:
        if raw.explicit_id and not is_slug(raw.id):
            collector.add(path, f"section id {raw.id!r} is not a slug", raw.line, f"section {raw.title!r}")
            continue
        if raw.id in seen:
            collector.add(
                path,
                f"two sections have the id {raw.id!r}; rename one heading or give it {{#another-id}}",
                raw.line,
            )
            continue
        seen.add(raw.id)
        if raw.explicit_id:
            explicit.add(raw.id)
        sections.append(Section(id=raw.id, title=raw.title, body=raw.body, line=raw.line))
    if not sections:
        collector.add(path, *_no_sections(body if not raw_sections else "", body_line))
    hashed: dict[str, int] = {}  # `#` headings after the first section, by the id they would have as sections
    if sections and _HASH_LINE.search(body):
        for line, title, section in _hash_headings_inside(body, body_line, sections):
            message = (
                f"the `#` heading {title!r} is not a section: a lesson's sections are `##` headings, so it and its "
                f"text are part of section {section!r}; use ## for section headings"
            )
            collector.add(path, message, line, severity="warning")
            hashed.setdefault(_heading_id(title), line)
    quiz = data.get("quiz")
    ref = LessonRef(
        path=path,
        id=meta.id if meta else _slug_or_none(data.get("id")),
        quiz=quiz if isinstance(quiz, str) else None,
        sections=sections,
        explicit_ids=explicit,
        body_line=body_line,
        hashed=hashed,
    )
    if meta is not None:
        ref.lesson = Lesson(meta=meta, intro=intro, sections=sections, path=path, body_line=body_line)
    return ref


def _hash_headings_inside(body: str, body_line: int, sections: list[Section]) -> list[tuple[int, str, str]]:
    """(line, title, id of the section it is in) of each `#` heading after the first section: one `##` too
    few, most likely (a `#` heading above the first section is the introduction's title)."""
    lines = _LINE_BREAK.split(body)
    found = []
    for index, mark in other_headings(body):
        line = body_line + index
        inside = [section for section in sections if section.line < line]
        if mark == "#" and inside:
            found.append((line, _CLOSING_HASHES.sub("", lines[index].strip().lstrip("#")).strip(), inside[-1].id))
    return found


def _heading_id(title: str) -> str:
    """The id a heading's title gives its section: its `{#id}`, else the title made a slug."""
    explicit = EXPLICIT_ID_RE.search(title)
    return explicit.group(1).strip() if explicit else slugify(title)


def _no_sections(body: str, body_line: int) -> tuple[str, int]:
    """What to say of a lesson body without a `##` heading, and the line to point at: the headings it has
    instead, if any (`#` written for `##` is the usual slip), or where the body starts."""
    headings = other_headings(body)
    if not headings:
        return "a lesson needs at least one `## Section` heading in its body", body_line
    lines = [body_line + line for line, _ in headings]
    kinds = " and ".join(dict.fromkeys(f"`{mark}`" if mark.startswith("#") else "underlined" for _, mark in headings))
    where = f"line {lines[0]}" if len(lines) == 1 else f"lines {', '.join(str(n) for n in lines[:5])}"
    more = ", ..." if len(lines) > 5 else ""
    return (
        f"a lesson's sections are `##` headings, and this one has only {kinds} headings ({where}{more}): "
        "use ## for section headings"
    ), lines[0]


def load_quiz(path: Path, collector: _Collector) -> QuizRef:
    try:
        text = read_text(path, collector.root)
        data = parse_toml(text)
    except ContentFileError as exc:
        collector.add(path, str(exc), exc.line)
        return QuizRef(path=path, id=_guess_id(path), readable=False)
    data.pop("path", None)
    questions = data.get("questions", [])
    draws = data.get("draw", [])
    title = data.get("title")
    lesson = data.get("lesson")
    ref = QuizRef(
        path=path,
        id=_slug_or_none(data.get("id")),
        title=title if isinstance(title, str) else "",
        lesson=lesson if isinstance(lesson, str) else None,
        lesson_written="lesson" in data,
        questions=[q for q in questions if isinstance(q, dict)] if isinstance(questions, list) else [],
        draws=[
            drawn for i, d in enumerate(draws if isinstance(draws, list) else [])
            if isinstance(d, dict) and (drawn := _drawn(i, d)) is not None
        ],
    )
    quiz, found = check_quiz_data(data)
    if quiz is None:
        collector.add_found(path, found, text.splitlines())
        return ref
    ref.quiz = quiz.model_copy(update={"path": path})
    return ref


def _drawn(index: int, table: dict[str, Any]) -> Drawn | None:
    """What a `[[draw]]` says; its count is left unknown when its tags cannot be read (their own problem)."""
    source, count, tags = table.get("from"), table.get("count"), table.get("tags", [])
    if not isinstance(source, str):
        return None
    readable = isinstance(tags, list) and all(isinstance(t, str) and is_slug(t) for t in tags)
    known = isinstance(count, int) and readable
    return Drawn(index, source, count if known else None, frozenset(tags) if readable else frozenset())


def check_quiz_data(data: dict[str, Any]) -> tuple[Quiz | None, list[Found]]:
    """A quiz file's own rules (not those across files): the quiz, or every problem found in it."""
    try:
        return Quiz.model_validate(data), []
    except ValidationError:
        return None, _quiz_problems(data)


def check_lesson_data(data: dict[str, Any]) -> tuple[LessonMeta | None, list[Found]]:
    """A lesson front matter's own rules: the metadata, or every problem found in it."""
    try:
        return LessonMeta.model_validate(data), []
    except ValidationError:
        return _validate(LessonMeta.model_validate, data)


def _quiz_problems(data: dict[str, Any]) -> list[Found]:
    """Every problem of a quiz that does not validate: its settings, each question, each draw, and the
    rules over all its questions, each checked as far as it can be read."""
    head = {k: v for k, v in data.items() if k not in ("questions", "draw")}
    found = _validate(QuizSettings.model_validate, head)[1]
    questions, draws = data.get("questions", []), data.get("draw", [])
    for key, items, adapter in (("questions", questions, _QUESTIONS), ("draw", draws, _DRAWS)):
        if not isinstance(items, list):
            found += [([key], f"a list of [[{key}]] tables, got {given(items)}")]
            continue
        for index, item in enumerate(items):
            found += _validate(adapter.validate_python, item, [key, index], in_list=True)[1]
    ids = [q.get("id") if isinstance(q, dict) else None for q in questions] if isinstance(questions, list) else []
    found += quiz_rules(ids, bool(draws))
    if not found:  # not expected: every rule of Quiz is one of the above
        try:
            Quiz.model_validate(data)
        except ValidationError as exc:
            found = list(problems_from(exc.errors(include_url=False), Quiz))
    return found


def _course_meta(root: Path, collector: _Collector) -> tuple[str, str, XapiTable, bool, FinalQuiz, ReviewTable]:
    default_id = root.resolve().name.lower().replace("_", "-").replace(" ", "-") or "course"
    if not is_slug(default_id):
        default_id = "course"
    meta_path = root / "course.toml"
    if not meta_path.exists():
        return default_id, "Course", XapiTable(), True, (None, None), ReviewTable()
    try:
        text = read_text(meta_path, root)
        data = parse_toml(text)
    except ContentFileError as exc:
        collector.add(meta_path, str(exc), exc.line)
        return default_id, "Course", XapiTable(), True, (None, None), ReviewTable()
    course_id = data.get("id", default_id)
    title = data.get("title", "Course")
    lint = data.get("lint", True)
    final_quiz = data.get("final_quiz")
    unknown = set(data) - {"id", "title", "lint", "final_quiz", "xapi", "review"}
    for key in sorted(unknown):
        collector.add(meta_path, f"unknown key {key!r}; course.toml holds only id, title, lint, final_quiz, [xapi] "
                      "and [review]",
                      field=key)
    if not isinstance(lint, bool):
        line = locate(text.splitlines(), ["lint"])
        collector.add(meta_path, f"true or false, got {given(lint)}", line, "lint")
        lint = True
    if not isinstance(course_id, str) or not is_slug(course_id):
        collector.add(meta_path, "id must be a slug such as 'my-course'", field="id")
        course_id = default_id
    if not isinstance(title, str) or not title.strip():
        collector.add(meta_path, "title must be a non-empty string", field="title")
        title = "Course"
    final_line = locate(text.splitlines(), ["final_quiz"]) if final_quiz is not None else None
    if final_quiz is not None and not (isinstance(final_quiz, str) and is_slug(final_quiz)):
        collector.add(meta_path, f"the id of a quiz (a slug such as 'final-exam'), got {given(final_quiz)}",
                      final_line, "final_quiz")
        final_quiz = None
    xapi = _xapi_table(meta_path, data.get("xapi", {}), text, collector)
    review = _review_table(meta_path, data.get("review", {}), text, collector)
    return course_id, title, xapi, lint, (final_quiz, final_line), review


def _final_quiz_problem(final_quiz: str | None, quizzes: dict[str, Quiz], quiz_refs: list[QuizRef]) -> str | None:
    """What is wrong with course.toml's `final_quiz` once the quizzes are loaded, or None.

    A quiz file with this id that has errors of its own is not loaded, but it is there: its own problems
    say what to fix, and naming it is not a mistake. Nor is it one when a quiz file's id could not be read
    (that file may be the exam)."""
    if final_quiz is None or final_quiz in quizzes:
        return None
    if any(ref.id in (final_quiz, None) for ref in quiz_refs):
        return None
    known = ", ".join(sorted(quizzes)) or "none"
    return f"no quiz {final_quiz!r} in quizzes/ (quizzes: {known}); certificates need the final exam's id here"


def _xapi_table(path: Path, data: object, text: str, collector: _Collector) -> XapiTable:
    """The [xapi] table of course.toml; a bad value is a problem (file, line, field) and its default is used."""
    if not isinstance(data, dict):
        collector.add_found(path, [(["xapi"], f"a table ([xapi]) of settings, got {given(data)}")], text.splitlines())
        return XapiTable()
    table, found = _validate(XapiTable.model_validate, data, ["xapi"])
    if table is not None and table.emails is not None and not (path.parent / table.emails).is_file():
        found.append((["xapi", "emails"], f"no file {table.emails!r} in the course folder (learners' email addresses)"))
    collector.add_found(path, found, text.splitlines())
    if table is not None:
        return table
    bad = {str(loc[1]) for loc, _ in found if len(loc) > 1}
    good = {k: v for k, v in data.items() if k not in bad and k in XapiTable.model_fields}
    return XapiTable.model_validate(good) if not _validate(XapiTable.model_validate, good)[1] else XapiTable()


def _review_table(path: Path, data: object, text: str, collector: _Collector) -> ReviewTable:
    """The [review] table of course.toml (the daily review limits); a bad value is a problem (file, line,
    field) and its default is used."""
    if not isinstance(data, dict):
        collector.add_found(path, [(["review"], f"a table ([review]) of settings, got {given(data)}")],
                            text.splitlines())
        return ReviewTable()
    table, found = _validate(ReviewTable.model_validate, data, ["review"])
    collector.add_found(path, found, text.splitlines())
    if table is not None:
        return table
    bad = {str(loc[1]) for loc, _ in found if len(loc) > 1}
    good = {k: v for k, v in data.items() if k not in bad and k in ReviewTable.model_fields}
    return ReviewTable.model_validate(good)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Loading creates many long-lived objects and almost no reference cycles; the cyclic garbage
    collector's full passes over them made loading slower than linear in the size of the course
    (12x the time for 10x the files). Reference counting still frees everything meanwhile."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_course(root: Path) -> Course:
    """Load every lesson and quiz under `root`; problems are collected, never raised."""
    with _collector_paused():
        return _load_course(Path(root))


def _load_course(root: Path) -> Course:
    collector = _Collector(root)
    if not root.is_dir():
        collector.add(root, "the course folder does not exist")
        return Course(id="course", title="Course", root=root, lessons=[], quizzes={}, problems=collector.problems)
    course_id, title, xapi, lint, (final_quiz, final_line), review = _course_meta(root, collector)
    lessons_dir, quizzes_dir = root / "lessons", root / "quizzes"
    if not lessons_dir.is_dir() and not quizzes_dir.is_dir():
        collector.add(root, "no lessons/ or quizzes/ folder here; is this a course folder?")
    lesson_refs = [load_lesson(path, collector) for path in content_files(lessons_dir, ".md")]
    quiz_refs = [load_quiz(path, collector) for path in content_files(quizzes_dir, ".toml")]
    for path in content_files(lessons_dir, ".toml") + content_files(quizzes_dir, ".md"):
        collector.add(
            path, "is in the wrong folder: lessons are .md files in lessons/, quizzes .toml files in quizzes/"
        )
    lessons, quiz_map, cross = check_course(lesson_refs, quiz_refs, collector.rel, lint=lint)
    collector.problems.extend(cross)
    if (problem := _final_quiz_problem(final_quiz, quiz_map, quiz_refs)) is not None:
        collector.add(root / "course.toml", problem, final_line, "final_quiz")
        final_quiz = None
    collector.problems.sort(key=lambda p: (p.file, p.line or 0))
    return Course(
        id=course_id,
        title=title,
        root=root,
        lessons=lessons,
        quizzes=quiz_map,
        problems=collector.problems,
        xapi=xapi,
        final_quiz=final_quiz,
        review=review,
    )
