"""Course certificates: when a learner has one (every lesson completed and the final exam passed), what is left
to do until then, the PDF, the record of it in the learner's progress, and checking a certificate's code
against the progress folder. No UI imports: `course certificate` and the learner app both use this."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from course.certificate.code import derive_code, normalise_code
from course.certificate.pdf import CertificateText, long_date, render_pdf, verify_command
from course.words import plural

if TYPE_CHECKING:
    from course.content import Course, Quiz
    from course.progress import Attempt, CertificateRecord, LearnerProgress, LearnerSummary

__all__ = [
    "CertificateError",
    "CertificateText",
    "Earned",
    "Issued",
    "NotYet",
    "Verification",
    "default_file_name",
    "default_path",
    "derive_code",
    "issue",
    "long_date",
    "normalise_code",
    "ready",
    "render_pdf",
    "standing",
    "verify",
    "verify_command",
]


class CertificateError(Exception):
    """The certificate could not be written; the message says where and why."""


@dataclass(frozen=True)
class Earned:
    """The learner has a certificate: what it says, and the final-exam attempt it rests on."""

    text: CertificateText
    quiz: str
    attempt: str


@dataclass(frozen=True)
class NotYet:
    """What is left to do before the certificate, one sentence each."""

    left: tuple[str, ...]

    def __str__(self) -> str:
        return " ".join(self.left)


@dataclass(frozen=True)
class Issued:
    path: Path
    text: CertificateText
    missing: list[str]  # characters of the name or titles the font cannot show (printed as blanks)


def final_exam_problem(course: Course) -> str | None:
    """Why this course gives no certificate at all, or None."""
    if course.final_exam is not None:
        return None
    exams = course.exams
    if exams:
        names = ", ".join(sorted(q.id for q in exams))
        return (f"This course has several final exams ({names}) and does not say which one a certificate needs "
                "(`final_quiz` in course.toml), so it gives no certificate yet.")
    return "This course has no final exam, so it gives no certificate."


def _lessons_left(course: Course, summary: LearnerSummary) -> str | None:
    left = [
        lesson.title for lesson in course.lessons
        if (state := summary.lessons.get(lesson.id)) is None or state.completed_at is None
    ]
    if not left:
        return None
    titles = ", ".join(f"“{title}”" for title in left)
    return f"Complete {plural(len(left), 'lesson')}: {titles}." if len(left) > 1 else f"Complete the lesson {titles}."


def _exam_left(exam: Quiz, summary: LearnerSummary) -> str:
    state = summary.quizzes.get(exam.id)
    needed = f"{exam.pass_mark:.0%} needed"
    if state is None or state.attempts == 0 or state.best_score is None:
        return f"Pass the final exam ({needed})."
    if state.passed:  # the summary says so, but the attempt that passed is gone from the progress folder
        return f"Pass the final exam again ({needed}): the attempt that passed it is no longer in your progress."
    return f"Pass the final exam (best so far {state.best_score:.0%}, {needed})."


def ready(course: Course, summary: LearnerSummary) -> bool:
    """Whether the learner's summary shows every lesson completed and the final exam passed (quick: the
    attempt files are read only when the certificate is made)."""
    exam = course.final_exam
    state = summary.quizzes.get(exam.id) if exam is not None else None
    return state is not None and state.passed and _lessons_left(course, summary) is None


def _passes(attempt: Attempt | None) -> bool:
    return (attempt is not None and not attempt.practice and attempt.finished_at is not None
            and bool(attempt.passed) and attempt.score is not None)


def _passing_attempt(progress: LearnerProgress, quiz_id: str) -> Attempt | None:
    """The attempt a certificate rests on: the first graded attempt that passed (attempts finish one after
    another, so it stays the first, and making the certificate again gives the same code)."""
    passing = [attempt for attempt in progress.iter_attempts(quiz_id) if _passes(attempt)]
    return min(passing, key=lambda a: (a.finished_at, a.id)) if passing else None


def standing(course: Course, progress: LearnerProgress) -> Earned | NotYet:
    """Whether the learner has earned the certificate, and if not, what is left to do."""
    problem = final_exam_problem(course)
    exam = course.final_exam
    if problem is not None or exam is None:
        return NotYet((problem or "",))
    summary = progress.reload()
    left = [words] if (words := _lessons_left(course, summary)) else []
    attempt = _passing_attempt(progress, exam.id)
    if attempt is None:
        left.append(_exam_left(exam, summary))
    if left or attempt is None or attempt.score is None or attempt.finished_at is None:
        return NotYet(tuple(left))
    code = derive_code(course.id, progress.name, attempt.id, attempt.score)
    text = CertificateText(course.title, progress.name, exam.title, attempt.score, attempt.finished_at, code)
    return Earned(text, exam.id, attempt.id)


def default_file_name(course: Course, learner: str) -> str:
    return f"{course.id}-certificate-{learner}.pdf"


def default_path(course: Course, progress: LearnerProgress) -> Path:
    """Where the learner app saves a certificate: the user's documents folder when there is one, else the
    learner's own progress folder."""
    import platformdirs

    documents = Path(platformdirs.user_documents_dir())
    folder = documents if documents.is_dir() else progress.root
    return folder / default_file_name(course, progress.name)


