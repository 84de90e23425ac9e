"""Seeded generators for benchmark and fault-test data: courses, lessons and attempt files.

Nothing generated here is committed; every benchmark writes its data into a temporary folder.
"""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from course.content.models import LINT_RULES

WORDS = (
    "outsourcing offshoring provider contract service level agreement cost labour market border time zone "
    "culture language risk law regulation data protection vendor client team quality delivery audit supplier "
    "knowledge transfer wage productivity economy jobs skills country company strategy decision location"
).split()


def _q(text: str) -> str:
    """A TOML basic string (JSON string syntax is valid TOML for the characters used here)."""
    return json.dumps(text, ensure_ascii=False)


def sentence(rng: random.Random, low: int = 8, high: int = 18) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return (" ".join(words)).capitalize() + "."


def paragraph(rng: random.Random, sentences: int = 4) -> str:
    return " ".join(sentence(rng) for _ in range(sentences))


def lesson_text(
    rng: random.Random, lesson_id: str, order: int, *, quiz: str | None, size: int = 1500, paragraphs: int = 1
) -> str:
    """A lesson file of about `size` bytes with front matter, an intro and `##` sections of `paragraphs` each."""
    head = [
        "+++",
        f"id = {_q(lesson_id)}",
        f"title = {_q('Lesson ' + str(order) + ': ' + sentence(rng, 2, 5)[:-1])}",
        f"order = {order}",
        f"summary = {_q(sentence(rng))}",
        "objectives = [" + ", ".join(_q(sentence(rng, 4, 8)) for _ in range(3)) + "]",
    ]
    if quiz:
        head.append(f"quiz = {_q(quiz)}")
    head += ["+++", "", paragraph(rng, 2), ""]
    body = "\n".join(head)
    section = 0
    while len(body.encode()) < size:
        section += 1
        parts = [f"## Section {section}"]
        for _ in range(paragraphs):
            parts += ["", paragraph(rng)]
        kind = section % 4
        if kind == 1:
            parts += ["", *(f"- {sentence(rng, 4, 9)}" for _ in range(4))]
        elif kind == 2:
            parts += ["", "| term | meaning |", "| --- | --- |", *(f"| {rng.choice(WORDS)} | {sentence(rng, 3, 6)} |" for _ in range(3))]
        elif kind == 3:
            parts += ["", f"> {sentence(rng)} **{rng.choice(WORDS)}** and `{rng.choice(WORDS)}`."]
        body += "\n" + "\n".join(parts) + "\n"
    return body


# Random words can look like item-writing flaws (an option that happens to be longest, an "only"): the rules
# still run on every question, as they do on a real course, and their findings are silenced.
LINT_OK = "lint_ok = [" + ", ".join(_q(rule) for rule in LINT_RULES) + "]"


def _question(rng: random.Random, qid: str, kind: str) -> str:
    lines = [
        "[[questions]]",
        f"id = {_q(qid)}",
        f'type = "{kind}"',
        f"prompt = {_q(sentence(rng))}",
        f"explanation = {_q(sentence(rng))}",
        LINT_OK,
    ]
    if kind in ("single", "multiple"):
        right = {0} if kind == "single" else {0, 2}
        for i in range(4):
            lines += ["", "[[questions.options]]", f"text = {_q(sentence(rng, 3, 7))}"]
            if i in right:
                lines.append("correct = true")
            else:
                lines.append(f"feedback = {_q(sentence(rng, 4, 8))}")
    elif kind == "true_false":
        lines.append(f"answer = {'true' if rng.random() < 0.5 else 'false'}")
    elif kind == "matching":
        for i in range(3):
            lines += ["", "[[questions.pairs]]", f"item = {_q(f'item {i} ' + sentence(rng, 2, 4))}", f"match = {_q(f'match {i}')}"]
    elif kind == "ordering":
        lines.append("items = [" + ", ".join(_q(f"step {i} {rng.choice(WORDS)}") for i in range(4)) + "]")
    elif kind == "short":
        lines.append('answers = ["service level agreement", "SLA"]')
        lines.append("fuzzy = 1")
    elif kind == "numeric":
        lines.append(f"answer = {rng.randint(1, 100)}")
        lines.append("tolerance = 0.5")
    return "\n".join(lines) + "\n"


