"""Lesson Markdown as plain lines in `course --plain`: words only, lists with "-", tables row by row."""

from __future__ import annotations

import re

import pytest

from course.plain.text import markdown_lines, plain_line
from tests.conftest import ROOT
from tests.content_support import loaded

MARKUP = re.compile(r"\*\*|__|`|^\s*#|\]\(|\||^\s*[*+] |^\s*>|<[a-z/]")


def test_the_markup_of_each_kind_is_said_in_words():
    text = (
        "## Title\n\nSome **bold**, *em*, `code` and a [link](https://example.org).\n\n"
        "* one\n* two\n    1. nested\n\n"
        "3. third\n4. fourth\n\n"
        "| Who | Where |\n| --- | --- |\n| A | here |\n| B | there |\n\n"
        "> quoted\n\n```\nx = 1\n```\n\n![a chart](c.png)\n"
    )
    assert markdown_lines(text, "Title") == [
        "Some bold, em, code and a link (https://example.org).",
        "",
        "- one",
        "- two",
        "  1. nested",
        "",
        "3. third",
        "4. fourth",
        "",
        "Table, 2 rows: Who, Where.",
        "Row 1: Who: A; Where: here.",
        "Row 2: Who: B; Where: there.",
        "",
        "Quote:",
        "  quoted",
        "",
        "Code:",
        "  x = 1",
        "",
        "(image: a chart)",
    ]


def test_only_the_sections_own_heading_is_left_out():
    assert markdown_lines("## Costs\n\nText.\n\n### Costs\n\nMore.", "Costs") == ["Text.", "", "Costs", "", "More."]
    assert markdown_lines("Text first.\n\n## Costs", "Costs") == ["Text first.", "", "Costs"]


def test_terminal_controls_never_get_through():
    assert plain_line("Danger \x1b[31mred\x1b[0m and \x1b]52;c;aGk=\x07 copy") == "Danger red and copy"


@pytest.mark.parametrize("lesson", loaded(ROOT).lessons, ids=lambda lesson: lesson.id)
def test_no_markup_character_is_left_in_a_shipped_lesson(lesson):
    lines = markdown_lines(lesson.intro)
    for section in lesson.sections:
        lines += markdown_lines(section.body, section.title)
    left = [line for line in lines if MARKUP.search(line)]
    assert not left, left
    assert any(line.strip() for line in lines)
