"""App figures: each run is a fresh interpreter (probe.py), alternating with its floor."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import course.tui.app  # noqa: F401  (ImportError here means the app is not there yet)

from .core import Figure, interleave
from .gen import lesson_text, make_course

PROBE = Path(__file__).resolve().parent / "probe.py"
PROJECT = Path(__file__).resolve().parents[2]


def probe(kind: str, *args) -> dict:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT), os.environ.get("PYTHONPATH")]))}
    env.pop("COURSE_CONTENT_DIR", None)
    env["BENCH_T0"] = repr(time.monotonic())
    done = subprocess.run(
        [sys.executable, str(PROBE), kind, json.dumps(list(args))],
        capture_output=True, text=True, env=env, cwd=PROJECT, timeout=120,
    )
    if done.returncode != 0 or not done.stdout.strip():
        raise RuntimeError(f"probe {kind} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


class TmuxMissing(RuntimeError):
    pass


class Tmux:
    """A private tmux server: every measured program runs in a real terminal (a tmux pane, 100×32)."""

    def __init__(self) -> None:
        self.exe = shutil.which("tmux")
        if self.exe is None:
            raise TmuxMissing(
                "tmux is needed: start-up, memory and key-to-paint are measured in a real terminal "
                "(install it, e.g. `apt-get install -y tmux`)"
            )
        self.socket = f"course-bench-{os.getpid()}"
        self.count = 0
        # A session that stays for the whole run, so that no measured start includes the server's own.
        self.cmd("new-session", "-d", "-s", "keep", "-x", "100", "-y", "32", "sleep 100000")
        self.socket_path = self.cmd("display-message", "-p", "-t", "keep", "#{socket_path}").strip()

    def cmd(self, *args: str, check: bool = True) -> str:
        done = subprocess.run([self.exe, "-L", self.socket, "-f", os.devnull, *args],
                              capture_output=True, text=True, timeout=60)
        if check and done.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args)}: {done.stderr.strip()}")
        return done.stdout

    def start(self, command: str, env: dict[str, str]) -> tuple[str, float]:
        """Start `command` in a new session; returns the session's name and the time just before."""
        self.count += 1
        name = f"run{self.count}"
        setenv = [arg for key, value in env.items() for arg in ("-e", f"{key}={value}")]
        began = time.monotonic()
        self.cmd("new-session", "-d", "-s", name, "-x", "100", "-y", "32", *setenv, command)
        return name, began

    def screen(self, name: str) -> str:
        return self.cmd("capture-pane", "-p", "-t", name, check=False)

    def wait_for_text(self, name: str, text: str, began: float, timeout: float = 30) -> float:
        """Poll the pane until `text` shows; seconds from `began` to the first capture that shows it."""
        while True:
            if text in self.screen(name):
                return time.monotonic() - began
            if time.monotonic() - began > timeout:
                raise RuntimeError(f"{text!r} did not show within {timeout} s; the pane shows:\n{self.screen(name)}")
            time.sleep(0.001)

    def alive(self, name: str) -> bool:
        return subprocess.run([self.exe, "-L", self.socket, "has-session", "-t", name],
                              capture_output=True, timeout=60).returncode == 0

    def pid(self, name: str) -> int:
        return int(self.cmd("display-message", "-p", "-t", name, "#{pane_pid}").strip())

    def kill(self, name: str) -> None:
        self.cmd("kill-session", "-t", name, check=False)

    def close(self) -> None:
        self.cmd("kill-server", check=False)
        if self.socket_path:
            Path(self.socket_path).unlink(missing_ok=True)


def _cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def settled_memory(pid: int, quiet: float = 0.3, timeout: float = 15) -> dict:
    """Wait until the process has used no CPU for `quiet` seconds (loading has settled), then read its
    resident memory now (VmRSS) and its peak so far (VmHWM)."""
    began = time.monotonic()
    last, still_since = _cpu_ticks(pid), time.monotonic()
    while time.monotonic() - began < timeout:
        time.sleep(0.05)
        now = _cpu_ticks(pid)
        if now != last:
            last, still_since = now, time.monotonic()
        elif time.monotonic() - still_since >= quiet:
            break
    status = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            status[key] = int(value.split()[0]) * 1024
    return status


def course_command() -> str:
    """The `course` command of this environment (its console script), or `python -m course` without one."""
    script = Path(sys.executable).parent / "course"
    return shlex.quote(str(script)) if script.exists() else f"{shlex.quote(sys.executable)} -m course"


