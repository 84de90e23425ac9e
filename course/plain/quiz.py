"""Taking a quiz through the engine's QuizSession, as the app does: the same attempts, scoring, saved
position (so `c` continues at the same question in either mode) and locking of answers shown right or
wrong. Questions and feedback are sentences; answers are typed (see course.plain.answers)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from course.content.models import TYPE_NAMES, Question
from course.plain.answers import choices_lines, expected, right_answer, typed_form
from course.plain.help import QUIZ_HELP, RESULTS_HELP
from course.plain.io import words_only
from course.plain.parts import part_lines, part_prompt, part_verdicts, parts_of, read_answer
from course.plain.start import Plain
from course.plain.text import markdown_lines
from course.progress import (
    AnswerAlreadyRecordedError,
    AttemptSubmittedError,
    FutureFormatError,
    ProgressSaveError,
    Resume,
)
from course.qtypes import type_of
from course.quizrun import QuizSession, QuizUnavailable, ReviewItem
from course.scoring import CBM_MARKS, CERTAINTIES, CERTAINTY_WORDS, ScoreResult, amount, percent
from course.words import plural


def points(value: float) -> str:
    shown = amount(value)
    return f"{shown} point" + ("" if shown == "1" else "s")


def score_of(score: float, total: float) -> str:
    return f"{amount(score)} of {points(total)}"


def numbers_said(numbers: list[int]) -> str:
    """`2`, `2 and 5`, `2, 5 and 7`."""
    shown = [str(n) for n in numbers]
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"


def answer_words(question: Question, described: str) -> str:
    """An answer as the engine describes it (course.scoring), said in words instead of arrows and marks."""
    return words_only(type_of(question).in_words(described))


def mark_words(mark: float) -> str:
    """A CBM mark as a screen reader should say it: `3`, `1.5`, `0`, `minus 6`."""
    shown = amount(abs(mark))
    return f"minus {shown}" if mark < 0 and shown != "0" else shown


def certainty_words(certainty: int | None) -> str:
    """`very sure (3)`; an answer saved without one counts as 1, as in the app."""
    said = certainty if certainty is not None and certainty in CERTAINTY_WORDS else 1
    return f"{CERTAINTY_WORDS[said]} ({said})"


CERTAINTY_PROMPT = "How sure are you? Type " + ", ".join(
    f"{c} for {CERTAINTY_WORDS[c]} (right {mark_words(CBM_MARKS[c][0])}, wrong {mark_words(CBM_MARKS[c][1])})"
    for c in CERTAINTIES
) + ", or Enter to go back:"


def verdict(result: ScoreResult) -> str:
    if result.correct:
        return "Correct"
    return "Partly right" if result.score > 0 else "Not right"


class QuizRun:
    """One attempt, question by question, until the learner submits or leaves."""

    def __init__(self, plain: Plain, session: QuizSession) -> None:
        self.plain = plain
        self.term = plain.term
        self.session = session
        self.index = session.position
        self._left = False

    # -- saving ------------------------------------------------------------------------------------

    def save(self, write: Callable[..., Any], *args: Any) -> bool:
        try:
            write(*args)
        except ProgressSaveError as error:
            self.plain.save_failed(error)
            return False
        return True

    @property
    def total(self) -> int:
        return len(self.session.questions)

    @property
    def locked(self) -> bool:
        return self.session.locked_after_answer and self.session.is_answered(self.index)

    # -- showing -----------------------------------------------------------------------------------

    def intro(self) -> None:
        quiz, attempt = self.session.quiz, self.session.attempt
        title = ("Practice round of " if attempt.practice else "Quiz: ") + words_only(quiz.title)
        self.term.say("")
        self.term.say(f"{title}. {plural(self.total, 'question')}.")
        if quiz.description and not attempt.practice:
            self.term.lines(markdown_lines(quiz.description))
        rules = [
            "This practice round does not count" if attempt.practice else f"The pass mark is {percent(quiz.pass_mark)}",
            "right or wrong is said after each answer" if quiz.feedback == "immediate"
            else "right or wrong is said when you submit",
        ]
        if quiz.confidence:
            rules.append("with each answer you say how sure you are, 1, 2 or 3 (confidence-based marking)")
        if quiz.max_attempts is not None and not attempt.practice:
            used = self.session.learner.summary.quizzes.get(quiz.id)
            rules.append(f"this is attempt {(used.attempts if used else 0) + 1} of {quiz.max_attempts}")
        self.term.say(", ".join(rules) + ".")

    def show(self) -> None:
        played = self.session.questions[self.index]
        question = played.question
        flagged = ", flagged" if self.session.is_flagged(self.index) else ""
        self.term.say("")
        self.term.say(f"Question {self.index + 1} of {self.total}, {points(question.points)}, "
                      f"{TYPE_NAMES.get(question.type, question.type)}{flagged}.")
        self.term.lines(markdown_lines(question.prompt))
        self.term.lines(choices_lines(played))
        answer = self.session.answer_for(self.index)
        if self.locked:
            assert answer is not None
            self.term.say(f"You answered: {typed_form(played, answer.response)}.")
            self.feedback()
            return
        if answer is not None and answer.response is not None:
            said = f", {certainty_words(answer.certainty)}" if self.session.confidence else ""
            self.term.say(f"Your saved answer: {typed_form(played, answer.response)}{said}. "
                          "You can change it until you submit.")
        self.term.say(expected(played))
        if parts := parts_of(played):
            self.term.lines(part_lines(parts[0]))

    def prompt(self) -> str:
        """What is asked at the question: its answer, or (for a question asked part by part) its first part."""
        lead = f"Question {self.index + 1} of {self.total}"
        parts = parts_of(self.session.questions[self.index])
        if parts and not self.locked:
            return part_prompt(lead, parts[0])
        return f"{lead}, your answer (? for help):"

    def feedback(self) -> None:
        """Right or wrong, the right answer, why, and where to reread: as the app's feedback says them."""
        played = self.session.questions[self.index]
        result = self.session.result_for(self.index)
        self.term.say(f"{verdict(result)}: {score_of(result.score, result.points)}.")
        mark = self.session.cbm_for(self.index)
        if mark is not None:
            answer = self.session.answer_for(self.index)
            sure_wrong = " You were sure of a wrong answer: worth rereading." if mark < 0 else ""
            self.term.say(f"CBM mark {mark_words(mark)}: you were "
                          f"{certainty_words(answer.certainty if answer else None)}.{sure_wrong}")
        answer = self.session.answer_for(self.index)
        self.term.lines(part_verdicts(played, answer.response if answer else None))
        for line in result.feedback:
            self.term.say(words_only(line))
        if not result.correct:
            self.term.say(f"Right answer: {answer_words(played.question, right_answer(played))}")
        self.term.say(f"Why: {' '.join(markdown_lines(played.question.explanation))}")
        found = self.plain.course.resolve_section(played.source, played.question.section)
        if found:
            self.term.say(f"Reread: {words_only(found[0].title)}, section {words_only(found[1].title)}.")

    # -- moving ------------------------------------------------------------------------------------

    def go(self, index: int) -> None:
        self.index = index
        if self.session.position != index:
            self.save(self.session.move, index)
        self.show()

    def step(self, by: int) -> None:
        target = self.index + by
        if 0 <= target < self.total:
            self.go(target)
        elif target >= self.total:
            self.at_end()
        else:
            self.term.say("This is the first question.")

    def at_end(self) -> None:
        missing = [i + 1 for i in self.session.unanswered()]
        if missing:
            self.term.say(f"That was the last question. Not answered yet: question{'s' if len(missing) > 1 else ''} "
                          f"{numbers_said(missing)}. Type g and a number to go there, or S to submit.")
        else:
            self.term.say("That was the last question, and every question is answered. Type S to submit, "
                          "or p to go back.")

    def leave(self) -> bool:
        """As the app does when the learner leaves: keep the position, and drop an untouched attempt.
        Returns whether the attempt was dropped."""
        if self._left:
            return False
        self._left = True
        dropped: list[bool] = []
        self.save(lambda: dropped.append(self.session.leave()))
        return any(dropped)

    # -- answering ---------------------------------------------------------------------------------

    def answer(self, typed: str) -> bool:
        """Take a typed answer; True when the attempt turned out to be submitted already (results follow)."""
        played = self.session.questions[self.index]
        if self.locked:
            self.term.say("This question is answered and its answer cannot change. "
                          + ("Type n for the next question." if self.index + 1 < self.total else "Type S to submit."))
            return False
        response = read_answer(self.term, played, typed)
        if response is None:
            return False
        certainty = None
        if self.session.confidence:
            certainty = self.ask_certainty()
            if certainty is None:
                self.term.say("Not answered. Type your answer again, or n for the next question.")
                return False
        try:
            self.session.answer(self.index, response, certainty)
        except AttemptSubmittedError as error:
            self.term.say(f"{words_only(error)} Here are its results.")
            return True
        except AnswerAlreadyRecordedError as error:
            self.term.say(f"{words_only(error)} The answer that counts: {typed_form(played, error.answer.response)}.")
            self.feedback()
            self.step(1)
            return False
        except ProgressSaveError as error:
            self.plain.save_failed(error)
            return False
        if self.session.locked_after_answer:
            self.feedback()
        elif certainty is not None:
            self.term.say(f"Answer saved, {certainty_words(certainty)}; you can change it until you submit.")
        else:
            self.term.say("Answer saved; you can change it until you submit.")
        self.step(1)
        return False

    def ask_certainty(self) -> int | None:
        """On a quiz with confidence-based marking: 1, 2 or 3 typed; None when the learner goes back (Enter)."""
        while True:
            typed = self.term.ask(CERTAINTY_PROMPT).strip()
            if not typed:
                return None
            if typed in {str(c) for c in CERTAINTIES}:
                return int(typed)
            if typed == "?":
                self.term.say("Being sure pays only when you are right: a wrong answer costs nothing at 1, "
                              "2 marks at 2 and 6 marks at 3. Unsure? 1 never costs a mark.")
            else:
                self.term.say("Please type 1, 2 or 3, or press Enter to go back to the question.")

    def submit(self) -> bool:
        """Ask first when questions are unanswered; True when the attempt is finished."""
        missing = [i + 1 for i in self.session.unanswered()]
        if missing:
            which = f"Question{'s' if len(missing) > 1 else ''} {numbers_said(missing)}"
            verb = "are" if len(missing) > 1 else "is"
            if not self.term.yes(f"{which} {verb} not answered and score 0. Submit anyway?"):
                self.term.say("Not submitted.")
                return False
        return self.finish()

    def finish(self) -> bool:
        try:
            self.session.finish()
        except ProgressSaveError as error:
            self.plain.save_failed(error)
            return False
        return True

    def command(self, typed: str) -> str | None:
        """One line typed at a question: "left", "finished", or None to ask again."""
        command = typed.strip()
        simple: dict[str, Callable[[], None]] = {
            "?": lambda: self.term.lines(QUIZ_HELP),
            "s": self.skip,
            "n": lambda: self.step(1),
            "p": lambda: self.step(-1),
            "r": self.show,
            "f": self.flag,
        }
        if command in simple:
            simple[command]()
        elif command == "q":
            if self.leave():
                self.term.say("You left the quiz before answering anything, so it does not count as started.")
            else:
                self.term.say("You left the quiz; your attempt is kept. Type c on the course map to continue it.")
            return "left"
        elif command in ("S", "submit"):
            return "finished" if self.submit() else None
        elif command[:1] == "g" and command[1:].strip().isdigit():
            number = int(command[1:].strip())
            if 1 <= number <= self.total:
                self.go(number - 1)
            else:
                self.term.say(f"There is no question {number}: the questions are 1 to {self.total}.")
        elif self.answer(typed):
            self.finish()
            return "finished"
        return None

    def skip(self) -> None:
        """`s`: said as flagging is, then the next question."""
        number = self.index + 1
        if self.session.is_answered(self.index):
            self.term.say(f"Question {number} skipped; its answer is kept.")
        else:
            self.term.say(f"Question {number} skipped; it is left for later, not answered.")
        self.step(1)

    def flag(self) -> None:
        try:
            flagged = self.session.toggle_flag(self.index)
        except ProgressSaveError as error:
            self.plain.save_failed(error)
            return
        self.term.say(f"Question {self.index + 1} flagged." if flagged else f"Flag removed from question {self.index + 1}.")

    def run(self) -> str:
        """Ask questions until the learner submits ("finished") or leaves ("left")."""
        self.intro()
        if notice := self.session.gone_notice():
            self.term.say(words_only(notice))
        try:
            self.show()
            while True:
                typed = self.term.ask(self.prompt())
                outcome = self.command(typed)
                if outcome is not None:
                    return outcome
        finally:
            if not self.session.finished:
                self.leave()


