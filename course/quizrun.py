"""Taking a quiz: which questions an attempt gets, in which order, and recording and scoring answers.

This is the engine the learner app drives; it holds no UI. Every order is derived from the seed kept
with the attempt, so a resumed or reviewed attempt looks exactly as it did, and no order changes a score.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass

from course.content.models import Course, Lesson, Question, Quiz, Section
from course.progress import Answer, AnswerAlreadyRecordedError, Attempt, LearnerProgress
from course.progress.models import Response, utc_now
from course.qtypes import type_of
from course.qtypes.base import Shown
from course.scoring import (
    CERTAINTIES,
    ScoreResult,
    cbm_average,
    cbm_mark,
    describe_response,
    describe_right_answer,
    score,
)
from course.words import plural


class QuizUnavailable(Exception):
    """The quiz cannot be started (no attempts left, no questions); the message says why."""


class CertaintyError(ValueError):
    """An answer came without the certainty its quiz asks for, or with one it does not; the message says why."""


class InvalidResponse(ValueError):
    """A response that is no answer to its question (a choice naming no option, a number that is not one);
    the message says which question and what it takes. Nothing is saved."""


@dataclass(frozen=True)
class PlayedQuestion:
    """One question as an attempt shows it."""

    key: str  # "q1", or "other-quiz/q1" for a question drawn from another quiz
    source: Quiz  # the quiz the question is written in
    question: Question
    option_order: tuple[str, ...] = ()  # choice questions: option keys in display order
    item_order: tuple[int, ...] = ()  # ordering: the starting order shown; matching: pair order
    choice_order: tuple[str, ...] = ()  # matching: the matches offered, in display order

    @property
    def shown(self) -> Shown:
        """The orders this attempt showed, as the question's type reads them."""
        return Shown(self.option_order, self.item_order, self.choice_order)


def _rng(seed: int, *salt: str) -> random.Random:
    return random.Random(":".join([str(seed), *salt]))


def play(source: Quiz, question: Question, key: str, seed: int, shuffle_options: bool) -> PlayedQuestion:
    shown = type_of(question).show(question, _rng(seed, key), shuffle_options)
    return PlayedQuestion(key, source, question, shown.option_order, shown.item_order, shown.choice_order)


def select_keys(course: Course, quiz: Quiz, seed: int) -> list[str]:
    """The question keys of a new attempt, in the order shown."""
    keys = [q.id for q in quiz.questions]
    # A draw picks only questions having all its tags, and never one an earlier draw picked. Draws with more
    # tags (the narrowest pools) pick first, so an untagged draw cannot take the one question a tagged draw
    # needs; the questions are still shown in the order of the draws.
    picked: dict[int, list[str]] = {}
    taken: set[str] = set()
    for index in sorted(range(len(quiz.draw)), key=lambda i: -len(quiz.draw[i].tags)):
        draw = quiz.draw[index]
        source = course.quiz(draw.from_)
        if source is None:
            continue
        wanted = set(draw.tags)
        pool = [
            key for q in source.questions
            if wanted <= set(q.tags) and (key := f"{source.id}/{q.id}") not in taken
        ]
        picked[index] = _rng(seed, "draw", str(index)).sample(pool, min(draw.count, len(pool)))
        taken.update(picked[index])
    for index in sorted(picked):
        keys.extend(picked[index])
    if quiz.shuffle_questions:
        _rng(seed, "order").shuffle(keys)
    return keys


def resolve_key(course: Course, quiz: Quiz, key: str) -> tuple[Quiz, Question] | None:
    source_id, slash, qid = key.rpartition("/")
    source = course.quiz(source_id) if slash else quiz
    if source is None:
        return None
    question = source.question(qid)
    return (source, question) if question is not None else None


def played_questions(course: Course, quiz: Quiz, keys: list[str], seed: int) -> list[PlayedQuestion]:
    """Rebuild an attempt's questions from its keys; keys whose question has gone are left out."""
    played = []
    for key in keys:
        found = resolve_key(course, quiz, key)
        if found:
            played.append(play(found[0], found[1], key, seed, quiz.shuffle_options))
    return played