KINDS = ("single", "multiple", "true_false", "matching", "ordering", "short", "numeric")


def quiz_text(rng: random.Random, quiz_id: str, lesson_id: str | None, questions: int, *, title: str | None = None) -> str:
    head = [f"id = {_q(quiz_id)}", f"title = {_q(title or 'Quiz ' + quiz_id)}"]
    if lesson_id:
        head.append(f"lesson = {_q(lesson_id)}")
    head += ["pass_mark = 0.7", "shuffle_options = true", 'lint_ok = ["true-false-balance"]', ""]
    body = "\n".join(head) + "\n"
    for i in range(questions):
        body += "\n" + _question(rng, f"q{i + 1}", KINDS[i % len(KINDS)])
    return body


def make_course(
    root: Path, lessons: int, questions_per_quiz: int, *, seed: int = 1, lesson_bytes: int = 1500,
    exam_questions: int = 0,
) -> Path:
    """A valid course with `lessons` lessons, one quiz each, and optionally a final exam of its own questions."""
    rng = random.Random(seed)
    root = Path(root)
    (root / "lessons").mkdir(parents=True, exist_ok=True)
    (root / "quizzes").mkdir(parents=True, exist_ok=True)
    (root / "course.toml").write_text('id = "bench-course"\ntitle = "Benchmark course"\n', "utf-8")
    width = len(str(lessons))
    for n in range(1, lessons + 1):
        lid, qid = f"lesson-{n}", f"quiz-{n}"
        name = f"{n:0{width}d}-{lid}"
        (root / "lessons" / f"{name}.md").write_text(
            lesson_text(rng, lid, n, quiz=qid if questions_per_quiz else None, size=lesson_bytes), "utf-8"
        )
        if questions_per_quiz:
            (root / "quizzes" / f"{name}.toml").write_text(quiz_text(rng, qid, lid, questions_per_quiz), "utf-8")
    if exam_questions:
        (root / "quizzes" / "zz-final-exam.toml").write_text(
            quiz_text(rng, "final-exam", None, exam_questions, title="Final exam"), "utf-8"
        )
    return root


def course_bytes(root: Path) -> list[tuple[str, bytes]]:
    """(kind, bytes) of every content file, in the order load_course reads them."""
    out = []
    for folder, suffix, kind in (("lessons", ".md", "lesson"), ("quizzes", ".toml", "quiz")):
        for path in sorted((Path(root) / folder).glob(f"*{suffix}")):
            if path.name.lower() != "readme.md":
                out.append((kind, path.read_bytes()))
    return out


def write_attempt_files(learner_root: Path, quiz_id: str, count: int, questions: list[str], *, seed: int = 3) -> None:
    """`count` finished attempt files for `quiz_id`, written directly (much faster than through the API)."""
    from course.progress import Answer, Attempt
    from course.progress.learner import ATTEMPT_HEADER
    from course.progress.tomlfiles import model_to_toml

    rng = random.Random(seed)
    folder = Path(learner_root) / "attempts" / quiz_id
    folder.mkdir(parents=True, exist_ok=True)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    when = start
    template = Attempt(
        id="20250101T000000Z-000000", course="bench-course", learner=Path(learner_root).name, quiz=quiz_id,
        seed=1, questions=questions, started_at=start, finished_at=start + timedelta(minutes=5),
        answers=[
            Answer(question=q, response="a", score=1.0, points=1.0, answered_at=start, correct=True)
            for q in questions
        ],
        score=1.0, earned=float(len(questions)), total=float(len(questions)), passed=True,
    )
    text = model_to_toml(template, ATTEMPT_HEADER)
    for i in range(count):
        when = start + timedelta(minutes=10 * i)
        attempt_id = f"{when.strftime('%Y%m%dT%H%M%SZ')}-{rng.getrandbits(24):06x}"
        (folder / f"{attempt_id}.toml").write_text(text.replace("20250101T000000Z-000000", attempt_id), "utf-8")


