"""Spaced review in `course --plain`: the map says how many questions are due, `r` runs a round with typed
answers, each one saved and rescheduled through the engine as in the app's round."""

from __future__ import annotations

import tomllib

from course.review import REVIEW_FILE
from tests.plain_support import Piped, plain_env, right_answer
from tests.review_support import BASICS_RESULTS, learner_with_due_cards


def review_sources(progress) -> dict[str, list[str]]:
    data = tomllib.loads((progress / "Ana" / REVIEW_FILE).read_text(encoding="utf-8"))
    return {key: [r["source"] for r in card["reviews"]] for key, card in data["cards"].items()}


def test_a_review_round_typed_answers_each_saved_and_rescheduled(tmp_path):
    learner_with_due_cards(tmp_path)
    total = len(BASICS_RESULTS)
    course = Piped(["--plain", "--learner", "Ana"], plain_env(tmp_path))
    shown = course.until_prompt()
    assert f"Review: {total} questions due today (limit 20 new, 200 a day). Type r for a review round." in shown
    shown = course.type("r")
    assert f"Review round: {total} questions." in shown
    shown = course.type("?")
    assert "q goes back to the course map" in shown
    for number in range(1, total + 1):
        question = course.seen[course.seen.rindex(f"Review question {number} of {total}, 1 point"):]
        shown = course.type(right_answer(question))
        assert shown.startswith("Correct:"), shown
        assert "Next review: " in shown and "(right)." in shown
    assert f"Round finished: {total} of {total} answered (right {total}, partly right 0, wrong 0)." in shown
    assert "Nothing else is due. The next review is " in shown
    assert "Review: " not in shown[shown.index("Back on the course map of"):]  # nothing due any more: no line
    code, _, err = course.finish(["q"])
    assert code == 0, err
    assert all(sources[-1] == "review" for sources in review_sources(tmp_path).values())


def test_leaving_a_round_keeps_the_answers_given(tmp_path):
    learner_with_due_cards(tmp_path)
    course = Piped(["--plain", "--learner", "Ana"], plain_env(tmp_path))
    course.until_prompt()
    shown = course.type("r")
    shown = course.type(right_answer(shown[shown.index("Review question 1 of"):]))
    shown = course.type("q")
    assert "Round finished: 1 of 7 answered (right 1, partly right 0, wrong 0)." in shown
    assert "6 more questions are due: type r on the map for another round." in shown
    assert "Review: 6 questions due today (limit 20 new, 200 a day)." in shown
    assert course.finish(["q"])[0] == 0
    assert sum(sources[-1] == "review" for sources in review_sources(tmp_path).values()) == 1


def test_nothing_due_says_when_the_next_one_is(tmp_path):
    learner_with_due_cards(tmp_path, days=0)
    course = Piped(["--plain", "--learner", "Ana"], plain_env(tmp_path))
    assert "Review:" not in course.until_prompt()
    shown = course.type("r")
    assert shown.startswith("No review questions are due now. The next is due ")
    assert course.finish(["q"])[0] == 0


def test_the_map_says_the_daily_limit_and_when_the_day_is_done(tmp_path):
    """A course that allows 3 first reviews a day: the map offers 3 of the 7 due, and once they are answered
    it says the day is done; `r` then says so too, instead of a time."""
    import shutil

    from tests.review_support import FIXTURE

    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    toml = content / "course.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "\n[review]\nnew_per_day = 3\n", encoding="utf-8")
    learner_with_due_cards(tmp_path / "progress", content)
    course = Piped(["--plain", "--learner", "Ana"], plain_env(tmp_path / "progress", COURSE_CONTENT_DIR=str(content)))
    shown = course.until_prompt()
    assert "Review: 3 questions due today (limit 3 new, 200 a day). Type r for a review round." in shown
    shown = course.type("r")
    assert "Review round: 3 questions." in shown
    for number in range(1, 4):
        question = course.seen[course.seen.rindex(f"Review question {number} of 3, 1 point"):]
        shown = course.type(right_answer(question))
    assert "That is all for today (limit 3 new, 200 a day): 4 more questions come on later days." in shown
    assert "Review: done for today (limit 3 new, 200 a day); 4 more on later days." in shown
    shown = course.type("r")
    assert shown.startswith("That is all for today (limit 3 new, 200 a day): 4 more questions come on later days.")
    assert course.finish(["q"])[0] == 0
