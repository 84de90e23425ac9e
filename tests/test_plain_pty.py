"""`course --plain` in a real pseudo-terminal (pexpect), and TERM=dumb choosing it by itself: line by line,
with no full-screen redraw and no escape sequence at all."""

from __future__ import annotations

import io
import tomllib

import pexpect

from tests.plain_support import plain_env
from tests.test_tui_e2e import command


def spawn(progress, *args: str, term: str = "xterm-256color") -> pexpect.spawn:
    program, base = command()
    env = plain_env(progress, TERM=term, COLUMNS="80", LINES="24")
    child = pexpect.spawn(program, [*base, *args], env=env, dimensions=(24, 80), encoding="utf-8", timeout=20)
    child.logfile_read = io.StringIO()  # everything the terminal was sent
    return child


def test_plain_mode_in_a_terminal_reads_a_lesson_and_answers_a_question(tmp_path):
    progress = tmp_path / "progress"
    child = spawn(progress, "--plain")
    try:
        child.expect_exact("What is your name? ")
        child.sendline("Pat")
        child.expect_exact("Next step: Start the lesson “Basics of sending work out”. Type c to do it.")
        child.expect_exact("? for help: ")
        child.sendline("1")
        child.expect_exact("Section 1 of 3: Definitions")
        child.expect_exact("? for help: ")
        child.sendline("3")  # jump to the last section
        child.expect_exact("Section 3 of 3: Key takeaways")
        child.expect_exact("Lesson completed. Type t to take its quiz.")
        child.sendline("t")
        child.expect_exact("Question 1 of 7, 1 point, one answer.")
        child.expect_exact("your answer (? for help): ")
        child.sendline("1")
        child.expect_exact("Correct: 1 of 1 point.")
        child.expect_exact("Question 2 of 7")
        child.sendeof()  # Ctrl+D
        child.expect_exact("End of input: your progress is saved. Goodbye.")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0, child.before
    transcript = child.logfile_read.getvalue()
    assert "Section 2 of 3" not in transcript  # the jump went straight to section 3
    assert "\x1b" not in transcript  # never switches to the alternate (full) screen
    summary = tomllib.loads((progress / "Pat" / "learner.toml").read_text(encoding="utf-8"))
    assert summary["lessons"]["basics"]["completed_at"]
    assert summary["resume"]["quiz"] == "basics-quiz"


def test_term_dumb_chooses_the_plain_mode_by_itself(tmp_path):
    child = spawn(tmp_path / "progress", "--learner", "Ana", term="dumb")
    try:
        child.expect_exact("Course map of Test course, for Ana.")
        child.expect_exact("q to quit, ? for help: ")
        child.sendline("q")
        child.expect_exact("Your progress is saved. Goodbye.")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0
    transcript = child.logfile_read.getvalue()
    assert "Plain mode: one line at a time" in transcript
    assert "\x1b" not in transcript  # no escape sequence: no redraw, no colour


def test_a_terminal_that_is_not_dumb_gets_the_full_app(tmp_path):
    child = spawn(tmp_path / "progress", "--learner", "Ana")
    try:
        child.expect_exact("\x1b[?1049h")  # the full-screen app takes the alternate screen
        child.expect("Learner: Ana")
        child.send("\x11")  # ctrl+q
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0