# -- opening a quiz and its results ----------------------------------------------------------------------


def open_session(plain: Plain, quiz_id: str, only: list[str] | None = None) -> QuizSession | None:
    """Resume the quiz's unfinished attempt or start one (a practice round with `only`), as the app does."""
    quiz = plain.course.quiz(quiz_id)
    if quiz is None:
        plain.term.say("That quiz is not in the course any more.")
        return None
    try:
        if only is not None:
            return QuizSession.start(plain.course, quiz, plain.learner, only=only)
        try:
            return QuizSession.resume_or_start(plain.course, quiz, plain.learner)
        except FutureFormatError as error:
            plain.term.say(f"{words_only(error)} It is left untouched; a new attempt starts here.")
            return QuizSession.start(plain.course, quiz, plain.learner)
    except QuizUnavailable as error:
        plain.term.say(words_only(error))
    except ProgressSaveError as error:
        plain.save_failed(error)
    return None


ReadLesson = Callable[[Plain, str, str | None, str], bool]
"""How the results open a lesson's section to reread (course.plain.lesson's read_lesson: that module takes
quizzes in turn, so it hands its reader in, and neither module imports the other)."""


def take_quiz(plain: Plain, quiz_id: str, read_lesson: ReadLesson, only: list[str] | None = None) -> None:
    """Take a quiz (and, from its results, retries and practice rounds) until the learner goes to the map;
    `r 3` on the results rereads a section with `read_lesson`."""
    while True:
        session = open_session(plain, quiz_id, only)
        if session is None:
            return
        if not session.attempt.practice:
            try:
                plain.learner.set_resume(
                    Resume(kind="quiz", quiz=session.quiz.id, attempt=session.attempt.id, question=session.position)
                )
            except ProgressSaveError as error:
                plain.save_failed(error)
        if QuizRun(plain, session).run() != "finished":
            return
        again = results(plain, session, read_lesson)
        if again is None:
            return
        only = session.missed_keys() if again == "practise" else None


