"""What the answer widgets share: their base class and the lists, buttons and boxes they are made of. Each
question type's own widget is in course/tui/qtypes/; the quiz screen shows the current question's widget and
keeps its neighbours' widgets mounted and hidden."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from rich.segment import Segment
from rich.style import Style as RichStyle
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Size
from textual.strip import Strip
from textual.widgets import Input, OptionList, RadioButton, RadioSet, SelectionList
from textual.widgets.option_list import Option

from course.progress.models import Response
from course.quizrun import PlayedQuestion
from course.tui import commands as cmd
from course.tui.safe import one_line
from course.tui.textual_shim import (
    SELECTION_GUTTER,
    SELECTION_TOGGLE_LEFT,
    SELECTION_TOGGLE_RIGHT,
    highlighted_index,
    option_line,
)

_LABEL_LETTER = re.compile(r"[A-Z0-9]+\. ")


class ChoiceButton(RadioButton):
    """A radio button whose dot is there only when chosen (the choice shows without colour too), and whose
    label wraps under itself, after the button and the option's letter, instead of being cut off."""

    def _as_one_line(self) -> Content:
        content = super().render()  # the button first: left side, dot, right side, then the label
        dot = len(self.BUTTON_LEFT)
        if self.value or content.plain[dot : dot + len(self.BUTTON_INNER)] != self.BUTTON_INNER:
            return content
        before, _, after = content.divide([dot, dot + len(self.BUTTON_INNER)])
        return Content.assemble(before, (" " * len(self.BUTTON_INNER), content.get_style_at_offset(dot)), after)

    def _wrapped_lines(self, width: int) -> list[Content]:
        content = self._as_one_line()
        head = len(self.BUTTON_LEFT + self.BUTTON_INNER + self.BUTTON_RIGHT) + 1  # the button and a space
        letter_prefix = _LABEL_LETTER.match(content.plain, head)
        if letter_prefix:
            head = letter_prefix.end()
        if width <= head + 8 or content.cell_length <= width:
            return [content]
        first, rest = content.divide([head])
        lines = rest.wrap(width - head)
        return [first + lines[0], *(Content(" " * head) + line for line in lines[1:])]

    def render(self) -> Content:
        return Content("\n").join(self._wrapped_lines(self.content_size.width))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:  # noqa: ARG002 (Textual's signature)
        return len(self._wrapped_lines(width))


class CheckList(SelectionList[str]):
    """A selection list whose tick is there only when chosen (the choice shows without colour too), and whose
    options wrap under themselves, after the tick box and the option's letter, instead of being cut off."""

    DEFAULT_CSS = """
    CheckList {
        text-wrap: wrap;
        text-overflow: fold;
        & > .option-list--option {
            padding: 0 0 0 3;  /* where each option's letter goes (drawn by render_line) */
        }
    }
    """

    def render_line(self, y: int) -> Strip:
        # SelectionList puts the tick box of option `scroll_y + y` before line `y`, as if every option had one
        # line; with wrapped options the line's own option is looked up, and only its first line gets the box
        # and the letter.
        prompt = OptionList.render_line(self, y)
        place = option_line(self, self.scroll_offset.y + y)
        segments = list(prompt)
        if place is None or not segments:
            return prompt
        index, line = place
        underlying = segments[0].style or self.rich_style
        if line > 0:
            return Strip([Segment(" " * SELECTION_GUTTER, underlying), *segments])
        selection = self.get_option_at_index(index)
        chosen = selection.value in self.selected
        component = "selection-list--button" + ("-selected" if chosen else "")
        if self.highlighted == index:
            component += "-highlighted"
        meta = RichStyle(meta={"option": index})
        button_style = self.get_component_rich_style(component) + meta
        side_style = RichStyle.from_color(button_style.bgcolor, underlying.bgcolor) + meta
        label = f"{letter(index)}. "[:3]
        return Strip([
            Segment(SELECTION_TOGGLE_LEFT, side_style),
            Segment("✓" if chosen else " ", button_style),
            Segment(SELECTION_TOGGLE_RIGHT, side_style),
            Segment(" ", underlying),
            Segment(label, underlying),
            *Strip(segments).crop(len(label)),
        ])


def letter(index: int) -> str:
    """An option's label: its number, which is also the key that chooses it (letters are the quiz's keys)."""
    return str(index + 1)


class AnswerWidget(Vertical):
    """Base: `response()` gives what the learner chose (None when nothing yet), `show()` puts one back."""

    HINT = ""
    TYPED = False
    """Whether the answer is typed into a box. Arriving on an open question puts the cursor in its (first)
    box, so that every letter typed goes there; Enter answers, Ctrl+N moves on and Esc leaves the box, after
    which the letter keys (n, p, s, f...) move through the quiz again and Enter goes back into the box."""

    def __init__(self, played: PlayedQuestion) -> None:
        super().__init__(classes="answer")
        self.played = played
        self.question = played.question

    def response(self) -> Response:
        raise NotImplementedError

    def show(self, response: Response) -> None:
        raise NotImplementedError

    def untouched(self) -> Response:
        """What `response()` gives before the learner changes anything."""
        return None

    def problem(self) -> str | None:
        """Why what was typed cannot be taken as an answer, in words (None when it can)."""
        return None

    def doubt(self) -> str | None:
        """Why the answer may not be what the learner meant, asked before taking it (None when nothing is)."""
        return None

    def choose(self, number: int) -> bool:  # noqa: ARG002 (the question types with options override it)
        """Choose (or, where several may be chosen, tick or untick) the option labelled `number`.
        Returns False when this kind of question has no such option."""
        return False

    def focus_first(self) -> None:
        """Focus the first part that takes keys. A box gets it with what it holds selected, so that what is
        typed replaces a saved answer instead of being added to it (←, → or Home keep it to edit); a box that
        has the focus already is left as it is (the keys typed there stay)."""
        for widget in self.query("*"):
            if widget.focusable:
                if isinstance(widget, Input):
                    focus_box(widget)
                else:
                    widget.focus()
                return


