"""`cloze`: a passage with gaps, each a short answer, a number or a choice, scored gap by gap with Moodle's
weighted partial credit; checked, typed in plain mode, said in xAPI, left out of GIFT and answered in the app."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.widgets import Input, Select

from course.content import load_course
from course.content.leaks import quiz_leaks
from course.content.loader import check_quiz_data
from course.content.models import Quiz
from course.content.schema import quiz_schema
from course.exporters.gift import quiz_to_gift
from course.qtypes import type_of
from course.qtypes.base import Refused, Response, Shown
from course.qtypes.cloze import ClozeQuestion
from course.scoring import describe_response, describe_right_answer, right_response, score
from course.tui.quiz.answers import AnswerInput
from course.tui.quiz.confirm import ConfirmAnswer
from course.xapi.statements import correct_patterns, response_text
from tests.answers import option_keys_as_written
from tests.conftest import ROOT
from tests.qtypes.contract import FIXTURES, fixture_questions, xapi_statement
from tests.test_xapi_statements import RULES
from tests.tui_support import SIZE, make_app, sync

QUESTION = fixture_questions("cloze")[0]  # short "another company" | choice "another country" | numeric 40 ± 5, weight 2
CLOZE = type_of(QUESTION)


def _quiz(table: str) -> dict[str, object]:
    return tomllib.loads(f'id = "q"\ntitle = "Q"\n[[questions]]\nid = "c"\ntype = "cloze"\nprompt = "Fill in."\n'
                         f'explanation = "E."\n{table}')


# -- scoring ---------------------------------------------------------------------------------------------


def test_every_gap_right_earns_full_points():
    assert right_response(QUESTION) == ["another company", "a", "40"]
    assert score(QUESTION, ["another company", "a", "40"]).correct


@pytest.mark.parametrize(("response", "fraction"), [
    (["another company", "a", "0"], 0.5),  # 1 + 1 of 4: the number gap weighs 2
    (["", "", "41"], 0.5),  # within the tolerance of 5
    (["another company", "b", "46"], 0.25),
    (["zzz", "b", "0"], 0.0),
    (["", "", ""], 0.0),
])
def test_the_question_earns_the_weighted_share_of_its_gaps(response, fraction):
    assert score(QUESTION, response).fraction == pytest.approx(fraction, abs=1e-5)
    assert not score(QUESTION, response).correct


@pytest.mark.parametrize("typed", ["Another Company", "the another company", "another companies", " another  company! "])
def test_a_short_gap_is_matched_as_a_short_answer_is(typed):
    assert score(QUESTION, [typed, "a", "40"]).correct


def test_a_short_gap_gives_its_answers_feedback_and_a_choice_gap_its_options():
    question = Quiz.model_validate(_quiz(
        'text = "{{1}} {{2}}"\n[[questions.gaps]]\nkind = "short"\nanswers = ["x", {text = "y", weight = 0.5, '
        'feedback = "Half."}]\n[[questions.gaps]]\nkind = "choice"\noptions = [{text = "a", correct = true}, '
        '{text = "b", weight = 0.5, feedback = "Nearly."}]\n')).questions[0]
    marked = score(question, ["y", "b"])
    assert marked.fraction == pytest.approx(0.5, abs=1e-5)
    assert marked.feedback == ["Half.", "Nearly."]


@pytest.mark.parametrize("response", [None, "another company", 40, True, [1, 2, 3], ["another company"]])
def test_a_response_of_another_shape_scores_what_its_gaps_earn_and_never_raises(response):
    marked = score(QUESTION, response)
    assert 0 <= marked.score <= QUESTION.points


@given(st.lists(st.booleans(), min_size=3, max_size=3))
def test_the_fraction_is_the_weighted_share_of_the_gaps_right(right):
    response = [("another company" if right[0] else "zzz"), ("a" if right[1] else "b"), ("40" if right[2] else "99")]
    share = (right[0] + right[1] + 2 * right[2]) / 4
    assert score(QUESTION, response).fraction == pytest.approx(share, abs=1e-5)


def test_a_random_guess_earns_the_choice_gaps_share():
    assert CLOZE.guess_score(QUESTION) == pytest.approx(0.5 * 1 / 4)


# -- words -----------------------------------------------------------------------------------------------


def test_the_review_fills_the_passage_and_marks_each_gap():
    said = describe_response(QUESTION, ["a vendor", "b", "12"], marked=True)
    assert said.startswith("Outsourcing moves work to [a vendor ✓]; offshoring moves it to [another floor ✗ (right: "
                           "another country)]")
    assert "[12 ✗ (right: 40 (± 5))]" in said
    assert describe_right_answer(QUESTION) == (
        "Outsourcing moves work to [another company / a vendor]; offshoring moves it to [another country], "
        "saving about [40 (± 5)] percent.")
    assert "(wrong; right: another country)" in CLOZE.in_words(said)
    blank = describe_response(QUESTION, ["", "b", "12"], marked=True)
    assert CLOZE.in_words(blank).startswith("Outsourcing moves work to [empty (wrong; right: another company / a vendor)]")


# -- checking --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "where", "words"), [
    ('text = "{{1}} and {{3}}"', ["questions", 0, "text"], "gap {{3}} has no [[questions.gaps]] table"),
    ('text = "{{1}} and {{1}}"', ["questions", 0, "text"], "gap {{1}} is in the passage 2 times"),
    ('text = "{{2}} and {{1}}"', ["questions", 0, "text"], "number the gaps in reading order"),
    ('text = "only {{1}}"', ["questions", 0, "gaps", 1], "the passage has no {{2}} for this gap"),
])
def test_gap_numbering_errors_name_the_field(text, where, words):
    data = _quiz(f'{text}\n[[questions.gaps]]\nkind = "short"\nanswers = ["x"]\n[[questions.gaps]]\nkind = "numeric"\n'
                 'answer = 1\n')
    quiz, found = check_quiz_data(data)
    assert quiz is None
    assert any(loc == where and words in message for loc, message in found), found


def test_a_gap_with_the_keys_of_another_kind_is_refused():
    _, found = check_quiz_data(_quiz('text = "{{1}}"\n[[questions.gaps]]\nkind = "numeric"\nanswer = 1\n'
                                     'options = [{text = "a", correct = true}, {text = "b"}]\n'))
    assert any("a numeric gap takes `answer`, not `options`" in message for _, message in found), found


def test_course_check_gives_the_file_and_line_of_a_numbering_error(tmp_path):
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "course.toml").write_text('id = "c"\ntitle = "C"\n', encoding="utf-8")
    (tmp_path / "quizzes" / "q.toml").write_text(
        'id = "q"\ntitle = "Q"\n\n[[questions]]\nid = "c"\ntype = "cloze"\nprompt = "Fill in."\n'
        'text = "A {{1}} and {{2}}."\nexplanation = "E."\n\n[[questions.gaps]]\nkind = "short"\nanswers = ["x"]\n',
        encoding="utf-8")
    errors = [p for p in load_course(tmp_path).problems if p.is_error]
    assert [(p.file, p.line, p.field) for p in errors] == [("quizzes/q.toml", 8, "questions[0].text")]


def test_the_schema_takes_a_cloze_quiz():
    data = tomllib.loads((FIXTURES / "cloze.toml").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(quiz_schema()).validate(data)
    broken = {**data, "questions": [{**data["questions"][0], "gaps": [{"kind": "essay"}]}]}
    assert list(jsonschema.Draft202012Validator(quiz_schema()).iter_errors(broken))


def _leaks_with(sibling: dict[str, object], **cloze: object) -> list[tuple[str, str, str, str]]:
    """The answers printed in another question, in a quiz of the fixture's cloze (with `cloze`'s fields
    changed) and `sibling`: (whose answer, the answer, where printed, in which part)."""
    quiz = Quiz.model_validate({"id": "q", "title": "Q", "questions": [
        {**QUESTION.model_dump(mode="json", exclude_unset=True), **cloze},
        {"id": "sibling", "prompt": "Which one?", "explanation": "So.", **sibling},
    ]})
    return [(leak.question.id, leak.term, leak.where.id, leak.part) for leak in quiz_leaks(quiz)]


def test_a_short_gap_s_answer_printed_in_another_question_is_an_answer_in_a_sibling():
    sibling = {"type": "true_false", "prompt": "A vendor is another company that does the work.", "answer": True}
    assert _leaks_with(sibling) == [("who-where", "another company", "sibling", "prompt")]
    assert _leaks_with(sibling, lint_ok=["answer-in-sibling"], lint_reason="On purpose.") == []


def test_a_choice_gap_leaks_only_when_its_right_option_alone_is_printed():
    right_only = {"type": "true_false", "prompt": "Offshoring moves work to another country.", "answer": True}
    both = {"type": "true_false", "prompt": "Not another floor: another country.", "answer": True}
    assert _leaks_with(right_only) == [("who-where", "another country", "sibling", "prompt")]
    assert _leaks_with(both) == []


def test_the_passage_is_where_another_question_s_answer_can_be_printed():
    sibling = {"type": "short", "prompt": "Who does outsourced work?", "answers": ["a contractor"]}
    assert _leaks_with(sibling) == []
    printing = "Work done by a contractor moves to {{1}} or to {{2}}, saving {{3}} percent."
    assert _leaks_with(sibling, text=printing) == [("sibling", "a contractor", "who-where", "passage")]


# -- plain mode ------------------------------------------------------------------------------------------


def test_plain_mode_shows_the_passage_and_asks_each_gap_in_turn():
    lines = CLOZE.plain_lines(QUESTION, Shown())
    assert lines == [("", "Outsourcing moves work to [gap 1]; offshoring moves it to [gap 2], saving about [gap 3] "
                          "percent.")]
    parts = CLOZE.plain_parts(QUESTION, Shown())
    assert [(p.name, p.asks) for p in parts] == [
        ("gap 1 of 3", "words"), ("gap 2 of 3", "a letter from a to b"), ("gap 3 of 3", "a number")]
    assert parts[1].lines == (("a.", "another country"), ("b.", "another floor"))
    assert CLOZE.parse_part(QUESTION, Shown(), 1, " B ") == "b"
    assert CLOZE.parse_part(QUESTION, Shown(), 0, "") == ""  # left empty
    refused = CLOZE.parse_part(QUESTION, Shown(), 2, "8,5")
    assert isinstance(refused, Refused) and refused.message.startswith("Gap 3: “8,5” has a comma")
    assert CLOZE.from_parts(QUESTION, Shown(), ["x", "", "1"]) == ["x", "", "1"]
    assert isinstance(CLOZE.from_parts(QUESTION, Shown(), ["", "", ""]), Refused)


def test_plain_mode_says_each_gap_right_or_wrong_with_one_right_form():
    assert CLOZE.part_verdicts(QUESTION, Shown(), ["a vendor", "b", ""]) == [
        "Gap 1: a vendor, right.",
        "Gap 2: another floor, wrong; right: another country.",
        "Gap 3: left empty; right: 40 (± 5).",
    ]
    assert CLOZE.brief_right_answer(QUESTION, Shown()) == (
        "Outsourcing moves work to [another company]; offshoring moves it to [another country], saving about "
        "[40 (± 5)] percent.")


def test_plain_mode_reads_the_gaps_typed_in_order():
    assert CLOZE.parse(QUESTION, Shown(), "a vendor | A | 38") == ["a vendor", "a", "38"]
    assert CLOZE.parse(QUESTION, Shown(), " | b | ") == ["", "b", ""]
    assert CLOZE.typed_form(QUESTION, Shown(), ["a vendor", "a", "38"]) == "a vendor | a | 38"


@pytest.mark.parametrize(("typed", "words"), [
    ("a vendor | a", "That is 2 gaps; the passage has 3: type the 3 gaps in order, separated by |"),
    ("x | c | 1", "Gap 2: there is no option c"),
    ("x | a | 8,5", "Gap 3: “8,5” has a comma"),
    (" |  | ", "Every gap is empty"),
])
def test_plain_mode_refuses_what_is_not_an_answer_and_says_why(typed, words):
    refused = CLOZE.parse(QUESTION, Shown(), typed)
    assert isinstance(refused, Refused) and words in refused.message


def test_plain_mode_asks_before_taking_empty_gaps():
    assert CLOZE.unanswered_doubt(QUESTION, ["x", "", ""]) == "2 gaps are empty and score 0. Answer anyway?"
    assert CLOZE.unanswered_doubt(QUESTION, ["x", "a", "1"]) is None


# -- xAPI and GIFT ---------------------------------------------------------------------------------------


def test_xapi_says_a_cloze_as_a_fill_in_with_one_response_a_gap():
    assert correct_patterns(QUESTION) == ["another company[,]a[,]40"]
    assert response_text(QUESTION, ["a vendor", "", "38.0"]) == "a vendor[,][,]38"
    assert response_text(QUESTION, ["", "", ""]) is None
    for response in (["another company", "a", "40"], ["zzz", "b", "1"]):
        statement = xapi_statement(QUESTION, response)
        assert statement["object"]["definition"]["interactionType"] == "fill-in"
        assert [broken for rule in RULES for broken in rule(statement)] == []


def test_gift_leaves_a_cloze_out_with_one_note():
    quiz = Quiz.model_validate(tomllib.loads((FIXTURES / "cloze.toml").read_text(encoding="utf-8")))
    export = quiz_to_gift(quiz)
    assert (export.exported, export.skipped) == (0, 1)
    assert [str(n) for n in export.notes] == [
        "cloze-fixture who-where: question left out: cloze questions have no GIFT form (GIFT has no embedded answers)"
    ]


# -- the app ---------------------------------------------------------------------------------------------


async def _open_cloze(pilot, app, quiz: str):
    """The quiz screen of `quiz`, on its cloze question, and that question's index."""
    await pilot.pause()
    app.open_quiz(quiz)
    await pilot.pause()
    screen = app.screen
    index = next(i for i, p in enumerate(screen.session.questions) if isinstance(p.question, ClozeQuestion))
    screen.show_question(index)
    await pilot.pause()
    return screen, index


