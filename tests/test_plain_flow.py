"""`course --plain` through pipes, as a script or a screen reader uses it: a whole lesson and its quiz with
typed input only, chosen with --plain and by itself when the output is a pipe; what a bad answer, the end
of input and Ctrl+C do; and what is on disk afterwards."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import tomllib

import pytest

from tests.plain_support import Piped, ctrl_c_as_a_shell_gives_it, plain_env, right_answer, sigint_as


def _learner(progress, name="Pat") -> dict:
    return tomllib.loads((progress / name / "learner.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("args", [["--plain"], []], ids=["--plain", "output-is-a-pipe"])
def test_a_whole_lesson_and_its_quiz_with_typed_input_only(tmp_path, args):
    progress = tmp_path / "progress"
    course = Piped(args, plain_env(progress))
    first = course.until_prompt()
    assert "What is your name?" in first and "\x1b" not in first
    shown = course.type("Pat")
    assert "1. Basics of sending work out: not started, quiz not taken." in shown
    assert "Next step: Start the lesson “Basics of sending work out”. Type c to do it." in shown
    shown = course.type("c")
    assert "Lesson 1 of 2: Basics of sending work out. 3 sections." in shown
    assert "Section 1 of 3: Definitions" in shown and "- Define outsourcing" in shown
    assert "Outsourcing hands work to another company." in shown  # **bold** and *emphasis* without their marks
    shown = course.type("")
    assert "Section 2 of 3: Where work happens" in shown
    assert "Row 2: strategy: offshoring; where: abroad." in shown  # a table, row by row
    shown = course.type("")
    assert "Section 3 of 3: Key takeaways" in shown and "Lesson completed. Type t to take its quiz." in shown
    shown = course.type("t")
    assert "Quiz: Basics quiz. 7 questions." in shown
    for number in range(1, 8):
        assert f"Question {number} of 7," in shown, shown
        question = shown[shown.index(f"Question {number} of 7,"):]
        shown = course.type(right_answer(question))
        assert shown.startswith("Correct: 1 of 1 point."), shown
    assert "every question is answered. Type S to submit" in shown
    shown = course.type("S")
    assert "Results of Basics quiz: passed. Score 100% (7 of 7 points); the pass mark is 70%." in shown
    assert "7 of 7 questions fully right." in shown
    shown = course.type("")
    assert "Back on the course map of Test course, for Pat.\nProgress: " in shown
    assert "1. Basics" not in shown  # back from a quiz: the progress and the next step, not every module
    shown = course.type("l")
    assert "1. Basics of sending work out: completed, quiz passed (best 100%)." in shown
    code, rest, err = course.finish(["q"])
    assert code == 0, err
    assert "Your progress is saved. Goodbye." in rest and "Traceback" not in err

    summary = _learner(progress)
    assert summary["lessons"]["basics"]["completed_at"]
    state = summary["quizzes"]["basics-quiz"]
    assert state["attempts"] == 1 and state["passed"] is True and state["best_score"] == 1.0
    attempt = tomllib.loads(next((progress / "Pat" / "attempts" / "basics-quiz").glob("*.toml")).read_text())
    assert len(attempt["answers"]) == 7 and all(a["correct"] for a in attempt["answers"])
    assert (progress / ".last-learner").read_text().strip() == "Pat"


def test_a_bad_answer_is_explained_and_asked_again(tmp_path):
    course = Piped(["--plain", "--learner", "Ana"], plain_env(tmp_path / "p"))
    course.until_prompt()
    shown = course.type("t 1")
    assert "Question 1 of 7," in shown
    shown = course.type("5")
    assert shown.startswith("There is no option 5. Type the number of one option, from 1 to 2.")
    assert shown.rstrip().endswith("Question 1 of 7, your answer (? for help):")
    shown = course.type("?")
    assert "- matching: each item's number, an equals sign and its match's letter, such as 1=b 2=a;" in shown
    shown = course.type("s")
    assert "Question 2 of 7," in shown
    shown = course.type("S")
    assert "Questions 1, 2, 3, 4, 5, 6 and 7 are not answered and score 0. Submit anyway?" in shown
    shown = course.type("maybe")
    assert shown.startswith("Please type y for yes or n for no.")
    shown = course.type("n")
    assert "Not submitted." in shown
    code, _, err = course.finish(["q", "q"])
    assert code == 0, err


def test_the_end_of_input_mid_quiz_keeps_the_attempt_and_says_goodbye(tmp_path):
    progress = tmp_path / "p"
    course = Piped(["--plain", "--learner", "Ana"], plain_env(progress))
    course.until_prompt()
    shown = course.type("t 1")
    shown = course.type(right_answer(shown[shown.index("Question 1 of 7,"):]))
    assert "Question 2 of 7," in shown
    code, rest, err = course.finish([])
    assert code == 0 and "Traceback" not in err
    assert "End of input: your progress is saved. Goodbye." in rest
    summary = _learner(progress, "Ana")
    attempt_id = summary["quizzes"]["basics-quiz"]["in_progress"]
    assert summary["resume"] == {"kind": "quiz", "quiz": "basics-quiz", "attempt": attempt_id, "question": 0}
    attempt = tomllib.loads((progress / "Ana" / "attempts" / "basics-quiz" / f"{attempt_id}.toml").read_text())
    assert attempt["position"] == 1 and len(attempt["answers"]) == 1


@pytest.fixture
def sigint_ignored_here():
    """SIGINT ignored in this test process while the test runs, as pytest-xdist's test processes have it, so the
    Ctrl+C tests always show that the course gets it all the same (see ctrl_c_as_a_shell_gives_it)."""
    with sigint_as(signal.SIG_IGN):
        yield


def test_ctrl_c_leaves_cleanly_with_a_sentence(tmp_path, sigint_ignored_here):
    progress = tmp_path / "p"
    course = Piped(["--plain", "--learner", "Ana"], plain_env(progress))
    course.until_prompt()
    course.type("1")
    course.child.send_signal(signal.SIGINT)
    # The input closes only once the course has said it was interrupted: closed at once, the end of input could
    # reach the waiting read before the signal does, and the test would see an ordinary end of input.
    said = course.until(re.compile(r"Interrupted: .*\n"), "interruption sentence")
    code, rest, err = course.finish([])  # the end of input after Ctrl+C changes nothing
    assert code == 130, err
    assert "Interrupted: your progress is saved. Goodbye." in said and "Traceback" not in err
    assert "End of input" not in said + rest
    assert _learner(progress, "Ana")["resume"]["kind"] == "lesson"


# Ctrl+C and the end of input together, in one process: a second thread, once the lesson's prompt is written,
# raises SIGINT on itself (so the main thread's read is not interrupted by it: the interrupt is only pending
# there) and then closes the pipe the main thread reads. The read ends with the end of input, the pending
# interrupt is raised after it, and the course must still end as interrupted.
INTERRUPT_THEN_EOF = """
import io, os, signal, sys, threading
from course.plain import run

