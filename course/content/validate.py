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
from typing import Any, Literal

from course.content.bidi import bidi_controls
from course.content.errors import field_path, locate
from course.content.lint import lint_quiz, minutes_problem
from course.content.models import MAX_CHOICES, WARN_CHOICES, Lesson, Problem, Quiz, Section
from course.content.placeholders import is_placeholder


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
    hashed: dict[str, int] = field(default_factory=dict)  # `#` headings written for sections: id -> line


@dataclass(frozen=True)
class Drawn:
    """What a `[[draw]]` of a quiz file says, as far as it could be read."""

    index: int
    source: str  # its `from`
    count: int | None
    tags: frozenset[str] = frozenset()


@dataclass
class QuizRef:
    """What a quiz file says about itself, as far as it could be read."""

    path: Path
    id: str | None
    title: str = ""
    lesson: str | None = None
    questions: list[dict[str, Any]] = field(default_factory=list)  # each question's table, as written
    draws: list[Drawn] = field(default_factory=list)
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


Severity = Literal["error", "warning"]


def check_course(
    lesson_refs: list[LessonRef],
    quiz_refs: list[QuizRef],
    rel: Callable[[Path], str],
    lint: bool = True,
) -> tuple[list[Lesson], dict[str, Quiz], list[Problem]]:
    """The course's lessons (in order) and quizzes, each link filled in on both sides, and the problems.

    `lint` False leaves out the item-writing warnings (course.content.lint): quizzes' items, lessons' minutes."""
    check = _CourseCheck(lesson_refs, quiz_refs, rel)
    check.unique_ids()
    check.links_agreed()
    check.links_from_the_lesson()
    check.links_from_the_quiz()
    for qid, qref in check.quizzes.items():
        check.sections(qid, qref)
        check.draws(qid, qref)
    check.quiz_warnings()
    if lint:
        check.item_warnings()
        check.minutes_warnings()
    check.section_warnings()
    check.bidi_warnings()
    lessons, quizzes = check.loaded()
    return lessons, quizzes, check.problems


