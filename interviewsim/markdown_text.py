"""Text shown exactly as written inside Markdown: what a person typed and what a model wrote.

Both are data, never formatting: no HTML, no images, no links. Escaping every Markdown character is
not enough on its own, because GitHub-flavoured Markdown (GitHub's cmark-gfm, and the remark-gfm
that `st.markdown` uses) turns a bare URL, a `www.` address or an e-mail address into a link after
the escapes are read. Those are set as inline code, which no Markdown renderer links. Longer text
that should keep its own layout can be fenced as a code block instead.
"""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$&=])")
# Streamlit's Markdown also reads :colour[text], :material/icon: and :emoji: shortcodes.
_SPECIAL_IN_STREAMLIT = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$&=:])")
# What GFM links by itself: scheme://..., www...., mailto:/xmpp: and bare e-mail addresses.
_LINKABLE = re.compile(
    r'\b[a-z][a-z0-9+.-]*://[^\s<>"]*|\bwww\.[^\s<>"]*|\b(?:mailto|xmpp):[^\s<>"]*'
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
    re.IGNORECASE,
)
_PROSE_AFTER = ".,:;!?'\")]}*_~"  # punctuation that ends a sentence, not the address


def _code_span(token: str, in_table: bool) -> str:
    longest = max((len(run) for run in re.findall(r"`+", token)), default=0)
    ticks = "`" * (longest + 1)
    pad = " " if token.startswith("`") or token.endswith("`") else ""
    if in_table:  # a table splits its cells on | before it reads code spans
        token = token.replace("|", "\\|")
    return f"{ticks}{pad}{token}{pad}{ticks}"


def escape(
    text: str, *, one_line: bool = False, in_table: bool = False, streamlit: bool = False
) -> str:
    """Markdown that shows `text` as written, with addresses as inline code (never links).

    Line breaks are kept as hard breaks, or folded into spaces with `one_line` (a heading, a list
    item); `in_table` also guards `|` inside the code spans of a table cell; `streamlit` also
    escapes what only `st.markdown` reads (`:`).
    """
    special = _SPECIAL_IN_STREAMLIT if streamlit else _SPECIAL
    if one_line or in_table:
        text = " ".join(text.split())
    parts: list[str] = []
    done = 0
    for found in _LINKABLE.finditer(text):
        address = found.group(0).rstrip(_PROSE_AFTER)
        parts.append(special.sub(r"\\\1", text[done : found.start()]))
        parts.append(_code_span(address, in_table))
        done = found.start() + len(address)
    parts.append(special.sub(r"\\\1", text[done:]))
    return "".join(parts).replace("\n", "  \n")


def fence(text: str) -> str:
    """A fenced code block holding `text` as written, whatever backticks it contains."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    ticks = "`" * max(3, longest + 1)
    return f"{ticks}text\n{text}\n{ticks}"
