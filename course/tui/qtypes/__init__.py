"""The answer widget of each question type, one module per type, found by the type's name.

A module here defines `WIDGET = ("<type name>", <its AnswerWidget subclass>)`. The rest of a type lives in
course/qtypes/; Textual stays inside the app, so its widget lives here.
"""

from __future__ import annotations

import importlib
import pkgutil

from course.qtypes import type_of
from course.qtypes.base import MissingPiece
from course.quizrun import PlayedQuestion
from course.tui.quiz.answers import AnswerWidget


def _discover() -> dict[str, type[AnswerWidget]]:
    found: dict[str, type[AnswerWidget]] = {}
    for module_info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        name, widget = module.WIDGET
        found[name] = widget
    return found


WIDGETS: dict[str, type[AnswerWidget]] = _discover()
"""Each question type's answer widget, by the type's name."""


def widget_for(played: PlayedQuestion) -> AnswerWidget:
    """The answer widget of the question's type; a type without one is an error, not another type's widget."""
    qtype = type_of(played.question)
    widget = WIDGETS.get(qtype.name)
    if widget is None:
        raise MissingPiece(qtype.name, f"answer widget: add course/tui/qtypes/{qtype.name}.py")
    return widget(played)
