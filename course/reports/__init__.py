"""Class results and item analysis, computed from events (course.events) only, so that progress folders
and a Learning Record Store give the same reports.

Used by `course report` and `course report items`. Progress files are read without changing one:
unreadable files are reported, never moved or rewritten (that is the learner app's job when the learner
next opens the course).

- course.reports.feed: events to aggregators, one learner at a time from folders, or as any stream;
- course.reports.classes: the class report (learners, attempts, quizzes, score distributions, most missed,
  certainty on confidence-marked quizzes);
- course.reports.open_attempts: attempts started and not finished, from progress folders only;
- course.reports.wilson: the Wilson interval the most missed questions are ranked by;
- course.reports.items: item analysis (facility, discrimination... as Moodle's quiz statistics);
- course.reports.render_class, render_items: text, CSV and JSON;
- course.reports.export: every xAPI statement in one list (the command streams them: course.xapi).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from course.content.models import Course
from course.events import Event

from .classes import MIN_RESPONSES, CertaintyStat, ClassAggregator, ClassReport, LearnerRow, QuestionStat, QuizStat
from .export import xapi_export
from .feed import feed_events, feed_folders
from .items import WHICH, ItemAggregator, ItemReport, Which
from .render_class import render_csv, render_json, render_text
from .render_items import render_items_csv, render_items_json, render_items_text

__all__ = [
    "MIN_RESPONSES",
    "WHICH",
    "CertaintyStat",
    "ClassAggregator",
    "ClassReport",
    "ItemAggregator",
    "ItemReport",
    "LearnerRow",
    "QuestionStat",
    "QuizStat",
    "Which",
    "class_report",
    "class_report_from_events",
    "feed_events",
    "feed_folders",
    "item_report",
    "item_report_from_events",
    "render_csv",
    "render_items_csv",
    "render_items_json",
    "render_items_text",
    "render_json",
    "render_text",
    "xapi_export",
]


def class_report(course: Course, progress_root: Path, min_responses: int = MIN_RESPONSES) -> ClassReport:
    """The class report over the progress folders under `progress_root`, one learner at a time."""
    problems: list[str] = []
    aggregator = ClassAggregator(course, min_responses)
    feed_folders(course, progress_root, problems, aggregator)
    return aggregator.report(problems)


def class_report_from_events(
    course: Course, events: Iterable[Event], problems: list[str] | None = None, min_responses: int = MIN_RESPONSES
) -> ClassReport:
    """The class report over events in any order (e.g. statements read back from an LRS)."""
    aggregator = ClassAggregator(course, min_responses)
    feed_events(events, aggregator)
    return aggregator.report(problems)


def item_report(
    course: Course, progress_root: Path, which: Which = "first", quiz: str | None = None,
    min_responses: int = MIN_RESPONSES,
) -> ItemReport:
    """Item analysis over the progress folders under `progress_root`, one learner at a time."""
    problems: list[str] = []
    aggregator = ItemAggregator(course, which, quiz, min_responses)
    feed_folders(course, progress_root, problems, aggregator)
    return aggregator.report(problems)


def item_report_from_events(
    course: Course, events: Iterable[Event], which: Which = "first", quiz: str | None = None,
    problems: list[str] | None = None, min_responses: int = MIN_RESPONSES,
) -> ItemReport:
    """Item analysis over events in any order (e.g. statements read back from an LRS)."""
    aggregator = ItemAggregator(course, which, quiz, min_responses)
    feed_events(events, aggregator)
    return aggregator.report(problems)
