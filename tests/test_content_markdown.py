"""Lesson sections come from a CommonMark parse: code, quotes and odd fences never make or swallow a section."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from course.content.markdown import split_sections


def ids(body: str) -> list[str]:
    return [section.id for section in split_sections(body, 1)[1]]


def test_a_tilde_line_inside_a_backtick_fence_does_not_close_it():
    body = "\n".join([
        "## One",
        "```text",
        "~~~",
        "## not a section",
        "```",
        "## Two",
        "text",
    ])
    assert ids(body) == ["one", "two"]
    one = split_sections(body, 1)[1][0]
    assert "## not a section" in one.body


def test_a_backtick_line_inside_a_tilde_fence_does_not_close_it():
    body = "## One\n~~~\n```\n## inside\n~~~\n## Two\n"
    assert ids(body) == ["one", "two"]


def test_a_longer_fence_closes_only_on_a_fence_as_long():
    body = "## One\n````\n```\n## inside\n```\n````\n## Two\n"
    assert ids(body) == ["one", "two"]


def test_a_real_section_after_an_indented_fence_opener_is_kept():
    # the old line scanner treated "  ~~~" inside a paragraph-free list as a fence and swallowed "## Two"
    body = "## One\n\n    ~~~ indented code, not a fence\n\n## Two\ntext\n"
    assert ids(body) == ["one", "two"]


def test_headings_in_indented_code_block_quotes_and_html_are_not_sections():
    body = "\n".join([
        "## One",
        "",
        "    ## in indented code",
        "",
        "> ## in a quote",
        "",
        "<div>",
        "## in html",
        "</div>",
        "",
        "- ## in a list",
        "",
        "## Two",
    ])
    assert ids(body) == ["one", "two"]


def test_closing_hashes_explicit_ids_and_line_numbers():
    body = "Intro text.\n\n## First part ##\nbody\n\n## Second {#custom-id}\nmore\n"
    intro, sections = split_sections(body, 10)
    assert intro == "Intro text."
    assert [(s.id, s.title, s.line, s.explicit_id) for s in sections] == [
        ("first-part", "First part", 12, False),
        ("custom-id", "Second", 15, True),
    ]
    assert sections[1].body == "## Second\nmore\n"


def test_an_unclosed_fence_runs_to_the_end_as_commonmark_says():
    assert ids("## One\n```\n## Two\n") == ["one"]


def test_level_one_and_three_headings_and_setext_headings_are_not_sections():
    assert ids("# Title\n### Sub\nSetext\n------\n## Real\n") == ["real"]


words = st.text(alphabet="abcdefghij ", min_size=1, max_size=12).map(str.strip).filter(bool)
code_line = st.sampled_from(["## fake", "~~~", "```x", "# h1", "plain", "    ## indented", "> quote"])


@given(st.lists(st.tuples(words, st.lists(code_line, max_size=6), st.sampled_from(["```", "~~~~"])), min_size=1, max_size=6))
def test_sections_are_exactly_the_headings_written_outside_code(parts):
    chunks = []
    for title, code, fence in parts:
        # a fence of one kind, holding lines that would fool a line scanner, closed by the same kind
        inner = [line for line in code if not line.startswith(fence[0] * 3)]
        chunks.append(f"## {title}\n\ntext\n\n{fence}\n" + "\n".join(inner) + f"\n{fence}\n")
    body = "\n".join(chunks)
    sections = split_sections(body, 1)[1]
    assert [s.title for s in sections] == [title for title, _, _ in parts]


def test_a_closing_sequence_needs_a_space_before_it():
    assert [s.title for s in split_sections("## Learning C#\n## Done ##\n", 1)[1]] == ["Learning C#", "Done"]


tricky_line = st.one_of(
    st.sampled_from([
        "## Title", "## Title ##", "## C#", "##", "## #", "##\ttab", "   ## indented", "    ## code", "\t## tab code",
        "```", "~~~", "````", "```python", "> ## quoted", "- ## listed", "1. item", "  ## in item", "<div>", "</div>",
        "", "text", "# one", "### three", "---", "Setext", "===", "\\## escaped", "## {#explicit}", "## a {#b}",
    ]),
    st.text(alphabet="#`~<> -\tab", max_size=8),
)


@given(st.lists(tricky_line, max_size=25))
def test_the_plain_reading_agrees_with_the_parser(lines):
    from course.content.markdown import _NESTING, _h2_lines_by_parser, _h2_lines_plain, h2_lines

    body = "\n".join(lines)
    assert h2_lines(body) == _h2_lines_by_parser(body)
    # the plain reading is only used without nesting: there it must give the parser's answer exactly
    plain = [line for line in lines if not _NESTING.search(line)]
    assert _h2_lines_plain(plain) == _h2_lines_by_parser("\n".join(plain))
