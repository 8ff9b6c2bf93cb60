"""The replies of one exchange (an answer and the answers to its follow-ups) as the scorer reads
them."""

from __future__ import annotations

import re
from collections.abc import Sequence

from interviewsim import text as tx

_PIECES = re.compile(r"(?<=[.!?;])\s+|\n+")


def exchange_text(answers: Sequence[str]) -> str:
    """The answers of one exchange as one text, leaving out of each later reply the sentences an
    earlier one already said: in a conversation, saying something again adds nothing, and is not
    the padding of one answer that the scorer's "repeats itself" guard is for (a repeat within one
    answer is left for the scorer to judge)."""
    said: set[tuple[str, ...]] = set()
    kept: list[str] = []
    for answer in answers:
        pieces = [p for p in _PIECES.split(answer.strip()) if p]
        new = [p for p in pieces if tuple(tx.words(p)) not in said]
        said.update(tuple(tx.words(p)) for p in pieces)
        if new:
            kept.append(answer.strip() if len(new) == len(pieces) else " ".join(new))
    return "\n".join(kept)
