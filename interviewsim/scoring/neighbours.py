"""Other questions an answer might really be answering: the asked question's siblings.

The scorer is given them optionally (`HeuristicScorer(bank=...)` or `neighbours=`); with none it
judges the answer against the asked question alone, as before. Siblings are the other questions
of the same track, where a prepared answer to the wrong question is most likely ("the one about
indexes" for "the one about joins").

`Siblings.likelier` is a cheap first pass: it ranks siblings by the answer words they share,
each word weighted by how few questions of the track use it (a word every SQL question uses says
nothing about which one is answered). Only siblings that share more than the asked question
itself are returned, so an answer that plainly fits its own question costs nothing more.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

from interviewsim.bank import Bank, Question
from interviewsim.scoring import similarity as sim

Neighbours = Callable[[Question], Sequence[Question]]
CANDIDATES = 2  # siblings checked in full per answer, at most


@lru_cache(maxsize=4096)
def topic_stems(question: Question) -> frozenset[str]:
    """The stems of a question's prompt, key points and model answer."""
    texts = [question.prompt, question.model_answer]
    texts += [p for point in question.key_points for p in point.phrasings]
    return frozenset(t.stem for text in texts for t in sim.terms(text))


class Siblings:
    """The other questions of the same track, from a bank."""

    def __init__(self, bank: Bank):
        self.bank = bank
        self._by_track: dict[str, tuple[Question, ...]] = {}
        for q in bank.questions:
            self._by_track[q.track] = (*self._by_track.get(q.track, ()), q)
        # How many questions of a track use each stem, counted for a track when one of its
        # answers is first scored: stemming the whole bank up front costs the first page ~0.3 s.
        self._spread: dict[str, Counter[str]] = {}

    def __call__(self, question: Question) -> Sequence[Question]:
        return tuple(q for q in self._by_track.get(question.track, ()) if q.id != question.id)

    def weight(self, question: Question, stems: Iterable[str]) -> float:
        spread = self._spread.get(question.track)
        if spread is None:
            qs = self._by_track.get(question.track, ())
            spread = self._spread[question.track] = Counter(s for q in qs for s in topic_stems(q))
        return sum(1 / spread[s] for s in stems if spread[s])


def likelier(
    question: Question,
    answer_stems: frozenset[str],
    siblings: Sequence[Question],
    weigh: Callable[[Question, Iterable[str]], float] | None = None,
) -> list[tuple[Question, float]]:
    """Siblings sharing more (weighted) answer words than the asked question, best first, each
    with how many times more it shares (infinite when the asked question shares none)."""
    weigh = weigh or (lambda _q, stems: float(len(list(stems))))
    own = weigh(question, answer_stems & topic_stems(question))
    scored = [(weigh(q, answer_stems & topic_stems(q)), q.id, q) for q in siblings]
    better = sorted((s for s in scored if s[0] > own), key=lambda s: (-s[0], s[1]))
    return [(q, w / own if own else float("inf")) for w, _, q in better[:CANDIDATES]]
