"""Every construct of Moodle's GIFT documentation (tests/fixtures/gift-moodle-doc, our own questions):
no file refused, no question silently changed, every loss a warning with its line."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import TypeAdapter

from course.content.models import Question, Quiz
from course.importers.to_quiz import EXPLANATION_PLACEHOLDER, gift_to_quiz
from course.scoring import describe_right_answer, score

BANK = Path(__file__).resolve().parent / "fixtures" / "gift-moodle-doc" / "constructs.gift"
QUESTION = TypeAdapter(Question)


@pytest.fixture(scope="module")
def imported() -> tuple[dict[str, Question], list[str]]:
    result = gift_to_quiz(BANK.read_text(encoding="utf-8"), "moodle-doc")
    Quiz.model_validate(result.quiz)
    questions = {q["id"]: QUESTION.validate_python(q) for q in result.quiz["questions"]}
    return questions, [str(n) for n in result.notes]


def _line(text: str) -> int:
    lines = BANK.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def test_nothing_is_refused_and_every_skip_is_a_warning_with_its_line(imported) -> None:
    questions, notes = imported
    assert len(questions) == 26
    skipped = [n for n in notes if "question skipped" in n]
    assert [int(n.split(":")[0].removeprefix("line ")) for n in skipped] == [
        _line("::Essay::"), _line("This is a description"), _line("::Broken::"),
    ]
    assert "essay" in skipped[0] and "description" in skipped[1] and "cannot be read" in skipped[2]


def test_the_only_other_losses_are_warned_with_their_lines(imported) -> None:
    _, notes = imported
    losses = [n for n in notes if "question skipped" not in n and "no general feedback" not in n]
    assert losses == [
        f"line {_line('$CATEGORY')}: category '$course$/top/Outsourcing' ignored: quiz files have no categories",
        f"line {_line('::Plain choice::')}: choice-feedback: tags basics ignored: quiz files have no tags",
        f"line {_line('::Penalty::')}: penalty: option 'Onshore labour': penalty -50% dropped: a one-answer question "
        "here scores between 0 and its points, so a wrong pick earns 0",
        # Moodle ignores case only; here a dash may also be left out.
        f"line {_line('::Short::')}: short: answer 'service-level agreement' scores differently in Moodle: "
        "punctuation is ignored here, so 'servicelevel agreement' also earns 100%, which Moodle refuses (it ignores "
        "case only)",
        f"line {_line('::Html::')}: html: <img> dropped: images and other media cannot be shown in the terminal",
    ]


def _pick(question: Question, text: str) -> str:
    return next(k for k, o in zip(question.option_keys(), question.options, strict=True) if o.text == text)


def test_ids_titles_feedback_and_missing_word(imported) -> None:
    q, _ = imported
    assert q["choice-feedback"].type == "single"  # `// [id:...]` wins over the title
    assert q["choice-feedback"].explanation == "Outsourcing is about who does the work."
    assert score(q["choice-feedback"], _pick(q["choice-feedback"], "Offshoring")).feedback == [
        "That is about the place, not the company."
    ]
    assert q["q2"].prompt == "The supplier is _____ when a company offshores."
    two = [x for x in q.values() if x.prompt == "Two plus _____ equals four."]
    assert [(x.type, [a.text for a in x.answers]) for x in two] == [("short", ["two", "2"])]
    assert [o.text for o in q["lines"].options] == ["A time zone", "A contract fee", "A holiday"]
    assert "plain-choice" not in q


def test_one_answer_questions_keep_moodle_credit(imported) -> None:
    q, _ = imported
    partial = q["partial"]
    assert partial.type == "single"
    assert score(partial, _pick(partial, "In another region")).score == 0.5
    assert score(partial, _pick(partial, "In the same country")).correct
    assert "In another region" not in describe_right_answer(partial).split(";")[0]
    assert describe_right_answer(partial) == "In the same country; partly right: In another region (50%)"
    either = q["either"]
    assert either.type == "single"
    assert score(either, _pick(either, "domestic")).correct and score(either, _pick(either, "international")).correct
    assert not score(either, _pick(either, "none")).score


def test_checkboxes_keep_moodle_weights(imported) -> None:
    q = imported[0]["checkboxes"]
    assert q.type == "multiple"
    both = [_pick(q, "Currency swings"), _pick(q, "Time zone gaps")]
    assert score(q, both).correct
    assert score(q, both[:1]).score == 0.5
    assert score(q, [both[0], _pick(q, "Lower wages")]).score == 0  # 50% - 100%, never below 0
    assert score(q, [*both, _pick(q, "Lower wages")]).score == 0


def test_true_false_in_all_spellings(imported) -> None:
    q, _ = imported
    assert [q[k].answer for k in ("true-short", "true-long", "true-feedback", "false-long")] == [False, True, True, False]
    assert score(q["true-feedback"], False).feedback == ["No: that is what it is for."]
    assert score(q["false-long"], True).feedback == ["They may be the company's own."]


def test_short_answers_weights_wildcards_and_catch_all(imported) -> None:
    q, _ = imported
    weights = q["short-weights"]
    assert (score(weights, "Service level agreement").score, score(weights, "contract").score) == (1, 0.5)
    other = score(weights, "a handshake")
    assert (other.score, other.feedback) == (0, ["Not that: think of the levels of service."])
    wildcard = q["wildcard"]
    assert score(wildcard, "Bangalore").feedback == [] and score(wildcard, "Bangalore").correct
    assert score(wildcard, "Bandung").correct and score(wildcard, "Bandung").feedback == ["Any Ban... city will do."]
    assert not score(wildcard, "Delhi").score
    assert score(q["short"], "service-level agreement").correct


def test_numbers_ranges_grades_and_wrong_number_feedback(imported) -> None:
    q, _ = imported
    assert score(q["number"], 6).correct and not score(q["number"], 7).score
    assert score(q["range"], 1).correct and score(q["range"], 5).correct and not score(q["range"], 6).score
    grades = q["grades"]
    assert (score(grades, 1981).score, score(grades, 1982).score, score(grades, 1990).score) == (1, 0.5, 0)
    assert score(grades, 1983).feedback == ["Close: within two years."]
    wrong = q["wrong-number"]
    assert score(wrong, 1).correct and score(wrong, 5).correct
    assert (score(wrong, 9).score, score(wrong, 9).feedback) == (0, ["Completely wrong."])


def test_matching_with_an_extra_match(imported) -> None:
    q = imported[0]["matching"]
    assert [p.match for p in q.pairs] == ["Domestic outsourcing", "Captive offshoring", "Offshore outsourcing"]
    assert q.distractors == ["Insourcing"]
    shared = imported[0]["shared-matches"]  # two items may share a match, as in Moodle
    assert [p.match for p in shared.pairs] == ["India", "India", "United States"]
    assert shared.choices() == ["India", "United States"]
    assert score(shared, ["India", "India", "United States"]).correct
    assert score(shared, ["India", "United States", "United States"]).score == round(2 / 3, 6)


def test_formats_links_and_escapes(imported) -> None:
    q, _ = imported
    assert q["html"].prompt == "Read [the SLA guide](https://example.org/sla) first.\n\nWhat does SLA mean?"
    assert q["markdown"].prompt == "Which is **core** work?"
    assert q["plain"].prompt == "Pick the odd one out." and q["moodle"].prompt == "Pick the country word."
    escapes = q["escapes-all"]
    assert escapes.prompt == 'Which sign means "equals"\\?'
    assert [o.text for o in escapes.options] == ["=", "~", "#", "{}", "a:b"]
    assert escapes.explanation == "Line one\nLine two."
    assert all(x.explanation != EXPLANATION_PLACEHOLDER for x in (q["checkboxes"], q["choice-feedback"]))


def test_the_quiz_written_passes_course_check(tmp_path: Path) -> None:
    from course.cli import main
    from course.importers.to_quiz import quiz_to_toml

    result = gift_to_quiz(BANK.read_text(encoding="utf-8"), "moodle-doc")
    (tmp_path / "lessons").mkdir()
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "quizzes" / "moodle-doc.toml").write_text(quiz_to_toml(result.quiz, BANK.name), encoding="utf-8")
    assert main(["check", str(tmp_path)]) == 0
