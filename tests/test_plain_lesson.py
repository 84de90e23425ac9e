"""A lesson in `course --plain`: what to type is said in full at the first section's prompt, then in short
(a screen reader would otherwise read the whole sentence again after every section)."""

from __future__ import annotations

import io

from course.plain import run as run_plain
from tests.tui_support import FIXTURE

FULL = "Enter for the next section, a number to jump, t for the quiz, b for the map, ? for help:"


def test_the_lesson_prompt_is_said_in_full_once_then_in_short(tmp_path):
    out = io.StringIO()
    typed = "1\n\n?\n\n\n2\nb\nq\n"
    assert run_plain(str(FIXTURE), "Pat", str(tmp_path / "p"), stdin=io.StringIO(typed), stdout=out) == 0
    shown = out.getvalue()
    lesson = shown[shown.index("Lesson 1 of 2"):shown.index("Back on the course map")]
    assert lesson.count(FULL) == 1
    assert f"Section 1 of 3: {FULL}" in lesson
    # after section 2, after ? there, and after going back to section 2 from the end
    assert lesson.count("Section 2 of 3: Enter for the next, ? for help:") == 3
    assert "- a number jumps to that section; l lists the sections;" in lesson  # ? still says everything
    end = lesson[lesson.index("End of section 3 of 3."):]
    assert end.count("End of the lesson: t for the quiz, b for the map, a number to read a section again, "
                     "? for help:") == 1
    assert "End of the lesson: t for the quiz, ? for help:" in end  # the same prompt again, in short