@dataclass(frozen=True)
class ReviewItem:
    number: int
    played: PlayedQuestion
    answer: Answer | None
    result: ScoreResult
    your_answer: str
    right_answer: str
    section: tuple[Lesson, Section] | None
    cbm: float | None = None  # the CBM mark, on a quiz with confidence-based marking

    @property
    def missed(self) -> bool:
        return not self.result.correct

    @property
    def certainty(self) -> int | None:
        return self.answer.certainty if self.answer is not None else None

    @property
    def confidently_wrong(self) -> bool:
        """Wrong while fairly or very sure (certainty 2 or 3): the only answers whose CBM mark is below 0."""
        return self.cbm is not None and self.cbm < 0


def right_answer_of(played: PlayedQuestion) -> str:
    """The right answer in words, its options or items in the order this attempt showed them."""
    return describe_right_answer(played.question, option_order=played.option_order, item_order=played.item_order)


def attempts_used(learner: LearnerProgress, quiz: Quiz) -> int:
    """Finished attempts that count (practice does not), from the summary: no attempt file is read."""
    state = learner.summary.quizzes.get(quiz.id)
    return state.attempts if state else 0


def attempts_left(learner: LearnerProgress, quiz: Quiz) -> int | None:
    if quiz.max_attempts is None:
        return None
    return max(0, quiz.max_attempts - attempts_used(learner, quiz))