def pressed_name(radio_set: RadioSet) -> str | None:
    """The chosen button's name, read from the buttons themselves: a key pressed right after Space
    must see the choice before the RadioSet has processed its Changed message."""
    on = [button for button in radio_set.query(RadioButton) if button.value]
    if len(on) > 1:  # the RadioSet has not yet switched the old choice off: the highlighted one is new
        highlighted = highlighted_index(radio_set)
        buttons = list(radio_set.query(RadioButton))
        if highlighted is not None and 0 <= highlighted < len(buttons) and buttons[highlighted].value:
            return buttons[highlighted].name
    return on[0].name if on else None


def focus_box(box: Input) -> None:
    """Put the cursor in `box` with all it holds selected (the next key typed replaces it); when the box has
    the focus already, nothing changes (asked of the screen, which knows at once, while the box learns it from
    an event that may still be on its way)."""
    if box.screen.focused is box:
        return
    box.screen.set_focus(box)
    box.select_all()


def type_into(box: Input, character: str) -> None:
    """Give the focus to `box` and type `character` into it, as the first key typed there: it replaces what the
    box held (a saved answer, selected by `focus_box`), and keys typed after it follow it."""
    focus_box(box)
    box.post_message(events.Key(character, character))


def choose_button(radio_set: RadioSet, number: int) -> bool:
    """Press the radio button labelled `number` (1 is the first), as Space on it would."""
    buttons = list(radio_set.query(RadioButton))
    if not 1 <= number <= len(buttons):
        return False
    buttons[number - 1].value = True
    return True


class OrderList(OptionList):
    """Items to put in order; shift+↑/↓ (or K/J) move the highlighted item. `touched` says whether the
    learner has moved an item (or an order was put back): an order only shown is no answer."""

    BINDINGS: ClassVar[list[BindingType]] = [*cmd.MOVE_UP.bindings(), *cmd.MOVE_DOWN.bindings()]

    def __init__(self, items: list[str], order: list[int], **kwargs: Any) -> None:
        super().__init__(*self._make_options(items, order), **kwargs)
        self.item_texts = items
        self.item_order = order
        self.touched = False

    @staticmethod
    def _make_options(items: list[str], order: list[int]) -> list[Option]:
        return [Option(Text(f"{position + 1}. {one_line(items[index])}")) for position, index in enumerate(order)]

    def redraw(self, highlight: int) -> None:
        self.set_options(self._make_options(self.item_texts, self.item_order))
        self.highlighted = highlight

    def _move(self, step: int) -> None:
        here = self.highlighted
        if here is None or self.disabled:
            return
        there = here + step
        if not 0 <= there < len(self.item_order):
            return
        self.item_order[here], self.item_order[there] = self.item_order[there], self.item_order[here]
        self.touched = True
        self.redraw(there)

    def action_move_up(self) -> None:
        self._move(-1)

    def action_move_down(self) -> None:
        self._move(1)


class AnswerInput(Input):
    """A text box whose Enter answers and whose Esc leaves the box (so the quiz's letter keys work again)
    rather than the quiz; the footer shows both, as the letter keys do not work while the box has the focus.
    The box selects what it holds only when the quiz puts the cursor there (`focus_box`), never on a focus
    that comes later: a selection made after the first key would make the next key replace it.

    Alt with a letter is Esc, then the letter: many terminals send Alt+N as Esc followed by N, and a fast
    "Esc n" arrives the same way, so both leave the box and run the letter's key (n: next question)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(select_on_focus=False, **kwargs)

    def on_key(self, event: events.Key) -> None:
        letter = event.key.removeprefix("alt+")
        if letter != event.key and len(letter) == 1:
            event.stop()
            event.prevent_default()  # the box does not type it
            self.screen.set_focus(None)
            self.app.post_message(events.Key(letter, letter))

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "answer", "Answer", tooltip="Check and save your answer."),
        # A priority binding runs as the key comes in, before the app sends on the keys typed after it: so a
        # fast "Esc n" leaves the box and then moves on, instead of typing the n into the box.
        Binding("escape", "leave_box", "Leave box", tooltip="Leave the box: the letter keys move through the quiz.",
                priority=True),
    ]

    def action_answer(self) -> None:
        # The quiz answers on the box's Submitted message. Submitted once the box has taken the keys already
        # sent to it, so that Enter typed fast right after them answers with all of them.
        self.call_later(self.action_submit)

    def action_leave_box(self) -> None:
        self.screen.set_focus(None)


def answer_widget(played: PlayedQuestion) -> AnswerWidget:
    """The widget of the question's type (course/tui/qtypes/, one module per type)."""
    from course.tui.qtypes import widget_for  # the widgets' modules import this one

    return widget_for(played)
