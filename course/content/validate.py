"""Rules that span files: unique ids, lessons and quizzes naming each other, sections and draws; and the
warnings about things that work but that an author will want to fix.

The rules read what each file says (`LessonRef`, `QuizRef`) rather than the loaded models, so that a file
with an error of its own still has its references checked in the same run. A reference to a file that is
broken itself is not reported again: that file's own problem says what to fix.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from course.content.errors import field_path, locate
from course.content.models import MAX_CHOICES, WARN_CHOICES, Lesson, Problem, Quiz, Section


@dataclass
class LessonRef:
    """What a lesson file says about itself, as far as it could be read."""

    path: Path
    id: str | None  # None when even the id could not be read
    quiz: str | None = None
    sections: list[Section] | None = None  # None when the body could not be read
    explicit_ids: set[str] = field(default_factory=set)  # sections given an id with {#...}
    body_line: int | None = None  # 1-based line after the closing +++
    lesson: Lesson | None = None  # the loaded lesson; None when the file has errors


@dataclass
class QuizRef:
    """What a quiz file says about itself, as far as it could be read."""

    path: Path
    id: str | None
    title: str = ""
    lesson: str | None = None
    questions: list[dict] = field(default_factory=list)  # each question's table, as written
    draws: list[tuple[int, str, int | None]] = field(default_factory=list)  # (index, from, count)
    lesson_written: bool = False  # the file has a `lesson` key, right or wrong
    readable: bool = True  # False when the file is not even TOML
    quiz: Quiz | None = None  # the loaded quiz; None when the file has errors


def _line_of(path: Path | None, loc: list[str | int], front_matter_end: int | None = None) -> int | None:
    """The line of `loc` in a quiz file, or in a lesson's front matter when `front_matter_end` is given.

    `front_matter_end` is the 1-based line where the lesson body starts (the line after the closing
    `+++`); only the lines between the two `+++` are searched, so a key-like line in the body never matches.
    """
    if path is None:
        return None
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    if front_matter_end is None:
        return locate(lines, loc)
    return locate(lines[1 : front_matter_end - 2], loc, 1)


def did_you_mean(value: str, known: Iterable[str]) -> str:
    """'; did you mean 'x'?' for the closest known id, or ''."""
    close = difflib.get_close_matches(value, sorted(set(known)), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _is_exam_name(quiz: QuizRef) -> bool:
    words = f"{quiz.id} {quiz.title}".lower()
    return "exam" in words or "final" in words


def check_course(
    lesson_refs: list[LessonRef],
    quiz_refs: list[QuizRef],
    rel: Callable[[Path], str],
) -> tuple[list[Lesson], dict[str, Quiz], list[Problem]]:
    problems: list[Problem] = []

    def add(
        path: Path,
        message: str,
        loc: list[str | int] | None = None,
        body_line: int | None = None,
        severity: Literal["error", "warning"] = "error",
        line: int | None = None,
    ) -> None:
        problems.append(
            Problem(
                file=rel(path),
                line=line if line is not None else (_line_of(path, loc, body_line) if loc else None),
                field=field_path(loc) if loc else None,
                message=message,
                severity=severity,
            )
        )

    # Unique ids: the first file (in name order) keeps the id, whether or not it has errors of its own.
    # Files that could not be read at all count only by the id guessed from them, so that references to
    # them are not reported as well; they take no part in the rules about unique ids.
    unread_lessons = {ref.id for ref in lesson_refs if ref.sections is None and ref.id is not None}
    unread_quizzes = {ref.id: ref for ref in quiz_refs if not ref.readable and ref.id is not None}
    lessons: dict[str, LessonRef] = {}
    for ref in lesson_refs:
        if ref.id is None or ref.sections is None:
            continue
        first = lessons.get(ref.id)
        if first is not None:
            message = f"lesson id {ref.id!r} is already used by {rel(first.path)}; ids must be unique"
            add(ref.path, message, ["id"], ref.body_line)
            continue
        lessons[ref.id] = ref
    quizzes: dict[str, QuizRef] = {}
    for qref in quiz_refs:
        if qref.id is None or not qref.readable:
            continue
        first_quiz = quizzes.get(qref.id)
        if first_quiz is not None:
            add(qref.path, f"quiz id {qref.id!r} is already used by {rel(first_quiz.path)}; ids must be unique", ["id"])
            continue
        quizzes[qref.id] = qref
    # A file whose id could not be read may be the one a reference means: such references are not blamed.
    lesson_unknown = any(ref.id is None for ref in lesson_refs)
    quiz_unknown = any(ref.id is None for ref in quiz_refs)

    # The link between a lesson and its quiz, written on either side (or both, agreeing). Links written on
    # both sides come first, then links nothing competes for, then the rest in file-name order; a claim
    # that loses is reported once, on the file that makes it.
    owner: dict[str, str] = {}  # quiz id -> lesson id
    quiz_of: dict[str, str] = {}  # lesson id -> quiz id

    def link(lid: str, qid: str) -> None:
        owner[qid], quiz_of[lid] = lid, qid

    by_lesson = [(lid, ref.quiz) for lid, ref in lessons.items() if ref.quiz is not None]
    by_quiz = [(qid, qref.lesson) for qid, qref in quizzes.items() if qref.lesson is not None]
    for lid, qid in by_lesson:
        if qid in quizzes and quizzes[qid].lesson == lid:
            link(lid, qid)
    claimed_quizzes = [qid for _, qid in by_lesson]
    claimed_lessons = [lid for _, lid in by_quiz]
    for lid, qid in by_lesson:
        rivals = [other for other, q in by_lesson if q == qid and other not in claimed_lessons]
        if qid in quizzes and quizzes[qid].lesson is None and qid not in owner and rivals == [lid]:
            link(lid, qid)
    for qid, lid in by_quiz:
        rivals = [other for other, lesson in by_quiz if lesson == lid and other not in claimed_quizzes]
        if lid in lessons and lessons[lid].quiz is None and lid not in quiz_of and rivals == [qid]:
            link(lid, qid)
    for lid, qid in by_lesson:
        if quiz_of.get(lid) == qid:
            continue
        ref = lessons[lid]
        target = quizzes.get(qid)
        if target is None:
            if not quiz_unknown and qid not in unread_quizzes:
                message = f"names quiz {qid!r}, which does not exist{did_you_mean(qid, quizzes)}"
                add(ref.path, message, ["quiz"], ref.body_line)
        elif target.lesson not in (None, lid):
            if target.lesson in lessons or target.lesson in unread_lessons:
                add(
                    ref.path,
                    f"names quiz {qid!r}, but that quiz belongs to lesson {target.lesson!r} "
                    f"(`lesson` in {rel(target.path)}); both sides must name each other",
                    ["quiz"],
                    ref.body_line,
                )
            # else: the quiz names a lesson that does not exist, which is the quiz's own problem, below
        elif qid in owner:
            add(
                ref.path,
                f"names quiz {qid!r}, which is already the quiz of lesson {owner[qid]!r} "
                f"({rel(lessons[owner[qid]].path)}); a quiz belongs to one lesson",
                ["quiz"],
                ref.body_line,
            )
        else:
            link(lid, qid)
    for qid, lid in by_quiz:
        if owner.get(qid) == lid:
            continue
        qref = quizzes[qid]
        lesson_ref = lessons.get(lid)
        if lesson_ref is None:
            if not lesson_unknown and lid not in unread_lessons:
                naming = [other for other, ref in lessons.items() if ref.quiz == qid]
                hint = f"; did you mean {naming[0]!r}, which names this quiz?" if naming else did_you_mean(lid, lessons)
                add(qref.path, f"belongs to lesson {lid!r}, which does not exist{hint}", ["lesson"])
        elif lid in quiz_of:
            linked = quiz_of[lid]
            said = lesson_ref.quiz == linked
            add(
                qref.path,
                f"belongs to lesson {lid!r}, but that lesson's quiz is {linked!r} "
                + (f"(`quiz` in {rel(lesson_ref.path)})" if said else f"({rel(quizzes[linked].path)})")
                + "; a lesson has one quiz",
                ["lesson"],
            )
        elif qid not in owner:
            link(lid, qid)  # the lesson names another quiz, and that claim is reported on the lesson

    # Sections and draws.
    referenced: set[tuple[str, str]] = set()
    unplaced: set[str] = set()  # section ids named in a quiz whose lesson is not known
    for qid, qref in quizzes.items():
        home = owner.get(qid) or (qref.lesson if qref.lesson in lessons else None)
        bare = [
            index for index, q in enumerate(qref.questions)
            if isinstance(q.get("section"), str) and "#" not in q["section"]
        ]
        if home is None and qref.lesson is None and bare:
            fields = ", ".join(f"questions[{i}].section" for i in bare[:3]) + (", ..." if len(bare) > 3 else "")
            add(
                qref.path,
                f"this quiz has no `lesson`, so it is a final exam, and {fields} name a section without its "
                "lesson: add `lesson = \"lesson-id\"` if the quiz belongs to a lesson, or write the sections "
                "as 'lesson-id#section'",
                ["questions", bare[0], "section"],
            )
        for index, question in enumerate(qref.questions):
            ref_text = question.get("section")
            if not isinstance(ref_text, str):
                continue
            lid, hash_, sid = ref_text.rpartition("#")
            if not hash_:
                lid = home or ""
                if not lid:
                    unplaced.add(sid)
                    continue  # no lesson to look in: reported above, or the quiz's `lesson` is the problem
            where: list[str | int] = ["questions", index, "section"]
            lesson_ref = lessons.get(lid)
            if lesson_ref is None:
                if not lesson_unknown and lid not in unread_lessons:
                    add(
                        qref.path,
                        f"section {ref_text!r} names lesson {lid!r}, which does not exist{did_you_mean(lid, lessons)}",
                        where,
                    )
                continue
            if lesson_ref.sections is None:
                continue  # the lesson's body could not be read; its own problem says why
            known = [s.id for s in lesson_ref.sections]
            if sid in known:
                referenced.add((lid, sid))
            else:
                add(
                    qref.path,
                    f"lesson {lid!r} has no section {sid!r}{did_you_mean(sid, known)} "
                    f"(its sections: {', '.join(known) or 'none'})",
                    where,
                )
        for index, source_id, count in qref.draws:
            where = ["draw", index, "from"]
            source = quizzes.get(source_id) or unread_quizzes.get(source_id)
            if source is None:
                if not quiz_unknown:
                    hint = did_you_mean(source_id, quizzes)
                    add(qref.path, f"draws from quiz {source_id!r}, which does not exist{hint}", where)
            elif source_id == qid:
                add(qref.path, "a quiz cannot draw questions from itself", where)
            elif source.quiz is None:
                add(
                    qref.path,
                    f"draws from quiz {source_id!r}, which has errors of its own ({rel(source.path)}); "
                    "until they are fixed this draw is left out and the exam is shorter",
                    where,
                    severity="warning",
                )
            elif source.draws:
                message = f"quiz {source_id!r} draws questions itself; draw only from quizzes with their own questions"
                add(qref.path, message, where)
            elif count is not None and count > len(source.questions):
                add(
                    qref.path,
                    f"asks for {count} questions from {source_id!r}, which has only {len(source.questions)}",
                    ["draw", index, "count"],
                )

    unread = quiz_unknown or any(not q.readable for q in quiz_refs)
    _warnings(lessons, quizzes, owner, referenced, unplaced, unread, add)

    # The course: files without errors, each link filled in on both sides.
    loaded_lessons = []
    for lid, ref in lessons.items():
        if ref.lesson is None:
            continue
        lesson = ref.lesson
        own_quiz = quiz_of.get(lid)
        if own_quiz is not None and quizzes[own_quiz].quiz is None:
            own_quiz = None
        if lesson.meta.quiz != own_quiz:
            lesson = lesson.model_copy(update={"meta": lesson.meta.model_copy(update={"quiz": own_quiz})})
        loaded_lessons.append(lesson)
    loaded_quizzes: dict[str, Quiz] = {}
    for qid, qref in quizzes.items():
        if qref.quiz is None:
            continue
        quiz = qref.quiz
        home = owner.get(qid)
        if home is not None and quiz.lesson != home:
            quiz = quiz.model_copy(update={"lesson": home})
        loaded_quizzes[qid] = quiz
    ordered = sorted(loaded_lessons, key=lambda lesson: (lesson.meta.order, lesson.id))
    return ordered, loaded_quizzes, problems


def _warnings(
    lessons: dict[str, LessonRef],
    quizzes: dict[str, QuizRef],
    owner: dict[str, str],
    referenced: set[tuple[str, str]],
    unplaced: set[str],
    some_quiz_unread: bool,
    add: Callable[..., None],
) -> None:
    """Things that work but that an author will want to fix; added through `add` with severity warning."""
    for qid, qref in quizzes.items():
        for index, question in enumerate(qref.questions):
            for loc, text in _strings(question, ["questions", index]):
                if text.lstrip().upper().startswith("TODO"):
                    message = "still holds a TODO placeholder; replace it before learners see the quiz"
                    add(qref.path, message, loc, severity="warning")
            for key in ("options", "pairs", "items"):
                value = question.get(key)
                if not isinstance(value, list):
                    continue
                count = len(value) + (len(question.get("distractors") or []) if key == "pairs" else 0)
                if WARN_CHOICES < count <= MAX_CHOICES:
                    add(
                        qref.path,
                        f"has {count} {'matches' if key == 'pairs' else key}; past {WARN_CHOICES} a learner has to "
                        f"scroll to see them all (at most {MAX_CHOICES} are allowed)",
                        ["questions", index, key],
                        severity="warning",
                    )
        bare = any(isinstance(q.get("section"), str) and "#" not in q["section"] for q in qref.questions)
        if not qref.readable or qref.lesson_written:
            continue
        if qid not in owner and not qref.draws and not _is_exam_name(qref) and not bare:
            add(
                qref.path,
                "has no `lesson`, so learners see it as a final exam; if it goes with a lesson, add "
                "`lesson = \"lesson-id\"` (or `quiz = \"" + qid + "\"` in the lesson)",
                severity="warning",
                line=1,
            )
    if some_quiz_unread:
        return  # a file that could not be read may point to any section
    for lid, ref in lessons.items():
        for section in ref.sections or []:
            if section.id in ref.explicit_ids and (lid, section.id) not in referenced and section.id not in unplaced:
                add(
                    ref.path,
                    f"section {section.id!r} has an explicit id but no question points to it "
                    f"(`section = \"{lid}#{section.id}\"`); check the spelling on both sides, "
                    f"or remove {{#{section.id}}}",
                    severity="warning",
                    line=section.line,
                )


def _strings(value: object, loc: list[str | int]) -> Iterable[tuple[list[str | int], str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, [*loc, str(key)])
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, [*loc, index])
