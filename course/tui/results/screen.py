"""Results of an attempt: score against the pass mark and a review of every question."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from course.scoring import percent
from course.tui import commands as cmd
from course.tui.commands import bindings
from course.tui.messages import OpenLesson, OpenQuiz
from course.tui.safe import clean, listed, one_line, plain
from course.tui.widgets import Footer, SaveWarning, StatusLine, TopBar, say
from course.tui.widgets.reader import Reader
from course.tui.wording import cbm_text, certainty_said, score_of

if TYPE_CHECKING:
    from course.quizrun import QuizSession, ReviewItem


# What accuracy and the CBM average mean, said with them on a quiz with confidence-based marking.
CBM_MEANING = (
    "Accuracy counts right answers; the CBM average (−6 to +3) also weighs how sure you were, so a sure "
    "mistake costs most."
)


def mark(item: ReviewItem) -> tuple[str, str]:
    if item.answer is None or item.answer.response is None:
        return "–", "skipped"
    if item.result.correct:
        return "✓", "right"
    if item.result.score > 0:
        return "◐", "partly right"
    if item.confidently_wrong:
        return "✗", "sure, wrong"
    return "✗", "wrong"


class ResultsScreen(Screen[None]):
    CSS_PATH = "results.tcss"
    COMMAND_SET = (*cmd.RESULTS, cmd.GO_MAP)
    BINDINGS: ClassVar[list[BindingType]] = [
        *bindings(*cmd.RESULTS),
        Binding("escape", "app.go_map", "Map", tooltip="Back to the course map."),
    ]

    def __init__(self, session: QuizSession) -> None:
        super().__init__()
        self.session = session
        self.items = session.review()

    def compose(self) -> ComposeResult:
        prefix = "Results — practice: " if self.session.attempt.practice else "Results — "
        yield TopBar(prefix + self.session.quiz.title, "")
        yield SaveWarning()
        yield Static(self._score_text(), id="score", markup=False)
        yield OptionList(*self._options(), id="review")
        with Reader(id="detail"):
            yield Static(id="detail-text", markup=False)
        yield StatusLine()
        yield Footer()

    def _score_text(self) -> Text:
        attempt = self.session.attempt
        earned, total = self.session.totals()
        fraction = earned / total if total else 1.0
        passed = bool(attempt.passed) if attempt.passed is not None else fraction >= self.session.quiz.pass_mark
        right = sum(1 for item in self.items if item.result.correct)
        text = Text()
        if attempt.practice:
            # A practice round passes or fails nothing: its score is shown without a verdict.
            text.append(" PRACTICE ROUND ", style="bold reverse")
        elif passed:
            text.append(" ✓ PASSED ", style="bold reverse")
        else:
            text.append(" ✗ NOT PASSED ", style="bold reverse")
        average = self.session.cbm_average()
        if average is None:
            text.append(f"  Score {percent(fraction)}", style="bold")
            if attempt.practice:
                text.append(f" ({score_of(earned, total)})")
            else:
                text.append(f" ({score_of(earned, total)}) · pass mark {percent(self.session.quiz.pass_mark)}")
            text.append(f"\n{right} of {len(self.items)} questions fully right.")
            if attempt.practice:
                text.append(" A practice round does not count: not as an attempt, nor towards passing.")
        else:
            # Side by side: accuracy (the score, which alone decides the pass) and the CBM average.
            text.append(f"  Accuracy {percent(fraction)}", style="bold")
            text.append(" · ")
            text.append(f"CBM average {cbm_text(average)}", style="bold")
            sure_wrong = sum(1 for item in self.items if item.confidently_wrong)
            text.append(f"\n{score_of(earned, total)}")
            text.append("" if attempt.practice else f" · pass mark {percent(self.session.quiz.pass_mark)}")
            text.append(f" · {sure_wrong} sure but wrong" if sure_wrong else "")
            text.append(" · practice: does not count\n" if attempt.practice else "\n")
            text.append(CBM_MEANING, style="italic")
        return text

    def _options(self) -> list[Option]:
        options = []
        for item in self.items:
            symbol, words = mark(item)
            text = Text()
            text.append(f"{symbol} {item.number:>3}. ", style="bold")
            text.append(f"{words:<12} ")
            if item.cbm is not None:
                text.append(f"{cbm_text(item.cbm):>4}  ", style="bold" if item.confidently_wrong else "")
            text.append(plain(item.played.question.prompt, 300))
            options.append(Option(text))
        return options

    def on_mount(self) -> None:
        review = self.query_one("#review", OptionList)
        review.border_title = "Review: ↑ ↓ to pick a question"
        missed = next((i for i, item in enumerate(self.items) if item.missed), 0)
        if self.items:
            review.highlighted = missed
            self._show_detail(missed)
        review.focus()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._show_detail(event.option_index)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_reread()

    def _show_detail(self, index: int) -> None:
        item = self.items[index]
        symbol, words = mark(item)
        q = item.played.question
        text = Text()
        text.append(f"Question {item.number}: {symbol} {words}", style="bold")
        text.append(f" — {score_of(item.result.score, item.result.points)}\n")
        if item.cbm is not None:
            answered = item.answer is not None and item.answer.response is not None
            text.append("CBM mark ", style="bold")
            said = f": you were {certainty_said(item.certainty)}" if answered else ""
            text.append(f"{cbm_text(item.cbm)}{said}.\n")
            if item.confidently_wrong:
                text.append("! You were sure of a wrong answer: this one is worth rereading.\n", style="bold")
        text.append(plain(q.prompt) + "\n\n")
        text.append("Your answer: ", style="bold")
        text.append(listed(item.your_answer) + "\n")
        text.append("Right answer: ", style="bold")
        text.append(listed(item.right_answer) + "\n")
        for line in item.result.feedback:
            text.append("• " + clean(line) + "\n")
        text.append("Why: ", style="bold")
        text.append(clean(q.explanation) + "\n")
        if item.section:
            lesson, section = item.section
            text.append("Reread: ", style="bold")
            text.append(f"{one_line(lesson.title)} › {one_line(section.title)}  (press r)")
        self.query_one("#detail-text", Static).update(text)
        self.query_one("#detail", Reader).scroll_home(animate=False)

    def _current(self) -> ReviewItem | None:
        index = self.query_one("#review", OptionList).highlighted
        return self.items[index] if index is not None and self.items else None

    def action_reread(self) -> None:
        item = self._current()
        if item is None or item.section is None:
            say(self, "This question does not point to a lesson section.")
            return
        lesson, section = item.section
        self.post_message(OpenLesson(lesson.id, section.id, stack=True))

    def action_retry(self) -> None:
        self.post_message(OpenQuiz(self.session.quiz.id))

    def action_practise(self) -> None:
        missed = self.session.missed_keys()
        if not missed:
            say(self, "You got every question right: nothing to practise. ✓")
            return
        self.post_message(OpenQuiz(self.session.quiz.id, only=missed))
