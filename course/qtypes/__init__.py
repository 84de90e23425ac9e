"""The question types, one module each, found by the registry: every type by its `type` name.

A type is a module of this package that defines `TYPE`, an instance of `course.qtypes.base.QuestionType`
(see base.py for the pieces). Adding a type is adding its module (and its widget in course/tui/qtypes/):
nothing else names the types. `type_of(question)` is the one way the engine reaches a type's pieces.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import TYPE_CHECKING, Annotated, Union

from pydantic import Field

from course.qtypes.base import AnyType, MissingPiece, QuestionType, Response, Shown
from course.qtypes.fields import QuestionBase

_NOT_TYPES = frozenset({"base", "choice", "fields", "gifttext", "textmatch"})


def _discover() -> dict[str, AnyType]:
    found: list[AnyType] = []
    for module_info in pkgutil.iter_modules(__path__):
        if module_info.name in _NOT_TYPES or module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        qtype = getattr(module, "TYPE", None)
        if not isinstance(qtype, QuestionType):
            raise TypeError(
                f"course/qtypes/{module_info.name}.py defines no TYPE: a question type module ends with "
                "`TYPE = <its QuestionType subclass>()`"
            )
        found.append(qtype)
    found.sort(key=lambda t: (t.order, t.name))
    return {qtype.name: qtype for qtype in found}


REGISTRY: dict[str, AnyType] = _discover()
"""Every question type by its `type` name, in the order they are listed (the docs, the schema)."""

QUESTION_TYPES = tuple(REGISTRY)
TYPE_NAMES = {name: qtype.label for name, qtype in REGISTRY.items()}
"""Each question type as a learner is told it (the app's and the plain mode's question headings)."""

if TYPE_CHECKING:
    Question = QuestionBase
else:
    Question = Annotated[Union[tuple(t.model for t in REGISTRY.values())], Field(discriminator="type")]  # noqa: UP007
"""Any question: the discriminated union of every registered type's model."""


class UnknownType(LookupError):
    pass


def type_named(name: str) -> AnyType:
    try:
        return REGISTRY[name]
    except KeyError:
        raise UnknownType(
            f"no question type {name!r}: the types are {', '.join(QUESTION_TYPES)} (each a module of course/qtypes/)"
        ) from None


def type_of(question: QuestionBase) -> AnyType:
    """The type of a question, with every piece the engine asks of it."""
    return type_named(str(getattr(question, "type", type(question).__name__)))


__all__ = [
    "QUESTION_TYPES", "REGISTRY", "TYPE_NAMES", "AnyType", "MissingPiece", "Question", "QuestionType", "Response", "Shown",
    "UnknownType", "type_named", "type_of",
]
