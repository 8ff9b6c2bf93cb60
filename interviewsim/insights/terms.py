"""Job-related terms: a track's vocabulary, read from the bank, and a question's key terms.

A track term is a word the track's questions use noticeably more than the rest of the bank does
("hashable" in Python, "quorum" in system design), found by comparing how many questions of each
use it. A question's key terms are the content words of its key points (or, with none, of its model
answer) that are job-related. Common English words and words that describe an answer rather than
say something in it ("describes", "explains") are never terms.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from interviewsim import text as tx
from interviewsim.bank import Bank, PerBank, Question
from interviewsim.insights.fillers import ADVERB_FILLERS, HEDGES
from interviewsim.scoring import similarity as sim

MIN_QUESTIONS = 2  # a word in one question only is that question's, not the track's
DISTINCTIVE = 4.0  # how many times more often the track's questions use a word than the rest do
MIN_LENGTH = 3
MAX_KEY_TERMS = 12
# a code name joined by underscores, not a dunder ("__init__" is a term: "init")
_IDENTIFIER = re.compile(r"\b[A-Za-z0-9]+(?:_[A-Za-z0-9]+)+\b")

# Everyday words that carry no job knowledge, in the forms interview text uses them. Compared by
# stem, so "take" also covers "takes" and "taking".
COMMON_WORDS = frozenset(
    """
    able across add after ago ahead almost along already always another answer anyone anything
    anyway appear approach area ask asked away back bad best better big bit bottom break bring
    build came candidate care case certain chance change choice choose chose clear close come
    common complete concrete consider could day days deal describe describes detail different
    discuss discusses done during early earlier easily easy else end enough especially even
    every everyone everything exactly example explain explains express fact facts fairly far
    feel felt find first follow found four free full gave general get getting give given gives go
    goes going good great half hand happen hard hear held help high hold huge idea identify
    identifies important include instead interview keep kept kind know knew large larger last
    late later lead least leave less let level likely little long look lot low made main make
    makes making many matter mean means mention mentions might mind moment month months most
    mostly move much name names near nearly need needed needs never next nice nobody none note
    notes nothing number often old once open order others part particular people perhaps person
    pick place plan plus point possible pretty probably proper put question questions quick
    quickly rather real really reason receive receives reflect reflects remain right said same saw
    say says
    second see seem seen sense set several short show shows side simple since six small smaller
    smallest something sometimes soon specific spend start state states step still stop straight
    sure take taken takes talk tell ten term terms thing think third thought three today told
    took top total tried true try turn two typical understand unlike use used useful uses using
    usual usually value want wanted way ways week weeks went whole wide word words work worked
    works worse worst worth write wrote year years
    fast faster slow slower slowly slightly vastly cheap cheaper tend tends unclear ordinary
    whichever regardless realistic morning night minute minutes hour hours percent twice safer
    stricter strongest newer older mid similar
    """.split()
)
_NOT_TERMS = frozenset(
    {tx.stem(w) for w in COMMON_WORDS}
    | {tx.stem(w) for w in ADVERB_FILLERS}
    | {tx.stem(words[0]) for words, _ in HEDGES if len(words) == 1}
)


def is_term_candidate(term: sim.Term) -> bool:
    return len(term.word) >= MIN_LENGTH and not term.word.isdigit() and term.stem not in _NOT_TERMS


def _curated_text(q: Question) -> str:
    """What the bank's authors wrote to say what the question is about: prompt, key points, tags."""
    phrasings = [p for kp in q.key_points for p in kp.phrasings]
    return " ".join([q.prompt, *phrasings, " ".join(q.tags)])


def _track_terms(questions: tuple[Question, ...], track: str) -> tuple[str, ...]:
    in_track: Counter[str] = Counter()
    elsewhere: Counter[str] = Counter()
    curated: set[str] = set()
    forms: dict[str, Counter[str]] = {}
    n_track = n_other = 0
    for q in questions:
        terms = [
            t for t in _all_terms(f"{_curated_text(q)} {q.model_answer}") if is_term_candidate(t)
        ]
        if q.track == track:
            n_track += 1
            in_track.update({t.stem for t in terms})
            curated |= {t.stem for t in _all_terms(_curated_text(q))}
            for t in terms:
                forms.setdefault(t.stem, Counter())[t.word] += 1
        else:
            n_other += 1
            elsewhere.update({t.stem for t in terms})
    ranked: list[tuple[float, str]] = []
    for stem, count in in_track.items():
        # A word one model answer happens to use is that answer's style; one the authors chose
        # for a prompt, a key point or a tag is the topic's, even if only one question needs it.
        if count < MIN_QUESTIONS and stem not in curated:
            continue
        # Add-one smoothing: a word the rest of the bank never uses is distinctive, not infinite.
        ratio = (count / n_track) / ((elsewhere[stem] + 1) / (n_other + 1)) if n_other else 1.0
        if ratio >= DISTINCTIVE or not n_other:
            ranked.append((ratio, stem))
    ranked.sort(key=lambda r: (-r[0], r[1]))
    return tuple(forms[stem].most_common(1)[0][0] for _, stem in ranked)


def _all_terms(text: str) -> list[sim.Term]:
    """Every content word of `text` as a term (repeats kept), so usage can be counted."""
    return [sim.Term(tx.stem(w), w) for w in tx.content_words(text)]


_BY_BANK: PerBank[str, tuple[str, ...]] = PerBank(
    lambda bank, track: _track_terms(bank.questions, track)
)


def track_terms(bank: Bank, track: str) -> tuple[str, ...]:
    """The track's job-related words, most distinctive first (one surface form per stem), worked
    out once per loaded bank and track."""
    return _BY_BANK(bank, track)


def stems_of(words: Iterable[str]) -> frozenset[str]:
    """The stems of the content words in `words` (each item may be a word or a short phrase)."""
    return frozenset(s for w in words for s in tx.content_stems(w))


def key_terms(question: Question, track_terms: Iterable[str] | None = None) -> tuple[sim.Term, ...]:
    """The words a good answer to `question` is likely to use, in the order the bank gives them.

    Taken from the key points (the model answer when there are none). With the track's terms, only
    job-related words are kept (and the words of the question's own prompt and tags, which are on
    topic by definition); without them, every content word that is not everyday English.
    """
    source = " ".join(kp.text for kp in question.key_points) or question.model_answer
    # "pg_stat_statements" is one name: its pieces ("stat", "statements") are no terms of the job
    source = _IDENTIFIER.sub(" ", source)
    candidates = [t for t in sim.terms(source) if is_term_candidate(t)]
    if track_terms is not None:
        relevant = stems_of(track_terms) | stems_of([question.prompt, *question.tags])
        candidates = [t for t in candidates if t.stem in relevant]
    return tuple(candidates[:MAX_KEY_TERMS])
