"""One learner's progress: the summary file, the attempt files, the lock that guards them."""

from __future__ import annotations

import contextlib
import math
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout
from pydantic import ValidationError

from course.words import plural

from .atomic import TEMP_SUFFIX, fsync_directory, read_error, save_error
from .errors import (
    AnswerAlreadyRecordedError,
    AttemptSubmittedError,
    CorruptFileError,
    FutureFormatError,
    ProgressSaveError,
)
from .layout import ATTEMPTS_DIR, LOCK_FILE, SUMMARY_FILE, attempt_path, is_attempt_file, new_attempt_id, quiz_folder
from .merge import merge_attempt, with_answer
from .models import Answer, Attempt, LearnerSummary, LessonState, QuizState, Resume, taken_order, utc_now
from .reading import invalid_fields, load_attempt, load_summary
from .set_aside import set_aside
from .tomlfiles import write_model

LOCK_TIMEOUT_SECONDS = 30.0

SUMMARY_HEADER = "Course progress of one learner. Times are UTC. Quiz attempts are in attempts/<quiz>/."
ATTEMPT_HEADER = "One quiz attempt. Times are UTC."


@contextmanager
def _holding(lock: FileLock, root: Path) -> Iterator[None]:
    """Hold a learner's lock; ProgressSaveError when it cannot be had."""
    try:
        lock.acquire()
    except Timeout as error:
        raise ProgressSaveError(
            f"Could not save your progress to {root}: another copy of the course kept it busy "
            f"for {lock.timeout:.0f} seconds.",
            root,
        ) from error
    except OSError as error:
        raise save_error(root / LOCK_FILE, error) from error
    try:
        yield
    finally:
        lock.release()


def learner_lock(folder: Path) -> contextlib.AbstractContextManager[None]:
    """The lock every writer of a learner's folder takes (LearnerProgress takes it for each write), for
    writers of other files in that folder (the LRS sent-log)."""
    return _holding(FileLock(str(Path(folder) / LOCK_FILE), timeout=LOCK_TIMEOUT_SECONDS), Path(folder))


