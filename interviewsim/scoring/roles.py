"""Roles swapped between the things a comparison question contrasts.

"The median is the one that's pulled around by extreme values, while the mean is robust to
outliers" uses every word of "the mean is pulled by extreme values" and of "the median is robust
to outliers", in one sentence; read as a bag of words it states both. Read clause by clause, it
says of the median what the key point says of the mean: the roles are swapped.

A clause of the answer *misattributes* a clause of a key point that names thing X when

- it is about another thing Y (`subjects.about`) and states at least half of the point's clause,
  two words or more, in the same polarity;
- among that, it states at least half of what the reference (the key points and the model answer)
  never says of Y: what tells X from Y, not what both share ("both joins return rows");
- and some key point says something of Y, and what the answer says of Y there fits the point
  better than it fits that ("SIGKILL can't be caught - the kernel just ends the process" says what a
  point says of SIGKILL, though "ends the process" is also what SIGTERM asks for).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from interviewsim.scoring import claims
from interviewsim.scoring import subjects as sj

MIN_WORDS = 2  # a clause states at least this many words of the point to misattribute it
DISTINCT_SHARE = 0.5  # ... and this share of what the reference never says of the other thing

Said = tuple[frozenset[str], ...]  # per compared thing, the keys the reference says of it
Statement = tuple[claims.Sentence, dict[claims.Token, float]]


@dataclass(frozen=True)
class Misattribution:
    share: float  # share of the point's clause the answer clause states
    found: tuple[str, ...]  # the point's words it states
    sentence: int  # index of the answer sentence


@dataclass(frozen=True)
class _Point:
    """A clause of a key point that names one (or some) of the things compared."""

    statement: claims.Sentence
    weight: dict[claims.Token, float]
    tokens: tuple[claims.Token, ...]  # its words, without the names of the things
    subjects: frozenset[int]


def said_of(texts: Iterable[str], subjects: sj.Subjects) -> Said:
    """What the reference says of each compared thing: the keys of the words in clauses about it,
    except those it denies of it."""
    said: list[set[str]] = [set() for _ in subjects]
    for text in texts:
        for sentence in claims.parse(text):
            about = claims.about_at(sentence, subjects)
            denied = sentence.negated_positions  # "removes the pod without restarting it"
            for token in sentence.tokens:
                if token.position in denied:
                    continue
                for n in about[token.position]:
                    said[n].update(k for k, _ in token.keys)
    return tuple(frozenset(s) for s in said)


def _points(
    statement: claims.Sentence, weight: dict[claims.Token, float], subjects: sj.Subjects
) -> list[_Point]:
    """The statement's clauses that name some, not all, of the things, each with its words."""
    about = claims.about_at(statement, subjects)
    split = claims.clauses_at(statement, subjects)
    names = frozenset(k for keys in subjects for k in keys)
    out = []
    for clause in dict.fromkeys(split):
        positions = [p for p, c in enumerate(split) if c == clause]
        own = about[positions[0]]
        # only a clause that names its thing: "..., 30 seconds by default" is about no one thing
        if not own or len(own) == len(subjects):
            continue
        if not any(sj.names_of(statement.words[p]) & names for p in positions):
            continue
        tokens = tuple(
            t
            for t in weight
            if t is not claims.UNSAID
            and split[t.position] == clause
            and not sj.names_of(t.word) & names
        )
        if sum(1 for t in tokens if not t.name) >= MIN_WORDS:
            out.append(_Point(statement, weight, tokens, own))
    return out


def _stated(
    point: _Point,
    sentence: claims.Sentence,
    index: int,
    clauses: set[int],
    split: Sequence[int],
) -> dict[claims.Token, claims.Token]:
    """The point's words that `sentence` states, in the same sense, within `clauses` (of `split`,
    the sentence's clauses)."""
    both = claims.poles(point.statement)
    out = {}
    for t in point.tokens:
        hit = next(
            (
                w
                for w, flipped in claims.related(t, sentence, index, both, None)
                if not flipped and split[w.position] in clauses
            ),
            None,
        )
        if hit is not None:
            out[t] = hit
    return out


def _share(point: _Point, stated: Iterable[claims.Token]) -> float:
    total = sum(point.weight[t] for t in point.tokens)
    return sum(point.weight[t] for t in stated) / total if total else 0.0


def misattributed(
    statement: claims.Sentence,
    weight: dict[claims.Token, float],
    answer: Sequence[claims.Sentence],
    subjects: sj.Subjects,
    said: Said,
    reference: Sequence[Statement] = (),
) -> Misattribution | None:
    """The strongest answer clause that says of another thing what `statement` says of its own.

    `reference` holds every key point's statements: what they say of the other thing is the
    measure a clause about it is held to.
    """
    if len(subjects) < 2 or not said:
        return None
    points = _points(statement, weight, subjects)
    if not points:
        return None
    theirs_points = [p for s, w in reference for p in _points(s, w, subjects)]
    best: Misattribution | None = None
    for index, sentence in enumerate(answer):
        about = claims.about_at(sentence, subjects)
        split = claims.clauses_at(sentence, subjects)
        clauses: dict[int, frozenset[int]] = {}
        opening: dict[int, str] = {}
        for p, c in enumerate(split):
            clauses.setdefault(c, about[p])
            opening.setdefault(c, sentence.words[p])
        for point in points:
            for run, theirs in _runs(clauses):
                if not theirs or theirs & point.subjects or opening[run[0]] in sj.IN_PASSING:
                    continue
                stated = _stated(point, sentence, index, set(run), split)
                share = _share(point, stated)
                if sum(1 for t in stated if not t.name) < MIN_WORDS or share < claims.ABOUT:
                    continue
                if best is not None and share <= best.share:
                    continue
                distinct = [
                    t
                    for t in point.tokens
                    if not any(k in said[n] for k, _ in t.keys for n in theirs)
                ]
                told = sum(point.weight[t] for t in distinct if t in stated)
                if not told or told < DISTINCT_SHARE * sum(point.weight[t] for t in distinct):
                    continue
                if _negated(point.statement, list(stated)) != _negated(
                    sentence, list(stated.values())
                ):
                    continue
                # what the sentence says of the other thing fits what is said of it as well; and
                # when the key points say nothing of the other thing, nothing tells them apart
                same = {c for c, s in clauses.items() if s & theirs}
                fits = [
                    _share(other, _stated(other, sentence, index, same, split))
                    for other in theirs_points
                    if other.subjects <= theirs
                ]
                if not fits or max(fits) >= share:
                    continue
                best = Misattribution(share, tuple(t.word for t in stated), index)
    return best


def _runs(clauses: dict[int, frozenset[int]]) -> list[tuple[list[int], frozenset[int]]]:
    """Neighbouring clauses about the same things, together: "the readiness probe restarts the
    container | when it fails" is one statement about readiness."""
    out: list[tuple[list[int], frozenset[int]]] = []
    for clause, theirs in clauses.items():
        if out and out[-1][1] == theirs:
            out[-1][0].append(clause)
        else:
            out.append(([clause], theirs))
    return out


def _negated(sentence: claims.Sentence, tokens: list[claims.Token]) -> bool:
    positions = {t.position for t in tokens}
    return any(any(first <= p <= last for p in positions) for first, last in sentence.negations)