def _mark(item: ReviewItem) -> str:
    if item.answer is None or item.answer.response is None:
        return "skipped"
    if item.result.correct:
        return "right"
    if item.result.score > 0:
        return "partly right"
    return "sure, wrong" if item.confidently_wrong else "wrong"


def review_lines(session: QuizSession) -> list[str]:
    """The questions not fully right, each with the answer given, the right one, why, and what to reread."""
    lines = []
    for item in session.review():
        if not item.missed:
            continue
        question = item.played.question
        lines.append("")
        lines.append(f"Question {item.number}, {_mark(item)}, {score_of(item.result.score, item.result.points)}: "
                     f"{' '.join(markdown_lines(question.prompt))}")
        verdicts = part_verdicts(item.played, item.answer.response if item.answer else None)
        lines += verdicts or [f"Your answer: {answer_words(question, item.your_answer)}"]
        if item.cbm is not None:
            said = f": you were {certainty_words(item.certainty)}" if item.answer and item.answer.response is not None else ""
            lines.append(f"CBM mark {mark_words(item.cbm)}{said}.")
        lines.append(f"Right answer: {answer_words(question, right_answer(item.played))}")
        lines += [words_only(line) for line in item.result.feedback]
        lines.append(f"Why: {' '.join(markdown_lines(question.explanation))}")
        if item.section:
            lesson, section = item.section
            lines.append(f"Reread: {words_only(lesson.title)}, section {words_only(section.title)}. "
                         f"Type r {item.number} to read it.")
    return lines


