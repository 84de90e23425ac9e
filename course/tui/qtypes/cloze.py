"""The answer widget of `cloze` questions (course/qtypes/cloze.py holds the rest of the type): the passage with
its gaps numbered, then one box (typed gaps) or list (choice gaps) a gap, in reading order; Tab moves on."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Select, Static

from course.progress.models import Response
from course.qtypes.cloze import ClozeQuestion
from course.qtypes.numeric import typed_number_problem
from course.qtypes.short import MAX_TEXT
from course.tui.quiz.answers import AnswerInput, AnswerWidget
from course.tui.safe import one_line


class ClozeAnswer(AnswerWidget):
    HINT = ("Type in each gap; Tab moves to the next gap, Enter answers, Ctrl+N moves on. Esc leaves the "
            "boxes, so that the letter keys work again.")
    TYPED = True
    DEFAULT_CSS: ClassVar[str] = """
    ClozeAnswer .passage { margin-bottom: 1; }
    ClozeAnswer .gap { height: auto; }
    ClozeAnswer .gap-number { width: 8; padding-top: 1; }
    ClozeAnswer .gap Input, ClozeAnswer .gap Select { width: 1fr; }
    """

    @property
    def cloze(self) -> ClozeQuestion:
        assert isinstance(self.question, ClozeQuestion)
        return self.question

    def compose(self) -> ComposeResult:
        question = self.cloze
        passage = question.filled([str(i + 1) for i in range(len(question.gaps))])
        yield Static(Text(one_line(passage)), classes="passage", markup=False)
        for index, gap in enumerate(question.gaps):
            with Horizontal(classes="gap"):
                yield Static(Text(f"Gap {index + 1}"), classes="gap-number", markup=False)
                if gap.kind == "choice":
                    choices = [(Text(one_line(o.text)), key) for key, o in zip(gap.option_keys(), gap.options, strict=True)]
                    yield Select(choices, prompt="Choose", id=f"gap-{index}")
                else:
                    placeholder = "A number" if gap.kind == "numeric" else "Your answer"
                    yield AnswerInput(placeholder=placeholder, id=f"gap-{index}", max_length=MAX_TEXT)

    def _values(self) -> list[str]:
        values = []
        for index in range(len(self.cloze.gaps)):
            widget = self.query_one(f"#gap-{index}")
            value = widget.value if isinstance(widget, Input | Select) else ""
            values.append(value.strip() if isinstance(value, str) else "")
        return values

    def response(self) -> Response:
        values = self._values()
        return values if any(values) else None

    def problem(self) -> str | None:
        for index, (gap, value) in enumerate(zip(self.cloze.gaps, self._values(), strict=True), 1):
            if gap.kind == "numeric" and (problem := typed_number_problem(value)):
                return f"Gap {index}: {problem}"
        return None

    def doubt(self) -> str | None:
        blank = sum(1 for value in self._values() if not value)
        if not blank:
            return None
        gaps = f"{blank} gap{'s' if blank != 1 else ''} {'are' if blank != 1 else 'is'}"
        return f"{gaps} empty: {'they score' if blank != 1 else 'it scores'} 0. Answer anyway?"

    def show(self, response: Response) -> None:
        values = response if isinstance(response, list) else []
        for index, value in enumerate(values[: len(self.cloze.gaps)]):
            widget = self.query_one(f"#gap-{index}")
            if isinstance(widget, Input):
                widget.value = value if isinstance(value, str) else ""
            elif isinstance(widget, Select) and isinstance(value, str) and value in self.cloze.gaps[index].option_keys():
                widget.value = value


WIDGET = ("cloze", ClozeAnswer)
