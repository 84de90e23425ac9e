"""Content text on one line in lists: emphasis marks dropped, words and arithmetic kept."""

from course.tui.safe import plain
from course.tui.wording import points, score_of


def test_plain_drops_markdown_emphasis_but_keeps_words_and_symbols():
    assert plain("the word *offshoring* is **key** and _so_ is `this`") == "the word offshoring is key and so is this"
    assert plain("snake_case stays, 2*3 = 6 * 1 stays") == "snake_case stays, 2*3 = 6 * 1 stays"
    assert plain("## A heading\nand a line") == "A heading and a line"


def test_points_agree_with_their_number():
    assert points(1) == "1 point" and points(0.5) == "0.5 points" and points(2) == "2 points"
    assert score_of(0, 1) == "0 of 1 point" and score_of(6, 9) == "6 of 9 points"


def test_scores_show_at_most_two_decimals():
    assert score_of(2 / 3, 1) == "0.67 of 1 point"
    assert score_of(6.416667, 9) == "6.42 of 9 points"
    assert points(0.999999) == "1 point" and points(1.005) == "1 point"  # the noun agrees with what is shown
    assert points(1.5) == "1.5 points" and score_of(0.0000001, 2) == "0 of 2 points"
