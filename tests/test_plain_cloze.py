"""A cloze question in `course --plain`: the passage once with its gaps named, then each gap asked in turn
(a choice gap lists its choices), the whole answer read back with a chance to change any gap before it is
given, and feedback gap by gap, in a quiz and in a review round; the one-line form (gaps separated by |)
still answers at once."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from course.content import load_course
from course.progress import Answer, ProgressStore
from course.scoring import score
from tests.plain_support import run_typed
from tests.qtypes.contract import FIXTURES
from tests.review_support import open_learner, take_quiz

pytestmark = pytest.mark.usefixtures("fixed_seed")

LESSON = '+++\nid = "one"\ntitle = "One"\norder = 1\nsummary = "A lesson."\nobjectives = ["Fill in gaps"]\n' \
         'quiz = "cloze-fixture"\n+++\n\n## Only\n\nText.\n'


def cloze_course(root: Path, feedback: str) -> Path:
    """A one-lesson course whose quiz is the cloze fixture (gaps: words "another company" or "a vendor";
    a choice, a. "another country" or b. "another floor"; a number, 40 give or take 5, weighing 2)."""
    (root / "lessons").mkdir(parents=True)
    (root / "quizzes").mkdir()
    (root / "course.toml").write_text('id = "cloze-course"\ntitle = "Cloze course"\n', encoding="utf-8")
    (root / "lessons" / "one.md").write_text(LESSON, encoding="utf-8")
    quiz = (FIXTURES / "cloze.toml").read_text(encoding="utf-8")
    head = f'lesson = "one"\nfeedback = "{feedback}"\n'
    (root / "quizzes" / "cloze.toml").write_text(quiz.replace("[[questions]]", head + "\n[[questions]]", 1),
                                                 encoding="utf-8")
    return root


def plain_session(tmp_path: Path, feedback: str, typed: list[str]) -> str:
    return run_typed(cloze_course(tmp_path / "content", feedback), "Pat", tmp_path / "progress", typed)


def saved_answer(tmp_path: Path) -> dict[str, object]:
    folder = tmp_path / "progress" / "Pat" / "attempts" / "cloze-fixture"
    attempt = tomllib.loads(next(folder.glob("*.toml")).read_text(encoding="utf-8"))
    answers = attempt["answers"]
    assert len(answers) == 1
    return answers[0]


def test_a_cloze_is_answered_gap_by_gap_a_gap_changed_before_it_is_given_and_scored_per_gap(tmp_path):
    shown = plain_session(tmp_path, "immediate", [
        "t 1",
        "a vendor",  # gap 1, at the question's own prompt
        "c",  # gap 2: no such option, asked again
        "b",  # gap 2: another floor (wrong)
        "",  # gap 3 left empty
        "3", "41",  # read back, gap 3 typed again: within 40 ± 5
        "y",
        "q", "q",
    ])
    question = shown[shown.index("Question 1 of 1, 1 point, fill in the gaps."):]
    assert ("Outsourcing moves work to [gap 1]; offshoring moves it to [gap 2], saving about [gap 3] percent.\n"
            "The 3 gaps are asked one at a time:") in question
    assert "Question 1 of 1, gap 1 of 3, words (? for help): a vendor\n" in question
    assert ("Gap 2 of 3, one of:\na. another country\nb. another floor\n"
            "Gap 2 of 3, a letter from a to b (? for help): c\n"
            "Gap 2: there is no option c; type a letter from a to b.\n"
            "Gap 2 of 3, a letter from a to b (? for help): b\n"
            "Gap 3 of 3, a number (? for help): \n") in question
    assert ("Your answer: Outsourcing moves work to [a vendor]; offshoring moves it to [another floor], saving "
            "about [empty] percent.\n1 gap is empty and scores 0. Answer anyway? Type y for yes, a gap's number from "
            "1 to 3 to change it, or n to leave the question unanswered: 3\n") in question
    assert question.count("Gap 3 of 3, a number (? for help):") == 2
    assert "saving about [41] percent.\nGive this answer? Type y for yes" in question
    feedback = question[question.index("Give this answer?"):]
    assert ("Partly right: 0.75 of 1 point.\n"  # gaps 1 and 3 right, weighing 1 and 2 of 4
            "Gap 1: a vendor, right.\n"
            "Gap 2: another floor, wrong; right: another country.\n"
            "Gap 3: 41, right.\n"
            "A vendor is another company.\n"
            "Right answer: Outsourcing moves work to [another company]; offshoring moves it to [another country], "
            "saving about [40 (± 5)] percent.\n") in feedback
    answer = saved_answer(tmp_path)
    assert answer["response"] == ["a vendor", "b", "41"] and answer["score"] == pytest.approx(0.75)


def test_n_at_the_read_back_leaves_the_question_unanswered_and_commands_work_at_the_first_gap(tmp_path):
    shown = plain_session(tmp_path, "immediate", ["t 1", "x", "a", "1", "n", "?", "f", "q", "q"])
    assert "Not answered. The question asks its first gap again.\nQuestion 1 of 1, gap 1 of 3, words" in shown
    assert "- fill in the gaps: each gap when it is asked (Enter leaves it empty)" in shown  # ? there: the quiz help
    assert "Question 1 flagged." in shown
    attempt = ProgressStore(tmp_path / "progress", "cloze-course").open("Pat").in_progress("cloze-fixture")
    assert attempt is not None and attempt.flagged == ["who-where"]
    assert [a.response for a in attempt.answers if a.response is not None] == []


def test_every_gap_on_one_line_still_answers_at_once_and_the_review_goes_gap_by_gap(tmp_path):
    shown = plain_session(tmp_path, "end", ["t 1", "another company | b | 12", "S", "", "q"])
    assert "Answer saved; you can change it until you submit." in shown
    review = shown[shown.index("Review of the 1 question not fully right:"):]
    assert ("Question 1, partly right, 0.25 of 1 point: Fill in the gaps.\n"
            "Gap 1: another company, right.\n"
            "Gap 2: another floor, wrong; right: another country.\n"
            "Gap 3: 12, wrong; right: 40 (± 5).\n"
            "Right answer: Outsourcing moves work to [another company]; offshoring moves it to [another country], "
            "saving about [40 (± 5)] percent.\n") in review
    assert saved_answer(tmp_path)["response"] == ["another company", "b", "12"]
    learner = ProgressStore(tmp_path / "progress", "cloze-course").open("Pat")
    assert learner.summary.quizzes["cloze-fixture"].best_score == pytest.approx(0.25)


def test_a_review_round_asks_a_cloze_gap_by_gap_too(tmp_path):
    content = cloze_course(tmp_path / "content", "immediate")
    course = load_course(content)
    learner = open_learner(tmp_path / "progress", course, "Pat")
    take_quiz(learner, course, "cloze-fixture", {}, datetime.now(UTC) - timedelta(days=3), finish=False)
    attempt = learner.in_progress("cloze-fixture")
    assert attempt is not None
    wrong = ["zzz", "b", "1"]
    marked = score(course.quizzes["cloze-fixture"].questions[0], wrong)
    attempt = learner.record_answer(attempt, Answer(question="who-where", response=wrong, score=marked.score,
                                                    points=marked.points, correct=False,
                                                    answered_at=datetime.now(UTC) - timedelta(days=3)))
    learner.finish_attempt(attempt, 0.0, 1.0, False)
    shown = run_typed(content, "Pat", tmp_path / "progress", ["r", "another company", "a", "40", "y", "q"])
    round_ = shown[shown.index("Review round: 1 question."):]
    assert "Review question 1 of 1, gap 1 of 3, words (? for help): another company\nGap 2 of 3, one of:" in round_
    assert ("Give this answer? Type y for yes, a gap's number from 1 to 3 to change it, or n to leave the question "
            "unanswered: y\nCorrect: 1 of 1 point.\nGap 1: another company, right.\nGap 2: another country, right.\n"
            "Gap 3: 40, right.\n") in round_
    assert "Round finished: 1 of 1 answered (right 1, partly right 0, wrong 0)." in round_
