"""Plain mode at its edges: a line longer than any answer is refused without being shown back; the goodbye says
whether the session's saves succeeded."""

from __future__ import annotations

import io
from pathlib import Path

from course.plain import run
from course.plain.io import MAX_LINE_CHARS
from course.progress import ProgressSaveError
from course.progress.learner import LearnerProgress
from tests.plain_support import FIXTURE


def plain(progress: Path, typed: str) -> tuple[int, str]:
    out = io.StringIO()
    status = run(str(FIXTURE), "Ana", str(progress), stdin=io.StringIO(typed), stdout=out)
    return status, out.getvalue()


def test_a_line_longer_than_any_answer_is_refused_and_not_shown(tmp_path: Path) -> None:
    pasted = "x" * 1_000_000
    status, out = plain(tmp_path / "progress", f"{pasted}\n1\nq\nq\n")
    assert status == 0
    assert "x" * 100 not in out  # neither echoed nor quoted back in a message
    assert "That line is longer than any answer here can be (over 1,000 characters), so it was not read." in out
    assert "Section 1 of 3" in out  # the next line was read as usual
    assert len(out) < 20_000


def test_a_line_of_the_longest_size_is_still_read(tmp_path: Path) -> None:
    status, out = plain(tmp_path / "progress", "y" * MAX_LINE_CHARS + "\nq\n")
    assert status == 0 and "longer than any answer" not in out


def test_the_goodbye_says_the_progress_is_saved_when_every_save_succeeded(tmp_path: Path) -> None:
    status, out = plain(tmp_path / "progress", "1\nn\nq\nq\n")
    assert status == 0 and out.rstrip().endswith("Your progress is saved. Goodbye.")


def test_the_goodbye_says_when_saves_failed(tmp_path: Path, monkeypatch) -> None:
    def full_disk(self, *args, **kwargs):
        raise ProgressSaveError(self.root / "learner.toml", OSError(28, "No space left on device"))

    plain(tmp_path / "progress", "q\n")  # the learner exists
    monkeypatch.setattr(LearnerProgress, "lesson_opened", full_disk)
    monkeypatch.setattr(LearnerProgress, "lesson_moved", full_disk)
    status, out = plain(tmp_path / "progress", "1\nn\nq\nq\n")
    assert status == 0
    assert "Your progress is saved" not in out
    last = out.rstrip().splitlines()[-1]
    assert last.startswith("2 saves of your progress failed in this session (the last: ")
    assert last.endswith("so some of it may not be saved. Goodbye.")
    status, out = plain(tmp_path / "progress", "1\n")  # input ends
    assert out.rstrip().splitlines()[-1].startswith("End of input: 1 save of your progress failed")
