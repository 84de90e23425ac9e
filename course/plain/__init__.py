"""The course line by line, for screen readers, pipes and scripts: no screen redraw, no box drawing, no colour.

A front end beside the Textual app (course.tui), on the same engine and the same progress files: it prints
sentences and reads lines, so a learner can leave it at any moment and continue in the full app, or the
other way round.
"""

from __future__ import annotations

import sys
from typing import TextIO


def run(content: str | None, learner: str | None, progress: str | None,
        stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    """Open the course and the learner, then show the course map until the learner quits; the exit status."""
    from course.locations import content_dir
    from course.plain.io import EndOfInput, Terminal
    from course.plain.title import say_title_early

    term = Terminal(stdin or sys.stdin, stdout or sys.stdout)
    # The first line before anything costly is imported: the course, its models and the progress load while
    # the learner reads it (tests/test_plain_first_line.py guards what is imported by then).
    title_said = say_title_early(term, content_dir(content))
    from course.plain.map import course_map
    from course.plain.start import Plain, goodbye, open_plain

    plain: Plain | None = None
    try:
        try:
            opened = open_plain(term, content, learner, progress, title_said=title_said)
            if isinstance(opened, int):
                return opened
            plain = opened
            course_map(opened)
        except EndOfInput:
            # Ctrl+C then the end of input at once (a script that interrupts and closes the pipe): the read can
            # see the end first, with the interrupt still to be raised. It is raised by the next Python call,
            # here, inside the handler below, so it ends as an interruption (130), not as an end of input.
            words = goodbye(plain)
            term.say("")
            term.say(f"End of input: {words}")
            return 0
    except KeyboardInterrupt:
        term.say("")
        term.say(f"Interrupted: {goodbye(plain)}")
        return 130
    words = goodbye(plain)
    term.say(words[0].upper() + words[1:])
    return 0


__all__ = ["run"]