class Out(io.StringIO):
    def __init__(self, prompted):
        super().__init__()
        self.prompted = prompted
    def write(self, text):
        sys.__stdout__.write(text)
        if "for help:" in text:
            self.prompted.set()
        return len(text)

prompted = threading.Event()
read_end, write_end = os.pipe()
os.write(write_end, b"1\\n")

def interrupt_then_close():
    prompted.wait()
    signal.pthread_kill(threading.get_ident(), signal.SIGINT)
    os.close(write_end)

threading.Thread(target=interrupt_then_close).start()
sys.exit(run(None, "Ana", None, stdin=io.TextIOWrapper(io.FileIO(read_end, "r")), stdout=Out(prompted)))
"""


def test_ctrl_c_with_the_end_of_input_right_behind_it_still_ends_as_interrupted(tmp_path, sigint_ignored_here):
    progress = tmp_path / "p"
    with ctrl_c_as_a_shell_gives_it():
        done = subprocess.run([sys.executable, "-c", INTERRUPT_THEN_EOF], env=plain_env(progress),
                              capture_output=True, text=True, timeout=60)
    assert done.returncode == 130, done.stdout + done.stderr
    assert done.stdout.rstrip().endswith("Interrupted: your progress is saved. Goodbye.")
    assert "End of input" not in done.stdout and "Traceback" not in done.stderr


def test_an_untouched_quiz_left_at_once_does_not_count_as_started(tmp_path):
    progress = tmp_path / "p"
    course = Piped(["--plain", "--learner", "Ana"], plain_env(progress))
    course.until_prompt()
    course.type("t 1")
    shown = course.type("q")
    assert "You left the quiz before answering anything, so it does not count as started." in shown
    assert "attempt is kept" not in shown
    shown = course.type("l")
    assert "1. Basics of sending work out: not started, quiz not taken." in shown  # as the app: nothing started
    code, _, _ = course.finish(["q"])
    assert code == 0
    assert "basics-quiz" not in _learner(progress, "Ana").get("quizzes", {})


def test_a_name_is_asked_with_the_apps_rules_and_the_learners_here_are_offered(tmp_path):
    progress = tmp_path / "p"
    course = Piped(["--plain"], plain_env(progress))
    course.until_prompt()
    shown = course.type("   ")
    assert shown.startswith("Type your name first, then press Enter.")
    shown = course.type("a/b")
    assert shown.startswith("'a/b' cannot be used as a learner name: it contains the character '/'. A learner name "
                            "has 1 to 64 characters")
    shown = course.type("Ana")
    assert "Hello, Ana." in shown
    assert course.finish(["q"])[0] == 0
    (progress / "Ben").mkdir()
    (progress / ".last-learner").unlink()
    course = Piped(["--plain"], plain_env(progress))
    shown = course.until_prompt()
    assert "Learners on this computer:\n1. Ana\n2. Ben\n" in shown
    shown = course.type("2")
    assert "Hello, Ben." in shown and "Course map of Test course, for Ben." in shown
    assert course.finish(["q"])[0] == 0
    course = Piped(["--plain"], plain_env(progress))
    assert "Course map of Test course, for Ben." in course.until_prompt()  # the last learner, without asking
    assert course.finish([])[0] == 0


def test_a_learner_name_that_cannot_be_used_stops_with_the_reason(tmp_path):
    course = Piped(["--plain", "--learner", "../x"], plain_env(tmp_path / "p"))
    code, out, err = course.finish([])
    assert code == 2 and "course: '../x' cannot be used as a learner name" in err


def test_watch_needs_the_full_screen_app(tmp_path):
    code, _, err = Piped(["--plain", "--watch"], plain_env(tmp_path / "p")).finish([])
    assert code == 2 and "--watch needs the full-screen app" in err


def test_a_copy_of_the_app_given_its_own_driver_is_never_the_plain_mode(monkeypatch):
    """`course serve` starts each browser tab's app over pipes with Textual's web driver: not a plain mode."""
    import io
    import sys

    from course import cli

    monkeypatch.setattr(sys, "stdout", io.StringIO())  # output that is not a terminal
    monkeypatch.delenv("TEXTUAL_DRIVER", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    assert not cli._full_screen_possible()
    monkeypatch.setenv("TEXTUAL_DRIVER", "textual.drivers.web_driver:WebDriver")
    assert cli._full_screen_possible()
