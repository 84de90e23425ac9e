"""A file path shown on several lines (course.tui.wording.path_lines) breaks only after a separator, or inside
a name too long for a line, after one of its word marks."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import example, given
from hypothesis import strategies as st

from course.tui.wording import path_lines

NAME = st.text(alphabet=st.characters(blacklist_characters="/\\\n", blacklist_categories=("Cs",)), max_size=30)
PATHS = st.builds(lambda lead, names: lead + "/".join(names), st.sampled_from(["", "/", "~/", "C:\\"]),
                  st.lists(NAME, max_size=8))


@given(PATHS, st.integers(min_value=1, max_value=80))
def test_the_lines_give_the_path_back_and_fit_the_width(path: str, width: int) -> None:
    lines = path_lines(path, width).split("\n")
    assert "".join(lines) == path
    assert all(len(line) <= width for line in lines)


@given(PATHS, st.integers(min_value=1, max_value=80))
@example("/00__0000", 4)  # the name runs on over three lines: '/00_', '_', '0000'
def test_a_name_is_broken_only_when_it_is_longer_than_a_line(path: str, width: int) -> None:
    lines = path_lines(path, width).split("\n")
    at = 0  # where the line ends in the path
    for line in lines[:-1]:
        at += len(line)
        if not line.endswith(("/", "\\")):  # broken inside a name: only a name too long for any line
            start = max(path.rfind("/", 0, at), path.rfind("\\", 0, at)) + 1
            ends = [found for found in (path.find("/", at), path.find("\\", at)) if found >= 0]
            piece = path[start:min(ends) + 1] if ends else path[start:]  # the name, with the separator after it
            assert len(piece) > width, (piece, lines)
            # after one of its word marks, or, for a word longer than a line, at the width
            assert line.endswith(("-", "_", ".", " ")) or len(line) == width


@given(PATHS, st.integers(min_value=1, max_value=80))
def test_no_line_could_have_taken_the_next_piece(path: str, width: int) -> None:
    """Lines are filled: the first folder of the next line did not fit on this one."""
    lines = path_lines(path, width).split("\n")
    for line, after in pairwise(lines):
        first = after.split("/", 1)[0] + ("/" if "/" in after else "")
        assert len(line) + len(first) > width or not line.endswith(("/", "\\"))


def test_a_home_path_at_36_columns() -> None:
    shown = path_lines("~/.local/share/course/certificates/outsourcing-vs-offshoring/zed-certificate.pdf", 36)
    assert shown.split("\n") == ["~/.local/share/course/certificates/", "outsourcing-vs-offshoring/",
                                 "zed-certificate.pdf"]


def test_a_file_name_longer_than_a_line_breaks_after_a_hyphen() -> None:
    shown = path_lines("~/Documents/outsourcing-vs-offshoring-certificate-Ana.pdf", 37)
    assert shown.split("\n") == ["~/Documents/outsourcing-vs-", "offshoring-certificate-Ana.pdf"]
