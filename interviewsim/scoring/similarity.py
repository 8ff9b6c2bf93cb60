"""How much of some wanted content (a key point, a reference answer) an answer states.

Lexical and explainable: both texts become content terms (stop words dropped, Snowball stems), and
the score is the weighted share of the wanted terms the answer contains. Three refinements, each
measured against human grades (see bench/scoring.py):

- words the question already uses count for little, because repeating the question shows nothing
  (the "question demoting" of Mohler et al. 2011);
- a misspelt word still counts ("paramaters", "intialized", "behavior" for "behaviour");
- credit is concave in the share found: graders give most of the marks for the central idea, so
  naming half of the content earns well over half the credit, while a word or two in common by
  chance earns none (see `soft_credit`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from interviewsim import text as tx

QUESTION_TERM_WEIGHT = 0.2  # weight of a wanted term that the question itself already uses
TYPO_MIN_LENGTH = 5  # shorter words must match exactly: too many short words are one edit apart
CREDIT_OFFSET = 0.1  # a share this small earns nothing: one generic word in common is chance
CREDIT_CURVE = 0.5  # soft_credit exponent: 1 is linear, smaller is more generous to partial answers


@dataclass(frozen=True)
class Term:
    stem: str
    word: str  # the first surface form seen, for evidence and typo matching


def terms(text: str) -> tuple[Term, ...]:
    """The distinct content terms of `text`, in order of first appearance."""
    seen: dict[str, Term] = {}
    for word in tx.content_words(text):
        stem = tx.stem(word)
        if stem not in seen:
            seen[stem] = Term(stem, word)
    return tuple(seen.values())


@lru_cache(maxsize=8192)
def _distance(a: str, b: str) -> int:
    """Edit distance counting a swap of two neighbouring letters as one edit (optimal alignment)."""
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], before[j - 2] + 1)
        before, previous = previous, current
    return previous[len(b)]


def is_misspelling(wanted: str, written: str) -> bool:
    """True when `written` is `wanted` with a typo: same first letter, one edit (two if long).

    Prefixes and suffixes are real differences ("queue"/"dequeue", "initialized"/"uninitialized"),
    so the lengths must be close and the first letters equal.
    """
    if len(wanted) < TYPO_MIN_LENGTH or wanted[0] != written[:1]:
        return False
    if abs(len(wanted) - len(written)) > 2:
        return False
    return _distance(wanted, written) <= (1 if len(wanted) < 8 else 2)


class AnswerTerms:
    """An answer's content terms, indexed for matching many wanted terms against it."""

    def __init__(self, answer: str):
        self.terms = terms(answer)
        self.stems = frozenset(t.stem for t in self.terms)
        self._by_initial: dict[str, list[str]] = {}
        for t in self.terms:
            self._by_initial.setdefault(t.word[0], []).append(t.word)

    def contains(self, term: Term) -> bool:
        if term.stem in self.stems:
            return True
        return any(is_misspelling(term.word, w) for w in self._by_initial.get(term.word[0], ()))


@dataclass(frozen=True)
class Recall:
    value: float  # weighted share of the wanted terms found, 0-1
    found: tuple[str, ...]  # wanted words the answer states
    missing: tuple[str, ...]  # wanted words it does not


def term_weights(wanted: Iterable[Term], question_stems: frozenset[str]) -> dict[Term, float]:
    """Each wanted term's weight: low for words the question already uses, unless that is all."""
    wanted = tuple(wanted)
    weights = {t: QUESTION_TERM_WEIGHT if t.stem in question_stems else 1.0 for t in wanted}
    if wanted and not any(t.stem not in question_stems for t in wanted):
        return dict.fromkeys(wanted, 1.0)  # content made only of question words still counts
    return weights


def recall(
    wanted: Iterable[Term], answer: AnswerTerms, question_stems: frozenset[str] = frozenset()
) -> Recall:
    """How much of `wanted` the answer states, weighting question words down."""
    weights = term_weights(wanted, question_stems)
    total = sum(weights.values())
    if not total:
        return Recall(0.0, (), ())
    found = [t for t in weights if answer.contains(t)]
    value = sum(weights[t] for t in found) / total
    missing = [t.word for t in weights if t not in found]
    return Recall(value, tuple(t.word for t in found), tuple(missing))


def soft_credit(share: float) -> float:
    """Credit for stating `share` (0-1) of some content: concave, 0 -> 0 and 1 -> 1."""
    share = (share - CREDIT_OFFSET) / (1 - CREDIT_OFFSET)
    return max(0.0, min(1.0, share)) ** CREDIT_CURVE
