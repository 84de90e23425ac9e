"""The quiz the plain-mode tests of each type type into (the tests' TUI course, `basics-quiz`)."""

from __future__ import annotations

import pytest

from course.content import load_course
from course.content.models import Quiz
from tests.tui_support import FIXTURE


@pytest.fixture(scope="module")
def quiz() -> Quiz:
    found = load_course(FIXTURE).quiz("basics-quiz")
    assert found is not None
    return found