@sync
async def test_the_app_shows_a_box_a_typed_gap_and_a_list_a_choice_gap(tmp_path: Path) -> None:
    app = make_app(tmp_path / "progress", "ana", content=ROOT)
    async with app.run_test(size=SIZE) as pilot:
        screen, _ = await _open_cloze(pilot, app, "summary-quiz")  # who | where | captive offshoring (a list)
        gaps = [screen.widget.query_one(f"#gap-{i}") for i in range(3)]
        assert [type(gap) for gap in gaps] == [AnswerInput, AnswerInput, Select]


@sync
async def test_tab_moves_from_gap_to_gap_and_enter_answers(tmp_path: Path) -> None:
    app = make_app(tmp_path / "progress", "ana", content=ROOT)
    async with app.run_test(size=SIZE) as pilot:
        screen, index = await _open_cloze(pilot, app, "cost-quiz")  # fixed | variable | 12
        widget = screen.widget
        screen.set_focus(widget.query_one("#gap-0", Input))
        await pilot.press(*"fixed", "tab", *"variable", "tab")
        await pilot.pause()
        assert app.focused is widget.query_one("#gap-2", Input)
        await pilot.press("1", "2", "enter")
        await pilot.pause()
        answer = screen.session.attempt.answer_for(screen.session.questions[index].key)
        assert answer is not None and answer.response == ["fixed", "variable", "12"] and answer.correct


