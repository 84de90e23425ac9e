"""GIFT import: the parser on the syntax the fixtures do not cover, and the conversion of each type."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course.content.models import Quiz
from course.importers.gift import GiftSyntaxError, parse_gift
from course.importers.to_quiz import EXPLANATION_PLACEHOLDER, gift_to_quiz, quiz_to_toml
from course.scoring import score
from tests.gift_roundtrip import QUESTION


def one(text: str) -> dict:
    questions = parse_gift(text)
    assert len(questions) == 1, questions
    return questions[0]


def convert(text: str) -> tuple[list[dict], list[str]]:
    result = gift_to_quiz(text, "imported")
    if result.imported:
        Quiz.model_validate(result.quiz)
    return result.quiz["questions"], [str(n) for n in result.notes]


def only(text: str) -> tuple[dict, list[str]]:
    questions, notes = convert(text)
    assert len(questions) == 1, notes
    return questions[0], notes


# --------------------------------------------------------------------------- parser


def test_escapes_and_newline_escape() -> None:
    q = one(r"a\: b\~ c\= d\# e\{ f\} g\\ h\ni \(x\) \[y\]{T}")
    assert q["stem"]["text"] == "a: b~ c= d# e{ f} g\\ h\ni \\(x\\) \\[y\\]"


def test_title_format_and_line_numbers() -> None:
    text = "// a comment\n\n::My title::[html]<p>Hi</p>{T}\n\n\n// c\nSecond{F}\n"
    first, second = parse_gift(text)
    assert (first["title"], first["stem"], first["line"]) == ("My title", {"format": "html", "text": "<p>Hi</p>"}, 3)
    assert (second["title"], second["line"]) == (None, 7)


def test_comment_lines_do_not_end_a_question() -> None:
    q = one("Which?{\n// pick one\n=a\n~b\n}")
    assert [c["text"]["text"] for c in q["choices"]] == ["a", "b"]


def test_weights_feedback_and_global_feedback() -> None:
    q = one("Pick {~%50%a#half ~%-100%b =c ####because}")
    assert q["type"] == "MC"
    assert [c["weight"] for c in q["choices"]] == [50, -100, None]
    assert q["choices"][0]["feedback"] == {"format": "moodle", "text": "half"}
    assert q["globalFeedback"] == {"format": "moodle", "text": "because"}


def test_true_false_feedback_follows_moodle() -> None:
    # Moodle: the first feedback goes to a wrong answer, the second to a right one.
    q = one("Sky is blue {TRUE#wrong: it is#right}")
    assert (q["isTrue"], q["trueFeedback"]["text"], q["falseFeedback"]["text"]) == (True, "right", "wrong: it is")
    q = one("Sky is green {FALSE#wrong#right}")
    assert (q["isTrue"], q["trueFeedback"]["text"], q["falseFeedback"]["text"]) == (False, "wrong", "right")


def test_numeric_forms() -> None:
    assert one("Pi {#3.14:0.01}")["choices"] == {"type": "range", "number": 3.14, "range": 0.01}
    assert one("One to five {#1..5}")["choices"] == {"type": "high-low", "numberLow": 1, "numberHigh": 5}
    multi = one("Five {#=5:0 =%50%4:1#close}")["choices"]
    assert [c["weight"] for c in multi] == [None, 50]
    assert multi[1]["text"] == {"type": "range", "number": 4, "range": 1}


def test_matching_short_essay_description_category() -> None:
    assert one("Match {=a -> 1 =b -> 2 = -> 3}")["matchPairs"][2] == {
        "subquestion": {"format": "moodle", "text": ""},
        "subanswer": "3",
    }
    assert one("Name {=x =%50%y}")["type"] == "Short"
    assert one("Write {}")["type"] == "Essay"
    assert one("Just text")["type"] == "Description"
    assert one("$CATEGORY: top/Unit 1")["title"] == "top/Unit 1"


def test_embedded_answer_keeps_text_after_the_braces() -> None:
    q = one("The {~red =blue} sky.")
    assert (q["stem"]["text"], q["hasEmbeddedAnswers"]) == ("The _____ sky.", True)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("Q {=a ~b", 1),
        ("ok{T}\n\nQ }", 3),
        ("::title without end\nQ{T}", 1),
        ("Q {#abc}", 1),
        ("Q {=a -> 1 =b}", 1),
        ("x\nQ {T} then {F}", 2),
    ],
)
def test_syntax_errors_carry_the_line(text: str, line: int) -> None:
    with pytest.raises(GiftSyntaxError) as info:
        parse_gift(text)
    assert info.value.line == line
    assert f"line {line}:" in str(info.value)


_gift_alphabet = st.sampled_from(list("abc 01.-:~=#{}\\/%[]>\n\tTF") + ["->", "::", "//", "####", "[html]", "\n\n"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_gift_alphabet, max_size=40).map("".join) | st.text(max_size=60))
def test_parser_only_raises_syntax_errors(text: str) -> None:
    try:
        questions = parse_gift(text)
    except GiftSyntaxError as exc:
        assert exc.line >= 1
        return
    # Whatever parses also converts, and what converts validates.
    result = gift_to_quiz(text, "fuzz")
    if result.imported:
        Quiz.model_validate(result.quiz)
        quiz_to_toml(result.quiz)
    assert all(q["line"] >= 1 for q in questions)


# --------------------------------------------------------------------------- conversion


def test_single_choice() -> None:
    q, notes = only("::Capital::Capital of France? {=Paris#Yes ~Lyon ####Paris is the capital.}")
    assert q["id"] == "capital" and q["type"] == "single"
    assert q["options"] == [{"text": "Paris", "correct": True, "feedback": "Yes"}, {"text": "Lyon"}]
    assert q["explanation"] == "Paris is the capital."
    assert notes == []


def test_multiple_choice_from_weights_keeps_moodle_weights() -> None:
    q, notes = only("Continents? {~%50%Asia ~%50%Africa ~%-100%Paris ####Two.}")
    assert q["type"] == "multiple"
    assert [o.get("correct", False) for o in q["options"]] == [True, True, False]
    assert all("weight" not in o for o in q["options"])  # 1/R and -1/W: the course's own default
    assert notes == []
    q, notes = only("Continents? {~%50%Asia ~%50%Africa ~%-100%Paris ~%-100%Rome ####Two.}")
    assert [o["weight"] for o in q["options"]] == [0.5, 0.5, -1, -1]
    assert notes == []
    q, notes = only("Continents? {~%50%Asia ~%50%Africa ~Paris ####Two.}")  # Moodle: no penalty
    assert [o["weight"] for o in q["options"]] == [0.5, 0.5, 0]
    assert notes == []


def test_an_equals_answer_makes_a_one_answer_question_like_moodle() -> None:
    q, notes = only("Seasons? {=spring =summer ~easter ####x}")  # either one is fully right
    assert q["type"] == "single"
    assert [o.get("correct", False) for o in q["options"]] == [True, True, False]
    assert notes == []
    q, notes = only("Which? {~wrong ~%50%half credit =full credit ####x}")
    assert q["type"] == "single"
    assert q["options"] == [{"text": "wrong"}, {"text": "half credit", "weight": 0.5}, {"text": "full credit", "correct": True}]
    assert notes == []
    q, notes = only("Which? {=right ~%-50%costly ####x}")
    assert q["options"] == [{"text": "right", "correct": True}, {"text": "costly"}]
    assert any(n.startswith("line 1:") and "penalty -50% dropped" in n for n in notes)


def test_true_false() -> None:
    q, _ = only("Sky is blue {TRUE#No, look up#Yes ####Rayleigh.}")
    assert (q["type"], q["answer"]) == ("true_false", True)
    assert (q["feedback_true"], q["feedback_false"]) == ("Yes", "No, look up")


def test_short_answer_weights_become_fractions() -> None:
    q, _ = only("Agreement? {=service level agreement =%50%contract#close ####SLA.}")
    assert q["type"] == "short"
    assert q["answers"] == [
        {"text": "service level agreement"},
        {"text": "contract", "weight": 0.5, "feedback": "close"},
    ]
    q, _ = only("Two plus two {=four =4} ####x")
    assert q["answers"] == ["four", "4"]
    q, notes = only("Capital? {=Paris =%0%*#Completely wrong ####x}")  # Moodle's catch-all
    assert q["answers"] == [{"text": "Paris"}, {"text": "*", "wildcard": True, "weight": 0, "feedback": "Completely wrong"}]
    assert notes == []


def test_numeric() -> None:
    q, _ = only("Pi? {#3.14:0.01 ####x}")
    assert (q["answer"], q["tolerance"]) == (3.14, 0.01)
    q, _ = only("One to five {#1..5 ####x}")
    assert (q["min"], q["max"]) == (1, 5)
    q, notes = only("Grant born? {#=1822:0#Yes =%50%1822:2#Close ####x}")
    assert q["answers"] == [
        {"answer": 1822, "tolerance": 0, "feedback": "Yes"},
        {"answer": 1822, "tolerance": 2, "weight": 0.5, "feedback": "Close"},
    ]
    assert notes == []
    q, notes = only("Three? {#3:2 ~#Completely wrong ####x}")
    assert q["answers"] == [{"answer": 3, "tolerance": 2}, {"other": True, "weight": 0, "feedback": "Completely wrong"}]
    assert notes == []


def test_matching_with_distractor() -> None:
    q, _ = only("Capitals {=France -> Paris =Italy -> Rome = -> Lyon ####x}")
    assert q["pairs"] == [{"item": "France", "match": "Paris"}, {"item": "Italy", "match": "Rome"}]
    assert q["distractors"] == ["Lyon"]


def test_skipped_and_ignored_are_noted() -> None:
    questions, notes = convert("$CATEGORY: top\n\nWrite {}\n\nJust text\n\nOk {T ####x}")
    assert len(questions) == 1
    assert any("category" in n for n in notes)
    assert any(n.startswith("line 3:") and "essay" in n for n in notes)
    assert any(n.startswith("line 5:") and "description" in n for n in notes)


def test_missing_explanation_gets_a_placeholder_and_a_warning() -> None:
    q, notes = only("Sky is blue {T}")
    assert q["explanation"] == EXPLANATION_PLACEHOLDER
    assert any("add an explanation" in n for n in notes)


def test_html_is_stripped_and_markdown_kept() -> None:
    q, _ = only("[html]<p>Sky is <b>blue</b>&nbsp;today</p><p>Right?</p>{T ####x}")
    assert q["prompt"] == "Sky is **blue** today\n\nRight?"
    q, _ = only("[markdown]Sky is **blue**{T ####x}")
    assert q["prompt"] == "Sky is **blue**"


def test_html_bold_and_italics_become_markdown() -> None:
    q, notes = only("[html]<strong>Never</strong> <i>move</i> <EM> core </EM>work<b></b>, <b>ever</b>!{T ####<em>x</em>}")
    assert q["prompt"] == "**Never** *move* *core* work, **ever**!"
    assert q["explanation"] == "*x*" and notes == []
    q, _ = only("Two plus two is <b>four</b>{T ####x}")  # Moodle's default format is HTML when it holds tags
    assert q["prompt"] == "Two plus two is **four**"


@pytest.mark.parametrize(
    ("gift", "prompt"),
    [
        ("Two plus two equals {=four}.", "Two plus two equals _____."),
        ("Is it {=yes}, or not?", "Is it _____, or not?"),
        ("The {=blue} sky.", "The _____ sky."),
        ("{=Asia} is the largest continent.", "_____ is the largest continent."),
    ],
)
def test_the_blank_of_an_embedded_answer_takes_no_space_before_punctuation(gift: str, prompt: str) -> None:
    q, _ = only(gift)
    assert q["prompt"] == prompt


def test_ids_are_unique_slugs() -> None:
    questions, _ = convert("::Same::A{T}\n\n::Same::B{T}\n\nC{T}")
    assert [q["id"] for q in questions] == ["same", "same-2", "q3"]


def test_where_moodle_would_take_an_earlier_answer_it_is_said() -> None:
    # Moodle scores the first answer that matches; here the answer worth most counts.
    _, notes = only("Q {=%50%paris* =paris ####x}")
    assert notes == ["line 1: q1: 'paris' also matches the earlier answer 'paris*': Moodle gives 50%, here the answer "
                     "worth most counts (100%)"]
    _, notes = only("Q {#=%50%5:2 =5 ####x}")
    assert notes == ["line 1: q1: 5 matches more than one answer: Moodle takes the first (50%), here the answer worth "
                     "most counts (100%)"]
    _, notes = only("Q {=a =%0%*#no ####x}")
    assert notes == []


def test_html_links_are_kept_as_markdown_links() -> None:
    q, notes = only('[html]See <a href="https://example.org/a?b=1&amp;c=2">the guide</a> and '
                    '<a href="https://example.org">https://example.org</a>.{T ####x}')
    assert q["prompt"] == "See [the guide](https://example.org/a?b=1&c=2) and https://example.org."
    assert notes == []
    q, notes = only('[html]Click <a href="javascript:alert(1)">here</a>.{T ####x}')
    assert q["prompt"] == "Click here."
    assert any("javascript" in n and n.startswith("line 1:") for n in notes)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(_gift_alphabet, max_size=25).map("".join), min_size=1, max_size=5))
def test_a_file_is_never_refused_for_one_question(blocks: list[str]) -> None:
    # Any text imports: what cannot be read is skipped with a warning at its line, the rest is kept.
    good = "Fine? {T ####Because.}"
    text = "\n\n".join([good, *(b.replace("\n\n", "\n") for b in blocks), good])
    result = gift_to_quiz(text, "fuzz")
    assert result.imported >= 2
    Quiz.model_validate(result.quiz)
    skips = [n for n in result.notes if "question skipped" in n.message]
    assert len(skips) == result.skipped
    assert all(n.line >= 1 for n in result.notes)


def test_an_answer_that_scores_differently_than_in_moodle_is_warned_about() -> None:
    """Moodle takes a short answer as written (any case); here punctuation is ignored, and a dash may be a
    space. Spaces between words count in both, so "no one" gets no warning and "Noone" is wrong in both."""
    q, notes = only("Who? {=no one =S.L.A. =%50%e-mail =email ####x}")
    assert notes == [
        "line 1: q1: answer 'S.L.A.' scores differently in Moodle: punctuation is ignored here, so 'SLA' also "
        "earns 100%, which Moodle refuses (it ignores case only)",
        "line 1: q1: answer 'e-mail' scores differently in Moodle: punctuation is ignored here, so 'e mail' also "
        "earns 50%, which Moodle refuses (it ignores case only)",
        "line 1: q1: 'email' also matches the earlier answer 'e-mail': Moodle gives 50%, here the answer worth "
        "most counts (100%)",
    ]
    question = QUESTION.validate_python(q)
    assert score(question, "No one").correct and not score(question, "Noone").correct
