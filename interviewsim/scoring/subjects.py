"""The things a comparison question sets side by side, and which of them each clause is about.

"What is the difference between an INNER JOIN and a LEFT JOIN?", "Compare random forests and
gradient boosting", "When would you report the median instead of the mean?", "Explain precision
and recall": each names two or more things, and an answer says something of each. A key point
about one of them is stated only by a clause about that one ("a *left* join keeps every left row"
says nothing of what an inner join does), and a clause that says of one what the key points say of
another has the roles swapped.

A clause is about the things it names; a clause that names none ("..., while *it* keeps every
row") is about what the clause before it in the sentence was about. A clause that only mentions a
thing in passing ("unlike an inner join", "than the mean") passes nothing on. Pure functions over
words: no scorer state.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from interviewsim import text as tx

Subjects = tuple[frozenset[str], ...]  # per compared thing, the words that name it

_SIDES = (
    r"(.+?)(?=[?;:]|\.(?![\w.])|,\s*(?:and\s+)?"
    r"(?:how|what|when|where|which|why|who|do|does|is|are|would|should|can|the|a|an)\b|$)"
)
_CONTRAST = (
    re.compile(r"\bbetween (.+?) and " + _SIDES, re.I),
    re.compile(r"(?:^|[:,] |\bis )(.+?)\s+(?:vs\.?|versus)\s+" + _SIDES, re.I),
    re.compile(r"\bcompare (.+?) (?:and|with|to) " + _SIDES, re.I),
    re.compile(
        r"\b(?:report|use|choose|pick|prefer) (?:an? |the )?(\w+(?: \w+)?) (?:instead of|rather "
        r"than|over) " + _SIDES,
        re.I,
    ),
    # "what do *args and **kwargs mean", "what do ROC AUC and PR AUC measure": two things, each
    # explained by what it does
    re.compile(
        r"\bwhat (?:do|does|are|is) (?:an? |the )?([^,.?]+?) and (?:an? |the )?([^,.?]+?) "
        r"(?:mean|do|measure|represent|stand for|return|contain|show|tell|hold|store|control)\b",
        re.I,
    ),
    re.compile(r"^explain ((?:[^.?]|\.(?=\d))+?) and " + _SIDES, re.I),  # "OAuth 2.0 and ..."
    # a list of three or more, anywhere: "split data into training, validation and test sets",
    # "keep development, staging and production apart"; its first item is one word, so the words
    # before the list stay out of it
    re.compile(
        r"\b([\w-]+), ((?:[\w-]+(?: [\w-]+){0,2}, )*[\w-]+(?: [\w-]+){0,2}),? (?:and|or) " + _SIDES,
        re.I,
    ),  # "when do you reach for flexbox and when for CSS grid", "when would you use a list and when
    # a tuple"
    re.compile(
        r"\bwhen (?:do|would|should|will|can) (?:you|we|i) (?:reach for|use|choose|pick|prefer|"
        r"go for|want) (?:an? |the )?([^,.?]+?),? and when (?:for |to use |(?:would|should|do) you "
        # "..., and when do they make tests worse" asks a second question, of the same thing
        r"use )?(?!(?:do|does|did|would|should|is|are|will|can|they|it|you|we|i)\b)(?:an? |the )?"
        + _SIDES,
        re.I,
    ),
)
EXPLAIN = 5  # "explain X and Y" contrasts only short names (three words each)
LIST = 6  # so does a list of three
WHEN = 7  # "when X and when Y" says each side whole: no trailing word is shared
# a list right after one of these is a list of actions: "do you read, review and merge"
_VERB_BEFORE = re.compile(
    r"\b(?:you|we|i|they|to|do|does|did|can|could|should|would|will|must)\s+$", re.I
)
_ALIKE = re.compile(r"\b(similarit|in common|alike|same as)", re.I)
SUBJECT_WORDS = 5  # a side of a comparison longer than this is a clause, not a thing
_ARTICLES = frozenset({"a", "an", "the"})
# what follows a thing's name is context, not the name: "a tuple in Python", "fact tables in a
# star schema", "cursor pagination for a large table"
_CONTEXT = re.compile(r"\s+(?:in|for|on|from|when|within|inside|such as)\s+.*$", re.I)
# a clause opening with one of these names a thing only to set it against another
IN_PASSING = frozenset("unlike than versus vs compared rather instead not".split())
# a clause opening with one of these is a condition on the statement around it ("finally runs
# whether the try succeeded or raised, so cleanup goes there"): the statement goes on about its
# own thing after it
CONDITIONS = frozenset("if whether unless when although though".split())
# a side opening with one of these is a clause or a pronoun, not a thing
_NOT_A_NAME = frozenset(
    "difference differences how what when where why which who it its they them their this that these those your our "
    "you we would should can could will with as to for of by at".split()
)
_PRONOUNS = frozenset("it they them this that one other each both".split())


@lru_cache(maxsize=4096)
def contrasted(prompt: str) -> Subjects:
    """The things a comparison question sets side by side ("the difference between an INNER
    JOIN and a LEFT JOIN", "TCP vs UDP", "DELETE, TRUNCATE and DROP"), each as the words that tell
    it from the others ("inner", "left": "join" is shared). A question about what things have
    in common ("the similarities between iteration and recursion") sets nothing apart."""
    if _ALIKE.search(prompt):
        return ()
    matches = [(m, n) for n, p in enumerate(_CONTRAST) if (m := p.search(prompt.strip()))]
    # the first comparison the question makes: "Explain latency, throughput and tail latency. Why
    # report p99 rather than the average?" compares the three
    for found, number in sorted(matches, key=lambda mn: mn[0].start()):
        out = _compared(found, number)
        if out:
            return out
    return ()


def _compared(found: re.Match[str], number: int) -> Subjects:
    """The things one comparison pattern found, or () when its sides are not things."""
    if number == LIST and _VERB_BEFORE.search(found.string[: found.start()]):
        return ()  # "how do you read, review and merge ...": steps, not things
    groups = [_CONTEXT.sub("", g) for g in found.groups()]
    parts = [p for g in groups for p in re.split(r",\s*(?:and\s+|or\s+)?", g)]
    # "explain X, Y and Z" keeps its last pair together in the second group's "and"
    pieces = [s.strip(" ()") for p in parts for s in re.split(r"\s+(?:and|or)\s+", p)]
    longest = 3 if number in (EXPLAIN, LIST) else SUBJECT_WORDS
    sides: list[list[str]] = []
    joined: list[set[str]] = []  # words of hyphenated compounds ("write-through")
    for piece in (p for p in pieces if p):
        words = [w for w in tx.words(piece) if w not in _ARTICLES]
        if words and len(words) <= longest and not _clause_like(words):
            sides.append(words)
            joined.append(_hyphenated(piece) | _capitals(piece))
        elif len(sides) < 2:
            return ()
        else:
            break  # what follows the things is the rest of the question
    if len(sides) < (3 if number == LIST else 2):
        return ()
    keys = [
        _keys(words, j) | (set() if number == LIST else _initials(words))
        for words, j in zip(sides, joined, strict=True)
    ]
    shared = set.intersection(*keys) | (set() if number == WHEN else _shared_head(sides, keys))
    out = tuple(frozenset(k - shared) for k in keys)
    return out if sum(1 for k in out if k) >= 2 else ()


def _clause_like(words: list[str]) -> bool:
    """A side that is a clause or a pronoun ("how do you choose", "it", "the other")."""
    if len(words) == 1:
        return words[0] in _PRONOUNS
    return words[0] in _NOT_A_NAME


def _shared_head(sides: list[list[str]], keys: list[set[str]]) -> set[str]:
    """The last side's trailing words that a shorter side leaves out: "vertical and horizontal
    scaling", "layer 4 and layer 7 load balancers", "unit, integration and end-to-end tests" are
    all scaling, all load balancers, all tests. Never a word another side has, nor all of the
    last side ("UNION and UNION ALL")."""
    extra = len(sides[-1]) - min(len(s) for s in sides[:-1])
    if extra < 1:
        return set()
    others = {singular(w) for s in sides[:-1] for w in s}
    head = {singular(w) for w in sides[-1][-extra:]} - others
    if not keys[-1] - head - others:
        head = {singular(sides[-1][-1])} - others
    return head if keys[-1] - head else set()


def _keys(words: list[str], joined: set[str]) -> set[str]:
    """The words naming a side. A one-word side counts whatever it is ("WHERE", "HAVING" are
    function words elsewhere); in a longer one, function words are not names unless joined into
    a compound ("write-through") or written as a keyword ("WHERE"): "a while and a do...while
    statement" names no "while" that prose does not use every day."""
    if len(words) == 1 and (words[0] not in tx.STOP_WORDS or words[0] in joined):
        return {singular(words[0])} | _verb_forms(words[0])
    return {singular(w) for w in words if w not in tx.STOP_WORDS or w in joined}


@lru_cache(maxsize=16384)
def names_of(word: str) -> frozenset[str]:
    """The names a word of an answer can stand for: its singular, and the other forms people
    name a thing by ("debounce" for "debouncing", "streaming" for "stream processing"). Never a
    function word ("have" does not name "having")."""
    out = {singular(word)}
    if word.isalpha() and len(word) >= 4:
        if word.endswith("ing"):
            base = word[:-3]
            if len(word) >= 7:
                out |= {base, base + "e"} | ({base[:-1]} if base[-1] == base[-2] else set())
        elif word.endswith("e"):
            out.add(word[:-1] + "ing")
        else:
            out.add(word + "ing")
    return frozenset(f for f in out if f == singular(word) or f not in tx.STOP_WORDS)


def _verb_forms(noun: str) -> set[str]:
    """The verb a one-word "-ment" name is made from, in its forms: "assigning", "assigned" and
    "assign" name an assignment as well as the noun does."""
    if not noun.endswith("ment") or len(noun) < 8:
        return set()
    verb = noun[:-4]
    return {verb, verb + "s", verb + "ed", verb + "ing"}


def _initials(words: list[str]) -> set[str]:
    """A longer name's initials, as people shorten it: "virtual machine" is a "VM", "depth-first
    search" a "DFS"."""
    letters = "".join(w[0] for w in words if w[0].isalpha())
    if len(words) < 2 or not 2 <= len(letters) <= 4 or letters in tx.STOP_WORDS:
        return set()
    return {letters}


def _capitals(piece: str) -> set[str]:
    return {w.lower() for w in re.findall(r"\b[A-Z]{2,}\b", piece)}


def _hyphenated(piece: str) -> set[str]:
    return {
        w for compound in re.findall(r"\w+(?:-\w+)+", piece.lower()) for w in compound.split("-")
    }


def singular(word: str) -> str:
    """Whole words, not stems ("having" is not "have"), with a plural -s dropped."""
    if len(word) <= 3 or not word.endswith("s") or word.endswith(("ss", "us")):
        return word
    return word[:-2] if word.endswith(("sses", "xes")) else word[:-1]


def refined(subjects: Subjects, texts: Sequence[tuple[Sequence[str], Sequence[int]]]) -> Subjects:
    """The names without the words that the reference also uses of another thing: in "a plain
    script tag, one with async and one with defer" every kind is a script tag, so "script" and
    "tag" do not name the plain one. `texts` are sentences as (words, clause of each word)."""
    used_with: list[set[str]] = [set() for _ in subjects]
    for words, clauses in texts:
        by_clause: dict[int, set[str]] = {}
        for word, clause in zip(words, clauses, strict=True):
            by_clause.setdefault(clause, set()).add(singular(word))
        for said in by_clause.values():
            for n, keys in enumerate(subjects):
                if len(keys) < 2:
                    continue
                others = {k for m, other in enumerate(subjects) if m != n for k in other - keys}
                if said & others:
                    used_with[n] |= said & keys
    out = []
    for keys, shared in zip(subjects, used_with, strict=True):
        shared = {k for k in shared if not any(c.isdigit() for c in k)}  # "L2" is a name
        kept = keys - shared
        # left with initials alone ("sp" of "stream processing"), a side would be named by no
        # word an answer writes out
        out.append(kept if any(len(k) > 4 for k in kept) else keys)
    return tuple(frozenset(k) for k in out)


def split(words: Sequence[str], clauses: Sequence[int], subjects: Subjects) -> tuple[int, ...]:
    """`clauses` with a clause also split at an "and"/"or" that opens a new statement about
    another compared thing: "*args collects the keyword arguments and **kwargs collects the
    positional ones" is two clauses, one about each; "both WHERE and HAVING filter" stays one,
    since nothing is said of WHERE before the "and"."""
    out: list[int] = []
    extra = 0
    named: set[int] = set()  # things the current part names
    carried: set[int] = set()  # ... or, when it names none, the things the clause before named
    told = False  # whether it says something besides their names
    for p, (word, clause) in enumerate(zip(words, clauses, strict=True)):
        if p and clause != clauses[p - 1]:
            carried = named or carried  # "... restarts it when it fails and Y ...": still of X
            named, told = set(), False
        about = named or carried
        if word in _LINKS and about and told:
            after = next((w for w in words[p + 1 : p + 3] if w not in _ARTICLES), "")
            them = {n for n, keys in enumerate(subjects) if names_of(after) & keys}
            if them and not them & about and _says_more(words, clauses, p + 1, subjects):
                extra += 1
                named, carried, told = set(), set(), False
        forms = names_of(word)
        mine = {n for n, keys in enumerate(subjects) if forms & keys}
        named |= mine
        told |= bool(named or carried) and not mine and word not in tx.STOP_WORDS
        out.append(clause + extra)
    return tuple(out)


_LINKS = frozenset({"and", "or"})


def _says_more(
    words: Sequence[str], clauses: Sequence[int], start: int, subjects: Subjects
) -> bool:
    """Whether the clause goes on from `start` to say something besides the things' names: "...
    and *let* when the value must change" leaves its verb to the clause before."""
    names = {k for keys in subjects for k in keys}
    return any(
        not names_of(w) & names and w not in tx.STOP_WORDS
        for p, w in enumerate(words[start:], start)
        if clauses[p] == clauses[start]
    )


def about(
    words: Sequence[str], clauses: Sequence[int], subjects: Subjects
) -> tuple[frozenset[int], ...]:
    """Per word, the compared things its clause is about (their indices in `subjects`)."""
    named: dict[int, set[int]] = {}
    opening: dict[int, str] = {}
    for word, clause in zip(words, clauses, strict=True):
        opening.setdefault(clause, word)
        forms = names_of(word)
        for n, keys in enumerate(subjects):
            if forms & keys:
                named.setdefault(clause, set()).add(n)
    out: dict[int, frozenset[int]] = {}
    carried: frozenset[int] = frozenset()
    for clause in dict.fromkeys(clauses):
        own = frozenset(named.get(clause, ()))
        out[clause] = own or carried
        if own and opening[clause] in CONDITIONS:
            out[clause] = own | carried  # a condition is part of the statement it qualifies
        elif own and opening[clause] not in IN_PASSING:
            carried = own
    return tuple(out[c] for c in clauses)


def compatible(mine: frozenset[int], theirs: frozenset[int]) -> bool:
    """Whether a clause about `theirs` can state what a clause about `mine` says."""
    return not mine or not theirs or bool(mine & theirs)