class _CourseCheck:
    def __init__(self, lesson_refs: list[LessonRef], quiz_refs: list[QuizRef], rel: Callable[[Path], str]):
        self.lesson_refs, self.quiz_refs, self.rel = lesson_refs, quiz_refs, rel
        self.problems: list[Problem] = []
        # Files that could not be read at all count only by the id guessed from them, so that references to
        # them are not reported as well; they take no part in the rules about unique ids.
        self.unread_lessons = {ref.id for ref in lesson_refs if ref.sections is None and ref.id is not None}
        self.unread_quizzes = {ref.id: ref for ref in quiz_refs if not ref.readable and ref.id is not None}
        # A file whose id could not be read may be the one a reference means: such references are not blamed.
        self.lesson_unknown = any(ref.id is None for ref in lesson_refs)
        self.quiz_unknown = any(ref.id is None for ref in quiz_refs)
        self.lessons: dict[str, LessonRef] = {}
        self.quizzes: dict[str, QuizRef] = {}
        self.owner: dict[str, str] = {}  # quiz id -> lesson id
        self.quiz_of: dict[str, str] = {}  # lesson id -> quiz id
        self.referenced: set[tuple[str, str]] = set()  # (lesson id, section id) some question points to
        self.unplaced: set[str] = set()  # section ids named in a quiz whose lesson is not known

    def add(
        self,
        path: Path,
        message: str,
        loc: list[str | int] | None = None,
        body_line: int | None = None,
        severity: Severity = "error",
        line: int | None = None,
    ) -> None:
        if line is None and loc:
            line = _line_of(path, loc, body_line)
        field = field_path(loc) if loc else None
        self.problems.append(
            Problem(file=self.rel(path), line=line, field=field, message=message, severity=severity)
        )

    def lesson_missing(self, lid: str) -> bool:
        """True when no lesson has this id, not even a file that could not be read."""
        return lid not in self.lessons and lid not in self.unread_lessons and not self.lesson_unknown

    def quiz_missing(self, qid: str) -> bool:
        return qid not in self.quizzes and qid not in self.unread_quizzes and not self.quiz_unknown

    def link(self, lid: str, qid: str) -> None:
        self.owner[qid], self.quiz_of[lid] = lid, qid

    # -- ids ----------------------------------------------------------------------------------------

    def unique_ids(self) -> None:
        """The first file (in name order) keeps the id, whether or not it has errors of its own."""
        for ref in self.lesson_refs:
            if ref.id is None or ref.sections is None:
                continue
            first = self.lessons.get(ref.id)
            if first is not None:
                message = f"lesson id {ref.id!r} is already used by {self.rel(first.path)}; ids must be unique"
                self.add(ref.path, message, ["id"], ref.body_line)
            else:
                self.lessons[ref.id] = ref
        for qref in self.quiz_refs:
            if qref.id is None or not qref.readable:
                continue
            first_quiz = self.quizzes.get(qref.id)
            if first_quiz is not None:
                message = f"quiz id {qref.id!r} is already used by {self.rel(first_quiz.path)}; ids must be unique"
                self.add(qref.path, message, ["id"])
            else:
                self.quizzes[qref.id] = qref

    # -- a lesson and its quiz ----------------------------------------------------------------------
    # Written on either side, or both (agreeing). Links written on both sides come first, then links
    # nothing competes for, then the rest in file-name order; a claim that loses is reported once, on the
    # file that makes it.

    def by_lesson(self) -> list[tuple[str, str]]:
        return [(lid, ref.quiz) for lid, ref in self.lessons.items() if ref.quiz is not None]

    def by_quiz(self) -> list[tuple[str, str]]:
        return [(qid, qref.lesson) for qid, qref in self.quizzes.items() if qref.lesson is not None]

    def links_agreed(self) -> None:
        by_lesson = self.by_lesson()
        for lid, qid in by_lesson:
            if qid in self.quizzes and self.quizzes[qid].lesson == lid:
                self.link(lid, qid)
        # Of the lessons naming a quiz that names no lesson, the one that no quiz names is the likely owner:
        # the other lesson has a quiz of its own waiting, and its `quiz` is the mistake.
        claimed_lessons = {lid for _, lid in self.by_quiz()}
        for lid, qid in by_lesson:
            rivals = [other for other, q in by_lesson if q == qid and other not in claimed_lessons]
            if qid in self.quizzes and self.quizzes[qid].lesson is None and qid not in self.owner and rivals == [lid]:
                self.link(lid, qid)

    def links_from_the_lesson(self) -> None:
        for lid, qid in self.by_lesson():
            if self.quiz_of.get(lid) == qid:
                continue
            ref = self.lessons[lid]
            target = self.quizzes.get(qid)
            if target is None:
                if self.quiz_missing(qid):
                    message = f"names quiz {qid!r}, which does not exist{did_you_mean(qid, self.quizzes)}"
                    self.add(ref.path, message, ["quiz"], ref.body_line)
            elif target.lesson not in (None, lid):
                # A quiz naming a lesson that does not exist is the quiz's own problem, reported on the quiz.
                if target.lesson in self.lessons or target.lesson in self.unread_lessons:
                    message = (
                        f"names quiz {qid!r}, but that quiz belongs to lesson {target.lesson!r} "
                        f"(`lesson` in {self.rel(target.path)}); both sides must name each other"
                    )
                    self.add(ref.path, message, ["quiz"], ref.body_line)
            elif qid in self.owner:
                other = self.owner[qid]
                message = (
                    f"names quiz {qid!r}, which is already the quiz of lesson {other!r} "
                    f"({self.rel(self.lessons[other].path)}); a quiz belongs to one lesson"
                )
                self.add(ref.path, message, ["quiz"], ref.body_line)
            else:
                self.link(lid, qid)

    def links_from_the_quiz(self) -> None:
        for qid, lid in self.by_quiz():
            if self.owner.get(qid) == lid:
                continue
            qref = self.quizzes[qid]
            lesson_ref = self.lessons.get(lid)
            if lesson_ref is None:
                if self.lesson_missing(lid):
                    naming = [other for other, ref in self.lessons.items() if ref.quiz == qid]
                    hint = (
                        f"; did you mean {naming[0]!r}, which names this quiz?"
                        if naming else did_you_mean(lid, self.lessons)
                    )
                    self.add(qref.path, f"belongs to lesson {lid!r}, which does not exist{hint}", ["lesson"])
            elif lid in self.quiz_of:
                linked = self.quiz_of[lid]
                where = (
                    f"`quiz` in {self.rel(lesson_ref.path)}" if lesson_ref.quiz == linked
                    else self.rel(self.quizzes[linked].path)
                )
                message = (
                    f"belongs to lesson {lid!r}, but that lesson's quiz is {linked!r} ({where}); "
                    "a lesson has one quiz"
                )
                self.add(qref.path, message, ["lesson"])
            elif qid not in self.owner:
                self.link(lid, qid)  # the lesson names another quiz, and that claim is reported on the lesson

    # -- sections and draws -------------------------------------------------------------------------

    def sections(self, qid: str, qref: QuizRef) -> None:
        home = self.owner.get(qid) or (qref.lesson if qref.lesson in self.lessons else None)
        bare = [
            index for index, q in enumerate(qref.questions)
            if isinstance(q.get("section"), str) and "#" not in q["section"]
        ]
        if home is None and qref.lesson is None and bare:
            fields = ", ".join(f"questions[{i}].section" for i in bare[:3]) + (", ..." if len(bare) > 3 else "")
            message = (
                f"this quiz has no `lesson`, so it is a final exam, and {fields} name a section without its "
                "lesson: add `lesson = \"lesson-id\"` if the quiz belongs to a lesson, or write the sections "
                "as 'lesson-id#section'"
            )
            self.add(qref.path, message, ["questions", bare[0], "section"])
        for index, question in enumerate(qref.questions):
            ref_text = question.get("section")
            if isinstance(ref_text, str):
                self.section(qref, ["questions", index, "section"], ref_text, home)

    def section(self, qref: QuizRef, where: list[str | int], ref_text: str, home: str | None) -> None:
        lid, hash_, sid = ref_text.rpartition("#")
        if not hash_:
            if not home:
                self.unplaced.add(sid)
                return  # no lesson to look in: reported above, or the quiz's `lesson` is the problem
            lid = home
        lesson_ref = self.lessons.get(lid)
        if lesson_ref is None:
            if self.lesson_missing(lid):
                message = (
                    f"section {ref_text!r} names lesson {lid!r}, which does not exist"
                    f"{did_you_mean(lid, self.lessons)}"
                )
                self.add(qref.path, message, where)
            return
        if not lesson_ref.sections:
            return  # the lesson's body could not be read, or has no `##` section: its own problem says why
        known = [s.id for s in lesson_ref.sections]
        if sid in known:
            self.referenced.add((lid, sid))
        elif sid in lesson_ref.hashed:
            message = (
                f"lesson {lid!r} has no section {sid!r}: its heading is written `#` ({self.rel(lesson_ref.path)}:"
                f"{lesson_ref.hashed[sid]}); use ## for section headings"
            )
            self.add(qref.path, message, where)
        else:
            message = (
                f"lesson {lid!r} has no section {sid!r}{did_you_mean(sid, known)} "
                f"(its sections: {', '.join(known) or 'none'})"
            )
            self.add(qref.path, message, where)

    def draws(self, qid: str, qref: QuizRef) -> None:
        usable: list[Drawn] = []
        for drawn in qref.draws:
            index, source_id, count = drawn.index, drawn.source, drawn.count
            where: list[str | int] = ["draw", index, "from"]
            source = self.quizzes.get(source_id) or self.unread_quizzes.get(source_id)
            if source is None:
                if self.quiz_missing(source_id):
                    hint = did_you_mean(source_id, self.quizzes)
                    self.add(qref.path, f"draws from quiz {source_id!r}, which does not exist{hint}", where)
            elif source_id == qid:
                self.add(qref.path, "a quiz cannot draw questions from itself", where)
            elif source.quiz is None:
                message = (
                    f"draws from quiz {source_id!r}, which has errors of its own ({self.rel(source.path)}); "
                    "until they are fixed this draw is left out and the exam is shorter"
                )
                self.add(qref.path, message, where, severity="warning")
            elif source.draws:
                message = f"quiz {source_id!r} draws questions itself; draw only from quizzes with their own questions"
                self.add(qref.path, message, where)
            elif count is not None and count > len(source.questions):
                message = f"asks for {count} questions from {source_id!r}, which has only {len(source.questions)}"
                self.add(qref.path, message, ["draw", index, "count"])
            elif drawn.tags and count is not None and count > len(pool := _pool(source.quiz, drawn.tags)):
                message = (
                    f"asks for {count} questions of {source_id!r} tagged {_tag_list(drawn.tags)}, "
                    f"which has {len(pool)}{' (' + ', '.join(pool) + ')' if pool else ''}"
                )
                self.add(qref.path, message, ["draw", index, "tags"])
            elif count is not None:
                usable.append(drawn)
        self.shared_pools(qref, usable)

    def shared_pools(self, qref: QuizRef, draws: list[Drawn]) -> None:
        """Draws from one quiz never pick a question twice, and draws with more tags pick first
        (course.quizrun.select_keys): a later draw whose questions an earlier one may take can come up short."""
        for position, drawn in enumerate(draw_order(draws)):
            source = self.quizzes[drawn.source].quiz
            assert source is not None and drawn.count is not None
            pool = set(_pool(source, drawn.tags))
            earlier = [e for e in draw_order(draws)[:position] if e.source == drawn.source]
            taken = sum(min(e.count or 0, len(pool & set(_pool(source, e.tags)))) for e in earlier)
            if earlier and len(pool) - taken < drawn.count:
                message = (
                    f"may get fewer than {drawn.count} questions: draws {', '.join(f'draw[{e.index}]' for e in earlier)} "
                    f"from {drawn.source!r} pick first and may take {taken} of the {len(pool)} this draw can pick "
                    "from; tag more questions or lower a count"
                )
                self.add(qref.path, message, ["draw", drawn.index, "count"], severity="warning")

    # -- warnings: things that work but that an author will want to fix ------------------------------

    def quiz_warnings(self) -> None:
        for qid, qref in self.quizzes.items():
            for index, question in enumerate(qref.questions):
                self.question_warnings(qref, index, question)
            bare = any(isinstance(q.get("section"), str) and "#" not in q["section"] for q in qref.questions)
            if (
                not qref.lesson_written and qid not in self.owner and not qref.draws
                and not _is_exam_name(qref) and not bare
            ):
                message = (
                    "has no `lesson`, so learners see it as a final exam; if it goes with a lesson, add "
                    f"`lesson = \"lesson-id\"` (or `quiz = \"{qid}\"` in the lesson)"
                )
                self.add(qref.path, message, severity="warning", line=1)

    def question_warnings(self, qref: QuizRef, index: int, question: dict[str, Any]) -> None:
        for loc, text in _strings(question, ["questions", index]):
            if is_placeholder(text):
                message = "still holds a TODO placeholder; replace it before learners see the quiz"
                self.add(qref.path, message, loc, severity="warning")
        for key in ("options", "pairs", "items"):
            value = question.get(key)
            if not isinstance(value, list):
                continue
            distractors = question.get("distractors") if key == "pairs" else None
            count = len(value) + (len(distractors) if isinstance(distractors, list) else 0)
            if WARN_CHOICES < count <= MAX_CHOICES:
                message = (
                    f"has {count} {'matches' if key == 'pairs' else key}; past {WARN_CHOICES} a learner has to "
                    f"scroll to see them all (at most {MAX_CHOICES} are allowed)"
                )
                self.add(qref.path, message, ["questions", index, key], severity="warning")

    def item_warnings(self) -> None:
        """The item-writing rules (course.content.lint) on every quiz that loaded."""
        for qref in self.quizzes.values():
            if qref.quiz is not None:
                sources = dict.fromkeys(d.from_ for d in qref.quiz.draw)
                drawn = [q for qid in sources if qid in self.quizzes and (q := self.quizzes[qid].quiz) is not None]
                for finding in lint_quiz(qref.quiz, drawn):
                    self.add(qref.path, finding.message, finding.loc, severity="warning")

    def minutes_warnings(self) -> None:
        for ref in self.lessons.values():
            if ref.lesson is not None and (message := minutes_problem(ref.lesson)) is not None:
                self.add(ref.path, message, ["minutes"], ref.body_line, severity="warning")

    def section_warnings(self) -> None:
        if self.quiz_unknown or self.unread_quizzes or any(not q.readable for q in self.quiz_refs):
            return  # a quiz file that could not be read may point to any section
        for lid, ref in self.lessons.items():
            for section in ref.sections or []:
                if (
                    section.id in ref.explicit_ids
                    and (lid, section.id) not in self.referenced
                    and section.id not in self.unplaced
                ):
                    message = (
                        f"section {section.id!r} has an explicit id but no question points to it "
                        f"(`section = \"{lid}#{section.id}\"`); check the spelling on both sides, "
                        f"or remove {{#{section.id}}}"
                    )
                    self.add(ref.path, message, severity="warning", line=section.line)

    def bidi_warnings(self) -> None:
        """Bidirectional overrides and isolates anywhere in a lesson or quiz file (course.content.bidi)."""
        for path in [ref.path for ref in self.lesson_refs] + [ref.path for ref in self.quiz_refs]:
            try:
                text = path.read_text("utf-8")
            except (OSError, UnicodeDecodeError):
                continue  # the loader has said what is wrong with the file
            for found in bidi_controls(text):
                self.add(path, found.message, severity="warning", line=found.line)

    # -- the course ---------------------------------------------------------------------------------

    def loaded(self) -> tuple[list[Lesson], dict[str, Quiz]]:
        """Files without errors, each link filled in on both sides; lessons in course order."""
        lessons = []
        for lid, ref in self.lessons.items():
            if ref.lesson is None:
                continue
            lesson = ref.lesson
            own_quiz = self.quiz_of.get(lid)
            if own_quiz is not None and self.quizzes[own_quiz].quiz is None:
                own_quiz = None
            if lesson.meta.quiz != own_quiz:
                lesson = lesson.model_copy(update={"meta": lesson.meta.model_copy(update={"quiz": own_quiz})})
            lessons.append(lesson)
        quizzes: dict[str, Quiz] = {}
        for qid, qref in self.quizzes.items():
            if qref.quiz is None:
                continue
            quiz = qref.quiz
            home = self.owner.get(qid)
            if home is not None and quiz.lesson != home:
                quiz = quiz.model_copy(update={"lesson": home})
            quizzes[qid] = quiz
        return sorted(lessons, key=lambda lesson: (lesson.meta.order, lesson.id)), quizzes


def draw_order(draws: list[Drawn]) -> list[Drawn]:
    """The order in which draws pick: more tags first (the narrowest pools), then as written."""
    return sorted(draws, key=lambda drawn: -len(drawn.tags))


def _pool(quiz: Quiz, tags: frozenset[str]) -> list[str]:
    return [q.id for q in quiz.questions if tags <= set(q.tags)]


def _tag_list(tags: frozenset[str]) -> str:
    return "[" + ", ".join(f'"{tag}"' for tag in sorted(tags)) + "]"


def _strings(value: object, loc: list[str | int]) -> Iterable[tuple[list[str | int], str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, [*loc, str(key)])
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, [*loc, index])
