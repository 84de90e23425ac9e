"""One kill round against a fork server: the shared timing of the SIGKILL crash tests.

A round starts after the test has sent its `GO` line. The server answers `PID <pid>`, the child streams
lines (`ATTEMPT`, `ACK`, `FINISHED`, ...), and after the kill the server prints `DEAD <pid>`.

The kill timer starts only once the child has acknowledged its first answer, so every streaming round
tests at least one acknowledged answer however busy the machine is: a slow start (fork, imports, opening
the learner) no longer eats the whole delay. An *early* round instead starts the timer at the PID, so kills
also land while the child opens the learner and resumes its attempt.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field

ALLOWED = ("ACK", "ATTEMPT", "FINISHED")


@dataclass
class Round:
    early: bool
    lines: list[str] = field(default_factory=list)  # what the child said, in order, without DEAD

    @property
    def acks(self) -> int:
        return sum(1 for line in self.lines if line.startswith("ACK "))


def seed_from(variable: str) -> str:
    """The round's seed: from `variable` when set, else the clock; printed so that a failure shows it."""
    seed = os.environ.get(variable) or str(time.time_ns())
    print(f"{variable}={seed}  (set it to replay this run)")
    return seed


def _read(server: subprocess.Popen[str], seed: str) -> str:
    line = server.stdout.readline().strip()
    assert line, f"the fork server went away (seed {seed})"
    assert not line.startswith("ERROR"), f"{line} (seed {seed})"
    return line


def kill_round(
    server: subprocess.Popen[str], rng: random.Random, seed: str, *, max_delay: float, early_share: float
) -> Round:
    """Run one round (its GO line already sent) and return what the child said before it died."""
    kind, pid = _read(server, seed).split()
    assert kind == "PID", f"{kind} {pid} (seed {seed})"
    this = Round(early=rng.random() < early_share)
    if not this.early:
        while not this.lines or not this.lines[-1].startswith("ACK "):
            this.lines.append(_read(server, seed))
            assert this.lines[-1] != f"DEAD {pid}", f"the child died before answering (seed {seed})"
    time.sleep(rng.uniform(0, max_delay))
    os.kill(int(pid), signal.SIGKILL)
    while (line := _read(server, seed)) != f"DEAD {pid}":
        this.lines.append(line)
    for line in this.lines:
        assert line.split(" ", 1)[0] in ALLOWED, f"{line} (seed {seed})"
    return this


# ---------------------------------------------------------------------------------------- the server side


def say(line: str) -> None:
    """One line to the test, in a single write, so lines of the server and its child never interleave."""
    os.write(1, (line + "\n").encode())


def run_forked(child: Callable[[], None]) -> None:
    """Fork `child`, say `PID`, let it run, and say `DEAD` once it is gone (killed or failed).

    The child waits until the server has said its PID, so that `PID` is always the first line of a round:
    on a busy machine a child could otherwise write before its parent.
    """
    gate_out, gate_in = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            os.close(gate_in)
            os.read(gate_out, 1)
            child()
        except BaseException as error:  # shown to the test, which fails on it
            say(f"ERROR {type(error).__name__}: {error}")
            code = 1
        finally:
            os._exit(code)
    os.close(gate_out)
    say(f"PID {pid}")
    # an early round may have killed the child before it was let go: then there is nothing to start
    with contextlib.suppress(BrokenPipeError):
        os.write(gate_in, b"go")
    os.close(gate_in)
    os.waitpid(pid, 0)
    say(f"DEAD {pid}")
