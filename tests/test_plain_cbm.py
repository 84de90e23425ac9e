"""Confidence-based marking in `course --plain`: after each typed answer, a typed 1, 2 or 3 says how sure the
learner is (Enter goes back); the feedback, the results and the review say the CBM marks in words."""

from __future__ import annotations

from pathlib import Path

import pytest

from course.progress import ProgressStore
from tests.plain_support import run_typed
from tests.test_tui_cbm import cbm_course

pytestmark = pytest.mark.usefixtures("fixed_seed")


def test_each_answer_asks_how_sure_and_the_results_say_accuracy_and_the_cbm_average(tmp_path: Path) -> None:
    progress = tmp_path / "progress"
    typed = [
        "t 1",
        "1", "3",  # Outsourcing: right, very sure
        "1", "", "1", "x", "2",  # Flexibility only (half right); Enter goes back; x is refused; fairly sure
        "1", "3",  # True: wrong, very sure
        "S", "y", "", "q",
    ]
    shown = run_typed(cbm_course(tmp_path), "Pat", progress, typed)
    quiz = shown[shown.index("Quiz: Basics quiz."):]
    assert "with each answer you say how sure you are, 1, 2 or 3 (confidence-based marking)." in quiz
    assert ("How sure are you? Type 1 for not very sure (right 1, wrong 0), 2 for fairly sure (right 2, wrong "
            "minus 2), 3 for very sure (right 3, wrong minus 6), or Enter to go back: 3\n"
            "Correct: 1 of 1 point.\nCBM mark 3: you were very sure (3).\n") in quiz
    assert "or Enter to go back: \nNot answered. Type your answer again, or n for the next question." in quiz
    assert "or Enter to go back: x\nPlease type 1, 2 or 3, or press Enter to go back to the question." in quiz
    assert "Partly right: 0.5 of 1 point.\nCBM mark 1: you were fairly sure (2).\n" in quiz
    assert ("Not right: 0 of 1 point.\nCBM mark minus 6: you were very sure (3). You were sure of a wrong answer: "
            "worth rereading.\n") in quiz
    results = quiz[quiz.index("Results of Basics quiz"):]
    # Accuracy 1.5 of 7 points; CBM (3 + 1 - 6) / 7 = -0.29.
    assert results.startswith(
        "Results of Basics quiz: not passed. Accuracy 21% (1.5 of 7 points), CBM average minus 0.29; the pass mark "
        "is 70%, on accuracy. 1 answer sure but wrong.\nAccuracy counts right answers; the CBM average, from minus "
        "6 to 3, also weighs how sure you were, so a sure mistake costs most.\n"
    )
    assert ("Question 3, sure, wrong, 0 of 1 point: Offshoring always involves another company.\n"
            "Your answer: True\nCBM mark minus 6: you were very sure (3).\n") in results
    learner = ProgressStore(progress, "tui-course").open("Pat")
    attempt = learner.attempt("basics-quiz", learner.summary.quizzes["basics-quiz"].latest_attempt or "")
    assert attempt is not None
    assert [(a.question, a.certainty) for a in attempt.answers] == [("q-single", 3), ("q-multiple", 2), ("q-tf", 3)]
