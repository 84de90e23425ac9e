"""The course map of `course --plain` as the app's: switching learner (`s`), rereading the section of a missed
question from the results (`r 3`), and a short map after a lesson or a quiz, the whole list on `l`."""

from __future__ import annotations

import io

import pytest

from course.plain import run as run_plain
from course.progress import ProgressStore, read_last_learner
from tests.plain_support import Piped, plain_env
from tests.tui_support import FIXTURE

pytestmark = pytest.mark.usefixtures("fixed_seed")

MODULE_LINE = "1. Basics of sending work out: "


def plain_session(progress, typed: list[str], learner: str = "Pat") -> str:
    out = io.StringIO()
    code = run_plain(str(FIXTURE), learner, str(progress), stdin=io.StringIO("".join(f"{t}\n" for t in typed)),
                     stdout=out)
    assert code == 0, out.getvalue()
    return out.getvalue()


def test_s_switches_learner_or_adds_one_with_the_apps_name_rules(tmp_path):
    progress = tmp_path / "p"
    course = Piped(["--plain", "--learner", "Ana"], plain_env(progress))
    course.until_prompt()
    shown = course.type("s")
    assert "Learners on this computer:\n1. Ana (current learner)\n" in shown
    assert shown.rstrip().endswith("a new name to add a learner, or Enter to stay Ana:")
    shown = course.type("?")
    assert "Enter keeps Ana as the learner." in shown
    shown = course.type("a/b")  # the engine's rules and words, as the app's welcome screen says them
    assert shown.startswith("'a/b' cannot be used as a learner name: it contains the character '/'.")
    shown = course.type("Ben")
    assert "Hello, Ben." in shown
    assert "Course map of Test course, for Ben." in shown and MODULE_LINE in shown  # a new learner: the whole map
    shown = course.type("1")  # Ben reads a section: his progress, not Ana's
    assert "Lesson 1 of 2: Basics of sending work out." in shown
    course.type("b")
    shown = course.type("s")
    assert "1. Ana\n2. Ben (current learner)\n" in shown
    shown = course.type("1")
    assert "Hello, Ana." in shown and "Course map of Test course, for Ana." in shown
    assert f"{MODULE_LINE}not started, quiz not taken." in shown
    shown = course.type("s")
    shown = course.type("")
    assert shown.startswith("Still learning as Ana.")
    shown = course.type("s")
    shown = course.type("1")  # choosing the current learner changes nothing
    assert shown.startswith("Still learning as Ana.") and "Hello" not in shown
    code, _, err = course.finish(["q"])
    assert code == 0, err
    assert read_last_learner(progress) == "Ana"  # the next `course`, in either mode, opens Ana
    ben = ProgressStore(progress, "tui-course").open("Ben").summary
    ana = ProgressStore(progress, "tui-course").open("Ana").summary
    assert "basics" in ben.lessons and "basics" not in ana.lessons


def test_r_rereads_the_section_of_a_missed_question_and_b_comes_back_to_the_results(tmp_path):
    progress = tmp_path / "p"
    shown = plain_session(progress, [
        "t 2", "1", "2", "S",  # question 1 right, question 2 ("Which is a hidden cost?") wrong
        "r 1",  # right, so not offered
        "r 2",  # its section
        "b",  # back to the results
        "?",
        "",  # then the course map
        "q",
    ])
    results = shown[shown.index("Results of Costs quiz"):]
    assert "Reread: More on costs, section Hidden costs. Type r 2 to read it." in results
    assert "Type r and a question's number to reread its section (r 2), t to try again," in results
    assert "Question 1 has no section to reread here. Type r 2." in results
    lesson = results[results.index("Lesson 2 of 2: More on costs."):]
    assert lesson.split("\n")[2] == "Section 2 of 2: Hidden costs"
    assert "End of the lesson: t for the quiz, b for the results, a number to read a section again" in lesson
    back = lesson[lesson.index("Back to the results of Costs quiz: 1 of 2 points."):]
    assert "- r and a question's number (for example: r 3) rereads the lesson section" in back
    assert "Back on the course map of Test course, for Pat." in back
    learner = ProgressStore(progress, "tui-course").open("Pat")
    assert learner.summary.lessons["more"].section == "hidden-costs"