def results(plain: Plain, session: QuizSession, read_lesson: ReadLesson) -> str | None:
    """Say the results and the review of the missed questions; "retry", "practise", or None for the map."""
    term = plain.term
    attempt = session.attempt
    earned, total = session.totals()
    fraction = earned / total if total else 1.0
    passed = bool(attempt.passed) if attempt.passed is not None else fraction >= session.quiz.pass_mark
    items = session.review()
    right = sum(1 for item in items if item.result.correct)
    term.say("")
    average = session.cbm_average()
    if average is None:
        term.say(f"Results of {words_only(session.quiz.title)}: {'passed' if passed else 'not passed'}. "
                 f"Score {percent(fraction)} ({score_of(earned, total)}); the pass mark is "
                 f"{percent(session.quiz.pass_mark)}.")
    else:
        sure_wrong = sum(1 for item in items if item.confidently_wrong)
        term.say(f"Results of {words_only(session.quiz.title)}: {'passed' if passed else 'not passed'}. "
                 f"Accuracy {percent(fraction)} ({score_of(earned, total)}), CBM average {mark_words(round(average, 2))}; "
                 f"the pass mark is {percent(session.quiz.pass_mark)}, on accuracy. "
                 f"{plural(sure_wrong, 'answer')} sure but wrong.")
        term.say("Accuracy counts right answers; the CBM average, from minus 6 to 3, also weighs how sure you "
                 "were, so a sure mistake costs most.")
    practice = " Practice rounds do not count towards your attempts." if attempt.practice else ""
    term.say(f"{right} of {plural(len(items), 'question')} fully right.{practice}")
    missed = [item for item in items if item.missed]
    if missed:
        term.say(f"Review of the {plural(len(missed), 'question')} not fully right:")
        term.lines(review_lines(session))
    else:
        term.say("You got every question right.")
    rereadable = [item for item in missed if item.section]
    while True:
        reread = f"r and a question's number to reread its section (r {rereadable[0].number}), " if rereadable else ""
        command = term.ask(f"Type {reread}t to try again, m to practise the ones you missed, or Enter for the "
                           "course map:").strip()
        if command in ("", "b", "q"):
            return None
        if command == "?":
            term.lines(RESULTS_HELP)
        elif command == "t":
            return "retry"
        elif command == "m":
            if missed:
                return "practise"
            term.say("You got every question right: nothing to practise.")
        elif command[:1] == "r" and command[1:].strip().isdigit():
            if reread_section(plain, session, rereadable, int(command[1:].strip()), read_lesson):
                return None  # the learner took a quiz from the lesson, and went on from its results
        else:
            term.say(f"“{command}” is not a command here. {RESULTS_HELP[1][2:]}")


def reread_section(plain: Plain, session: QuizSession, rereadable: list[ReviewItem], number: int,
                   read_lesson: ReadLesson) -> bool:
    """`r 3` after the results: the lesson section that teaches missed question 3, read as any lesson; `b`
    comes back to these results. True when the learner took a quiz from that lesson instead (and has left
    its results for the course map)."""
    item = next((item for item in rereadable if item.number == number), None)
    if item is None or item.section is None:
        numbers = numbers_said([item.number for item in rereadable])
        plain.term.say(f"Question {number} has no section to reread here. "
                       + (f"Type r and one of {numbers}." if len(rereadable) > 1
                          else f"Type r {numbers}." if rereadable else "No missed question names a section."))
        return False
    lesson, section = item.section
    if read_lesson(plain, lesson.id, section.id, "results"):
        return True
    earned, total = session.totals()
    plain.term.say("")
    plain.term.say(f"Back to the results of {words_only(session.quiz.title)}: {score_of(earned, total)}. "
                   "Type ? to hear what you can do here.")
    return False
