"""Numbers that are not numbers (nan, inf: valid TOML) or out of range in a progress file make it corrupt,
like any file that does not validate: the learner's own copy sets it aside, and the class report, the
xAPI output and LRS sync leave it out, say so, and go on for everyone else."""

from __future__ import annotations

import io
import json
import re
from contextlib import redirect_stderr, redirect_stdout
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pydantic import ValidationError

from course.cli import main
from course.content import load_course
from course.lrs import LrsClient, sync
from course.progress import ProgressStore
from course.progress.models import Answer, Attempt, CertificateRecord, LessonState, QuizState
from course.quizrun import QuizSession
from course.reports import class_report
from tests.answers import right
from tests.lrs_support import memory_lrs, scripted_lrs
from tests.test_quizrun import make_course

NOW = datetime(2026, 1, 1, tzinfo=UTC)
ANSWER = {"question": "q", "response": "a", "score": 1.0, "points": 1.0, "answered_at": NOW, "correct": True}
ATTEMPT = {"id": "x", "course": "c", "learner": "ana", "quiz": "q", "seed": 1, "questions": ["q"], "started_at": NOW}


@pytest.mark.parametrize(("model", "good", "field", "bad"), [
    (Answer, ANSWER, "score", float("nan")),
    (Answer, ANSWER, "score", float("inf")),
    (Answer, ANSWER, "score", -1.0),
    (Answer, ANSWER, "score", 2.0),  # more than the question's points
    (Answer, ANSWER, "points", float("-inf")),
    (Answer, ANSWER, "response", float("nan")),
    (Answer, ANSWER, "certainty", 4),
    (Attempt, ATTEMPT, "score", float("nan")),
    (Attempt, ATTEMPT, "score", 1.5),
    (Attempt, ATTEMPT, "earned", float("inf")),
    (Attempt, {**ATTEMPT, "total": 1.0}, "earned", 2.0),
    (LessonState, {"opened_at": NOW}, "seconds", float("nan")),
    (LessonState, {"opened_at": NOW}, "seconds", -5.0),
    (QuizState, {}, "best_score", float("inf")),
    (QuizState, {}, "attempts", -1),
    (CertificateRecord, {"code": "C", "quiz": "q", "attempt": "x", "score": 1.0, "issued_at": NOW}, "score",
     float("nan")),
])
def test_non_finite_and_out_of_range_numbers_do_not_validate(model, good, field, bad):
    model.model_validate(good)
    with pytest.raises(ValidationError):
        model.model_validate({**good, field: bad})


def _class(tmp_path: Path):
    """ana and ben each pass l0-quiz; ana's attempt file then says `score = nan`."""
    course = load_course(make_course(tmp_path / "c"))
    progress = tmp_path / "progress"
    store = ProgressStore(progress, course.id)
    for name in ("ana", "ben"):
        session = QuizSession.start(course, course.quiz("l0-quiz"), store.open(name), seed=3)
        for i, played in enumerate(session.questions):
            session.answer(i, right(played.question))
        session.finish()
    [path] = (progress / "ana" / "attempts" / "l0-quiz").glob("*.toml")
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^score = .*$", "score = nan", text, count=1), encoding="utf-8")
    return course, progress, path


def test_the_learners_own_copy_sets_a_nan_attempt_aside_and_keeps_the_rest(tmp_path):
    course, progress, path = _class(tmp_path)
    ana = ProgressStore(progress, course.id).open("ana")
    assert ana.attempts("l0-quiz") == []
    assert not path.exists()
    kept = list(path.parent.glob(f"{path.stem}.corrupt-*.toml"))
    assert len(kept) == 1 and "score = nan" in kept[0].read_text(encoding="utf-8")
    assert any("could not be read" in notice and "finite number" in notice for notice in ana.notices), ana.notices


def test_the_class_report_goes_on_and_says_what_was_left_out(tmp_path):
    course, progress, path = _class(tmp_path)
    report = class_report(course, progress)
    quiz = next(q for q in report.quizzes if q.quiz == "l0-quiz")
    assert quiz.attempts == 1 and quiz.learners_passed == 1  # ben's
    assert any(path.name in problem and "finite number" in problem for problem in report.problems), report.problems
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        assert main(["report", str(course.root), "--progress", str(progress), "--format", "json"]) == 0
    shown = json.loads(out.getvalue())
    assert "nan" not in out.getvalue().lower()
    assert any(path.name in problem for problem in shown["problems"])


def _strict_json(text: str) -> object:
    def refuse(constant: str) -> object:
        raise AssertionError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


def test_xapi_output_never_holds_nan_and_says_what_was_left_out(tmp_path):
    course, progress, path = _class(tmp_path)
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        assert main(["report", str(course.root), "--progress", str(progress), "--format", "xapi"]) == 0
    statements = _strict_json(out.getvalue())
    assert isinstance(statements, list)
    names = {s["actor"]["name"] for s in statements}
    assert "ben" in names
    assert path.name in err.getvalue()


def test_sync_sends_everyone_elses_statements_and_never_nan(tmp_path):
    course, progress, path = _class(tmp_path)
    with scripted_lrs(memory_lrs()) as stub:
        result = sync(course, progress, LrsClient(stub.url))
        bodies = [_strict_json(request["body"]) for request in stub.requests if request["method"] == "POST"]
    assert result.complete and result.sent > 0
    assert any(path.name in problem and "finite number" in problem for problem in result.problems), result.problems
    assert {s["actor"]["name"] for body in bodies for s in body} >= {"ben"}
