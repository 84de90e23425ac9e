"""The review lists options and matching items in the order the learner saw them, and marks each matching
pair right (✓) or wrong (✗, with the right match); the feedback after an answer uses the same order."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import OptionList

from course.content import load_course
from course.scoring import describe_response, describe_right_answer
from course.tui.results.screen import ResultsScreen
from tests.tui_support import choose_in_open_list, make_app, open_long, sync, text_of

LONG = Path(__file__).resolve().parent / "fixtures" / "tui_long_course"
SIZE = (80, 24)
MULTIPLE, MATCHING = 1, 2

pytestmark = pytest.mark.usefixtures("fixed_seed")


def shuffled_course(tmp_path: Path) -> Path:
    """The long-question course with its options and matching items shown shuffled."""
    content = tmp_path / "course"
    shutil.copytree(LONG, content)
    quiz = content / "quizzes" / "cases.toml"
    text = quiz.read_text(encoding="utf-8")
    quiz.write_text(text.replace('feedback = "immediate"\n', 'feedback = "immediate"\nshuffle_options = true\n', 1),
                    encoding="utf-8")
    return content


def lines_after(text: str, label: str) -> list[str]:
    """The bullet lines that follow `label` in a review or feedback text."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(label))
    found = [lines[start][len(label) :].strip()]
    for line in lines[start + 1 :]:
        if not line.startswith("•"):
            break
        found.append(line)
    return [line for line in found if line]


def test_right_answers_follow_the_order_shown_and_matching_pairs_are_marked(tmp_path: Path) -> None:
    course = load_course(LONG)
    multiple, matching = course.quizzes["cases-quiz"].questions[1:3]
    shown_first = describe_right_answer(multiple, option_order=("b", "a", "c"))
    assert shown_first.startswith("Invest in cultural integration") and "; Choose the location" in shown_first
    assert describe_right_answer(multiple).startswith("Choose the location")  # no order: as written
    response = ["Domestic outsourcing", "", "Offshore outsourcing", "Captive offshoring"]
    described = describe_response(matching, response, item_order=(2, 3, 1, 0), marked=True).splitlines()
    assert described == [
        "• A provider abroad runs the call centre → Offshore outsourcing ✓",
        "• The company's own office at home → Captive offshoring ✗ (right: In-house)",
        "• The company's own office abroad → (none) ✗ (right: Captive offshoring)",
        "• A local agency runs the call centre → Domestic outsourcing ✓",
    ]


@sync
async def test_the_review_lists_answers_in_the_order_seen_and_marks_wrong_pairs(tmp_path: Path) -> None:
    app = make_app(tmp_path / "progress", "ana", shuffled_course(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_long(pilot, app, MULTIPLE)
        multiple, matching = screen.session.questions[MULTIPLE], screen.session.questions[MATCHING]
        assert multiple.option_order == ("b", "a", "c") and matching.item_order == (2, 3, 1, 0)
        await pilot.press("space", "a")  # the first option shown (b): partly right
        await pilot.pause()
        right = lines_after(text_of(app, "#feedback"), "Right answer:")
        assert right[0].startswith("Invest in cultural integration"), right  # as shown: A is b, B is a
        await pilot.press("n")
        await pilot.pause()
        await pilot.pause()
        await choose_in_open_list(pilot, app, "Offshore outsourcing")  # item 1 shown: right
        await pilot.press("tab")
        await choose_in_open_list(pilot, app, "Captive offshoring")  # item 2 shown: wrong
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("y")  # two items have no match: answer anyway
        await pilot.pause()
        await pilot.pause()
        await pilot.press("S", "y")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        review = app.screen.query_one("#review", OptionList)

        review.highlighted = MULTIPLE
        await pilot.pause()
        right = lines_after(text_of(app, "#detail-text"), "Right answer:")
        assert right[0].startswith("Invest in cultural integration") and "; Choose the location" in right[0], right

        review.highlighted = MATCHING
        await pilot.pause()
        detail = text_of(app, "#detail-text")
        assert "Your answer: \n• A provider abroad" in detail  # the pairs start on a line of their own
        assert lines_after(detail, "Your answer:") == [
            "• A provider abroad runs the call centre → Offshore outsourcing ✓",
            "• The company's own office at home → Captive offshoring ✗ (right: In-house)",
            "• The company's own office abroad → (none) ✗ (right: Captive offshoring)",
            "• A local agency runs the call centre → (none) ✗ (right: Domestic outsourcing)",
        ]
        assert lines_after(detail, "Right answer:") == [
            "• A provider abroad runs the call centre → Offshore outsourcing",
            "• The company's own office at home → In-house",
            "• The company's own office abroad → Captive offshoring",
            "• A local agency runs the call centre → Domestic outsourcing",
        ]
