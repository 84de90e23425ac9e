"""Answers given away by another question: the rule `answer-in-sibling` of `course check`.

A question's answer "leaks" when another question a learner sees in the same quiz (or in the same final
exam, with the questions its draws may pick) prints it in its prompt or options:

- a typed answer (a `short` question, a short gap of a `cloze`): an accepted answer worth full points (not
  a wildcard), in any form a learner could copy (a leading article dropped, the last word in either number);
- an answer picked from options that are terms (a `single` or `multiple` question, a choice gap of a
  `cloze`): a right option of a few words (a term, not a sentence) printed in another question while none of
  its wrong options of a few words is: the sibling tells the term apart from the distractors.

Each question type says what it prints besides its prompt (`printed_texts`: options, items, a passage) and
what its answers are as texts (`answer_terms`), in its module of course/qtypes/; a type whose answers are
not words (true or false, a number, an order) has none.

Only distinctive terms count: at least one word that is not a very common word (course.content.wording.STOPWORDS)
and of three letters or more. The search goes through an index of the words of the quiz (or exam pool), so
it stays linear in the number of questions.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from course.content.models import Question, Quiz
from course.content.wording import STOPWORDS, words
from course.qtypes import type_of
from course.qtypes.textmatch import ARTICLES, number_forms

# A right option of more words than this is a statement, not a term that another question could print.
TERM_WORDS = 6


# A question's answer terms: (the text as written, the word tuples it may be printed as).
_Terms = list[tuple[str, list[tuple[str, ...]]]]


@dataclass(frozen=True)
class Leak:
    question: Question  # whose answer is printed elsewhere
    term: str
    where: Question  # the question that prints it
    part: str  # "prompt", or the part of the question its type names ("options", "passage")


def _printed(question: Question) -> dict[str, list[str]]:
    """The texts a learner reads in the question, by part: its prompt, then what its type prints."""
    parts: dict[str, list[str]] = {"prompt": [question.prompt]}
    for part, text in type_of(question).printed_texts(question):
        parts.setdefault(part, []).append(text)
    return parts


def _term_forms(text: str) -> list[tuple[str, ...]] | None:
    """The ways `text` can be printed, as words() reads them; None when it is not a distinctive term."""
    found = words(text)
    if found and found[0] in ARTICLES and len(found) > 1:
        found = found[1:]
    if not found or len(found) > TERM_WORDS or not any(w not in STOPWORDS and len(w) > 2 for w in found):
        return None
    return [(*found[:-1], form.casefold()) for form in number_forms(found[-1])]


def _answers(question: Question) -> Iterator[tuple[_Terms, list[list[tuple[str, ...]]]]]:
    """Each answer of the question that could be printed elsewhere: its terms (text, forms) and, for an
    answer picked from options, the forms of its wrong options that are terms (at least one: options that
    are statements are not terms to tell apart)."""
    for answer in type_of(question).answer_terms(question):
        terms = [(text, forms) for text in answer.right if (forms := _term_forms(text))]
        if not terms:
            continue
        wrong_forms: list[list[tuple[str, ...]]] = []
        if answer.wrong is not None:
            wrong = [text for text in answer.wrong if len(text.split()) <= TERM_WORDS + 1]
            wrong_forms = [forms for text in wrong if (forms := _term_forms(text))]
            if not wrong_forms:
                continue
        yield terms, wrong_forms


def _where_printed(questions: Sequence[Question], wanted: set[tuple[str, ...]]) -> dict[tuple[str, ...], list[tuple[int, str]]]:
    """For each wanted form (a tuple of words), the (question index, "prompt" or "options") printing it, in
    question order: one pass over every run of up to TERM_WORDS words of each prompt and option."""
    lengths: dict[str, set[int]] = {}  # first word -> the lengths of the forms it starts
    for form in wanted:
        lengths.setdefault(form[0], set()).add(len(form))
    found: dict[tuple[str, ...], list[tuple[int, str]]] = {}
    for index, question in enumerate(questions):
        for part, texts in _printed(question).items():
            seen: set[tuple[str, ...]] = set()
            for text in texts:
                line = words(text)
                if lengths.keys().isdisjoint(line):
                    continue
                for start, word in enumerate(line):
                    for n in lengths.get(word, ()):
                        gram = tuple(line[start:start + n])
                        if gram in wanted and gram not in seen:
                            seen.add(gram)
                            found.setdefault(gram, []).append((index, part))
    return found


def _judged(questions: Sequence[Question]) -> list[tuple[int, Question, _Terms, list[list[tuple[str, ...]]]]]:
    """(position, question, an answer's terms with their forms, its wrong options' forms) of each answer
    that could be printed elsewhere (a question with gaps may have several)."""
    judged = []
    for position, question in enumerate(questions):
        if "answer-in-sibling" in question.lint_ok:
            continue  # silenced: its answer is not looked for (its texts still count as printed)
        judged += [(position, question, terms, wrong_forms) for terms, wrong_forms in _answers(question)]
    return judged


def leaks(questions: Sequence[Question], same: Sequence[int] | None = None) -> Iterator[Leak]:
    """Each question whose answer another of `questions` prints. Questions with the same number `same[i]`
    of 0 or more (those drawn from one quiz into an exam) are not judged against each other: that is their
    quiz's own finding. Linear in the questions' words."""
    members: dict[int, set[int]] = {}
    for position, group in enumerate(same or []):
        if group >= 0:
            members.setdefault(group, set()).add(position)
    judged = _judged(questions)
    if not judged:
        return
    wanted = {form for *_, terms, wrong in judged for forms in [*(f for _, f in terms), *wrong] for form in forms}
    printed = _where_printed(questions, wanted)

    def first(forms: list[tuple[str, ...]], skip: set[int]) -> tuple[int, str] | None:
        for form in forms:
            for index, part in printed.get(form, []):
                if index not in skip:
                    return index, part
        return None

    for position, question, terms, wrong_forms in judged:
        group = same[position] if same is not None else -1
        skip = members[group] if group >= 0 else {position}
        hit = next(((text, where) for text, forms in terms if (where := first(forms, skip)) is not None), None)
        if hit is None:
            continue
        if any(first(forms, {position}) is not None for forms in wrong_forms):
            continue  # a wrong option is printed too: nothing tells the right one apart
        text, (index, part) = hit
        yield Leak(question, text, questions[index], part)


def quiz_leaks(quiz: Quiz) -> Iterator[Leak]:
    return leaks(quiz.questions)


def exam_leaks(exam: Quiz, drawn: Sequence[Quiz]) -> Iterator[Leak]:
    """Leaks an exam's attempt may show: between the exam's own questions and those its draws may pick,
    and between questions drawn from different quizzes (each quiz's own leaks are its own findings)."""
    questions: list[Question] = list(exam.questions)
    same = [-1] * len(questions)
    for number, quiz in enumerate(drawn):
        questions += quiz.questions
        same += [number] * len(quiz.questions)
    if not drawn:
        return quiz_leaks(exam)
    return leaks(questions, same=same)
