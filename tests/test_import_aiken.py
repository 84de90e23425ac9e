"""`course import aiken`: Moodle's Aiken format. Generated files round-trip to the intended questions; every
kind of bad question is skipped with a warning that names its line, and the rest is imported."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course.cli import main
from course.content import load_course
from course.content.models import Quiz, SingleQuestion
from course.importers.aiken import ANSWER, OPTION, aiken_to_quiz
from course.importers.to_quiz import quiz_to_toml

# --------------------------------------------------------------------------- round trip (property)

_text = (
    st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs")), min_size=1, max_size=40)
    .map(lambda s: " ".join(s.split()))
    .filter(lambda s: bool(s) and not OPTION.match(s) and not ANSWER.match(s))
)


@st.composite
def aiken_questions(draw: st.DrawFn) -> list[tuple[str, list[str], int]]:
    count = draw(st.integers(1, 6))
    questions = []
    for _ in range(count):
        options = draw(st.lists(_text, min_size=2, max_size=8))
        questions.append((draw(_text), options, draw(st.integers(0, len(options) - 1))))
    return questions


def render(questions: list[tuple[str, list[str], int]], draw: st.DrawFn) -> str:
    lines: list[str] = []
    for prompt, options, right in questions:
        lines.append(prompt)
        for i, text in enumerate(options):
            lines.append(f"{chr(ord('A') + i)}{draw(st.sampled_from([')', '.']))} {text}")
        lines.append(f"ANSWER: {chr(ord('A') + right)}")
        if draw(st.booleans()):
            lines.append("")  # the blank line between questions is optional
    newline = draw(st.sampled_from(["\n", "\r\n"]))  # files from Windows too
    return newline.join(lines) + draw(st.sampled_from(["", newline]))


@settings(max_examples=150, deadline=None)
@given(questions=aiken_questions(), data=st.data())
def test_valid_aiken_round_trips_to_the_intended_questions(
    questions: list[tuple[str, list[str], int]], data: st.DataObject
) -> None:
    result = aiken_to_quiz(render(questions, data.draw), "bank")
    assert (result.imported, result.skipped) == (len(questions), 0)
    assert not [n for n in result.notes if "skipped" in n.message]
    quiz = Quiz.model_validate(tomllib.loads(quiz_to_toml(result.quiz, "bank.txt", "Aiken")))
    got = [
        (q.prompt, [o.text for o in q.options], [o.correct for o in q.options].index(True))
        for q in quiz.questions
        if isinstance(q, SingleQuestion)
    ]
    assert got == questions


# --------------------------------------------------------------------------- errors, each at its line

GOOD = "Good question?\nA) yes\nB) no\nANSWER: A\n"


@pytest.mark.parametrize(
    "bad, line, words",
    [
        ("Missing answer?\nA) one\nB) two\n", 8, "missing ANSWER"),  # at the end of the file
        ("Missing answer?\nA) one\nB) two\nNext question?\nA) x\nB) y\nANSWER: B\n", 8, "missing ANSWER"),
        ("Letter not there?\nA) one\nB) two\nANSWER: E\n", 9, "ANSWER: E names no option"),
        ("Only one?\nA) one\nANSWER: A\n", 8, "1 option; a question needs at least two"),
        ("No options?\nANSWER: A\n", 7, "0 options"),
        ("Out of sequence?\nA) one\nC) two\nANSWER: A\n", 8, "options out of sequence: expected B"),
        ("Starts again?\nB) one\nC) two\nANSWER: B\n", 7, "options out of sequence: expected A"),
        ("Empty option?\nA) one\nB)\nANSWER: A\n", 8, "option B has no text"),
    ],
)
def test_each_bad_question_is_skipped_with_its_line_and_the_rest_imported(bad: str, line: int, words: str) -> None:
    text = GOOD + "\n" + bad + "\n" + GOOD.replace("Good", "Also good")
    result = aiken_to_quiz(text, "bank")
    skipped = [n for n in result.notes if "skipped" in n.message]
    assert len(skipped) == 1, result.notes
    assert skipped[0].line == line and words in skipped[0].message, skipped[0]
    assert result.skipped == 1
    prompts = [q["prompt"] for q in result.quiz["questions"]]
    assert prompts[0] == "Good question?" and prompts[-1] == "Also good question?"


@pytest.mark.parametrize("answer", ["B", "B)", "B.", "b)", "ANSWER:B."])
def test_the_answer_letter_may_be_written_as_its_option_is(answer: str) -> None:
    """Moodle reads `ANSWER: B)` and `ANSWER: B.` as B; so does the import."""
    line = answer if answer.startswith("ANSWER") else f"ANSWER: {answer}"
    result = aiken_to_quiz(f"Which?\nA) one\nB) two\nC) three\n{line}\n", "bank")
    assert result.skipped == 0, result.notes
    assert [o.get("correct", False) for o in result.quiz["questions"][0]["options"]] == [False, True, False]


@pytest.mark.parametrize("answer", ["B))", "BC", "B,", "D)"])
def test_other_answer_forms_are_still_refused(answer: str) -> None:
    result = aiken_to_quiz(f"Which?\nA) one\nB) two\nC) three\nANSWER: {answer}\n", "bank")
    assert result.skipped == 1 and f"ANSWER: {answer} names no option" in str(result.notes)


def test_answer_without_a_question_is_noted_and_ignored() -> None:
    result = aiken_to_quiz("ANSWER: A\n\n" + GOOD, "bank")
    assert result.imported == 1
    first = result.notes[0]
    assert (first.line, "without a question" in first.message) == (1, True)


def test_question_text_may_run_over_several_lines() -> None:
    result = aiken_to_quiz("Which of these\nis prime?\nA. 4\nB. 7\nANSWER: B\n", "bank")
    (question,) = result.quiz["questions"]
    assert question["prompt"] == "Which of these is prime?" and question["options"][1]["correct"] is True


# --------------------------------------------------------------------------- the command


def test_cli_imports_warns_with_lines_and_checks_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "bank.txt"
    source.write_text(GOOD + "\nBroken?\nA) one\nANSWER: A\n", encoding="utf-8")
    course = tmp_path / "course"
    out = course / "quizzes" / "bank.toml"
    assert main(["import", "aiken", str(source), "--id", "bank", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert f"{source}:8: warning: question skipped" in err
    assert "1 questions imported, 1 skipped" in err
    assert out.read_text(encoding="utf-8").startswith("# Imported from Aiken (bank.txt) by `course import aiken`.")
    problems = load_course(course).problems
    assert [p for p in problems if p.severity == "error"] == []
    # what is left for the instructor: the explanations Aiken cannot carry, and the lesson the quiz belongs to
    assert {("TODO" in p.message, "`lesson`" in p.message) for p in problems} == {(True, False), (False, True)}
    assert main(["import", "aiken", str(source), "--id", "bank", "--out", str(out)]) == 2  # exists, no --force


def test_cli_exits_1_when_nothing_could_be_imported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "bad.txt"
    source.write_text("Only one?\nA) one\nANSWER: A\n", encoding="utf-8")
    assert main(["import", "aiken", str(source), "--id", "bad"]) == 1
    assert "no question could be imported" in capsys.readouterr().err
