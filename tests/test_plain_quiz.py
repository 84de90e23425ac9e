"""A quiz with its feedback at the end and two attempts, in `course --plain`: answers saved without a
verdict, results and the review of the missed questions as sentences, practice, and the attempt limit."""

from __future__ import annotations

import io

import pytest

from course.plain import run as run_plain
from course.progress import ProgressStore
from tests.plain_support import Piped, plain_env
from tests.tui_support import FIXTURE

pytestmark = pytest.mark.usefixtures("fixed_seed")


def plain_session(progress, typed: str) -> str:
    out = io.StringIO()
    assert run_plain(str(FIXTURE), "Pat", str(progress), stdin=io.StringIO(typed), stdout=out) == 0
    return out.getvalue()


def test_feedback_at_the_end_results_review_practice_and_the_attempt_limit(tmp_path):
    progress = tmp_path / "progress"
    typed = [
        "t 2", "1", "2", "S",  # True (right), then "Nothing" (wrong); submit
        "m",  # practise the one missed
        "1", "S",  # right this time
        "t",  # a second graded attempt
        "S", "y",  # submitted with nothing answered
        "t",  # no attempt left
        "q",
    ]
    shown = plain_session(progress, "\n".join(typed) + "\n")
    first = shown[shown.index("Quiz: Costs quiz. 2 questions."):]
    assert "The pass mark is 50%, right or wrong is said when you submit, this is attempt 1 of 2." in first
    assert first.count("Answer saved; you can change it until you submit.") >= 2
    assert "Correct:" not in first[: first.index("Results of Costs quiz")]  # no verdict before submitting
    results = first[first.index("Results of Costs quiz"):]
    assert results.startswith("Results of Costs quiz: passed. Score 50% (1 of 2 points); the pass mark is 50%.\n"
                              "1 of 2 questions fully right.\nReview of the 1 question not fully right:\n\n"
                              "Question 2, wrong, 0 of 1 point: Which is a hidden cost?\n"
                              "Your answer: Nothing\nRight answer: Coordination\n"
                              "Why: Coordination takes time and money.\n"
                              "Reread: More on costs, section Hidden costs. Type r 2 to read it.\n")
    practice = results[results.index("Practice round of Costs quiz. 1 question."):]
    assert "This practice round does not count" in practice
    assert "Practice rounds do not count towards your attempts." in practice
    assert "You got every question right." in practice
    second = practice[practice.index("this is attempt 2 of 2."):]
    assert "Questions 1 and 2 are not answered and score 0. Submit anyway?" in second
    assert "Results of Costs quiz: not passed. Score 0% (0 of 2 points)" in second
    assert "Question 1, skipped, 0 of 1 point: Labour costs differ between countries." in second
    assert "Your answer: (skipped)" in second
    assert "You have used all 2 attempts at “Costs quiz”." in second
    learner = ProgressStore(progress, "tui-course").open("Pat")
    state = learner.summary.quizzes["more-quiz"]
    assert state.attempts == 2 and state.practice_attempts == 1 and state.passed and state.best_score == 0.5


def test_a_flag_and_moves_are_saved_and_said(tmp_path):
    progress = tmp_path / "progress"
    shown = plain_session(progress, "t 1\nf\ng 5\np\nr\ng 9\nq\nq\n")
    assert "Question 1 flagged." in shown
    assert "Question 5 of 7, 1 point, put in order." in shown
    assert shown.count("Question 4 of 7, 1 point, matching.") == 2  # p, then r reads it again
    assert "There is no question 9: the questions are 1 to 7." in shown
    learner = ProgressStore(progress, "tui-course").open("Pat")
    attempt = learner.in_progress("basics-quiz")
    assert attempt is not None and attempt.flagged == ["q-single"] and attempt.position == 3
    again = plain_session(progress, "c\nr\nq\nq\n")
    assert "Question 4 of 7, 1 point, matching." in again
    assert "Question 1 of 7, 1 point, one answer, flagged." not in again
    assert "Question 1 of 7, 1 point, one answer, flagged." in plain_session(progress, "c\ng 1\nq\nq\n")


def test_skipping_is_said_as_flagging_is(tmp_path):
    progress = tmp_path / "progress"
    shown = plain_session(progress, "t 2\n1\np\ns\ns\nq\nq\n")
    assert "Question 1 skipped; its answer is kept.\n\nQuestion 2 of 2," in shown  # answered, then skipped past
    assert ("Question 2 skipped; it is left for later, not answered.\n"
            "That was the last question. Not answered yet: question 2.") in shown


def test_a_short_answers_right_answer_is_said_in_one_form(tmp_path):
    course = Piped(["--plain", "--learner", "Ana"], plain_env(tmp_path / "p"))
    course.until_prompt()
    shown = course.type("t 1")
    for _ in range(7):
        if "service levels" in shown.split("Question ")[-2]:
            break
        shown = course.type("s")
    shown = course.type("offshoring")  # the fixture accepts "SLA" and "service level agreement"
    assert shown.startswith("Not right: 0 of 1 point.\nRight answer: SLA\n"), shown
    assert "service level agreement" not in shown.split("Why:")[0]
    code, _, err = course.finish(["q", "q"])
    assert code == 0, err
