"""Delimiting text in a prompt so that it cannot close its own fence.

Every text that did not come from the prompt's author (a candidate's answer, a job description, a
résumé, and a question or follow-up that a model or an instructor wrote) sits between tags in the
prompt. A tag of ours typed inside such a text, in any case or spacing (`</candidate_answer>`,
`< /QUESTION >`, `<answer/>`), is replaced before it is placed, so the text can never end its fence
early and pass the rest off as our instructions.
"""

from __future__ import annotations

import re
import unicodedata

# Every tag any prompt of ours uses; all are removed from every fenced text, whichever tag fences it.
DELIMITERS = (
    "answer",
    "candidate_answer",
    "question",
    "follow_up",
    "other_question",
    "job_description",
    "resume",
    "hint",
)
_TAG = re.compile(r"<\s*/?\s*(?:" + "|".join(DELIMITERS) + r")\b[^<>]*>", re.I)
REMOVED = "[tag removed]"


def neutralise(text: str) -> str:
    """The text with every tag of ours replaced, so it cannot open or close a fence. Look-alike
    characters are folded first (a full-width "＜" is a "<" to a model)."""
    if _TAG.search(text):
        return _TAG.sub(REMOVED, text)
    folded = unicodedata.normalize("NFKC", text)
    return _TAG.sub(REMOVED, folded) if _TAG.search(folded) else text


def fenced(tag: str, text: str) -> str:
    """`text` between `<tag>` and `</tag>`, on lines of their own."""
    if tag not in DELIMITERS:
        raise ValueError(f"unknown delimiter {tag!r}; add it to DELIMITERS")
    return f"<{tag}>\n{neutralise(text)}\n</{tag}>"
