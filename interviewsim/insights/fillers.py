"""Filler words and hedges in an answer, found in the token stream of `text.tokens`.

A filler is a word that fills a pause and carries nothing ("um", "you know", "like," used as a
breath). A hedge softens a claim ("I think", "maybe", "sort of"). The rules are deliberately plain:
each looks at a word, its neighbours and the punctuation around it, and when a rule cannot tell a
filler from a real use ("languages like Go", "I like Python", "what kind of index") the word does
not count. Only whole words match, so "likely", "unlike" and "umbrella" are never fillers.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from interviewsim.text import PAUSE, STOP

MARKS = (PAUSE, STOP)

# Sounds people make while thinking, in any spelling length ("ummm", "uhh", "errr").
_INTERJECTIONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"u+m+"), "um"),
    (re.compile(r"u+h+m*"), "uh"),
    (re.compile(r"e+r+m+"), "erm"),
    (re.compile(r"er|e+r{3,}|e{2,}r+"), "er"),  # not "err", which is a verb
    (re.compile(r"h+m+"), "hmm"),
    (re.compile(r"a+h+"), "ah"),
)
# Adverbs that, spoken, nearly always fill rather than inform.
ADVERB_FILLERS = frozenset({"basically", "actually", "literally", "honestly"})
# Words after "like" that show it is a breath, not a comparison: "it was like really slow".
_AFTER_FILLER_LIKE = frozenset(
    {"really", "very", "super", "totally", "just", "kind", "sort", *ADVERB_FILLERS}
)
# Words before "like" that make it a verb or a comparison: "I like", "would like", "looks like".
_LIKE_IS_MEANT_AFTER = frozenset(
    """
    i you we they he she people i'd you'd we'd they'd he'd she'd would wouldn't don't doesn't
    didn't do does did to really also always never still might may will i'll we'll you'll won't
    who users feel feels felt look looks looked looking seem seems seemed sound sounds sounded
    something nothing anything more much exactly just not
    """.split()
)
# Before "you know": a real question or clause, not a filler ("do you know", "as you know").
_YOU_KNOW_IS_MEANT_AFTER = frozenset(
    """
    do did don't didn't if as would will should could might may can let what how where when
    whether that now so
    """.split()
)
_CONJUNCTIONS = frozenset({"and", "but", "so", "or", "because"})
# "a kind of", "what sort of", "a very different kind of": the noun, not the filler.
_DETERMINERS = frozenset(
    """
    a an the this that these those what which whatever whichever some any every each one no
    another other same my our your their his her its
    """.split()
)
_TYPE_MODIFIERS = frozenset(
    """
    different same other new particular specific certain similar right wrong best worst main
    weird special whole general common usual very really first only
    """.split()
)

HEDGES: tuple[tuple[tuple[str, ...], str], ...] = tuple(
    sorted(
        (
            (("i'm", "not", "sure"), "I'm not sure"),
            (("i", "am", "not", "sure"), "I'm not sure"),
            (("not", "sure"), "not sure"),
            (("i'm", "not", "certain"), "I'm not sure"),
            (("i", "don't", "know"), "I don't know"),
            (("i", "think"), "I think"),
            (("i", "don't", "think"), "I don't think"),
            (("i", "guess"), "I guess"),
            (("i", "suppose"), "I suppose"),
            (("i", "believe"), "I believe"),
            (("i", "feel", "like"), "I feel like"),
            (("i'd", "say"), "I'd say"),
            (("i", "would", "say"), "I'd say"),
            (("if", "i", "remember", "correctly"), "if I remember correctly"),
            (("if", "i", "recall"), "if I recall"),
            (("more", "or", "less"), "more or less"),
            (("to", "some", "extent"), "to some extent"),
            (("maybe",), "maybe"),
            (("perhaps",), "perhaps"),
            (("probably",), "probably"),
            (("possibly",), "possibly"),
            (("somewhat",), "somewhat"),
        ),
        key=lambda pattern: -len(pattern[0]),  # longest first: "I'm not sure" before "not sure"
    )
)


def interjection(word: str) -> str | None:
    """The filler sound `word` spells ("Ummm" -> "um"), or None."""
    for pattern, name in _INTERJECTIONS:
        if pattern.fullmatch(word):
            return name
    return None


def _at(tokens: Sequence[str], i: int) -> str | None:
    return tokens[i] if 0 <= i < len(tokens) else None


def _is_sound(token: str | None) -> bool:
    return token is not None and interjection(token) is not None


def is_filler_word(word: str) -> bool:
    """A word that is a filler wherever it stands ("um", "basically")."""
    return interjection(word) is not None or word in ADVERB_FILLERS


def _like_is_filler(tokens: Sequence[str], i: int) -> bool:
    before, after = _at(tokens, i - 1), _at(tokens, i + 1)
    if before in _LIKE_IS_MEANT_AFTER:
        return False
    if after in (PAUSE, "like") or _is_sound(after) or _is_sound(before):  # "like like", "um like"
        return True
    if after == "you" and _at(tokens, i + 2) == "know":
        return True
    return after in _AFTER_FILLER_LIKE  # not after "basically": "basically like a queue" compares


def _you_know_is_filler(tokens: Sequence[str], i: int) -> bool:
    """`tokens[i:i + 2]` is "you know"."""
    before, after = _at(tokens, i - 1), _at(tokens, i + 2)
    if before in _YOU_KNOW_IS_MEANT_AFTER:
        return False
    if tuple(tokens[i + 2 : i + 5]) == ("what", "i", "mean"):
        return True
    if after == PAUSE or _is_sound(after) or after in _AFTER_FILLER_LIKE:
        return True
    # At the end of a sentence only when it stands alone: "..., you know." but not "all you know."
    return (after in (STOP, None)) and (before in (PAUSE, STOP, None) or before in _CONJUNCTIONS)


def _i_mean_is_filler(tokens: Sequence[str], i: int) -> bool:
    before, after = _at(tokens, i - 1), _at(tokens, i + 2)
    if before in ("what", "that", "you", "do", "did", "if"):
        return False
    return after == PAUSE or _is_sound(after)


def _er_stands_alone(tokens: Sequence[str], i: int) -> bool:
    """A bare "er" is a filler only where a pause or another sound sits beside it: "ER" is also
    an abbreviation ("the ER diagram"), and the case that would tell them apart is gone."""
    before, after = _at(tokens, i - 1), _at(tokens, i + 1)
    return any(t in (PAUSE, STOP, None) or _is_sound(t) for t in (before, after))


def softening_kind_of(tokens: Sequence[str], i: int) -> bool:
    """`tokens[i:i + 2]` is "kind of" or "sort of": True when it softens ("it's kind of slow"),
    False when it names a type ("a kind of tree", "what sort of index")."""
    j = i - 1
    while _at(tokens, j) in _TYPE_MODIFIERS:
        j -= 1
    return _at(tokens, j) not in _DETERMINERS


def fillers(tokens: Sequence[str]) -> Counter[str]:
    """How often each filler occurs, by its usual spelling ("um", "like", "you know")."""
    found: Counter[str] = Counter()
    i = 0
    while i < len(tokens):
        word, following = tokens[i], _at(tokens, i + 1)
        if word in MARKS:
            i += 1
            continue
        pair = (word, following)
        if pair == ("you", "know") and _you_know_is_filler(tokens, i):
            found["you know"] += 1
            i += 2
            continue
        if pair == ("i", "mean") and _i_mean_is_filler(tokens, i):
            found["I mean"] += 1
            i += 2
            continue
        if word in ("kind", "sort") and following == "of" and softening_kind_of(tokens, i):
            found[f"{word} of"] += 1
            i += 2
            continue
        name = interjection(word)
        if name == "er" and not _er_stands_alone(tokens, i):
            name = None  # "the ER diagram"
        if name is not None:
            found[name] += 1
        elif word in ADVERB_FILLERS or (word == "like" and _like_is_filler(tokens, i)):
            found[word] += 1
        i += 1
    return found


def hedges(tokens: Sequence[str]) -> Counter[str]:
    """How often each hedge occurs. "kind of" and "sort of" count only where they soften."""
    found: Counter[str] = Counter()
    i = 0
    while i < len(tokens):
        for words, name in HEDGES:
            if tuple(tokens[i : i + len(words)]) == words:
                found[name] += 1
                i += len(words)
                break
        else:
            if (
                tokens[i] in ("kind", "sort")
                and _at(tokens, i + 1) == "of"
                and softening_kind_of(tokens, i)
            ):
                found[f"{tokens[i]} of"] += 1
                i += 2
            else:
                i += 1
    return found
