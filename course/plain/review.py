"""Spaced review in the plain mode: the questions due, answered by typing, each rescheduled through the
engine's ReviewDeck exactly as the app's review round does."""

from __future__ import annotations

import secrets

from course.content.models import TYPE_NAMES
from course.plain.answers import choices_lines, expected, right_answer
from course.plain.help import REVIEW_HELP
from course.plain.io import words_only
from course.plain.parts import part_lines, part_prompt, part_verdicts, parts_of, read_answer
from course.plain.quiz import answer_words, points, score_of, verdict
from course.plain.start import Plain
from course.plain.text import markdown_lines
from course.progress import ProgressSaveError
from course.progress.models import Response
from course.quizrun import PlayedQuestion
from course.review import ReviewDeck, Reviewed, next_time
from course.review_load import day_done_words, waiting_words
from course.words import plural

MARKS = {"good": "right", "hard": "partly right", "again": "wrong"}


def review_deck(plain: Plain) -> ReviewDeck | None:
    """The learner's review cards, brought up to date with their quiz answers; None when they cannot be read."""
    deck = ReviewDeck(plain.learner, plain.course)
    try:
        deck.refresh()
    except ProgressSaveError as error:
        plain.save_failed(error)
        return None
    for notice in deck.notices:
        plain.term.say(f"Note: {words_only(notice)}")
    deck.notices.clear()
    return deck


def review_words(plain: Plain) -> str | None:
    """What the course map says of review: "Review: 12 questions due today (limit 20 new, 200 a day). Type r
    for a review round.", that today's limits are reached, or None when nothing is due."""
    deck = review_deck(plain)
    waiting = deck.queue() if deck is not None else None
    said = waiting_words(waiting) if waiting is not None else None
    if waiting is None or said is None:
        return None
    said = said.replace(" · ", "; ")
    return f"Review: {said}. Type r for a review round." if waiting.keys else f"Review: {said}."


def review_round(plain: Plain, seed: int | None = None) -> None:
    """A round of the questions due now (the order drawn from `seed`), until it ends or the learner leaves."""
    deck = review_deck(plain)
    if deck is None:
        return
    seed = secrets.randbelow(2**31) if seed is None else seed
    questions = [played for key in deck.round(seed) if (played := deck.played(key, seed)) is not None]
    if not questions:
        upcoming = deck.next_due()
        when = f" The next is due {next_time(upcoming, deck.now())}." if upcoming else ""
        plain.term.say(day_done_words(deck.queue()) or f"No review questions are due now.{when}")
        return
    plain.term.say("")
    plain.term.say(f"Review round: {plural(len(questions), 'question')}. q goes back to the map; "
                   "the answers given are kept.")
    results: list[Reviewed] = []
    for number, played in enumerate(questions, 1):
        reviewed = _ask(plain, deck, played, number, len(questions))
        if reviewed is None:
            break
        results.append(reviewed)
    counts = ", ".join(f"{words} {sum(1 for r in results if r.rating == rating)}" for rating, words in MARKS.items())
    plain.term.say("")
    plain.term.say(f"Round finished: {len(results)} of {len(questions)} answered ({counts}).")
    waiting = deck.queue()
    left, upcoming = len(waiting.keys), deck.next_due()
    if left:
        plain.term.say(f"{plural(left, 'more question')} {'are' if left != 1 else 'is'} due: type r on the map "
                       "for another round.")
    elif done := day_done_words(waiting):
        plain.term.say(done)
    elif upcoming is not None:
        plain.term.say(f"Nothing else is due. The next review is {next_time(upcoming, deck.now())}.")


def _show(plain: Plain, played: PlayedQuestion, number: int, total: int) -> None:
    question = played.question
    plain.term.say("")
    plain.term.say(f"Review question {number} of {total}, {points(question.points)}, "
                   f"{TYPE_NAMES.get(question.type, question.type)}, from {words_only(played.source.title)}.")
    plain.term.lines(markdown_lines(question.prompt))
    plain.term.lines(choices_lines(played))
    plain.term.say(expected(played))
    if parts := parts_of(played):
        plain.term.lines(part_lines(parts[0]))


def _ask(plain: Plain, deck: ReviewDeck, played: PlayedQuestion, number: int, total: int) -> Reviewed | None:
    """Ask one question until it is answered; None when the learner leaves the round."""
    term = plain.term
    _show(plain, played, number, total)
    parts = parts_of(played)
    lead = f"Review question {number} of {total}"
    while True:
        typed = term.ask(part_prompt(lead, parts[0]) if parts else f"{lead}, your answer (? for help):")
        command = typed.strip()
        if command == "q":
            return None
        if command == "?":
            term.lines(REVIEW_HELP)
            continue
        if command == "r":
            _show(plain, played, number, total)
            continue
        response = read_answer(term, played, typed)
        if response is None:
            continue
        try:
            reviewed = deck.answer(played.key, played.question, response)
        except ProgressSaveError as error:
            plain.save_failed(error)
            continue
        _feedback(plain, deck, played, reviewed, response)
        return reviewed


def _feedback(plain: Plain, deck: ReviewDeck, played: PlayedQuestion, reviewed: Reviewed, response: Response) -> None:
    term, result = plain.term, reviewed.result
    term.say(f"{verdict(result)}: {score_of(result.score, result.points)}.")
    term.lines(part_verdicts(played, response))
    for line in result.feedback:
        term.say(words_only(line))
    if not result.correct:
        term.say(f"Right answer: {answer_words(played.question, right_answer(played))}")
    term.say(f"Why: {' '.join(markdown_lines(played.question.explanation))}")
    found = plain.course.resolve_section(played.source, played.question.section)
    if found:
        term.say(f"Reread: {words_only(found[0].title)}, section {words_only(found[1].title)}.")
    term.say(f"Next review: {next_time(reviewed.card.due, deck.now())} ({MARKS[reviewed.rating]}).")