def tty_env() -> dict[str, str]:
    env = {"PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT), os.environ.get("PYTHONPATH")]))}
    for key in ("PATH", "HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "PYTHONDONTWRITEBYTECODE"):
        if key in os.environ:
            env[key] = os.environ[key]
    env["COURSE_CONTENT_DIR"] = ""
    return env


def app_figures(parts: list[str], quick: bool, reps: int | None, notes: list[str]) -> list[Figure]:
    reps = reps or (3 if quick else 9)
    figures: list[Figure] = []
    tmux = Tmux() if {"start", "memory", "navigate"} & set(parts) else None
    try:
        with tempfile.TemporaryDirectory(prefix="course-bench-app-") as tmp:
            work = Path(tmp)
            # warm the OS file cache and write bytecode for anything compileall missed
            probe("bare")
            if tmux is not None and ("start" in parts or "memory" in parts):
                figures += start_figures(tmux, work, quick, reps, notes)
            if "navigate" in parts:
                assert tmux is not None
                figures += navigate_figures(tmux, work, quick, notes)
                figures += lesson_move_figures(tmux, work, quick)
                figures += review_move_figures(tmux, work, quick)
            figures += lesson_figures(work, parts, reps)
    finally:
        if tmux is not None:
            tmux.close()
    return figures


MAP_TEXT = "▶ Next:"  # the course map's next-step line: there once the map is painted
BARE_TEXT = "Hello, learner."
HELP_TEXT = "closes this help"  # the help screen `?` opens
BARE_ANSWER = "Key answered."  # the bare app's line once it has answered `?`


def snapshot_is_fresh(progress: Path) -> bool:
    from course.tui.startup import fresh_snapshot

    saved = {key: os.environ.get(key) for key in ("COURSE_CONTENT_DIR", "COURSE_PROGRESS_DIR")}
    os.environ["COURSE_CONTENT_DIR"] = ""
    os.environ.pop("COURSE_PROGRESS_DIR", None)
    try:
        return fresh_snapshot(None, "bench", str(progress)) is not None
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def quit_normally(tmux: Tmux, command: str, env: dict[str, str]) -> None:
    """Start `course` and quit it with Ctrl+Q, as a learner does: on the way out it keeps the map's first
    frame for this terminal (course.tui.first_frame), which the next start shows before Textual loads."""
    name, began = tmux.start(command, env)
    try:
        tmux.wait_for_text(name, MAP_TEXT, began)
        time.sleep(1.0)  # the course loaded behind the map
        tmux.cmd("send-keys", "-t", name, "C-q")
        while tmux.alive(name) and time.monotonic() - began < 60:
            time.sleep(0.05)
    finally:
        tmux.kill(name)


def frame_is_kept(progress: Path) -> bool:
    from course.tui.first_frame import frame_path

    try:
        data = json.loads(frame_path(progress).read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return bool(data.get("terminal", {}).get("size") == [100, 32])


def start_figures(tmux: Tmux, work: Path, quick: bool, reps: int, notes: list[str]) -> list[Figure]:
    """`course` and the bare app started in a tmux pane: time to the first capture of the pane showing the
    map (or the bare app's line); memory once the process has stopped using CPU (loading has settled)."""
    progress = work / "progress"
    env = tty_env()
    course_cmd = f"exec {course_command()} --progress {shlex.quote(str(progress))} --learner bench"
    bare_cmd = f"exec {shlex.quote(sys.executable)} {shlex.quote(str(PROBE))} bare_tty"
    memories: dict[str, list[dict]] = {"app": [], "bare": [], "cold": []}
    fresh: list[bool] = []

    def run(command: str, text: str, kind: str, key: str | None = None) -> float:
        """Start `command`; with `key`, press it at once (it waits in the terminal until the app reads it)."""
        name, began = tmux.start(command, env)
        try:
            if key is not None:
                tmux.cmd("send-keys", "-t", name, key)
            elapsed = tmux.wait_for_text(name, text, began)
            if kind in memories:
                memories[kind].append(settled_memory(tmux.pid(name)))
        finally:
            tmux.kill(name)
        return elapsed



    def run_app() -> float:
        fresh.append(snapshot_is_fresh(progress))
        framed.append(frame_is_kept(progress))
        return run(course_cmd, MAP_TEXT, "app")

    def run_bare() -> float:
        return run(bare_cmd, BARE_TEXT, "bare")

    def run_app_key() -> float:
        return run(course_cmd, HELP_TEXT, "app-key", key="?")

    def run_bare_key() -> float:
        return run(bare_cmd, BARE_ANSWER, "bare-key", key="?")

    def run_cold() -> float:
        (progress / ".map-snapshot.json").unlink(missing_ok=True)
        return run(course_cmd, MAP_TEXT, "cold")

    run(course_cmd, MAP_TEXT, "cold")  # first run: progress created, bytecode written, snapshot kept
    quit_normally(tmux, course_cmd, env)  # and quit as a learner does: the map's first frame is kept for this terminal
    run(bare_cmd, BARE_TEXT, "bare")
    for kind in memories:
        memories[kind].clear()
    framed: list[bool] = []
    runs = [run_app, run_bare, run_app_key, run_bare_key] + ([] if quick else [run_cold])
    results = interleave(reps, *runs)
    ours, floor = results[0], results[1]
    notes.append(f"start: the snapshot was fresh before {sum(fresh)} of {len(fresh)} timed starts, and the "
                 f"map's first frame was kept for this terminal before {sum(framed)} of them")
    figures = [Figure("start: `course` in tmux to the map on screen", ours, floor,
                      "bare Textual app in tmux, one line", goal=1.15),
               Figure("start: `?` pressed at once, answered (help on screen: the app is running)", results[2],
                      results[3], "bare Textual app in tmux, `?` answered", goal=None)]
    if not quick:
        figures.append(Figure("start: the same without a snapshot (first run, or files changed)", results[4],
                              floor, "bare Textual app in tmux, one line", goal=None))
    rss = [m["VmRSS"] for m in memories["app"]], [m["VmRSS"] for m in memories["bare"]]
    hwm = [m["VmHWM"] for m in memories["app"]], [m["VmHWM"] for m in memories["bare"]]
    figures.append(Figure("memory: resident once loading has settled", *rss, "bare Textual app, one line",
                          goal=1.35, unit="B"))
    figures.append(Figure("memory: peak resident (VmHWM), read then", *hwm, "bare Textual app, one line",
                          goal=None, unit="B"))
    return figures


def run_keys(tmux: Tmux, work: Path, which: str, args: list, label: int) -> list[float]:
    out = work / f"keys-{which}-{label}.json"
    env = {**tty_env(), "BENCH_OUT": str(out), "BENCH_GAP": "0.15"}
    command = (f"exec {shlex.quote(sys.executable)} {shlex.quote(str(PROBE))} keys_tty "
               f"{shlex.quote(json.dumps([which, *args]))}")
    name, began = tmux.start(command, env)
    try:
        while not out.exists():
            if time.monotonic() - began > 300:
                raise RuntimeError(f"key probe {which} gave no result; the pane shows:\n{tmux.screen(name)}")
            if not tmux.alive(name) and not out.exists():
                time.sleep(0.5)
                if not out.exists():
                    raise RuntimeError(f"key probe {which} ended without a result")
            time.sleep(0.1)
        time.sleep(0.05)
        result = json.loads(out.read_text("utf-8"))
    finally:
        tmux.kill(name)
    if "error" in result:
        raise RuntimeError(f"key probe {which}: {result['error']}")
    return result["times"]


def navigate_figures(tmux: Tmux, work: Path, quick: bool, notes: list[str]) -> list[Figure]:
    """Key press to paint in a real terminal, at questions 1⇄2 and 197⇄198 of a 200-question exam, beside
    a bare app whose key handler updates one Static (measured the same way)."""
    questions = 200
    root = make_course(work / "nav-course", 1, 3, seed=41, exam_questions=questions)
    moves = 3 if quick else 10
    pairs = 1 if quick else 3
    # 1 ⇄ 2 and 197 ⇄ 198: the same question types (one answer, then several) at both ends, so that the
    # comparison is about the question's number, not its type.
    positions = [0, questions - 4]
    args = [str(root), str(work / "nav-progress"), "bench", "final-exam", positions, moves]
    ours_first: list[float] = []
    ours_last: list[float] = []
    floor_first: list[float] = []
    floor_last: list[float] = []
    per = 2 * moves
    for n in range(pairs):
        for which in (("course", "floor") if n % 2 == 0 else ("floor", "course")):
            times = run_keys(tmux, work, which, args, n)
            assert len(times) == per * len(positions), times
            first, last = (ours_first, ours_last) if which == "course" else (floor_first, floor_last)
            first += times[:per]
            last += times[per:]
    goal = 0.030
    return [
        Figure("navigate: key to paint, question 1 ⇄ 2 (200-question exam)", ours_first, floor_first,
               "bare app: a key updates one Static", goal=None, absolute_goal=goal, paired=False),
        Figure("navigate: key to paint, question 197 ⇄ 198", ours_last, floor_last,
               "bare app: a key updates one Static", goal=None, absolute_goal=goal, paired=False),
        Figure("navigate: flat? question 197 ⇄ 198 vs 1 ⇄ 2", ours_last, ours_first, "key to paint at 1 ⇄ 2",
               goal=1.25, paired=False),
    ]


def review_move_figures(tmux: Tmux, work: Path, quick: bool) -> list[Figure]:
    """Key press to paint of `n` in a review round (each question answered first, untimed), beside the same
    bare app as the quiz moves."""
    root = make_course(work / "review-course", 1, 3, seed=47, exam_questions=40)
    moves = 3 if quick else 10
    pairs = 1 if quick else 3
    ours: list[float] = []
    floor: list[float] = []
    for n in range(pairs):
        progress = work / f"review-progress-{n}"  # a fresh learner each time: every question due
        args = [str(root), str(progress), "bench", "final-exam", [0], moves]
        for which in (("review", "floor") if n % 2 == 0 else ("floor", "review")):
            times = run_keys(tmux, work, which, args, 200 + n)
            (ours if which == "review" else floor).extend(times)
    return [
        Figure("review round: key to paint, n to the next question", ours, floor,
               "bare app: a key updates one Static", goal=None, absolute_goal=0.030, paired=False),
    ]


def lesson_move_figures(tmux: Tmux, work: Path, quick: bool) -> list[Figure]:
    """Key press to paint of `n` / `p` in a lesson of 200 sections or more, at the first two and near the end, beside the
    same bare app as the quiz moves."""
    import random
    import re

    root = make_course(work / "moves-course", 1, 3, seed=43)
    text = lesson_text(random.Random(44), "lesson-1", 1, quiz="quiz-1", size=200 * 1000, paragraphs=2)
    text = re.sub(r"## Section (\d+)\n\n", lambda m: f"## Section {m[1]}\n\nParagraph {m[1]} begins here. ", text)
    next((root / "lessons").glob("*lesson-1.md")).write_text(text, "utf-8")
    sections = text.count("\n## ")
    assert sections >= 200, sections
    moves = 3 if quick else 10
    pairs = 1 if quick else 3
    positions = [0, sections - 4]
    args = [str(root), str(work / "moves-progress"), "bench", "lesson-1", positions, moves]
    floor_args = [str(root), str(work / "moves-progress"), "bench", "final-exam", positions, moves]
    ours_first: list[float] = []
    ours_last: list[float] = []
    floor_all: list[float] = []
    per = 2 * moves
    for n in range(pairs):
        for which in (("lesson", "floor") if n % 2 == 0 else ("floor", "lesson")):
            times = run_keys(tmux, work, which, args if which == "lesson" else floor_args, 100 + n)
            assert len(times) == per * len(positions), times
            if which == "lesson":
                ours_first += times[:per]
                ours_last += times[per:]
            else:
                floor_all += times
    goal = 0.030
    return [
        Figure(f"lesson: key to paint, section 1 ⇄ 2 ({sections} sections)", ours_first, floor_all,
               "bare app: a key updates one Static", goal=None, absolute_goal=goal, paired=False),
        Figure(f"lesson: key to paint, section {sections - 3} ⇄ {sections - 2}", ours_last, floor_all,
               "bare app: a key updates one Static", goal=None, absolute_goal=goal, paired=False),
        Figure(f"lesson: flat? section {sections - 3} ⇄ {sections - 2} vs 1 ⇄ 2", ours_last, ours_first, "key to paint at 1 ⇄ 2",
               goal=1.25, paired=False),
    ]


def lesson_figures(work: Path, parts: list[str], reps: int) -> list[Figure]:
    figures: list[Figure] = []
    if "lesson" not in parts:
        return figures
    root = make_course(work / "lesson-course", 2, 3, seed=31)
    import random

    text = lesson_text(random.Random(32), "lesson-1", 1, quiz="quiz-1", size=15_500, paragraphs=6)
    lesson_file = next((root / "lessons").glob("*lesson-1.md"))
    lesson_file.write_text(text, "utf-8")
    size = len(text.encode())
    sections = text.count("\n## ")
    lesson_progress = str(work / "lesson-progress")
    opens: list[float] = []
    md_opens: list[float] = []

    def run_lesson() -> float:
        measured = probe("lesson", str(root), lesson_progress, "bench", "lesson-1")
        opens.append(measured["open"])
        return measured["ready"]

    def run_bare_l() -> float:
        return probe("bare")["ready"]

    def run_md() -> float:
        md_opens.append(probe("markdown_open", str(lesson_file))["open"])
        return probe("markdown", str(lesson_file))["ready"]

    ours, floor, md = interleave(reps, run_lesson, run_bare_l, run_md)
    label = f"{size / 1024:.0f} KB, {sections} sections"
    figures.append(Figure(f"lesson: open in the app to first paint ({label})", opens, floor,
                          "bare Textual app, one line", goal=1.5, paired=False))
    figures.append(Figure("lesson: open, vs MarkdownViewer opened the same way", opens, md_opens,
                          "MarkdownViewer mounted in a running app", goal=None, paired=False))
    figures.append(Figure(f"lesson: launch straight into it ({label})", ours, floor,
                          "bare Textual app, one line", goal=None))
    figures.append(Figure("lesson: launch, vs MarkdownViewer app", ours, md, "MarkdownViewer app, same text",
                          goal=None))

    return figures
