"""Course certificates: when a learner has one (every lesson completed and the final exam passed, the score
worked out again from the exam's answers), what is left to do until then, the PDF, the signed Open Badges 3.0
credential beside it and inside it (when an issuer key was set up with `course issuer init`), the record of it
in the learner's progress, and checking a certificate's code against the progress folder. Checking a signed
certificate needs no progress folder: see offline.py. No UI imports: `course certificate` and the learner app
both use this."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from course.certificate.code import derive_code, normalise_code
from course.certificate.pdf import CertificateText, long_date, render_pdf, verify_command
from course.certificate.rescore import Refused, Rescored, rescore
from course.progress import taken_order
from course.words import plural

if TYPE_CHECKING:
    from course.certificate.issuer import Issuer
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
    pass_mark: float  # the final exam's, 0..1: the credential's criteria state it


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
    jwt_path: Path | None = None  # the signed credential; None when no issuer key was set up
    json_path: Path | None = None  # its payload, readable
    credential_id: str | None = None

    @property
    def signed(self) -> bool:
        return self.jwt_path is not None


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


def _claims_pass(attempt: Attempt) -> bool:
    return not attempt.practice and attempt.finished_at is not None and bool(attempt.passed)


def _order(pinned: str | None) -> Callable[[Attempt], tuple[object, ...]]:
    """Attempts in the order they were taken: by attempt number where the progress records one, else by id
    (which starts with the time it was started). The attempt a certificate was already made from comes first,
    so a later attempt - even one taken with the computer's clock set back - never changes the certificate."""

    def key(attempt: Attempt) -> tuple[object, ...]:
        return (attempt.id != pinned, *taken_order(attempt))

    return key


def _passing_attempt(course: Course, exam: Quiz, progress: LearnerProgress,
                     summary: LearnerSummary) -> Rescored | list[Refused]:
    """The attempt a certificate rests on: the first graded attempt that passed and whose answers give the
    score it states; or, when none does, why each one that claims a pass was refused."""
    record = summary.certificate
    pinned = record.attempt if record is not None and record.quiz == exam.id else None
    refused: list[Refused] = []
    for attempt in sorted(filter(_claims_pass, progress.iter_attempts(exam.id)), key=_order(pinned)):
        checked = rescore(course, exam, progress, attempt)
        if isinstance(checked, Rescored):
            return checked
        refused.append(checked)
    return refused


def standing(course: Course, progress: LearnerProgress) -> Earned | NotYet:
    """Whether the learner has earned the certificate, and if not, what is left to do."""
    problem = final_exam_problem(course)
    exam = course.final_exam
    if problem is not None or exam is None:
        return NotYet((problem or "",))
    summary = progress.reload()
    left = [words] if (words := _lessons_left(course, summary)) else []
    found = _passing_attempt(course, exam, progress, summary)
    if isinstance(found, list):
        left.extend(str(refused) for refused in found)
        if not found:
            left.append(_exam_left(exam, summary))
        return NotYet(tuple(left))
    if left:
        return NotYet(tuple(left))
    code = derive_code(course.id, progress.name, found.attempt.id, found.score)
    text = CertificateText(course.title, progress.name, exam.title, found.score, found.passed_on, code)
    return Earned(text, exam.id, found.attempt.id, exam.pass_mark)


def default_file_name(course: Course, learner: str) -> str:
    return f"{course.id}-certificate-{learner}.pdf"


def default_path(course: Course, progress: LearnerProgress) -> Path:
    """Where the learner app saves a certificate: the user's documents folder when there is one, else the
    learner's own progress folder."""
    import platformdirs

    documents = Path(platformdirs.user_documents_dir())
    folder = documents if documents.is_dir() else progress.root
    return folder / default_file_name(course, progress.name)


class _KeptKey:
    """`issue`'s default signer: the issuer key `course issuer init` made, if there is one."""


_KEPT_KEY = _KeptKey()


def _signer() -> Issuer | None:
    from course.certificate.issuer import IssuerError, load_issuer

    try:
        return load_issuer()
    except IssuerError as error:
        raise CertificateError(str(error)) from error