def _answers_for(question) -> tuple[object, object]:
    """A right and a wrong response for a generated question (see `_question`)."""
    from course.scoring import right_response

    right = right_response(question)
    kind = question.type
    if kind == "single":
        wrong: object = "b"
    elif kind == "multiple":
        wrong = ["b"]
    elif kind == "true_false":
        wrong = not right
    elif kind in ("matching", "ordering"):
        wrong = list(reversed(right))  # type: ignore[arg-type]
    elif kind == "short":
        wrong = "no idea"
    else:
        wrong = -1.0
    return right, wrong


def write_class(progress_root: Path, course, learners: int, attempts: int, *, seed: int = 5,
                variants: int = 24) -> int:
    """A class of `learners` learners with `attempts` finished attempts each (spread over the course's
    quizzes), of varied ability, written directly as progress files. Returns the number of files."""
    from course.progress import Answer, Attempt, LearnerSummary, LessonState, QuizState
    from course.progress.learner import ATTEMPT_HEADER, SUMMARY_HEADER
    from course.progress.tomlfiles import model_to_toml
    from course.scoring import score

    rng = random.Random(seed)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    stamps = [start + timedelta(minutes=m) for m in (0, 1, 5)]
    quizzes = sorted(course.quizzes.values(), key=lambda q: q.id)
    # Per quiz, `variants` attempt texts of rising score, with the id and the times left to fill in.
    templates: dict[str, list[tuple[str, float, bool]]] = {}
    for quiz in quizzes:
        keys = [q.id for q in quiz.questions]
        pairs = {q.id: _answers_for(q) for q in quiz.questions}
        texts = []
        for v in range(variants):
            ability = v / (variants - 1)
            answers = []
            for q in quiz.questions:
                response = pairs[q.id][0] if rng.random() < 0.15 + 0.8 * ability else pairs[q.id][1]
                result = score(q, response)
                answers.append(Answer(question=q.id, response=response, score=result.score, points=result.points,
                                      answered_at=stamps[1], correct=result.correct))
            earned = sum(a.score for a in answers)
            total = sum(a.points for a in answers)
            passed = earned / total >= quiz.pass_mark
            model = Attempt(id="20250101T000000Z-000000", course=course.id, learner="LEARNER", quiz=quiz.id, seed=1,
                            questions=keys, started_at=stamps[0], finished_at=stamps[2], answers=answers,
                            score=earned / total, earned=earned, total=total, passed=passed)
            texts.append((model_to_toml(model, ATTEMPT_HEADER), earned / total, passed))
        templates[quiz.id] = texts
    iso = [str(s) for s in stamps]
    files = 0
    width = len(str(learners))
    for n in range(learners):
        name = f"learner-{n:0{width}d}"
        ability = rng.random()
        folder = Path(progress_root) / name
        states: dict[str, QuizState] = {}
        for i in range(attempts):
            quiz = quizzes[i % len(quizzes)]
            when = start + timedelta(days=n % 30, minutes=10 * i)
            attempt_id = f"{when.strftime('%Y%m%dT%H%M%SZ')}-{rng.getrandbits(24):06x}"
            pick = min(variants - 1, max(0, int(rng.gauss(ability, 0.15) * variants)))
            text, fraction, passed = templates[quiz.id][pick]
            for old, new in zip(iso, [str(when + (s - start)) for s in stamps], strict=True):
                text = text.replace(old, new)
            text = text.replace("20250101T000000Z-000000", attempt_id).replace('"LEARNER"', f'"{name}"')
            (folder / "attempts" / quiz.id).mkdir(parents=True, exist_ok=True)
            (folder / "attempts" / quiz.id / f"{attempt_id}.toml").write_text(text, "utf-8")
            files += 1
            state = states.setdefault(quiz.id, QuizState())
            state.attempts += 1
            state.passed = state.passed or passed
            state.best_score = max(state.best_score or 0.0, fraction)
            state.latest_score = fraction
        last = start + timedelta(days=n % 30, minutes=10 * attempts)
        summary = LearnerSummary(
            course=course.id, learner=name, created_at=start, updated_at=last, quizzes=states,
            lessons={
                lesson.id: LessonState(opened_at=start, completed_at=start + timedelta(minutes=3), seconds=180.0)
                for lesson in course.lessons[: 1 + int(ability * len(course.lessons))]
            },
        )
        (folder / "learner.toml").write_text(model_to_toml(summary, SUMMARY_HEADER), "utf-8")
        files += 1
    return files
