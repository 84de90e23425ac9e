"""The quiz the plain-mode tests of each type type into (the tests' TUI course, `basics-quiz`)."""

from __future__ import annotations

import pytest

from course.content.models import Quiz
from tests.content_support import loaded
from tests.tui_support import FIXTURE


@pytest.fixture(scope="module")
def quiz() -> Quiz:
    found = loaded(FIXTURE).quiz("basics-quiz")
    assert found is not None
    return found