def issue(course: Course, progress: LearnerProgress, out: Path, now: datetime | None = None) -> Issued | NotYet:
    """Make the certificate into `out` (written atomically) and record it in the learner's progress; or say
    what is left to do. Raises CertificateError when the file cannot be written, and ProgressSaveError
    when the progress cannot."""
    from course.progress import CertificateRecord, ProgressSaveError, atomic_write_bytes
    from course.progress.atomic import write_reason
    from course.progress.models import utc_now

    earned = standing(course, progress)
    if isinstance(earned, NotYet):
        return earned
    text = earned.text
    record = progress.summary.certificate
    if record is None or (record.code, record.quiz, record.attempt) != (text.code, earned.quiz, earned.attempt):
        fresh = CertificateRecord(code=text.code, quiz=earned.quiz, attempt=earned.attempt, score=text.score,
                                  issued_at=now or utc_now())

        def change(summary: LearnerSummary) -> None:
            summary.certificate = fresh

        progress.update(change)  # first: a certificate on paper can always be verified
    rendered = render_pdf(text)
    out = Path(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(out, rendered.pdf)
    except OSError as error:
        raise CertificateError(f"Could not write the certificate to {out}: {write_reason(error)}.") from error
    except ProgressSaveError as error:
        cause = error.__cause__
        reason = write_reason(cause) if isinstance(cause, OSError) else str(error)
        raise CertificateError(f"Could not write the certificate to {out}: {reason}.") from error
    return Issued(out, text, rendered.missing)


@dataclass(frozen=True)
class Verification:
    valid: bool
    message: str


def verify(course: Course, root: Path, typed: str) -> Verification:
    """Check a certificate code against the progress folder `root`: find the learner it was given to and
    derive the code again from the final-exam attempt on disk. Raises ValueError when `typed` cannot be a
    code at all."""
    from course.progress import ProgressStore
    from course.progress.layout import SUMMARY_FILE
    from course.progress.reading import UNREADABLE, load_summary

    code = normalise_code(typed)
    if code is None:
        raise ValueError(f"{typed!r} is not a certificate code (10 letters and digits, such as ABCD-EFGH-JK)")
    for name in ProgressStore(root, course.id).learners():
        try:
            summary, _ = load_summary(Path(root) / name / SUMMARY_FILE, course.id, name)
        except UNREADABLE:
            continue
        record = summary.certificate
        if record is not None and normalise_code(record.code) == code:
            return _check(course, Path(root), name, record, code)
    return Verification(False, f"{code}: no certificate with this code was given in {course.title!r} "
                               f"(progress folder {root}).")


def _check(course: Course, root: Path, learner: str, record: CertificateRecord, code: str) -> Verification:
    from course.progress.layout import attempt_path
    from course.progress.reading import UNREADABLE, load_attempt

    try:
        attempt: Attempt | None = load_attempt(attempt_path(root / learner, record.quiz, record.attempt))
    except (*UNREADABLE, ValueError):
        attempt = None
    if attempt is None or not _passes(attempt) or attempt.score is None or attempt.finished_at is None:
        return Verification(False, f"{code}: NOT VALID. It was given to {learner}, but the final-exam attempt "
                                   f"it rests on ({record.attempt}) is missing or did not pass.")
    if attempt.id != record.attempt or derive_code(course.id, learner, attempt.id, attempt.score) != code:
        return Verification(False, f"{code}: NOT VALID. It was given to {learner}, but their final-exam attempt "
                                   "on disk no longer gives this code: the attempt or the record was changed.")
    quiz = course.quiz(record.quiz)
    exam = f"“{quiz.title}”" if quiz is not None else record.quiz
    return Verification(True, f"{code}: valid. {learner} completed “{course.title}” and passed the final exam "
                              f"{exam} with {attempt.score:.0%} on {long_date(attempt.finished_at)} "
                              f"(certificate first made on {long_date(record.issued_at)}).")