class LearnerProgress:
    """Reads and writes one learner's progress. Every write is atomic, locked and merged with disk."""

    def __init__(self, root: Path, course_id: str, name: str) -> None:
        self.name = name
        self.root = Path(root)
        self.course_id = course_id
        self.notices: list[str] = []
        # The flags of each attempt as this process last read or wrote them: the base of a three-way
        # merge, so flags set or cleared by another process on the same attempt are kept.
        self._seen_flags: dict[str, list[str]] = {}
        self.summary_path = self.root / SUMMARY_FILE
        self._lock = FileLock(str(self.root / LOCK_FILE), timeout=LOCK_TIMEOUT_SECONDS)
        with self._locked():
            self._remove_stale_temp_files(self.root)
            quiz_dirs = self._remove_stale_attempt_temp_files()
            summary, changed = self._read_summary()
            if changed:
                self._write_summary(summary)
            self.summary = summary
            self._settle_finished_attempts(summary)
            self._rebuild_lost_quizzes(quiz_dirs)

    # -- locking ---------------------------------------------------------------------------

    def _locked(self) -> contextlib.AbstractContextManager[None]:
        return _holding(self._lock, self.root)

    def _remove_stale_temp_files(self, folder: Path) -> None:
        """Temp files left by a killed writer (only called under the lock, so none is live)."""
        try:
            entries = list(os.scandir(folder))
        except OSError:
            return
        for entry in entries:
            if entry.name.startswith(".") and entry.name.endswith(TEMP_SUFFIX) and entry.is_file():
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)

    def _remove_stale_attempt_temp_files(self) -> list[str]:
        """Temp files a killed writer left beside attempt files (one scan per quiz folder). Returns the
        names of the quiz folders, so that opening the progress scans `attempts/` once."""
        try:
            quiz_dirs = [entry.name for entry in os.scandir(self.root / ATTEMPTS_DIR) if entry.is_dir()]
        except OSError:
            return []
        for name in quiz_dirs:
            self._remove_stale_temp_files(self.root / ATTEMPTS_DIR / name)
        return quiz_dirs

    # -- summary ---------------------------------------------------------------------------

    def _fresh_summary(self) -> LearnerSummary:
        now = utc_now()
        return LearnerSummary(course=self.course_id, learner=self.name, created_at=now, updated_at=now)

    def _set_aside(self, path: Path, reason: str, what: str) -> Path:
        moved = set_aside(path)
        self.notices.append(
            f"Your saved {what} could not be read ({reason}). It was kept as {moved.name} "
            f"in {moved.parent} and {'you start afresh' if what == 'progress' else 'left out'}."
        )
        return moved

    def _read_summary(self) -> tuple[LearnerSummary, bool]:
        """The summary on disk (call under the lock) and whether it must be written back."""
        path = self.summary_path
        try:
            return load_summary(path, self.course_id, self.name)
        except FileNotFoundError:
            return self._fresh_summary(), True
        except FutureFormatError:
            raise
        except CorruptFileError as error:
            reason = str(error)
        except ValidationError as error:
            reason = f"it does not hold valid progress: {invalid_fields(error)}"
        except OSError as error:
            raise read_error(path, error) from error
        self._set_aside(path, reason, "progress")
        return self._fresh_summary(), True

    def _write_summary(self, summary: LearnerSummary) -> None:
        write_model(self.summary_path, summary, SUMMARY_HEADER)

    def reload(self) -> LearnerSummary:
        """Re-read the summary from disk (another process may have changed it)."""
        with self._locked():
            summary, changed = self._read_summary()
            if changed:
                self._write_summary(summary)
        self.summary = summary
        return summary

    def update(self, change: Callable[[LearnerSummary], None]) -> LearnerSummary:
        """Lock, re-read from disk, apply `change`, stamp updated_at, write atomically."""
        with self._locked():
            summary, _ = self._read_summary()
            change(summary)
            summary.updated_at = utc_now()
            summary = LearnerSummary.model_validate(summary.model_dump())
            self._write_summary(summary)
        self.summary = summary
        return summary

    # -- lessons, resume, theme ------------------------------------------------------------

    def lesson_opened(self, lesson_id: str, section: str | None = None) -> None:
        def change(s: LearnerSummary) -> None:
            state = s.lessons.get(lesson_id)
            if state is None:
                state = s.lessons[lesson_id] = LessonState(opened_at=utc_now())
            if section is not None:
                state.section = section
            s.resume = Resume(kind="lesson", lesson=lesson_id, section=section if section is not None else state.section)

        self.update(change)

    def lesson_moved(self, lesson_id: str, section: str) -> None:
        def change(s: LearnerSummary) -> None:
            state = s.lessons.setdefault(lesson_id, LessonState(opened_at=utc_now()))
            state.section = section
            s.resume = Resume(kind="lesson", lesson=lesson_id, section=section)

        self.update(change)

    def lesson_completed(self, lesson_id: str) -> None:
        def change(s: LearnerSummary) -> None:
            state = s.lessons.setdefault(lesson_id, LessonState(opened_at=utc_now()))
            if state.completed_at is None:
                state.completed_at = utc_now()
                state.seconds_to_complete = state.seconds

        self.update(change)

    def add_lesson_time(self, lesson_id: str, seconds: float) -> None:
        if not math.isfinite(seconds) or seconds < 0:
            raise ValueError(f"seconds must be a number, not negative; got {seconds!r}")

        def change(s: LearnerSummary) -> None:
            state = s.lessons.setdefault(lesson_id, LessonState(opened_at=utc_now()))
            state.seconds += seconds

        self.update(change)

    def set_resume(self, resume: Resume) -> None:
        def change(s: LearnerSummary) -> None:
            s.resume = resume.model_copy(deep=True)

        self.update(change)

    def set_theme(self, theme: str) -> None:
        def change(s: LearnerSummary) -> None:
            s.theme = theme

        self.update(change)

    # -- attempts --------------------------------------------------------------------------

    def _read_attempt_file(self, path: Path, *, set_aside_corrupt: bool = True) -> Attempt | None:
        """The attempt in `path`; None if missing or corrupt (set aside + notice). FutureFormatError as-is."""
        try:
            return load_attempt(path)
        except FileNotFoundError:
            return None
        except FutureFormatError:
            raise
        except CorruptFileError as error:
            reason = str(error)
        except ValidationError as error:
            reason = f"it does not hold a valid attempt: {invalid_fields(error)}"
        except OSError as error:
            raise read_error(path, error) from error
        if set_aside_corrupt:
            with self._locked():
                if path.exists():
                    self._set_aside(path, reason, f"quiz attempt {path.stem}")
        return None

    def _write_attempt(self, attempt: Attempt) -> None:
        path = attempt_path(self.root, attempt.quiz, attempt.id)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise save_error(path, error) from error
        write_model(path, attempt, ATTEMPT_HEADER)

    def _save_merged(self, attempt: Attempt) -> Attempt:
        """Under the lock: merge `attempt` with its file on disk and write only that file."""
        path = attempt_path(self.root, attempt.quiz, attempt.id)
        with self._locked():
            disk = self._read_attempt_file(path)
            merged = merge_attempt(disk, attempt, self._seen_flags.get(attempt.id))
            self._write_attempt(merged)
        return self._seen(merged)

    def _seen(self, attempt: Attempt) -> Attempt:
        """Remember the flags this process has seen on `attempt` (the base for merging flag changes)."""
        self._seen_flags[attempt.id] = list(attempt.flagged)
        return attempt

    def start_attempt(self, quiz_id: str, questions: list[str], seed: int, practice: bool = False) -> Attempt:
        with self._locked():
            now = utc_now()
            attempt_id = new_attempt_id(now)
            while attempt_path(self.root, quiz_id, attempt_id).exists():
                attempt_id = new_attempt_id(now)
            attempt = Attempt(
                id=attempt_id, course=self.course_id, learner=self.name, quiz=quiz_id, seed=seed,
                practice=practice, number=self._next_number(quiz_id), questions=list(questions), started_at=now,
            )
            self._write_attempt(attempt)

            def change(s: LearnerSummary) -> None:
                state = s.quizzes.setdefault(quiz_id, QuizState())
                state.in_progress, state.in_progress_practice = attempt_id, practice
                state.last_number = max(state.last_number, attempt.number or 0)
                s.resume = Resume(kind="quiz", quiz=quiz_id, attempt=attempt_id, question=0)

            self.update(change)
        return self._seen(attempt)

    def _next_number(self, quiz_id: str) -> int:
        """The number of a new attempt at the quiz (under the lock): one past the latest started, which the
        summary keeps, and never below the count of attempt files (those from before numbering, or written
        by a copy whose summary was lost), so that the order of arrival holds whatever the clock says."""
        state = self.summary.quizzes.get(quiz_id)  # the count of files covers another copy's newer attempts
        return max(state.last_number if state is not None else 0, len(self.attempt_ids(quiz_id))) + 1

    def record_answer(
        self, attempt: Attempt, answer: Answer, position: int | None = None, *, once: bool = False
    ) -> Attempt:
        """Store `answer`, replacing an earlier one to the same question (the later arrival under the lock
        wins, never the later clock time). Durable when this returns. With `once` (a quiz that shows right
        or wrong after each answer) a question that already has an answer on disk keeps it: raises
        AnswerAlreadyRecordedError holding the attempt as recorded, and writes nothing. Raises
        AttemptSubmittedError if the attempt was finished meanwhile by another copy of the course."""
        path = attempt_path(self.root, attempt.quiz, attempt.id)
        with self._locked():
            disk = self._read_attempt_file(path)
            if disk is not None and disk.finished_at is not None:
                raise AttemptSubmittedError(path)
            current = merge_attempt(disk, attempt, self._seen_flags.get(attempt.id))
            recorded = current.answer_for(answer.question)
            if once and recorded is not None and recorded.response is not None:
                raise AnswerAlreadyRecordedError(path, self._seen(current), recorded)
            merged = with_answer(current, answer)
            if position is not None:
                merged.position = position
            self._write_attempt(merged)
        return self._seen(merged)

    def save_attempt(self, attempt: Attempt) -> Attempt:
        """Store position / flag changes (answers merged with disk like record_answer)."""
        return self._save_merged(attempt)

    def finish_attempt(
        self, attempt: Attempt, earned: float, total: float, passed: bool,
        *, grade: Callable[[Attempt], tuple[float, float, bool]] | None = None,
    ) -> Attempt:
        """Submit the attempt. With `grade`, the score is worked out under the lock from the answers as
        recorded on disk (another window may have answered since this copy last read them), so the score
        always agrees with the answers kept beside it; `earned`, `total` and `passed` are then not used."""
        path = attempt_path(self.root, attempt.quiz, attempt.id)
        with self._locked():
            disk = self._read_attempt_file(path)
            merged = merge_attempt(disk, attempt, self._seen_flags.get(attempt.id))
            newly_finished = merged.finished_at is None
            if newly_finished:
                if grade is not None:
                    earned, total, passed = grade(merged)
                merged.finished_at = utc_now()
                merged.earned = float(earned)
                merged.total = float(total)
                merged.score = float(earned) / float(total) if total else 0.0
                merged.passed = bool(passed)
            self._write_attempt(merged)

            def change(s: LearnerSummary) -> None:
                _count_finished(s, merged, newly_finished)

            self.update(change)
        return self._seen(merged)

    def _settle_finished_attempts(self, summary: LearnerSummary) -> LearnerSummary | None:
        """After a crash between writing a finished attempt and the summary: count it now."""
        pending = []
        for quiz_id, state in summary.quizzes.items():
            if state.in_progress is None:
                continue
            try:
                attempt = self._read_attempt_file(attempt_path(self.root, quiz_id, state.in_progress))
            except (FutureFormatError, ValueError):
                continue
            if attempt is not None and attempt.finished_at is not None:
                pending.append(attempt)
        if not pending:
            return None

        def change(s: LearnerSummary) -> None:
            for attempt in pending:
                _count_finished(s, attempt, False)

        return self.update(change)

    def discard_unanswered(self, attempt: Attempt) -> bool:
        """Remove an attempt that was opened and left on its first question with nothing answered, chosen or
        flagged: it does not count as started, so the course map offers to take the quiz, not to continue
        it. Returns whether it was removed (an attempt with any answer, draft, flag, move or finish on disk
        is kept, whatever this copy holds)."""
        path = attempt_path(self.root, attempt.quiz, attempt.id)
        with self._locked():
            disk = self._read_attempt_file(path, set_aside_corrupt=False)
            if (disk is None or disk.finished_at is not None or disk.answers or disk.drafts or disk.flagged
                    or disk.position):
                return False

            def change(s: LearnerSummary) -> None:
                state = s.quizzes.get(attempt.quiz)
                if state is not None and state.in_progress == attempt.id:
                    state.in_progress, state.in_progress_practice = None, False
                    if attempt.number is not None and state.last_number == attempt.number:
                        state.last_number -= 1  # its number is free again: the attempt never counted
                    if state == QuizState():
                        del s.quizzes[attempt.quiz]  # never taken after all
                if s.resume.kind == "quiz" and s.resume.attempt == attempt.id:
                    s.resume = Resume()

            # The summary first: a crash before the file goes leaves an attempt file that the next open
            # puts back as the quiz in progress, never a summary naming a file that is gone.
            self.update(change)
            try:
                os.unlink(path)
                fsync_directory(path.parent)
            except OSError as error:
                raise save_error(path, error) from error
        self._seen_flags.pop(attempt.id, None)
        return True

    def _rebuild_lost_quizzes(self, quiz_dirs: list[str]) -> None:
        """Quizzes whose attempt files are on disk (in `quiz_dirs`) but which the summary does not name (a
        summary cut short, emptied or set aside): their counters, best score and unfinished attempt are
        rebuilt from the attempt files, which are the record of every answer. Call under the lock."""
        lost = [quiz for quiz in sorted(quiz_dirs) if quiz not in self.summary.quizzes and self._has_attempts(quiz)]
        if not lost:
            return
        found = {quiz: self.attempts(quiz) for quiz in lost}

        def change(s: LearnerSummary) -> None:
            for quiz_id, attempts in found.items():
                if quiz_id in s.quizzes:
                    continue
                state = s.quizzes[quiz_id] = QuizState()
                for attempt in attempts:
                    if attempt.finished_at is None:  # the latest unfinished one (oldest first)
                        state.in_progress, state.in_progress_practice = attempt.id, attempt.practice
                    else:
                        _count_finished(s, attempt, newly_finished=True)

        self.update(change)
        finished = sum(1 for attempts in found.values() for a in attempts if a.finished_at is not None)
        if finished:
            self.notices.append(
                f"Your progress file had lost the results of {plural(len(lost), 'quiz', 'quizzes')}; "
                f"they were rebuilt from {plural(finished, 'finished attempt')} kept beside it."
            )

    def _has_attempts(self, quiz_id: str) -> bool:
        try:
            return any(is_attempt_file(entry.name) for entry in os.scandir(quiz_folder(self.root, quiz_id)))
        except (OSError, ValueError):
            return False

    def attempt_ids(self, quiz_id: str) -> list[str]:
        """Ids of a quiz's attempts (file names only; nothing is parsed), sorted."""
        try:
            names = [entry.name for entry in os.scandir(quiz_folder(self.root, quiz_id))]
        except FileNotFoundError:
            return []
        except OSError as error:
            raise save_error(quiz_folder(self.root, quiz_id), error) from error
        if any(name.startswith(".") and name.endswith(TEMP_SUFFIX) for name in names):
            with self._locked():
                self._remove_stale_temp_files(quiz_folder(self.root, quiz_id))
        return sorted(name[: -len(".toml")] for name in names if is_attempt_file(name))

    def iter_attempts(self, quiz_id: str) -> Iterator[Attempt]:
        """A quiz's attempts one file at a time, in id order (corrupt or newer-format ones skipped)."""
        for attempt_id in self.attempt_ids(quiz_id):
            path = attempt_path(self.root, quiz_id, attempt_id)
            try:
                attempt = self._read_attempt_file(path)
            except FutureFormatError as error:
                self.notices.append(f"Quiz attempt {attempt_id} was left out: {error}")
                continue
            if attempt is not None:
                yield attempt

    def attempts(self, quiz_id: str) -> list[Attempt]:
        """All attempts of a quiz, oldest first."""
        return sorted(self.iter_attempts(quiz_id), key=taken_order)

    def attempt(self, quiz_id: str, attempt_id: str) -> Attempt | None:
        attempt = self._read_attempt_file(attempt_path(self.root, quiz_id, attempt_id))
        return None if attempt is None else self._seen(attempt)

    def in_progress(self, quiz_id: str) -> Attempt | None:
        """The unfinished attempt the summary points to (re-read from disk), if any."""
        state = self.reload().quizzes.get(quiz_id)
        if state is None or state.in_progress is None:
            return None
        attempt = self.attempt(quiz_id, state.in_progress)
        if attempt is None or attempt.finished_at is not None:
            return None
        return attempt


def _count_finished(summary: LearnerSummary, attempt: Attempt, newly_finished: bool) -> None:
    """Fold a finished attempt into the quiz counters once: when it was just finished, or when the
    summary still names it as in progress (a crash came between the two writes)."""
    state = summary.quizzes.setdefault(attempt.quiz, QuizState())
    pending = state.in_progress == attempt.id
    if newly_finished or pending:
        if attempt.practice:
            state.practice_attempts += 1
        else:
            state.attempts += 1
            state.latest_score = attempt.score
            state.latest_attempt = attempt.id
            if attempt.passed:
                state.passed = True
            if attempt.score is not None and (state.best_score is None or attempt.score > state.best_score):
                state.best_score = attempt.score
                state.best_attempt = attempt.id
    if pending:
        state.in_progress, state.in_progress_practice = None, False
    resume = summary.resume
    if resume.kind == "quiz" and resume.quiz == attempt.quiz and resume.attempt in (None, attempt.id):
        summary.resume = Resume()