def issue(course: Course, progress: LearnerProgress, out: Path, now: datetime | None = None,
          issuer: Issuer | _KeptKey | None = _KEPT_KEY) -> Issued | NotYet:
    """Make the certificate into `out` (written atomically) and record it in the learner's progress; or say
    what is left to do. With an issuer key (by default the one `course issuer init` made, if any) the signed
    credential is written beside it as `.jwt` with its payload as `.json`, and attached to the PDF. Raises
    CertificateError when a file cannot be written, and ProgressSaveError when the progress cannot."""
    from course.certificate.credential import Award, build, sign
    from course.progress import CertificateRecord, ProgressSaveError, atomic_write_bytes
    from course.progress.atomic import write_reason
    from course.progress.models import utc_now

    out = Path(out)
    if out.suffix.lower() in (".jwt", ".json"):
        raise CertificateError(f"{out}: the certificate is a PDF; its signed credential goes beside it as "
                               f"{out.with_suffix('.jwt').name}. Give a FILE.pdf.")
    signer = _signer() if isinstance(issuer, _KeptKey) else issuer
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
    writes: list[tuple[Path, bytes]] = []
    credential_id = None
    if signer is not None:
        award = Award(course.id, course.title, text.exam_title, text.learner, earned.attempt, text.score,
                      earned.pass_mark, text.passed_on, text.code)
        payload = build(award, signer.profile())
        token = sign(payload, signer)
        credential_id = str(payload["id"])
        text = replace(text, issuer=f"{signer.name} ({signer.url})", credential=token.encode("ascii"),
                       pdf_name=out.name)
        writes += [(out.with_suffix(".jwt"), token.encode("ascii") + b"\n"),
                   (out.with_suffix(".json"), json.dumps(payload, indent=2, ensure_ascii=False).encode() + b"\n")]
    rendered = render_pdf(text)
    writes.insert(0, (out, rendered.pdf))
    for path, data in writes:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(path, data)
        except OSError as error:
            raise CertificateError(f"Could not write the certificate to {path}: {write_reason(error)}.") from error
        except ProgressSaveError as error:
            cause = error.__cause__
            reason = write_reason(cause) if isinstance(cause, OSError) else str(error)
            raise CertificateError(f"Could not write the certificate to {path}: {reason}.") from error
    signed = credential_id is not None
    return Issued(out, text, rendered.missing, out.with_suffix(".jwt") if signed else None,
                  out.with_suffix(".json") if signed else None, credential_id)


@dataclass(frozen=True)
class Verification:
    valid: bool
    message: str


def verify(course: Course, root: Path, typed: str) -> Verification:
    """Check a certificate code against the progress folder `root`: find the learner it was given to and
    derive the code again from the final-exam attempt on disk. Raises ValueError when `typed` cannot be a
    code at all."""
    from course.progress.folders import find_learner_folders
    from course.progress.layout import SUMMARY_FILE
    from course.progress.reading import UNREADABLE, load_summary

    code = normalise_code(typed)
    if code is None:
        raise ValueError(f"{typed!r} is not a certificate code (10 letters and digits, such as ABCD-EFGH-JK)")
    for entry in find_learner_folders(Path(root)).folders:  # a folder in another Unicode form included
        try:
            summary, _ = load_summary(Path(root) / entry.folder / SUMMARY_FILE, course.id, entry.name)
        except UNREADABLE:
            continue
        record = summary.certificate
        if record is not None and normalise_code(record.code) == code:
            return _check(course, Path(root), entry.name, record, code)
    return Verification(False, f"{code}: no certificate with this code was given in {course.title!r} "
                               f"(progress folder {root}).")


def _check(course: Course, root: Path, learner: str, record: CertificateRecord, code: str) -> Verification:
    from course.progress import ProgressStore
    from course.progress.layout import attempt_path
    from course.progress.reading import UNREADABLE, load_attempt

    progress = ProgressStore(root, course.id).open(learner)  # a folder in another Unicode form is renamed here
    try:
        attempt: Attempt | None = load_attempt(attempt_path(progress.root, record.quiz, record.attempt))
    except (*UNREADABLE, ValueError):
        attempt = None
    quiz = course.quiz(record.quiz)
    if attempt is None or quiz is None or not _claims_pass(attempt):
        return Verification(False, f"{code}: NOT VALID. It was given to {learner}, but the final-exam attempt "
                                   f"it rests on ({record.attempt}) is missing or did not pass.")
    checked = rescore(course, quiz, progress, attempt)
    if isinstance(checked, Refused):
        return Verification(False, f"{code}: NOT VALID. It was given to {learner}, but their final-exam attempt "
                                   f"{attempt.id} gives no certificate: {checked.reason}.")
    if attempt.id != record.attempt or derive_code(course.id, learner, attempt.id, checked.score) != code:
        return Verification(False, f"{code}: NOT VALID. It was given to {learner}, but their final-exam attempt "
                                   "on disk no longer gives this code: the attempt or the record was changed.")
    return Verification(True, f"{code}: valid. {learner} completed “{course.title}” and passed the final exam "
                              f"“{quiz.title}” with {checked.score:.0%} on {long_date(checked.passed_on)} "
                              f"(certificate first made on {long_date(record.issued_at)}).")
