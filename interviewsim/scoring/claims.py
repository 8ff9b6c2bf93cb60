"""Does an answer state a claim, leave it out, or state its opposite?

A text becomes sentences of tokens. A token is a content word (its Snowball stem, plus the signed
concepts of `lexicon`, so "decrease" is AMOUNT with sign -1), a name or number ("A", "terminal 1",
"O(1)": matched exactly and never treated as noise), or a relation word taken from the function
words ("before", "same"). Each negation cue ("not", "never", "no longer", "cannot") covers the rest
of its clause, and "more"/"less" give the next word a direction.

`align` lays a wanted statement (a key point, a reference sentence) over a window of the answer (a
sentence or two neighbouring ones) and reports how much of it the window states and whether it
states it the other way round:

- negated: the window negates the claim and the statement does not (or the reverse);
- flipped: a word is matched by its opposite ("less dense" for "denser", "open" for "closed",
  "many" for "only one", "after" for "before");
- swapped: the two sides of a one-way relation change places ("B calls A" for "A calls B"; a
  passive "A is called by B" is read as such);
- substituted: a name or number the statement needs is missing and another stands in its place
  ("terminal 2" for "terminal 3", "bulb C" for "bulb A").

Negations, flips and swaps are counted together, so two of them cancel ("there is no closed path"
states "the path is open"). A substitution always contradicts.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from interviewsim import text as tx
from interviewsim.scoring import lexicon as lx
from interviewsim.scoring import subjects as sj
from interviewsim.scoring.similarity import is_misspelling

QUESTION_TERM_WEIGHT = 0.2  # a word the question already uses shows little (names excepted)
RELATION_WEIGHT = 0.5  # "before", "same", "only one": they carry the sense more than the topic
NAMES_FULL = True
USE_CONCEPTS = True
LONE_WORD_SHARE = 0.75
NAMES_ONLY_SHARE = 0.45  # the most a window stating only a statement's names states of it
ABOUT = 0.5  # a window must state this share of a statement, either way round, to contradict it
NEGATION_SHARE = 0.5  # a negation covers the claim when its scope holds this share of the matched
# weight of its sentence ("is not connected" negates the claim; "..., not the head" does not)
SWAP_SPAN = 5  # the two sides of a relation lie this close: "A calls B", "the parent process calls the child"

# "O(n log n)" is one name, a complexity class: a wrong one is a wrong number
_COMPLEXITY = r"\b[Oo]\s?\([^()]{1,24}\)"
_TOKEN = re.compile(
    _COMPLEXITY
    + r"|\d+(?:\.\d+)?|[A-Za-z0-9]+(?:['’+#][A-Za-z0-9]+)*[+#]*|[,;:()—–]|(?<=\s)-(?=\s)"
)
_IS_COMPLEXITY = re.compile(_COMPLEXITY)
_ABBREVIATIONS = re.compile(r"\b(e\.g|i\.e|etc|vs|cf)\.", re.I)
_ABBREVIATION_DOT = "\ue000"  # a private-use character, taken out of the text first
CLAUSE_WORDS = frozenset(
    "but and or because so which while whereas although though unless if when since then "
    "however therefore".split()
)
_PUNCTUATION = frozenset(",;:()—–-")
_LIST_WORDS = frozenset({"and", "or"})
AUXILIARIES = frozenset(
    "is are was were be been being am has have had do does did will would can could should may "
    "might must shall".split()
)
_NOT_A_NAME_AFTER = frozenset(
    "the a an this that these those my your our their its his her".split()
)
_PREFIXES = ("non", "un", "in", "im", "il", "ir", "dis")


@dataclass(frozen=True, slots=True)
class Token:
    word: str  # lower-case surface form (a phrase for multi-word entries)
    stem: str
    keys: tuple[tuple[str, int], ...]  # (key, sign): its stem or name, and its concepts
    position: int  # index of its first word in the sentence
    direction: int = 0  # +1 after "more", -1 after "less"
    name: str = ""  # "number" or "letter" for names; "" for words
    relation: bool = False  # a function word kept for its sense ("before", "same")

    def signs(self) -> dict[str, int]:
        return _signs(self.keys)


@lru_cache(maxsize=32768)
def _signs(keys: tuple[tuple[str, int], ...]) -> dict[str, int]:
    return dict(keys)


@dataclass(frozen=True)
class Sentence:
    text: str
    words: tuple[str, ...]  # every word, lower case, in order
    tokens: tuple[Token, ...]
    negations: tuple[tuple[int, int], ...]  # word positions each negation cue covers
    clauses: tuple[int, ...]  # per word, its clause: split at punctuation and clause words, but
    # not at "and"/"or" (a list or a pair of verbs is one clause)
    by_key: dict[str, tuple[Token, ...]] = field(compare=False, hash=False, repr=False)
    # words that may match loosely: by first letter (typos, "dense"/"denser"), by the stem left
    # once a negating prefix is taken off ("unsorted" under "sort")
    by_initial: dict[str, tuple[Token, ...]] = field(compare=False, hash=False, repr=False)
    by_unprefixed: dict[str, tuple[Token, ...]] = field(compare=False, hash=False, repr=False)
    memo: dict[Subjects, tuple[frozenset[int], ...]] = field(
        default_factory=dict, compare=False, hash=False, repr=False
    )
    split_memo: dict[Subjects, tuple[int, ...]] = field(
        default_factory=dict, compare=False, hash=False, repr=False
    )

    @property
    def negated_positions(self) -> frozenset[int]:
        return frozenset(p for first, last in self.negations for p in range(first, last + 1))


@lru_cache(maxsize=8192)
def parse(text: str) -> tuple[Sentence, ...]:
    """The sentences of `text`, tokenised for alignment (cached: references repeat)."""
    # An abbreviation's dots end no sentence and are no words ("e.g." reads as "eg"), but a quote
    # shows it as written: its dots are held as a mark no sentence split or token sees.
    marked = _ABBREVIATIONS.sub(
        lambda m: m.group(0).replace(".", _ABBREVIATION_DOT),
        tx.normalise_forms(text).replace(_ABBREVIATION_DOT, ""),
    )
    parsed = (
        _sentence(part.replace(_ABBREVIATION_DOT, ""), shown=part.replace(_ABBREVIATION_DOT, "."))
        for part in tx.sentences(marked)
    )
    return tuple(s for s in parsed if s.words)


def _split(sentence: str) -> tuple[list[str], list[str], list[int], list[int]]:
    """Words (surface and lower case), the index of the clause each word belongs to (a negation's
    scope), and of the wider clause (without "and"/"or" as breaks)."""
    surface: list[str] = []
    clause_of: list[int] = []
    wide_of: list[int] = []
    clause = wide = 0
    for piece in _TOKEN.findall(sentence):
        if piece in _PUNCTUATION:
            clause += 1
            wide += 1
            continue
        if piece.lower() in CLAUSE_WORDS and surface:
            clause += 1
            wide += piece.lower() not in _LIST_WORDS
        surface.append(piece)
        clause_of.append(clause)
        wide_of.append(wide)
    return surface, [w.lower().replace("’", "'") for w in surface], clause_of, wide_of


def _name_class(surface: list[str], low: list[str], i: int) -> str:
    word, lower = surface[i], low[i]
    if lower[0].isdigit() and lower.replace(".", "").isdigit():
        return "number"
    if lower in lx.NUMBER_WORDS and lower != "one":
        return "number"
    if len(lower) != 1 or not lower.isalpha() or lower == "i":
        return ""
    if lower != "a":
        return "letter"
    # "a" is the article unless it stands as a name: "bulb A", "A and C", "switch a is open".
    after = low[i + 1] if i + 1 < len(low) else ""
    if word == "A" and i > 0:
        return "letter" if after not in _NOT_A_NAME_AFTER else ""
    if not after or after in CLAUSE_WORDS or after in AUXILIARIES:
        return "letter"
    return ""


def _sentence(text: str, shown: str | None = None) -> Sentence:
    surface, low, clause_of, wide_of = _split(text)
    stems = [tx.stem(w) for w in low]
    concepts = lx.concepts()
    tokens: list[Token] = []
    negations: list[tuple[int, int]] = []
    direction_at: dict[int, int] = {}
    seen_neither = False
    i = 0
    while i < len(low):
        word = low[i]
        clause_end = max(j for j in range(i, len(low)) if clause_of[j] == clause_of[i])
        # negation cues (one or two words)
        pair = f"{word} {low[i + 1]}" if i + 1 < len(low) else ""
        if pair in lx.NEGATION_PHRASES or pair in lx.SHORT_NEGATIONS:
            short = pair in lx.SHORT_NEGATIONS
            negations.append(
                (i + 2, min(clause_end, i + 1 + lx.SHORT_SCOPE) if short else clause_end)
            )
            i += 2
            continue
        if word in lx.SHORT_NEGATIONS:
            negations.append((i + 1, min(clause_end, i + lx.SHORT_SCOPE)))
            i += 1
            continue
        if (word in lx.DISMISSIVE or pair in lx.DISMISSIVE_PHRASES) and _dismisses_doing(
            low, clause_of, i
        ):
            # "restarting workers is pointless": what the clause says is denied, before the cue too
            start = min(j for j in range(i + 1) if clause_of[j] == clause_of[i])
            negations.append((start, clause_end))
            i += 2 if pair in lx.DISMISSIVE_PHRASES else 1
            continue
        not_a_negation = (
            (word == "nor" and seen_neither)
            or (word == "not" and i > 0 and low[i - 1] == "or")  # "whether or not", "or not"
            or (word == "not" and i + 1 < len(low) and low[i + 1] == "only")  # "not only ... but"
        )
        if word in lx.NEGATIONS and not not_a_negation:
            seen_neither |= word == "neither"
            if word == "no" and i == 0 and (len(low) == 1 or clause_of[1] != clause_of[0]):
                tokens.append(Token("no", "no", (("TRUE", -1),), i, relation=True))
            elif lx.DISMISSALS & set(low[i + 1 : min(i + 3, clause_end + 1)]):
                # "locking rows in order doesn't help", "indexes make no difference to ...":
                # the cue denies its whole clause
                start = min(j for j in range(i + 1) if clause_of[j] == clause_of[i])
                negations.append((start, clause_end))
            else:
                negations.append((i + 1, clause_end))
            i += 1
            continue
        if word == "yes" and i == 0:
            tokens.append(Token("yes", "yes", (("TRUE", 1),), i, relation=True))
            i += 1
            continue
        # multi-word concept phrases ("turn up", "only one")
        matched = False
        for size in range(min(lx.longest_phrase(), len(low) - i), 1, -1):
            key = tuple(low[i : i + size])
            if key in concepts and clause_of[i + size - 1] == clause_of[i]:
                tokens.append(Token(" ".join(key), "_".join(key), _keys(key, concepts), i))
                i += size
                matched = True
                break
        if matched:
            continue
        # "more"/"less" before a word give it a direction
        if word in lx.MORE or word in lx.LESS:
            target = next(
                (
                    j
                    for j in range(i + 1, min(i + 3, clause_end + 1))
                    if low[j] not in tx.STOP_WORDS
                ),
                None,
            )
            if target is not None:
                direction_at[target] = 1 if word in lx.MORE else -1
                i += 1
                continue
        if _IS_COMPLEXITY.fullmatch(word):
            value = re.sub(r"\s+", "", word).replace("**", "^")
            classes: tuple[tuple[str, int], ...] = ((f"#{value}", 1),)
            if re.fullmatch(r"o\([a-z]\)", value):
                classes += ((f"#{value[2]}", 1),)  # "O(n)" is also "n operations"
            tokens.append(Token(word, f"#{value}", classes, i, name="complexity"))
            i += 1
            continue
        name = _name_class(surface, low, i)
        if name:
            value = lx.NUMBER_WORDS.get(word, word)
            keys: tuple[tuple[str, int], ...] = ((f"#{value}", 1),)
            keys += _keys((word,), concepts)  # "zero" is also the lowest LEVEL
            tokens.append(Token(word, f"#{value}", keys, i, name=name))
        elif word not in tx.STOP_WORDS and len(word) > 1:
            tokens.append(Token(word, stems[i], _keys((word,), concepts, own=stems[i]), i))
        elif (word,) in concepts and not (
            word == "once" and (i == 0 or clause_of[i - 1] != clause_of[i] or low[i - 1] == "at")
        ):
            # "once" opening a clause is "as soon as", "at once" is "together": not "a single time"
            tokens.append(Token(word, stems[i], _keys((word,), concepts), i, relation=True))
        i += 1
    tokens = [
        Token(
            t.word,
            t.stem,
            t.keys,
            t.position,
            direction_at.get(t.position, 0) or _comparative(t.word),
            t.name,
            t.relation,
        )
        for t in tokens
    ]
    by_key: dict[str, list[Token]] = {}
    for t in tokens:
        for name, _ in t.keys:
            by_key.setdefault(name, []).append(t)
    by_initial: dict[str, list[Token]] = {}
    by_unprefixed: dict[str, list[Token]] = {}
    for t in tokens:
        if t.name or t.relation:
            continue
        by_initial.setdefault(t.word[0], []).append(t)
        rest = unprefixed_stem(t.word)
        if rest:
            by_unprefixed.setdefault(rest, []).append(t)
    return Sentence(
        text if shown is None else shown,
        tuple(low),
        tuple(tokens),
        tuple(negations),
        tuple(wide_of),
        {k: tuple(v) for k, v in by_key.items()},
        {k: tuple(v) for k, v in by_initial.items()},
        {k: tuple(v) for k, v in by_unprefixed.items()},
    )


def _dismisses_doing(low: Sequence[str], clause_of: Sequence[int], i: int) -> bool:
    """Whether the dismissive word at `i` judges an action, which it then denies: "restarting
    workers is pointless", "it is useless to retry". Of a thing it is an opinion that may agree
    with the claim: "accuracy is useless on imbalanced data" says that accuracy misleads."""
    before = [w for j, w in enumerate(low[:i]) if clause_of[j] == clause_of[i]]
    after = low[i + 1 : i + 4]
    return "to" in after or any(len(w) > 5 and w.endswith("ing") for w in before)


@lru_cache(maxsize=8192)
def _comparative(word: str) -> int:
    """+1 for a comparative or superlative of a lexicon word ("denser" of "dense"), else 0: it
    says "more" by itself, so "less dense" is its opposite."""
    if not word.endswith(("er", "est")) or len(word) < 5:
        return 0
    concepts = lx.concepts()
    own = {name for name in concepts.get((word,), {})}
    cut = 2 if word.endswith("er") else 3
    bases = {word[:-cut], word[: -cut + 1], word[:-cut] + "e", word[: -cut - 1] + "y"}
    if len(word) > cut + 2 and word[-cut - 1] == word[-cut - 2]:
        bases.add(word[: -cut - 1])  # "bigger", "hotter"
    for base in bases:
        if own & set(concepts.get((base,), {})):
            return 1
    return 0


def _keys(
    key: tuple[str, ...], concepts: dict[tuple[str, ...], dict[str, int]], own: str = ""
) -> tuple[tuple[str, int], ...]:
    senses = dict(concepts.get(key, {}))
    if own:
        senses = {own: 1, **senses}
    return tuple(senses.items())


# ------------------------------------------------------------------------------------ matching


@dataclass(frozen=True)
class Match:
    wanted: Token
    written: Token
    flipped: bool


def _effective(token: Token, sign: int) -> int:
    return sign * (token.direction or 1)


def _agrees(wanted: Token, w: int, written: Token, a: int) -> bool:
    """Same sense; a direction counts only when both sides give one ("less X" against "X")."""
    if wanted.direction and written.direction:
        return _effective(wanted, w) == _effective(written, a)
    return w == a


def _relate(wanted: Token, written: Token, both_poles: frozenset[str] = frozenset()) -> bool | None:
    """None when `written` does not state `wanted`; else whether it states the opposite.

    A concept whose two poles the statement itself names ("public and private") cannot flip.
    """
    w, a = wanted.signs(), written.signs()
    if not USE_CONCEPTS:
        w = {k: v for k, v in w.items() if k == wanted.keys[0][0]}
        a = {k: v for k, v in a.items() if k == written.keys[0][0]}
    common = w.keys() & a.keys()
    if common:
        if any(_agrees(wanted, w[k], written, a[k]) for k in common):
            return False
        return True if common - both_poles else None
    if wanted.name or written.name or wanted.relation or written.relation:
        return None
    if is_misspelling(wanted.word, written.word):
        return wanted.direction * written.direction < 0
    base = _comparative_base(wanted, written)
    if base is not None:
        return base
    if _prefix_opposite(wanted.word, written.word) or _prefix_opposite(written.word, wanted.word):
        return True
    return None


def _comparative_base(wanted: Token, written: Token) -> bool | None:
    """ "denser" against "dense": the same word, one side comparative. Opposite when the plain
    side says "less"."""
    for comparative, plain in ((wanted, written), (written, wanted)):
        word = comparative.word
        if not word.endswith("er") or len(word) < 5:
            continue
        bases = {word[:-1], word[:-2], word[:-3] + "y"}
        if len(word) > 5 and word[-3] == word[-4]:
            bases.add(word[:-3])
        if plain.stem in {tx.stem(b) for b in bases}:
            return plain.direction < 0
    return None


@lru_cache(maxsize=16384)
def unprefixed_stem(word: str) -> str:
    """The stem of `word` without a negating prefix ("unsorted" -> "sort"), or ""."""
    for prefix in _PREFIXES:
        rest = word[len(prefix) :].lstrip("-")
        if word.startswith(prefix) and len(rest) >= 4:
            return tx.stem(rest)
    return ""


def _prefix_opposite(word: str, other: str) -> bool:
    """ "unsorted" / "sorted", "invalid" / "valid", "disconnected" / "connected"."""
    rest = unprefixed_stem(word)
    return bool(rest) and rest == tx.stem(other)


@dataclass(frozen=True)
class Alignment:
    share: float  # weighted share of the statement the window states, either way round
    found: tuple[str, ...]
    missing: tuple[str, ...]
    flipped: tuple[str, ...]  # statement words the window states with the opposite sense
    negated: bool  # negation differs between statement and window
    swapped: bool
    substituted: tuple[tuple[str, str], ...]  # (wanted name, name written instead)
    window: tuple[int, ...]  # answer sentence indices

    flips: int = 0  # answer words that state a statement word the other way round
    keys: tuple[str, ...] = ()  # the keys of the statement words found

    agreed: bool = True  # some of the statement's own words are said the same way
    local: float = 1.0  # the share of the statement asserted, not only supposed ("if ...")
    credit: float = -1.0  # the share weighed for credit (`distinctive`); -1: as `share`
    # opposite words under a negation on either side ("not closed" for "open"): only these
    # cancel a negation
    flips_negated: int = 0

    @property
    def contradicted(self) -> bool:
        # about the same thing: enough of the statement, and not only its opposite words; and a
        # negation reverses what is asserted ("the probability of the data, if the null were
        # true" does not state "the probability that the null is true")
        if self.share < ABOUT or not self.agreed:
            return False
        if self.negated and not (self.flips or self.swapped) and self.local < ABOUT:
            return bool(self.substituted)
        if self.negated and self.flips and not self.flips_negated:
            return True  # a word said the other way round and another negated: two reversals
        odd = (self.flips + self.negated + self.swapped) % 2 == 1
        return odd or bool(self.substituted)

    @property
    def credit_share(self) -> float:
        """The share that earns credit: none if contradicted."""
        if self.contradicted:
            return 0.0
        return self.share if self.credit < 0 else self.credit


EMPTY = Alignment(0.0, (), (), (), False, False, (), ())


# Stands for the words an alternative phrasing leaves unsaid: never matched.
UNSAID = Token("", "", (("", 0),), -1)


def weights(
    statement: Sentence, question_keys: frozenset[str], floor: float = 0.0
) -> dict[Token, float]:
    """Each statement token's weight (first occurrence of each key): names and numbers count in
    full even when the question says them; other question words count for little.

    With a `floor`, a statement weighing less is padded up to it with UNSAID: a short alternative
    phrasing ("filter in ON, not WHERE" is one content word) then covers a point only in part.
    """
    out: dict[Token, float] = {}
    seen: set[str] = set()
    for t in statement.tokens:
        if t.keys[0][0] in seen:
            continue
        seen.add(t.keys[0][0])
        if t.relation:
            out[t] = RELATION_WEIGHT
        elif (not t.name or not NAMES_FULL) and t.keys[0][0] in question_keys:
            out[t] = QUESTION_TERM_WEIGHT
        else:
            out[t] = 1.0
    if out and all(w <= QUESTION_TERM_WEIGHT for t, w in out.items() if not t.relation):
        out = {t: (RELATION_WEIGHT if t.relation else 1.0) for t in out}
    total = sum(out.values())
    if out and total < floor:
        out[UNSAID] = floor - total
    return out


SHARED_WEIGHT = 0.7  # a word that several key points of a question use tells them apart little


def distinctive(
    points: Sequence[Sequence[tuple[Sentence, dict[Token, float]]]],
) -> tuple[tuple[dict[Token, float], ...], ...]:
    """Per point and statement, a factor on each word's weight for credit: how few of the points
    use it. "Rows", "index" or "join" in every point of a question say little about which point
    is made; "slower" or "pointer" in one of them say which. (Contradictions are judged on the
    plain weights: a shared word said the other way round is still said the other way round.)"""
    used: dict[str, int] = {}
    for statements in points:
        for key in {t.keys[0][0] for _, w in statements for t in w if t is not UNSAID}:
            used[key] = used.get(key, 0) + 1
    shared = len(points) >= 2
    return tuple(
        tuple(
            {
                t: SHARED_WEIGHT
                for t in w
                if shared and t is not UNSAID and used.get(t.keys[0][0], 0) >= 2
            }
            for _, w in statements
        )
        for statements in points
    )


def _candidates(wanted: Token, sentence: Sentence) -> list[Token]:
    if wanted is UNSAID:
        return []
    found: list[Token] = []
    for key, _ in wanted.keys:
        found += sentence.by_key.get(key, ())
    if found or wanted.name or wanted.relation:
        return found
    loose = list(sentence.by_initial.get(wanted.word[0], ()))
    loose += sentence.by_unprefixed.get(wanted.stem, ())
    rest = unprefixed_stem(wanted.word)
    if rest:
        loose += sentence.by_key.get(rest, ())
    return [t for t in dict.fromkeys(loose) if _relate(wanted, t) is not None]


def related(
    wanted: Token,
    sentence: Sentence,
    index: int,
    both: frozenset[str],
    memo: dict[tuple[int, int], list[tuple[Token, bool]]] | None,
) -> list[tuple[Token, bool]]:
    """The sentence's words that state `wanted`, each with whether it states the opposite;
    remembered per statement word and sentence while one statement is aligned."""
    key = (id(wanted), index)
    if memo is not None and key in memo:
        return memo[key]
    found = []
    for written in _candidates(wanted, sentence):
        flipped = _relate(wanted, written, both)
        if flipped is not None:
            found.append((written, flipped))
    if memo is not None:
        memo[key] = found
    return found


@lru_cache(maxsize=4096)
def poles(statement: Sentence) -> frozenset[str]:
    """Concepts the statement names with both signs ("inside ... outside")."""
    signs: dict[str, set[int]] = {}
    for t in statement.tokens:
        for key, sign in t.keys:
            signs.setdefault(key, set()).add(_effective(t, sign))
    return frozenset(k for k, v in signs.items() if len(v) == 2)


Subjects = sj.Subjects
contrasted = sj.contrasted


def align(
    statement: Sentence,
    answer: Sequence[Sentence],
    window: tuple[int, ...],
    weight: dict[Token, float],
    subjects: Subjects = (),
    memo: dict[tuple[int, int], list[tuple[Token, bool]]] | None = None,
    factor: dict[Token, float] | None = None,
) -> Alignment:
    """How the answer sentences in `window` relate to `statement` (see the module docstring).

    Each statement word takes the answer word that states it in the same sense if there is one,
    preferring words outside a negation. `subjects` are the things a comparison question sets
    side by side (`contrasted`): a window about another of them ("an *inner* join keeps only
    matching rows" against "a *left* join keeps every left row") states nothing of the statement.
    """
    total = sum(weight.values())
    if not total:
        return EMPTY
    both = poles(statement)
    mine = about_at(statement, subjects) if subjects else ()
    matches: list[tuple[Match, int]] = []  # with the sentence index
    missing: list[Token] = []
    for wanted in weight:
        best: tuple[tuple[int, int], Match, int] | None = None
        said: list[tuple[Token, bool, int]] = []
        for index in window:
            theirs = about_at(answer[index], subjects) if subjects else ()
            for written, flipped in related(wanted, answer[index], index, both, memo):
                if mine and not sj.compatible(mine[wanted.position], theirs[written.position]):
                    continue  # said of another of the things compared
                said.append((written, flipped, index))
                rank = (int(flipped), 0)
                if best is None or rank < best[0]:
                    best = (rank, Match(wanted, written, flipped), index)
        if best is not None and not best[1].flipped:
            best = _reversed_where_repeated(statement, wanted, answer, said) or best
        if best is None:
            missing.append(wanted)
        else:
            matches.append((best[1], best[2]))
    if len(matches) > 1 and any(m.flipped for m, _ in matches):
        matches, unanchored = _anchored(statement, matches, answer, both, memo)
        missing += unanchored
    share = sum(weight[m.wanted] for m, _ in matches) / total
    credit = -1.0
    if factor:
        weighed = sum(v * factor.get(t, 1.0) for t, v in weight.items())
        credit = sum(weight[m.wanted] * factor.get(m.wanted, 1.0) for m, _ in matches) / weighed
    # The names alone ("terminals 1 and 4", often the question's own) say nothing of what the
    # statement claims of them ("... are connected"): at most part of it, and nothing to reverse.
    own = [t for t, w in weight.items() if w >= 1.0 and not (t.name or t.relation or t is UNSAID)]
    if own and not any(m.wanted in own for m, _ in matches):
        share, credit = min(share, NAMES_ONLY_SHARE), min(credit, NAMES_ONLY_SHARE)
    # One opposite word alone ("quicker" against "inserts are slower") is about something else
    # unless it is nearly all the statement says beyond the question's words.
    agreed = len(matches) >= 2 or share >= LONE_WORD_SHARE
    negated = _negated(statement, matches, weight, answer)
    if negated is None:
        return dataclasses.replace(EMPTY, window=window)  # the window says something else
    return Alignment(
        share=share,
        found=tuple(m.wanted.word for m, _ in matches),
        keys=tuple(m.wanted.keys[0][0] for m, _ in matches),
        missing=tuple(t.word for t in missing if t is not UNSAID),
        flipped=tuple(m.wanted.word for m, _ in matches if m.flipped),
        negated=negated,
        swapped=_swapped(
            statement,
            matches,
            answer,
            lambda m, i: [
                t.position
                for t, flipped in related(m.wanted, answer[i], i, both, memo)
                if flipped == m.flipped
            ],
        )
        or _rule_reversed(statement, matches, answer),
        substituted=_substituted(statement, matches, missing, answer, window)
        or _substituted_in_clause(statement, matches, weight, answer, total),
        window=window,
        # one answer word ("closed") may oppose two statement words ("open", "gap"): one flip
        flips=len({(i, m.written.position) for m, i in matches if m.flipped}) - _exchanged(matches),
        flips_negated=sum(
            1
            for m, i in matches
            if m.flipped
            and (_under(statement, [m.wanted.position]) or _under(answer[i], [m.written.position]))
        ),
        agreed=agreed,
        local=_local_share(matches, weight, answer, total),
        credit=credit,
    )


def _local_share(
    matches: list[tuple[Match, int]],
    weight: dict[Token, float],
    answer: Sequence[Sentence],
    total: float,
) -> float:
    """The share of the statement the answer asserts: not counting words in a clause that only
    supposes them ("..., if the null hypothesis were true")."""
    asserted = 0.0
    for m, i in matches:
        sentence = answer[i]
        clauses = sentence.clauses
        if m.written.position >= len(clauses):
            continue
        clause = clauses[m.written.position]
        opening = next(p for p, c in enumerate(clauses) if c == clause)
        if sentence.words[opening] not in _SUPPOSING:
            asserted += weight[m.wanted]
    return asserted / total


def _anchored(
    statement: Sentence,
    matches: list[tuple[Match, int]],
    answer: Sequence[Sentence],
    both: frozenset[str],
    memo: dict[tuple[int, int], list[tuple[Token, bool]]] | None,
) -> tuple[list[tuple[Match, int]], list[Token]]:
    """The matches without the opposite words said about something else: an opposite counts only
    in a clause that states another word of its own clause of the statement. "Batch jobs are
    *easier* to rerun" is not reversed by "streaming is *harder* to build, ..., and rerunning a
    batch job is simple"; "raise it at stand-up" is not reversed by "..., cut scope"."""
    kept: list[tuple[Match, int]] = []
    dropped: list[Token] = []
    for m, index in matches:
        if not m.flipped:
            kept.append((m, index))
            continue
        sentence = answer[index]
        own = statement.clauses[m.wanted.position]
        negated = bool(_under(statement, [m.wanted.position]))
        # the clauses where another word of the same statement clause is said; on the same side
        # of its negation ("a quick call instead of a long thread": "long" does not anchor "quick")
        beside = {
            sentence.clauses[t.position]
            for other, i in matches
            if other is not m
            and i == index
            and statement.clauses[other.wanted.position] == own
            and bool(_under(statement, [other.wanted.position])) == negated
            for t, _ in related(other.wanted, sentence, index, both, memo)
        }
        written = next(
            (
                t
                for t, flipped in related(m.wanted, sentence, index, both, memo)
                if flipped
                and sentence.clauses[t.position] in beside
                and not _qualifies_another(statement, m.wanted, sentence, t)
            ),
            None,
        )
        if written is None:
            dropped.append(m.wanted)
        else:
            others = [o for o, i in matches if o is not m and i == index]
            converse = _converse(statement, m.wanted, sentence, written, others)
            kept.append((Match(m.wanted, written, not converse), index))
    return kept, dropped


def _qualified(sentence: Sentence, word: Token) -> Token | None:
    """The word an opposite stands before in its clause ("a *different* fold"): the next content
    word, one or two words on."""
    clause = sentence.clauses[word.position]
    return next(
        (
            t
            for t in sentence.tokens
            if word.position < t.position <= word.position + 2
            and not t.relation
            and sentence.clauses[t.position] == clause
        ),
        None,
    )


def _qualified_keys(sentence: Sentence, word: Token) -> set[str]:
    """The keys of the word `word` qualifies (`_qualified`); empty when it qualifies none."""
    theirs = _qualified(sentence, word)
    return set() if theirs is None else {k for k, _ in theirs.keys}


def _places(statement: Sentence, wanted: Token) -> list[Token]:
    """Every place the statement says `wanted`'s word ("the *same* key maps to the *same*
    bucket")."""
    return [t for t in statement.tokens if t.keys[0][0] == wanted.keys[0][0]]


def _phrase_after(sentence: Sentence, word: Token) -> set[str]:
    """The keys of the content words right after `word`, up to the first other word: "the *same*
    fixed random seed" -> fixed, random, seed; "the *same* customer in one fold" -> customer."""
    keys: set[str] = set()
    expected = word.position + 1
    for t in sentence.tokens:
        if t.position < expected:
            continue
        if t.position != expected or t.relation:
            break
        if sentence.clauses[t.position] != sentence.clauses[word.position]:
            break
        keys.update(k for k, _ in t.keys)
        expected = t.position + len(t.word.split())
    return keys


def _qualifies_another(
    statement: Sentence, wanted: Token, sentence: Sentence, written: Token
) -> bool:
    """Whether the opposite word qualifies another of the statement's words than its own: "a
    *different* fold" says nothing against "the *same* customer in one fold". Every place the
    statement says its word counts ("the same key maps to the same bucket")."""
    keys = _qualified_keys(sentence, written)
    if not keys:
        return False
    own = _places(statement, wanted)
    phrases = [_phrase_after(statement, t) for t in own]
    if not any(phrases) or any(keys & phrase for phrase in phrases):
        return False
    # said of a word the statement keeps apart from it ("in-degree zero" and "the highest
    # in-degree" qualify the same word, before or after it)
    near = {p for t in own for p in range(t.position - 2, t.position + 1)}
    return any(t.position not in near and keys & {k for k, _ in t.keys} for t in statement.tokens)


def _reversed_where_repeated(
    statement: Sentence,
    wanted: Token,
    answer: Sequence[Sentence],
    said: list[tuple[Token, bool, int]],
) -> tuple[tuple[int, int], Match, int] | None:
    """A word the statement says twice, kept in one place and reversed in the other: "objects
    that compare *equal* must have *equal* hashes" against "objects that compare equal have
    *different* hashes". `said` holds the answer's words that state `wanted` (with whether they
    state its opposite, and their sentence). The opposite word is taken when it qualifies what
    one of the statement's places qualifies ("hashes") and no word in the same sense does."""
    places = _places(statement, wanted)
    if len(places) < 2 or not any(flipped for _, flipped, _ in said):
        return None
    for place in places:
        phrase = _phrase_after(statement, place)
        if not phrase:
            continue
        kept = any(not f and _qualified_keys(answer[i], w) & phrase for w, f, i in said)
        if kept:
            continue
        for written, flipped, i in said:
            if flipped and _qualified_keys(answer[i], written) & phrase:
                return (1, 0), Match(wanted, written, True), i
    return None


def _exchanged(matches: list[tuple[Match, int]]) -> int:
    """Pairs of opposite words that trade places across a one-way relation: "attaches the
    *larger* tree under the *smaller* one" against "the smaller tree under the larger" says the
    other thing, one reversal, not two that cancel. ("Less resistance, more current" against "more
    resistance, less current" has no such relation between them: there the two do cancel.)"""
    flipped = sorted(
        ((m, i) for m, i in matches if m.flipped), key=lambda mi: mi[0].wanted.position
    )
    # the relation may be said the other way round too ("the larger tree above the smaller one")
    relations = [(m, i) for m, i in matches if _ORDERED & {k for k, _ in m.wanted.keys}]
    used: set[int] = set()
    count = 0
    for a, (x, ix) in enumerate(flipped):
        for y, iy in flipped[a + 1 :]:
            if ix != iy or {id(x), id(y)} & used:
                continue
            low, high = sorted((x.written.position, y.written.position))
            if any(
                ir == ix
                and x.wanted.position < r.wanted.position < y.wanted.position
                and low < r.written.position < high
                for r, ir in relations
            ):
                used |= {id(x), id(y)}
                count += 1
    return count


_SUPPOSING = frozenset({"if", "unless", "whether", "suppose", "assuming"})
_ORDERED = frozenset({"ORDER", "ABOVE"})  # relations whose two sides read the other way round


def _converse(
    statement: Sentence, wanted: Token, sentence: Sentence, written: Token, others: list[Match]
) -> bool:
    """An opposite relation with its two sides exchanged says the same thing: "add caching before
    sharding" is "shard last, after caching"; "A is denser than B" is "B is less dense than A"."""
    ordered = bool(_ORDERED & {k for k, _ in wanted.keys})
    compared = _than_after(statement.words, wanted.position) and _than_after(
        sentence.words, written.position
    )
    if not (ordered or compared) or not others:
        return False
    moved = sum(
        (o.wanted.position < wanted.position) != (o.written.position < written.position)
        for o in others
    )
    return 2 * moved > len(others)


def _than_after(words: Sequence[str], position: int) -> bool:
    return "than" in words[position + 1 : position + 4]


def about_at(sentence: Sentence, subjects: Subjects) -> tuple[frozenset[int], ...]:
    """Per word of `sentence`, the compared things its clause is about (remembered)."""
    held = sentence.memo.get(subjects)
    if held is None:
        clauses = clauses_at(sentence, subjects)
        held = sentence.memo[subjects] = sj.about(sentence.words, clauses, subjects)
    return held


def clauses_at(sentence: Sentence, subjects: Subjects) -> tuple[int, ...]:
    """Per word of `sentence`, its clause, split where a statement about another compared thing
    begins (remembered)."""
    held = sentence.split_memo.get(subjects)
    if held is None:
        held = sentence.split_memo[subjects] = sj.split(sentence.words, sentence.clauses, subjects)
    return held


def _negations(
    sentence: Sentence,
    weighted: dict[int, float],
    statement: bool = False,
    skip: frozenset[tuple[int, int]] = frozenset(),
) -> tuple[int, bool]:
    """How many negation cues bear on the matched content, and whether some cue is unclear.

    A cue bears on the claim when its scope holds at least half the matched weight of the sentence
    ("is not connected to the positive terminal"). It is unclear when it negates a matched word
    but less than that ("..., not groups"), or only words that were not matched at all: what it
    negates may then be said differently on the other side. In a `statement` (a key point) the
    word a cue negates first must be matched too: "defaults are not *recreated* on each call" is
    not reversed by "the same default is reused on every call", which never says "recreated".
    On either side, a cue that falls at once on a matched word of full weight in a clause holding
    most of the claim negates it ("do not *see* each other's work", "extensions never *leak*").
    """
    total = sum(weighted.values())
    count, unclear = 0, False
    content = sorted(t.position for t in sentence.tokens if not t.name)
    clauses = sentence.clauses
    for first, last in sentence.negations:
        if (first, last) in skip:
            continue
        inside = sum(w for p, w in weighted.items() if first <= p <= last)
        if not inside and clauses and first < len(clauses):
            # a separate remark: nothing said in its clause is matched ("the database never
            # resolves it on its own - ..., so there's no point retrying")
            # (the cue's clause: a dismissal's scope opens its clause, other cues follow theirs)
            clause = clauses[min(first, len(clauses) - 1)]
            if not any(clauses[p] == clause for p in weighted if 0 <= p < len(clauses)):
                continue
        head = next((p for p in content if first <= p <= last), None)
        if statement and _contrast_apart(sentence, weighted, first, last):
            unclear = True
            continue
        # only question words under it ("no gap between the positive terminal ..."): the cue
        # negates something the statement does not say
        says = any(first <= p <= last and w >= 1.0 for p, w in weighted.items())
        if total and says and inside >= NEGATION_SHARE * total:
            if statement and head is not None and head not in weighted:
                unclear = True
            else:
                count += 1
        elif (
            first > 2  # not an instruction opening with it ("do not copy props into state")
            and not _short_cue(sentence, first)
            # in an answer, on the very next word: "never get *identical hashes*" may agree with
            # a claim that says it with a verb ("a salt defeats identical hashes")
            and (statement or first in weighted)
            and _negates_claim_word(sentence, weighted, first, last)
        ):
            count += 1  # it negates the very word the claim turns on: "do not *see* ..."
        elif head is not None and inside and head in weighted:
            unclear = True
        elif head is not None and not inside and not _short_cue(sentence, first):
            # ("..., instead of per instance" sets aside a phrase the claim does not say)
            unclear = True
    return count, unclear


def _contrast_apart(sentence: Sentence, weighted: dict[int, float], first: int, last: int) -> bool:
    """A cue that opens a clause of its own after a comma ("copies only the reference, *not the
    object*") denies what the clause before says of its words: with nothing of that clause matched
    but question words, the answer says nothing the cue could be reversed against ("binds another
    name to the same object" does not say assignment copies the object)."""
    clauses = sentence.clauses
    cue = first - 1
    if cue < 1 or cue >= len(clauses) or sentence.words[cue] != "not":
        return False
    if clauses[cue - 1] == clauses[cue]:
        return False
    return not any(w >= 1.0 for p, w in weighted.items() if not first <= p <= last)


HEAD_REACH = 3  # a cue negates the claim's word when it comes this soon after it


def _negates_claim_word(
    sentence: Sentence, weighted: dict[int, float], first: int, last: int
) -> bool:
    """The cue is followed at once by a matched word of full weight ("do not see", "nothing inside
    actually runs"), in a clause that states at least half the claim."""
    reach = range(first, min(last, first + HEAD_REACH - 1) + 1)
    near = [p for p in reach if weighted.get(p, 0) >= 1]
    if not near or not sentence.clauses or near[0] >= len(sentence.words):
        return False
    word = sentence.words[near[0]]
    if re.search(rf"\b{re.escape(word)}-\w", sentence.text.lower()):
        return False  # part of a compound: "not thread-safe" does not negate "thread"
    clause = sentence.clauses[near[0]]
    held = [
        w
        for p, w in weighted.items()
        if 0 <= p < len(sentence.clauses) and sentence.clauses[p] == clause
    ]
    return len(held) >= 2 and sum(held) >= NEGATION_SHARE * sum(weighted.values())


def _short_cue(sentence: Sentence, first: int) -> bool:
    """Whether the negation whose scope starts at `first` is one that covers a phrase only
    ("instead of", "without", "avoid")."""
    cue = sentence.words[max(0, first - 2) : first]
    return bool(cue) and (cue[-1] in lx.SHORT_NEGATIONS or " ".join(cue) in lx.SHORT_NEGATIONS)


def _contrasted_apart(
    statement: Sentence, claimed: list[tuple[Match, int]], answer: Sequence[Sentence]
) -> frozenset[tuple[int, int]]:
    """A statement's "instead of B" (or "rather than", "without") whose B the answer says in a
    clause of its own, apart from the rest of the claim: the answer sets B aside too ("ask for a
    call, because long threads get tense" for "a quick call instead of a long comment thread")."""
    out = set()
    for first, last in statement.negations:
        if not _short_cue(statement, first):
            continue

        said: set[tuple[int, int]] = set()
        rest: set[tuple[int, int]] = set()
        for m, i in claimed:
            if not m.flipped and m.written.position < len(answer[i].clauses):
                place = (i, answer[i].clauses[m.written.position])
                (said if first <= m.wanted.position <= last else rest).add(place)
        if said and rest and not said & rest:
            out.add((first, last))
    return frozenset(out)


def _short_at(sentence: Sentence, position: int) -> bool:
    """Whether the negations over `position` are all of the kind that covers a phrase only."""
    return all(
        _short_cue(sentence, first)
        for first, last in sentence.negations
        if first <= position <= last
    )


def _under(sentence: Sentence, positions: Sequence[int]) -> set[int]:
    """Which of `positions` lie in the scope of a negation cue."""
    return {p for p in positions for first, last in sentence.negations if first <= p <= last}


_CANNOT = frozenset({"cannot", "can't", "cant"})


def _modal_reversed(
    statement: Sentence, claimed: list[tuple[Match, int]], answer: Sequence[Sentence]
) -> bool:
    """ "COUNT cannot be used in WHERE" against "you can put COUNT in WHERE": the statement's cue is
    "cannot", and the answer says "can", not negated, in the clause that states what the clause
    of the cue says."""
    for first, _ in statement.negations:
        if first < 1 or statement.words[first - 1] not in _CANNOT:
            continue
        clause = statement.clauses[first - 1]
        held: dict[tuple[int, int], int] = {}
        for m, i in claimed:
            if statement.clauses[m.wanted.position] == clause and m.written.position < len(
                answer[i].clauses
            ):
                key = (i, answer[i].clauses[m.written.position])
                held[key] = held.get(key, 0) + 1
        if not held:
            continue
        (index, there), count = max(held.items(), key=lambda kv: kv[1])
        sentence = answer[index]
        modal = [
            p for p, w in enumerate(sentence.words) if w == "can" and sentence.clauses[p] == there
        ]
        if count >= 2 and modal and not _under(sentence, [p + 1 for p in modal]):
            return True
    return False


def _negated(
    statement: Sentence,
    matches: list[tuple[Match, int]],
    weight: dict[Token, float],
    answer: Sequence[Sentence],
) -> bool | None:
    """Whether one side negates the matched content and the other does not; None when the two
    negate different words in different ways (the window says something else)."""
    # Names are what a claim is about, not what it says of them: "there is no gap between 1 and 4"
    # negates the gap, not the terminals.
    claimed = [(m, i) for m, i in matches if not m.wanted.name]
    # the negation moved to another word: "false positives but never false negatives" against
    # "false negatives but never false positives"
    full = [(m, i) for m, i in claimed if weight[m.wanted] >= 1.0]
    here = _under(statement, [m.wanted.position for m, _ in full])
    there = {m.wanted.position for m, i in full if _under(answer[i], [m.written.position])}
    if here and there:
        # the same word negated on both sides agrees ("without running the body", "nothing
        # inside actually runs"); a negation on another word reverses the claim, unless one
        # side denies and the other only sets a phrase aside: "instances have no dict" is not
        # what "keep them in the class dict instead of per instance" is about
        if here & there:
            return False
        said = {(m.wanted.position, i): m.written.position for m, i in full}
        kinds = {_short_at(statement, p) for p in here} | {
            _short_at(answer[i], said[(p, i)]) for p, i in said if p in there
        }
        return None if len(kinds) > 1 else True
    wanted, unknown = _negations(
        statement,
        {m.wanted.position: weight[m.wanted] for m, _ in claimed},
        statement=True,
        skip=_contrasted_apart(statement, claimed, answer),
    )
    if unknown:
        # the statement negates words the answer does not use: cannot compare, unless it says
        # "can" where the statement says "cannot"
        return _modal_reversed(statement, claimed, answer)
    # a side negates the claim or not: two cues in one sentence are two negative remarks far more
    # often than a double negative
    wanted = min(1, wanted)
    written = 0
    for index in {i for _, i in claimed}:
        weighted: dict[int, float] = {}
        for m, i in claimed:
            if i == index:
                weighted[m.written.position] = (
                    weighted.get(m.written.position, 0) + weight[m.wanted]
                )
        count, unclear = _negations(answer[index], weighted)
        if unclear:
            return False
        written += min(1, count)
    return (wanted + written) % 2 == 1


def _swapped(
    statement: Sentence,
    matches: list[tuple[Match, int]],
    answer: Sequence[Sentence],
    elsewhere: Callable[[Match, int], list[int]] = lambda m, i: [m.written.position],
) -> bool:
    """Two sides of a one-way relation exchanged: x R y stated as y R x, in one sentence.

    Every content word between x and y in the statement must be stated too (so "the server
    receives it from the client" is not read against "the client sends it to the server"), and a
    passive ("y is R-ed by x") reads the other way round. A word said twice may be read where
    the order is kept ("the distribution is skewed: in a right-skewed distribution"): then the
    sides are not swapped. `elsewhere` gives every position where a match's word is said.
    """
    ordered = sorted(
        (m for m in matches if not m[0].wanted.relation), key=lambda m: m[0].wanted.position
    )
    matched_positions = {m.wanted.position for m, _ in ordered}
    content_positions = [t.position for t in statement.tokens if not t.relation]
    for a in range(len(ordered)):
        for c in range(a + 2, len(ordered)):
            (x, ix), (y, iy) = ordered[a], ordered[c]
            wx, wy = x.wanted.position, y.wanted.position
            if ix != iy or wy - wx > SWAP_SPAN or x.written.stem == y.written.stem:
                continue
            if any(wx < p < wy and p not in matched_positions for p in content_positions):
                continue
            sentence = answer[ix]
            for r, ir in ordered[a + 1 : c]:
                ap = (x.written.position, r.written.position, y.written.position)
                if ir != ix or len(set(ap)) < 3 or max(ap) - min(ap) > SWAP_SPAN:
                    continue
                between_w = statement.words[wx + 1 : wy]
                between_a = sentence.words[min(ap) + 1 : max(ap)]
                if lx.SYMMETRIC & {*between_w, *between_a, r.wanted.stem, r.written.stem}:
                    continue
                if "of" in between_w or "of" in between_a:
                    continue  # "the cost of a diff" is "a diff costs": no sides to swap
                if any(
                    _participle_beside(statement.words, side.wanted.position, r.wanted.position)
                    and _participle_beside(
                        sentence.words, side.written.position, r.written.position
                    )
                    for side in (x, y)
                ):
                    continue  # "added items" are "items added": a participle on either side
                reversed_order = ap[2] < ap[1] < ap[0]
                if not reversed_order and not ap[0] < ap[1] < ap[2]:
                    continue
                # "y is R-ed by x" states "x R y". A passive elsewhere in the span ("resolved
                # by", "blocked by") leaves the sides unclear, so the triple is not judged.
                r_passive = (
                    _passive_at(statement.words, r.wanted.position),
                    _passive_at(sentence.words, r.written.position),
                )
                spans = (statement.words[wx : wy + 2], sentence.words[min(ap) : max(ap) + 2])
                if any(_passive(span) for span in spans) and not any(r_passive):
                    continue
                passive = r_passive[0] != r_passive[1]
                if reversed_order != passive and not _kept_elsewhere(
                    (x, r, y), ix, elsewhere, reversed_order
                ):
                    return True
    return False


_RULE_MODALS = frozenset({"must"})
# After one of these the answer says which side is which in its own way ("if A, B must", "B must
# hold for A"), so where its words fall around the modal says nothing.
_RULE_OPENERS = frozenset(
    "if when whenever for because unless once since as while given provided".split()
)


def _rule_reversed(
    statement: Sentence, matches: list[tuple[Match, int]], answer: Sequence[Sentence]
) -> bool:
    """A rule said the other way round: "objects that compare equal must have equal hashes" as
    "objects with equal hashes must compare equal", its converse, which does not follow.

    Most of the words the statement says on one side of its "must" only are said on the other side
    of the answer sentence's own "must", some from each side (the subject may stay where it is), in
    one sentence with no opener that sets its sides apart in another way."""
    modal = _single_modal(statement.words)
    if modal is None:
        return False
    sides: dict[str, set[bool]] = {}
    for t in statement.tokens:
        if not t.relation:
            sides.setdefault(t.stem, set()).add(t.position > modal)
    one_sided = [
        (m, i)
        for m, i in matches
        if not m.wanted.relation and len(sides.get(m.wanted.stem, ())) == 1
    ]
    indices = {i for _, i in one_sided}
    if len(indices) != 1:
        return False
    sentence = answer[indices.pop()]
    theirs = _single_modal(sentence.words)
    if theirs is None or _RULE_OPENERS & set(sentence.words):
        return False
    sides_now = [(m.wanted.position > modal, m.written.position > theirs) for m, _ in one_sided]
    moved = [was for was, now in sides_now if was != now]
    return set(moved) == {False, True} and 2 * len(moved) > len(sides_now)


def _single_modal(words: Sequence[str]) -> int | None:
    found = [i for i, w in enumerate(words) if w in _RULE_MODALS]
    return found[0] if len(found) == 1 else None


def _kept_elsewhere(
    triple: tuple[Match, Match, Match],
    index: int,
    elsewhere: Callable[[Match, int], list[int]],
    reversed_order: bool,
) -> bool:
    """Whether the three words, said more than once, can also be read in the order they had."""
    places = [elsewhere(m, index) for m in triple]
    if all(len(p) == 1 for p in places):
        return False
    for px, pr, py in itertools.product(*places):
        if (px < pr < py) if reversed_order else (py < pr < px):
            return True
    return False


def _participle_beside(words: Sequence[str], position: int, other: int) -> bool:
    """Whether the word at `position` is a participle right next to the word at `other`."""
    word = words[position]
    # "-ed" words, not "seed" or "speed"; of "-en" ones only those listed ("children", "oxygen")
    regular = len(word) > 4 and word.endswith("ed") and not word.endswith("eed")
    return abs(position - other) == 1 and (regular or word in _IRREGULAR)


def _passive_at(words: Sequence[str], position: int) -> bool:
    return _passive(words[position : position + 2])


def _passive(words: Sequence[str]) -> bool:
    """ "is called by", "resolved by", "written by": a participle followed by "by"; and "is
    contained in", which says the container contains it."""
    return any(
        (after == "by" and (word.endswith(("ed", "en")) or word in _IRREGULAR))
        or (after in _IN and word in _CONTAINED)
        for word, after in itertools.pairwise(words)
    )


_IN = frozenset({"in", "within", "inside"})
_CONTAINED = frozenset({"contained", "included", "enclosed", "nested"})


_IRREGULAR = frozenset(
    "made held kept sent built run read written done seen known told taken".split()
)


def _substituted(
    statement: Sentence,
    matches: list[tuple[Match, int]],
    missing: list[Token],
    answer: Sequence[Sentence],
    window: tuple[int, ...],
) -> tuple[tuple[str, str], ...]:
    """Names the statement needs, none of which the window says, with other names in their place."""
    if any(m.wanted.name for m, _ in matches):
        return ()
    own = {t.keys[0][0] for t in statement.tokens}
    out = []
    for wanted in missing:
        if not wanted.name:
            continue
        for index in window:
            other = next(
                (
                    t
                    for t in answer[index].tokens
                    if t.name == wanted.name and t.keys[0][0] not in own
                ),
                None,
            )
            if other is not None:
                out.append((wanted.word, other.word))
                break
    return tuple(out)


def _substituted_in_clause(
    statement: Sentence,
    matches: list[tuple[Match, int]],
    weight: dict[Token, float],
    answer: Sequence[Sentence],
    total: float,
) -> tuple[tuple[str, str], ...]:
    """A name the statement needs, missing from the clause that states most of it, with another
    of the same kind there instead: "get, insert and delete are O(log n) on average, and the
    worst case is O(1)" states the average at O(log n), whatever the worst case is."""
    wanted = [t for t in weight if t.name]
    if not wanted or statement.negations:
        return ()  # "Y is not with A" is not reversed by "X is with A"
    held: dict[tuple[int, int], list[float]] = {}
    for m, i in matches:
        if not m.wanted.name and m.written.position < len(answer[i].clauses):
            key = (i, answer[i].clauses[m.written.position])
            held.setdefault(key, []).append(weight[m.wanted])
    if not held:
        return ()
    (index, clause), found = max(held.items(), key=lambda kv: sum(kv[1]))
    # the right words around the wrong name: two of them at least ("40 meters" is not reversed by
    # "add 20 meters")
    if (
        sum(found) < ABOUT * sum(w for t, w in weight.items() if not t.name)
        or sum(1 for w in found if w >= 1.0) < 2
    ):
        return ()
    sentence = answer[index]
    if any(
        sentence.clauses[min(first, len(sentence.clauses) - 1)] == clause
        for first, _ in sentence.negations
    ):
        return ()
    said = [t for t in sentence.tokens if t.name and sentence.clauses[t.position] == clause]
    own = {t.keys[0][0] for t in statement.tokens}
    if own & {t.keys[0][0] for t in said}:
        return ()  # it says one of the names the statement gives ("0 or 1" for "1 (or 2)")
    out = []
    for name in wanted:
        beside = _beside(statement, name)
        other = next(
            (
                t
                for t in said
                if t.name == name.name and t.keys[0][0] not in own and _beside(sentence, t) & beside
            ),
            None,
        )
        if other is not None:
            out.append((name.word, other.word))
    return tuple(out)


def _beside(sentence: Sentence, name: Token) -> set[str]:
    """The words next to a name (the nearest word before it and after it): what it counts or
    names. "O(1) on average" and "O(log n) on average" are the same place; "into two" and "size 1"
    are not."""
    words = [t for t in sentence.tokens if not t.name]
    before = [t for t in words if t.position < name.position]
    after = [t for t in words if t.position > name.position]
    near = ([before[-1]] if before else []) + ([after[0]] if after else [])
    return {k for t in near for k, _ in t.keys}


def windows(count: int) -> list[tuple[int, ...]]:
    """Each answer sentence alone and with its neighbour: a point is made in one place."""
    return [(i,) for i in range(count)] + [(i, i + 1) for i in range(count - 1)]


@dataclass(frozen=True)
class Best:
    """A statement's best alignments with an answer."""

    consistent: Alignment  # the best consistent alignment over any window
    contradicting: Alignment  # the strongest contradicting one (EMPTY when none)
    apart: Alignment  # the best consistent one in a window apart from `contradicting`
    own: bool = False  # `contradicting` reverses the key point's own wording, not an alternative


def best_alignment(
    statements: Sequence[tuple[Sentence, dict[Token, float]]],
    answer: Sequence[Sentence],
    judged: int | None = None,
    subjects: Subjects = (),
    excluded: frozenset[int] = frozenset(),
    factors: Sequence[dict[Token, float]] = (),
) -> Best:
    """The best consistent alignment of any statement over any window, the strongest
    contradicting one, and the best consistent one in sentences the contradiction is not in.

    The first `judged` statements (a key point's own wording; all when None) can be
    contradicted, and so can an alternative wording that is self-contained; shorthand ("not on
    every call", "an anti-join") says too little to be reversed and only ever adds coverage.
    Sentences in `excluded` (known to say it of the wrong thing) state nothing consistently.
    """
    consistent, contradicting = EMPTY, EMPTY
    own = False
    found: list[Alignment] = []
    opposed: set[int] = set()
    memos: list[dict[tuple[int, int], list[tuple[Token, bool]]]] = []
    shares: list[list[float]] = []
    factors = list(factors) or [{} for _ in statements]
    for n, (statement, weight) in enumerate(statements):
        memo: dict[tuple[int, int], list[tuple[Token, bool]]] = {}
        memos.append(memo)
        can_contradict = judged is None or n < judged or self_contained(statement, weight)
        alone: list[float] = []  # each sentence's credit on its own: a pair states at most the sum
        for index in range(len(answer)):
            a = align(statement, answer, (index,), weight, subjects, memo, factors[n])
            alone.append(a.share if a.credit < 0 else a.credit)
            if a.contradicted and not can_contradict:
                continue
            if a.contradicted:
                opposed.add(index)
                if a.share > contradicting.share:
                    contradicting = a
                    own = judged is None or n < judged
            elif a.share and index not in excluded:
                found.append(a)
                if a.credit_share > consistent.credit_share:
                    consistent = a
        shares.append(alone)
    if not contradicting.window:
        # a clause of the point's own wording stated in full the other way round ("..., so a
        # table has only one" against "a table can have as many clustered indexes as it likes")
        for n, (statement, weight) in enumerate(statements):
            if judged is not None and n >= judged:
                break
            for part in parts(statement, weight):
                for index in range(len(answer)):
                    a = align(statement, answer, (index,), part, subjects, memos[n])
                    if a.contradicted and not set(a.missing) & {t.word for t in part}:
                        opposed.add(index)
                        if a.share > contradicting.share:
                            contradicting = a
    # A contradiction is said in one sentence; two neighbours only add coverage, and never lend
    # it to a sentence that says the point the other way round, in any of its wordings.
    for (statement, weight), memo, alone, factor in zip(
        statements, memos, shares, factors, strict=True
    ):
        for first in range(len(answer) - 1):
            if {first, first + 1} & (opposed | excluded):
                continue
            if alone[first] + alone[first + 1] <= consistent.credit_share:
                continue  # cannot beat what is already found
            a = align(statement, answer, (first, first + 1), weight, subjects, memo, factor)
            if a.credit_share:
                found.append(dataclasses.replace(a, flips=0, negated=False, swapped=False))
                if a.credit_share > consistent.credit_share:
                    consistent = found[-1]
    against = set(contradicting.window)
    apart = max(
        (a for a in found if not against & set(a.window)),
        key=lambda a: a.credit_share,
        default=EMPTY,
    )
    return Best(consistent, contradicting, apart, own)


PART_WORDS = 2  # a clause of a key point is judged on its own when it has this many words


def parts(statement: Sentence, weight: dict[Token, float]) -> list[dict[Token, float]]:
    """The clauses of a statement of two clauses or more, each as weights of its own words, when
    it has enough words of full weight to be reversed by itself."""
    clauses = statement.clauses
    by_key = {t.keys[0][0]: w for t, w in weight.items()}
    by_clause: dict[int, dict[Token, float]] = {}
    for t in statement.tokens:
        key = t.keys[0][0]
        if key in by_key and t.position < len(clauses):
            part = by_clause.setdefault(clauses[t.position], {})
            if all(o.keys[0][0] != key for o in part):
                part[t] = by_key[key]
    if len(by_clause) < 2:
        return []
    return [
        part
        for part in by_clause.values()
        if sum(1 for t, w in part.items() if w >= 1.0 and not t.name) >= PART_WORDS
    ]


def self_contained(statement: Sentence, weight: dict[Token, float]) -> bool:
    """An alternative wording that says enough to be reversed: two words of its own at least,
    and not a fragment opening with a negation ("not on every call", "never in localStorage")
    that leans on the key point's own wording."""
    opens_negated = bool(statement.words) and statement.words[0] in lx.NEGATIONS
    return UNSAID not in weight and not opens_negated


def bag_weights(
    statements: Sequence[Sentence], question_keys: frozenset[str]
) -> dict[Token, float]:
    """`weights` over several sentences at once (each key counted once)."""
    merged = Sentence(
        " ".join(s.text for s in statements),
        (),
        tuple(t for s in statements for t in s.tokens),
        (),
        (),
        {},
        {},
        {},
    )
    return weights(merged, question_keys)


def bag_recall(
    weight: dict[Token, float],
    answer: Sequence[Sentence],
    excluded: frozenset[str] = frozenset(),
    stated: frozenset[str] = frozenset(),
) -> tuple[float, tuple[str, ...], tuple[str, ...]]:
    """Share of the wanted words the answer states anywhere in the same sense, with the words
    found and missing. Keys in `stated` count as found (a sentence aligned as a whole may state a
    word by its opposite under a negation); keys in `excluded` (contradicted) count as missing."""
    total = sum(weight.values())
    if not total:
        return 0.0, (), ()
    found: list[Token] = []
    missing: list[Token] = []
    for wanted in weight:
        key = wanted.keys[0][0]
        hit = key not in excluded and (
            key in stated
            or any(_relate(wanted, t) is False for s in answer for t in _candidates(wanted, s))
        )
        (found if hit else missing).append(wanted)
    share = sum(weight[t] for t in found) / total
    return share, tuple(t.word for t in found), tuple(t.word for t in missing)


def question_keys(prompt: str) -> frozenset[str]:
    return frozenset(t.keys[0][0] for s in parse(prompt) for t in s.tokens)
