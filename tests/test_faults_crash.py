"""SIGKILL a learner answering through QuizSession.answer (the app's per-answer path) at random moments.

Each round forks a child from a server that has the engine imported and the course loaded; the child opens
the learner, resumes (or starts) the attempt, answers the next unanswered question, prints `ACK` after
`QuizSession.answer` returns, finishes and starts again when all are answered, and is killed at a random
moment. Afterwards every progress file must parse and hold every acknowledged answer, every acknowledged
finish must be on disk, and the quiz counters must match the finished attempts.

This file is also the fork server: `python tests/test_faults_crash.py <course folder> <progress folder>`.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import threading
import tomllib
import zlib
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
if __name__ == "__main__":
    sys.path.insert(0, str(PROJECT))

from course.content import load_course  # noqa: E402
from course.progress import ProgressStore  # noqa: E402
from course.quizrun import QuizSession  # noqa: E402
from tests.answers import right, wrong  # noqa: E402
from tests.progress_support.kill_rounds import Round, kill_round, run_forked, say, seed_from  # noqa: E402

KILL_ROUNDS = 110  # with tests/test_progress_crash.py's 120, over 200 kills across the suite
MAX_DELAY_SECONDS = 0.030  # after the first acknowledged answer (or after the fork, in an early round)
EARLY_SHARE = 0.2  # rounds killed while the child opens the learner and resumes, before it answers
WATCHDOG_SECONDS = 300  # only a hang trips it; a busy machine can take minutes for 110 rounds
QUESTIONS = 7  # small, so kills also land in finish() and start()
QUIZ = "quiz-1"
LEARNER = "ann"


def respond(key: str, question):
    """The response always given to `key`: rewriting it after a kill stores the same value."""
    return right(question) if zlib.crc32(key.encode()) % 2 else wrong(question)


# ---------------------------------------------------------------------------------------- the server


def _stream(course, progress_root: Path) -> None:
    learner = ProgressStore(progress_root, course.id).open(LEARNER)
    quiz = course.quiz(QUIZ)
    session = QuizSession.resume_or_start(course, quiz, learner)
    say(f"ATTEMPT {session.attempt.id}")
    while True:
        todo = session.unanswered()
        if not todo:
            session.finish()
            say(f"FINISHED {session.attempt.id}")
            session = QuizSession.start(course, quiz, learner)
            say(f"ATTEMPT {session.attempt.id}")
            continue
        index = todo[0]
        played = session.questions[index]
        response = respond(played.key, played.question)
        session.answer(index, response)
        say(f"ACK {session.attempt.id} {played.key} {json.dumps(response)}")


def _warm_up(course, scratch: Path) -> None:
    """What the engine does once a process, on its first use (imports it leaves until then, what its models
    build on first use), done once here on a scratch learner instead of again in every forked child: the
    children's time goes to the work the kills must land in."""
    learner = ProgressStore(scratch, course.id).open(LEARNER)
    session = QuizSession.resume_or_start(course, course.quiz(QUIZ), learner)
    for index in session.unanswered():
        session.answer(index, respond(session.questions[index].key, session.questions[index].question))
    session.finish()
    QuizSession.resume_or_start(course, course.quiz(QUIZ), ProgressStore(scratch, course.id).open(LEARNER))


def serve(course_root: Path, progress_root: Path) -> None:
    course = load_course(course_root)
    assert not course.problems, course.problems
    _warm_up(course, progress_root.parent / "warm-up")
    say("READY")
    for line in sys.stdin:
        if line.strip() != "GO":
            return
        run_forked(lambda: _stream(course, progress_root))


# ---------------------------------------------------------------------------------------- the test


