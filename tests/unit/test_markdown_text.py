"""Text shown as written in Markdown: rendered by GitHub's own Markdown (cmark-gfm, with its
autolink, table and tag-filter extensions, raw HTML allowed so nothing is hidden by a sanitiser),
escaped text shows exactly as written and never becomes a link, an image or HTML."""

from __future__ import annotations

import html
import re

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options

from interviewsim.markdown_text import escape, fence

HOSTILE = [
    "See http://127.0.0.1:9/x, then www.example.org/y.",
    "Write to ada@example.com or mailto:ada@example.com today",
    "![pixel](http://127.0.0.1:9/beacon.png) and [click](https://127.0.0.1:9/)",
    "<img src=http://127.0.0.1:9/b.png> <a href='http://127.0.0.1:9/'>x</a> &lt;b&gt;",
    "# not a heading\n- not a list\n1. not numbered\n> not a quote\n---\n===",
    "*stars* _under_ `code` ~~strike~~ $x$ | pipe \\ backslash",
    "An address with a backtick: http://127.0.0.1:9/a`b and ftp://127.0.0.1/f",
]


def render(markdown: str) -> str:
    return cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)


def visible_text(rendered: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", rendered))


def tags(rendered: str) -> set[str]:
    return set(re.findall(r"<([a-z0-9]+)", rendered))


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_renders_as_written_with_no_link_image_or_html(text: str) -> None:
    rendered = render(escape(text))
    assert tags(rendered) <= {"p", "br", "code"}, rendered
    assert " ".join(visible_text(rendered).split()) == " ".join(text.split())


@pytest.mark.parametrize("text", HOSTILE)
def test_text_in_a_table_cell_stays_in_its_cell(text: str) -> None:
    table = f"| a | b |\n|---|---|\n| {escape(text, in_table=True)} | after |\n"
    rendered = render(table)
    assert tags(rendered) <= {"table", "thead", "tbody", "tr", "th", "td", "code"}, rendered
    cells = re.findall(r"<td>(.*?)</td>", rendered, re.DOTALL)
    assert [visible_text(c) for c in cells] == [" ".join(text.split()), "after"]


def test_addresses_are_inline_code_and_prose_punctuation_stays_outside() -> None:
    assert escape("See http://a.example/x, then www.b.example.") == (
        "See `http://a.example/x`, then `www.b.example`\\."
    )
    assert escape("ada@example.com") == "`ada@example.com`"


def test_streamlit_directives_are_escaped_only_for_streamlit() -> None:
    assert escape(":red[alert] :material/home:", streamlit=True) == (
        "\\:red\\[alert\\] \\:material/home\\:"
    )
    assert escape("e.g. 10:30") == "e\\.g\\. 10:30"


def test_line_breaks_are_kept_unless_one_line_is_asked_for() -> None:
    assert escape("one\ntwo") == "one  \ntwo"
    assert escape("one\n\ntwo", one_line=True) == "one two"


def test_a_fence_holds_any_backticks() -> None:
    text = "before\n```\nnot the end\n````\nafter"
    rendered = render(fence(text))
    assert rendered.count("<pre") == 1
    assert visible_text(rendered).strip() == text
