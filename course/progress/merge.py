"""Merging an attempt held in memory with the copy on disk (another process may have written it)."""

from __future__ import annotations

from .models import Answer, Attempt

_FINISH_FIELDS = ("finished_at", "score", "earned", "total", "passed")


def merge_answers(disk: list[Answer], mine: list[Answer], order: list[str]) -> list[Answer]:
    """Union by question id; where both hold an answer to a question, the one on disk stands. Every answer
    is written to disk under the learner's lock as it arrives, so the disk holds the latest arrival; what
    this copy holds in memory may be older. The clock (`answered_at`) never decides: two windows' clocks
    may disagree. Sorted in question order."""
    by_question: dict[str, Answer] = {answer.question: answer for answer in disk}
    for answer in mine:
        by_question.setdefault(answer.question, answer)
    rank = {key: index for index, key in enumerate(order)}
    return sorted(by_question.values(), key=lambda a: rank.get(a.question, len(rank)))


def merge_flags(disk: list[str], mine: list[str], base: list[str] | None) -> list[str]:
    """Three-way: the flags on disk, plus those `mine` set and minus those it cleared since `base`
    (the flags as this process last saw them). Without a base, `mine` wins."""
    if base is None:
        return list(mine)
    cleared = set(base) - set(mine)
    kept = [flag for flag in disk if flag not in cleared]
    return kept + [flag for flag in mine if flag not in base and flag not in kept]


def merge_attempt(disk: Attempt | None, mine: Attempt, base_flags: list[str] | None = None) -> Attempt:
    """`mine` (position, questions, drafts) with the answers of both and the flags merged three-way against
    `base_flags`; a finish on disk is never undone, and a question answered on disk keeps no draft."""
    merged = mine.model_copy(deep=True)
    if disk is None:
        return merged
    merged.answers = merge_answers(disk.answers, mine.answers, mine.questions)
    answered = {answer.question for answer in merged.answers if answer.response is not None}
    merged.drafts = {key: draft for key, draft in merged.drafts.items() if key not in answered}
    merged.flagged = merge_flags(disk.flagged, mine.flagged, base_flags)
    if disk.finished_at is not None and mine.finished_at is None:
        for field in _FINISH_FIELDS:
            setattr(merged, field, getattr(disk, field))
    return merged


def with_answer(attempt: Attempt, answer: Answer) -> Attempt:
    """A copy of `attempt` whose answer to `answer.question` is `answer` (the latest arrival)."""
    copy = attempt.model_copy(deep=True)
    copy.drafts.pop(answer.question, None)  # answered: what was chosen before answering is no longer kept
    others = [a for a in copy.answers if a.question != answer.question]
    copy.answers = merge_answers([answer.model_copy(deep=True)], others, copy.questions)
    return copy