class QuizSession:
    """One attempt at a quiz, saved through `LearnerProgress` after every answer."""

    def __init__(self, course: Course, quiz: Quiz, learner: LearnerProgress, attempt: Attempt):
        self.course = course
        self.quiz = quiz
        self.learner = learner
        self.attempt = attempt
        self.questions = played_questions(course, quiz, attempt.questions, attempt.seed)

    # ------------------------------------------------------------------ starting

    @classmethod
    def start(
        cls,
        course: Course,
        quiz: Quiz,
        learner: LearnerProgress,
        *,
        only: list[str] | None = None,
        seed: int | None = None,
    ) -> QuizSession:
        """A new attempt; `only` makes a practice attempt of just those question keys."""
        practice = only is not None
        if not practice:
            left = attempts_left(learner, quiz)
            if left == 0:
                raise QuizUnavailable(
                    f"You have used all {quiz.max_attempts} attempts at “{quiz.title}”. "
                    "You can still review your attempts and practise the questions you missed."
                )
        seed = secrets.randbelow(2**31) if seed is None else seed
        keys = list(only) if only is not None else select_keys(course, quiz, seed)
        if not played_questions(course, quiz, keys, seed):
            raise QuizUnavailable(f"“{quiz.title}” has no questions to ask.")
        attempt = learner.start_attempt(quiz.id, keys, seed, practice=practice)
        return cls(course, quiz, learner, attempt)

    @classmethod
    def resume(cls, course: Course, quiz: Quiz, learner: LearnerProgress) -> QuizSession | None:
        attempt = learner.in_progress(quiz.id)
        if attempt is None or attempt.finished_at is not None:
            return None
        session = cls(course, quiz, learner, attempt)
        return session if session.questions else None

    @classmethod
    def resume_or_start(cls, course: Course, quiz: Quiz, learner: LearnerProgress) -> QuizSession:
        return cls.resume(course, quiz, learner) or cls.start(course, quiz, learner)

    # ------------------------------------------------------------------ state

    @property
    def position(self) -> int:
        """Where the learner was, as an index into `questions`. The attempt keeps it as an index into its
        own list of question keys, so removing a question from the quiz does not move the learner on: they
        come back to the same question, or to the next one still in the quiz."""
        if not self.questions:
            return 0
        keys = self.attempt.questions
        shown = {played.key: index for index, played in enumerate(self.questions)}
        for key in keys[min(max(self.attempt.position, 0), len(keys)) :]:
            if key in shown:
                return shown[key]
        return len(self.questions) - 1

    def _stored_position(self, index: int) -> int:
        """The attempt's own index (into its question keys) of the question shown at `index`."""
        return self.attempt.questions.index(self.questions[index].key)

    @property
    def gone(self) -> list[str]:
        """Keys of this attempt's questions that are no longer in the course (their answers are kept)."""
        shown = {played.key for played in self.questions}
        return [key for key in self.attempt.questions if key not in shown]

    def gone_notice(self) -> str | None:
        """What to tell the learner when saved work refers to questions that have gone, or None."""
        gone = self.gone
        if not gone:
            return None
        answered = {a.question for a in self.attempt.answers if a.response is not None}
        kept = sum(1 for key in gone if key in answered)
        said = (f"{plural(len(gone), 'question')} of this attempt {'is' if len(gone) == 1 else 'are'} "
                f"no longer in the quiz “{self.quiz.title}”.")
        if kept == 1:
            said += " Your answer stays in your progress but is not shown or scored."
        elif kept:
            said += f" Your {kept} answers stay in your progress but are not shown or scored."
        return said

    @property
    def finished(self) -> bool:
        return self.attempt.finished_at is not None

    def answer_for(self, index: int) -> Answer | None:
        return self.attempt.answer_for(self.questions[index].key)

    def is_answered(self, index: int) -> bool:
        answer = self.answer_for(index)
        return answer is not None and answer.response is not None

    def is_flagged(self, index: int) -> bool:
        return self.questions[index].key in self.attempt.flagged

    def unanswered(self) -> list[int]:
        answered = {a.question for a in self.attempt.answers if a.response is not None}
        return [i for i, played in enumerate(self.questions) if played.key not in answered]

    @property
    def locked_after_answer(self) -> bool:
        """With immediate feedback an answer, once shown right or wrong, cannot be changed."""
        return self.quiz.feedback == "immediate"

    # ------------------------------------------------------------------ changes (each one saved)

    @property
    def confidence(self) -> bool:
        """Whether the quiz marks by certainty: each answer comes with how sure the learner is (1, 2 or 3)."""
        return self.quiz.confidence

    def answer(self, index: int, response: Response, certainty: int | None = None) -> ScoreResult:
        """Score and durably record an answer; when this returns, the answer is saved. A quiz with
        confidence-based marking needs the learner's certainty (1, 2 or 3) with every answer; any other
        quiz takes none. A response that is no answer to the question (its type's response_problem) raises
        InvalidResponse, and nothing is saved."""
        if self.confidence and response is not None and (isinstance(certainty, bool) or certainty not in CERTAINTIES):
            raise CertaintyError(
                f"“{self.quiz.title}” asks how sure you are with each answer: a certainty of 1, 2 or 3, "
                f"got {certainty!r}."
            )
        if not self.confidence and certainty is not None:
            raise CertaintyError(f"“{self.quiz.title}” does not ask how sure you are; got a certainty of {certainty!r}.")
        played = self.questions[index]
        if response is not None and (problem := type_of(played.question).response_problem(played.question, response)):
            raise InvalidResponse(f"Question {index + 1} of “{self.quiz.title}” ({played.key}): {problem}. Nothing was saved.")
        result = score(played.question, response)
        record = Answer(
            question=played.key,
            response=response,
            score=result.score,
            points=result.points,
            answered_at=utc_now(),  # kept for the record; the order of answers is their order of arrival
            correct=result.correct,
            certainty=certainty if response is not None else None,
        )
        try:
            self.attempt = self.learner.record_answer(
                self.attempt, record, position=self._stored_position(index), once=self.locked_after_answer
            )
        except AnswerAlreadyRecordedError as error:
            # Another window answered first: this copy now holds the answer that counts, to show it.
            self.attempt = error.attempt
            raise
        return result

    def leave(self) -> bool:
        """The learner leaves the quiz: an attempt left on its first question with nothing answered, chosen
        or flagged is removed, so it does not count as started. Returns whether it was removed."""
        attempt = self.attempt
        if self.finished or attempt.answers or attempt.drafts or attempt.flagged or attempt.position:
            return False
        return self.learner.discard_unanswered(attempt)

    def draft_for(self, index: int) -> Response:
        """What the learner chose or typed on question `index` without answering it (None when nothing)."""
        return self.attempt.drafts.get(self.questions[index].key)

    def shown_response(self, index: int) -> Response:
        """What question `index` shows when it is opened: its answer, else its draft (None when neither)."""
        answer = self.answer_for(index)
        return answer.response if answer is not None and answer.response is not None else self.draft_for(index)

    def keep_draft(self, index: int, response: Response) -> bool:
        """Keep what the learner chose or typed on an unanswered question without answering it, so that it
        is shown again after leaving the quiz or a restart (None forgets it). An answered question keeps no
        draft: its answer is what is shown. Saved when it changes; returns whether it did."""
        key = self.questions[index].key
        drafts = dict(self.attempt.drafts)
        if response is None or self.is_answered(index) or self.finished:
            drafts.pop(key, None)
        else:
            drafts[key] = response
        if drafts == self.attempt.drafts:
            return False
        self.attempt = self.learner.save_attempt(self.attempt.model_copy(update={"drafts": drafts}))
        return True

    def move(self, index: int) -> None:
        stored = self._stored_position(min(max(index, 0), len(self.questions) - 1))
        if stored != self.attempt.position:
            self.attempt = self.learner.save_attempt(self.attempt.model_copy(update={"position": stored}))

    def toggle_flag(self, index: int) -> bool:
        key = self.questions[index].key
        flagged = [k for k in self.attempt.flagged if k != key]
        now_flagged = key not in self.attempt.flagged
        if now_flagged:
            flagged.append(key)
        self.attempt = self.learner.save_attempt(self.attempt.model_copy(update={"flagged": flagged}))
        return now_flagged

    def result_for(self, index: int) -> ScoreResult:
        answer = self.answer_for(index)
        return score(self.questions[index].question, answer.response if answer else None)

    def cbm_for(self, index: int) -> float | None:
        """The CBM mark of the answer to question `index` (-6 to 3), or None when the quiz does not mark by
        certainty. A skipped question has 0."""
        if not self.confidence:
            return None
        answer = self.answer_for(index)
        return cbm_mark(self.result_for(index).fraction, answer.certainty if answer else None)

    def cbm_average(self) -> float | None:
        """The attempt's CBM average per question (-6 to 3, each question counted by its points), or None when
        the quiz does not mark by certainty. Only the score (accuracy) decides a pass."""
        if not self.confidence:
            return None
        return cbm_average([(self.cbm_for(i) or 0.0, p.question.points) for i, p in enumerate(self.questions)])

    def totals(self, attempt: Attempt | None = None) -> tuple[float, float]:
        """(points earned, points in all) of this attempt's answers, or of `attempt`'s."""
        answers = attempt if attempt is not None else self.attempt
        earned = 0.0
        for played in self.questions:
            answer = answers.answer_for(played.key)
            earned += score(played.question, answer.response if answer else None).score
        total = sum(p.question.points for p in self.questions)
        return earned, total

    def _grade(self, attempt: Attempt) -> tuple[float, float, bool]:
        earned, total = self.totals(attempt)
        return earned, total, (earned / total if total else 1.0) >= self.quiz.pass_mark - 1e-9

    def finish(self) -> Attempt:
        """Submit: scored under the learner's lock from the answers as recorded (see finish_attempt)."""
        earned, total, passed = self._grade(self.attempt)
        self.attempt = self.learner.finish_attempt(self.attempt, earned, total, passed, grade=self._grade)
        return self.attempt

    # ------------------------------------------------------------------ review

    def review(self) -> list[ReviewItem]:
        items = []
        for i, played in enumerate(self.questions):
            answer = self.answer_for(i)
            response = answer.response if answer else None
            items.append(
                ReviewItem(
                    number=i + 1,
                    played=played,
                    answer=answer,
                    result=score(played.question, response),
                    your_answer=describe_response(
                        played.question, response, option_order=played.option_order,
                        item_order=played.item_order, marked=True,
                    ),
                    right_answer=right_answer_of(played),
                    section=self.course.resolve_section(played.source, played.question.section),
                    cbm=self.cbm_for(i),
                )
            )
        return items

    def missed_keys(self) -> list[str]:
        return [item.played.key for item in self.review() if item.missed]
