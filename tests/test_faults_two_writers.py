"""Two processes answering for the same learner at once, through QuizSession on the shipped course.

Both answer questions of one shared attempt of the final exam (even / odd questions) while each also opens
lessons and takes whole attempts of its own quiz. Afterwards no acknowledged answer is missing, neither
process overwrote the other's answers, lessons or quiz counters.

This file is also the worker: `python tests/test_faults_two_writers.py <n> <progress folder> <attempt id>`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
if __name__ == "__main__":
    sys.path.insert(0, str(PROJECT))

from course.content import load_course  # noqa: E402
from course.locations import shipped_content_dir  # noqa: E402
from course.progress import ProgressStore  # noqa: E402
from course.quizrun import QuizSession  # noqa: E402
from tests.answers import right, wrong  # noqa: E402

SHARED_QUIZ = "final-exam"
OWN_QUIZ = ("definitions-quiz", "geography-quiz")
OWN_ATTEMPTS = 3
LEARNER = "ann"


def worker(n: int, progress_root: Path, shared_id: str) -> None:
    course = load_course(shipped_content_dir())
    learner = ProgressStore(progress_root, course.id).open(LEARNER)
    shared_quiz = course.quiz(SHARED_QUIZ)
    own_quiz = course.quiz(OWN_QUIZ[n])
    lessons = [lesson.id for i, lesson in enumerate(course.lessons) if i % 2 == n]
    sys.stdin.readline()  # both start together
    shared = QuizSession(course, shared_quiz, learner, learner.attempt(SHARED_QUIZ, shared_id))
    mine = [i for i in range(len(shared.questions)) if i % 2 == n]
    own = QuizSession.start(course, own_quiz, learner)
    own_done = 0
    step = 0
    while mine or own_done < OWN_ATTEMPTS:
        step += 1
        if mine:
            index = mine.pop(0)
            played = shared.questions[index]
            response = right(played.question) if n == 0 else wrong(played.question)
            shared.answer(index, response)
            print(json.dumps(["shared", shared.attempt.id, played.key, response]), flush=True)
        if lessons and step % 2:
            lesson = lessons.pop(0)
            learner.lesson_opened(lesson)
            learner.lesson_completed(lesson)
            print(json.dumps(["lesson", lesson]), flush=True)
        if own_done < OWN_ATTEMPTS:
            todo = own.unanswered()
            if todo:
                played = own.questions[todo[0]]
                own.answer(todo[0], right(played.question))
                print(json.dumps(["own", own.attempt.id, played.key, right(played.question)]), flush=True)
            else:
                own.finish()
                own_done += 1
                print(json.dumps(["finished", own.attempt.id]), flush=True)
                if own_done < OWN_ATTEMPTS:
                    own = QuizSession.start(course, own_quiz, learner)


def test_two_processes_answering_for_one_learner_lose_nothing(tmp_path):
    course = load_course(shipped_content_dir())
    progress_root = tmp_path / "progress"
    learner = ProgressStore(progress_root, course.id).open(LEARNER)
    shared = QuizSession.start(course, course.quiz(SHARED_QUIZ), learner, seed=99)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT), os.environ.get("PYTHONPATH")]))}
    procs = [
        subprocess.Popen(
            [sys.executable, __file__, str(n), str(progress_root), shared.attempt.id],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=PROJECT,
        )
        for n in (0, 1)
    ]
    for proc in procs:
        proc.stdin.write("go\n")
        proc.stdin.flush()
    outputs = []
    for proc in procs:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        outputs.append([json.loads(line) for line in out.splitlines()])

    learner = ProgressStore(progress_root, course.id).open(LEARNER)
    assert learner.notices == []
    # the shared attempt: every question answered, each by the one process that answered it
    stored = learner.attempt(SHARED_QUIZ, shared.attempt.id)
    shared_acks = {(key): response for out in outputs for kind, *rest in out if kind == "shared"
                   for _, key, response in [rest]}
    assert len(shared_acks) == len(shared.questions)
    assert {a.question: a.response for a in stored.answers} == shared_acks
    # own attempts: all finished, every answer there, counted once
    for n, out in enumerate(outputs):
        finished = [rest[0] for kind, *rest in out if kind == "finished"]
        assert len(finished) == OWN_ATTEMPTS
        for kind, *rest in out:
            if kind == "own":
                attempt_id, key, response = rest
                assert learner.attempt(OWN_QUIZ[n], attempt_id).answer_for(key).response == response
        state = learner.summary.quizzes[OWN_QUIZ[n]]
        assert state.attempts == OWN_ATTEMPTS and state.in_progress is None and state.passed
        assert {a.id for a in learner.attempts(OWN_QUIZ[n]) if a.finished_at} == set(finished)
    # lessons opened and completed by either process are all recorded
    opened = {rest[0] for out in outputs for kind, *rest in out if kind == "lesson"}
    assert opened == {lesson.id for lesson in course.lessons}
    assert all(learner.summary.lessons[lid].completed_at is not None for lid in opened)
    assert learner.summary.quizzes[SHARED_QUIZ].in_progress == shared.attempt.id


if __name__ == "__main__":
    worker(int(sys.argv[1]), Path(sys.argv[2]), sys.argv[3])