@pytest.mark.parametrize("ask", [["enter"], ["escape", "a"]], ids=["enter-in-the-gap", "a-after-leaving-it"])
@sync
async def test_after_keep_answering_the_learner_is_back_in_the_gap_they_were_on(tmp_path: Path, ask) -> None:
    app = make_app(tmp_path / "progress", "ana", content=ROOT)
    async with app.run_test(size=SIZE) as pilot:
        screen, _ = await _open_cloze(pilot, app, "cost-quiz")  # three typed gaps
        widget = screen.widget
        screen.set_focus(widget.query_one("#gap-0", Input))
        await pilot.press(*"fixed", "tab", *ask)  # on the second gap, answer with two gaps empty
        await pilot.pause()
        assert isinstance(app.screen, ConfirmAnswer)
        await pilot.press("n")  # keep answering
        await pilot.pause()
        assert app.focused is widget.query_one("#gap-1", Input)
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is widget.query_one("#gap-2", Input)


# -- a right and a wrong answer, worked out from the quiz file (tests.answers: for tests that walk whole quizzes)


def right_as_written(data: dict[str, Any]) -> Response:
    """One answer a gap: the text, the number, or the right option's key."""
    return [_right_gap(gap) for gap in data["gaps"]]


def _right_gap(gap: dict[str, Any]) -> str:
    if gap["kind"] == "short":
        return next(a if isinstance(a, str) else a["text"] for a in gap["answers"]
                    if isinstance(a, str) or a.get("weight", 1) >= 1)
    if gap["kind"] == "numeric":
        return f"{gap['answer']:g}"
    return next(k for k, correct in option_keys_as_written(gap) if correct)


def wrong_as_written(data: dict[str, Any]) -> Response:
    """Every gap wrong: words no answer has, a number far off, a choice worth nothing."""
    return [
        "zzzz qqqq xxxx" if gap["kind"] == "short"
        else f"{gap['answer'] + gap.get('tolerance', 0) + 1000:g}" if gap["kind"] == "numeric"
        else next(k for (k, correct), o in zip(option_keys_as_written(gap), gap["options"], strict=True)
                  if not correct and not o.get("weight"))
        for gap in data["gaps"]
    ]