def test_t_in_a_reread_lesson_takes_its_quiz_and_then_goes_on_to_the_map(tmp_path):
    progress = tmp_path / "p"
    shown = plain_session(progress, ["t 2", "1", "2", "S", "r 2", "t", "1", "1", "S", "", "q"])
    second = shown[shown.index("this is attempt 2 of 2."):]
    assert "Results of Costs quiz: passed. Score 100%" in second
    after = second[second.index("Results of Costs quiz"):]
    assert "Back to the results" not in after and "(r 2)" not in after  # not back to the old results:
    assert "or Enter for the course map: \n\nBack on the course map of Test course, for Pat." in after  # the map
    assert ProgressStore(progress, "tui-course").open("Pat").summary.quizzes["more-quiz"].attempts == 2


def test_back_from_a_lesson_the_map_says_progress_and_next_step_and_l_lists_the_modules(tmp_path):
    progress = tmp_path / "p"
    shown = plain_session(progress, ["1", "b", "", "2", "b", "l", "?", "q"])
    opening = shown[: shown.index("Lesson 1 of 2")]
    assert f"{MODULE_LINE}not started, quiz not taken." in opening  # the first map: every module
    back = shown[shown.index("Lesson 1 of 2"):shown.index("Lesson 2 of 2")]
    assert MODULE_LINE not in back and "2. More on costs" not in back
    assert back.count("Back on the course map of Test course, for Pat.\nProgress: 0%, 0 of 2 lessons read and "
                      "0 of 2 quizzes passed.\nType l to list the lessons and exams, numbered 1 to 2.\n"
                      "Next step: Continue reading “Basics of sending work out”") == 2  # after b, and on Enter
    listed = shown[shown.index("Lesson 2 of 2"):]  # the numbers worked without the list
    assert f"{MODULE_LINE}reading (section 1 of 3), quiz not taken." in listed
    assert "- l (or m) lists every lesson and exam with its status" in listed
    assert "- s switches learner" in listed


def test_t_alone_takes_the_quiz_of_the_lesson_read_last_as_the_end_of_the_lesson_says(tmp_path):
    progress = tmp_path / "p"
    shown = plain_session(progress, ["t", "1", "", "", "", "b", "t", "q", "q"])
    before = shown[: shown.index("Lesson 1 of 2")]
    assert "You have not read a lesson yet. Type t and a lesson's number to take its quiz (for example: t 1)." in before
    lesson = shown[shown.index("Lesson 1 of 2"):]
    assert "Lesson completed. Type t to take its quiz." in lesson
    after = lesson[lesson.index("Back on the course map"):]
    assert "is not a command here" not in after
    assert "Quiz: Basics quiz. 7 questions." in after


def test_the_final_quiz_is_named_as_the_apps_map_names_it(tmp_path):
    """A quiz with no lesson is listed as the final quiz (the app's map says "Final quiz: <title>" unless its
    title already says what it is), not as an exam."""
    import shutil

    from tests.conftest import FIXTURES

    content = tmp_path / "course"
    shutil.copytree(FIXTURES / "good_course", content)
    final = content / "quizzes" / "03-final.toml"
    final.write_text(final.read_text("utf-8").replace('title = "Final exam"', 'title = "Putting it together"'),
                     "utf-8")
    out = io.StringIO()
    assert run_plain(str(content), "Pat", str(tmp_path / "p"), stdin=io.StringIO("l\nq\n"), stdout=out) == 0
    shown = out.getvalue()
    assert "Final quiz: Putting it together: " in shown and "Final exam: Putting" not in shown