def test_sigkill_during_quiz_session_answers_keeps_every_acknowledged_answer(tmp_path):
    from tests.benchmarks.gen import make_course

    course_root = make_course(tmp_path / "course", 1, QUESTIONS, seed=4)
    progress_root = tmp_path / "progress"
    seed = seed_from("FAULTS_CRASH_SEED")
    rng = random.Random(seed)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT), os.environ.get("PYTHONPATH")]))}
    server = subprocess.Popen(
        [sys.executable, __file__, str(course_root), str(progress_root)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1, env=env, cwd=PROJECT,
    )
    watchdog = threading.Timer(WATCHDOG_SECONDS, server.kill)
    watchdog.start()
    acked: dict[tuple[str, str], object] = {}
    finished: set[str] = set()
    rounds: list[Round] = []
    try:
        assert server.stdout.readline().strip() == "READY", f"the fork server did not start (seed {seed})"
        for _ in range(KILL_ROUNDS):
            server.stdin.write("GO\n")
            server.stdin.flush()
            rounds.append(kill_round(server, rng, seed, max_delay=MAX_DELAY_SECONDS, early_share=EARLY_SHARE))
            for line in rounds[-1].lines:
                word, rest = line.split(" ", 1)
                if word == "FINISHED":
                    finished.add(rest)
                elif word == "ACK":
                    attempt_id, key, response = rest.split(" ", 2)
                    acked[(attempt_id, key)] = json.loads(response)
        server.stdin.write("QUIT\n")
        server.stdin.flush()
        server.wait(timeout=10)
    finally:
        watchdog.cancel()
        if server.poll() is None:
            server.kill()

    kills = len(rounds)
    assert kills == KILL_ROUNDS
    # Every streaming round acknowledged a new answer before its kill, however slow the machine was.
    streaming = [r for r in rounds if not r.early]
    assert all(r.acks >= 1 for r in streaming), f"a streaming round was killed before its first answer (seed {seed})"
    assert len(acked) >= len(streaming) > KILL_ROUNDS // 2, f"{len(acked)} answers in {len(streaming)} rounds (seed {seed})"
    files = [p for p in (progress_root / LEARNER).rglob("*.toml") if not p.name.startswith(".")]
    assert not [p.name for p in files if "corrupt" in p.name]
    for path in files:
        tomllib.loads(path.read_text("utf-8"))  # every progress file parses

    learner = ProgressStore(progress_root, "bench-course").open(LEARNER)
    assert learner.notices == []
    for (attempt_id, key), response in acked.items():
        stored = learner.attempt(QUIZ, attempt_id)
        assert stored is not None, f"attempt {attempt_id} lost (seed {seed})"
        answer = stored.answer_for(key)
        assert answer is not None and answer.response == response, f"{attempt_id} {key} lost (seed {seed})"
    on_disk = learner.attempts(QUIZ)
    done = {a.id for a in on_disk if a.finished_at is not None}
    assert finished <= done, f"acknowledged finishes lost (seed {seed})"
    assert learner.summary.quizzes[QUIZ].attempts == len(done), f"finished attempts miscounted (seed {seed})"
    # and the course can still be taken: resume (or start) and answer once more
    course = load_course(course_root)
    session = QuizSession.resume_or_start(course, course.quiz(QUIZ), learner)
    if not session.unanswered():  # every question answered before the last kill: submit it, take it again
        session.finish()
        session = QuizSession.resume_or_start(course, course.quiz(QUIZ), learner)
    index = session.unanswered()[0]
    session.answer(index, right(session.questions[index].question))



def test_temp_files_left_by_a_killed_answer_are_cleared_on_the_next_open(tmp_path):
    from tests.benchmarks.gen import make_course

    course = load_course(make_course(tmp_path / "course", 1, 3, seed=4))
    learner = ProgressStore(tmp_path / "progress", course.id).open(LEARNER)
    session = QuizSession.start(course, course.quiz(QUIZ), learner, seed=1)
    session.answer(0, right(session.questions[0].question))
    folder = tmp_path / "progress" / LEARNER / "attempts" / QUIZ
    stale = folder / f".{session.attempt.id}.toml.k1lled.tmp"
    stale.write_text("answers = [ {question = ")  # what a SIGKILL mid-write leaves
    ProgressStore(tmp_path / "progress", course.id).open(LEARNER)
    assert not stale.exists()


if __name__ == "__main__":
    serve(Path(sys.argv[1]), Path(sys.argv[2]))
