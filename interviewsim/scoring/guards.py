"""Guards against answers that game a lexical scorer.

Each guard looks at the answer's form, not its subject: a list of keywords, the question said back,
text about something else, an instruction aimed at the grader, the same content pasted twice, the
right words in no order at all. A guard that fires caps every criterion (see `HeuristicScorer`), so
a gamed answer never beats an honest partial one.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from interviewsim import text as tx

_INJECTION = re.compile(
    r"\b(ignore|disregard|forget|override|bypass)\b[\w\s,']{0,40}?"
    r"\b(instructions?|rubrics?|rules|criteria|guidelines|prompt|grading|scoring)\b"
    r"|\b(give|award|assign|grant)\b[\w\s']{0,25}?"
    r"\b(full|maximum|max|top|perfect|highest|100|five|5)\b[\w\s/]{0,12}?"
    r"\b(marks?|points?|scores?|credit|grades?|stars?|levels?|out of|/)"
    r"|\b(system|developer) (prompt|message)|\byou are now\b"
    r"|\bas (the|an?) (ai |llm )?(grader|scorer|evaluator|examiner|marker)\b"
    r"|\b(score|grade|mark|rate) (this|me|it|my answer)( answer)? (as )?"
    r"(a )?(5|100|full|perfect|correct|excellent)\b"
    r"|\bthis answer (deserves|should (get|receive)|earns) (full|maximum|top|perfect|100|5)\b",
    re.I,
)

KEYWORD_LIST_MAX_FUNCTION_SHARE = 0.15  # prose has 30-60% function words; a bare list has ~none
REPEAT_SPAN = 4  # a run of this many words said again counts as repetition
REPEATED_SHARE = 0.45  # ... when such repeats make up this share of the answer (a text pasted
# twice gives 0.5; answers contrasting two things in parallel wording reach about 0.4)


def function_word_share(words: Sequence[str]) -> float:
    return sum(1 for w in words if w in tx.STOP_WORDS) / len(words) if words else 0.0


def is_keyword_list(words: Sequence[str], reference_is_prose: bool) -> bool:
    """Four or more words with hardly any function words, where the reference is prose.

    When the reference itself is a phrase ("File scope", "enqueue and dequeue") a terse answer is
    the right form, so the guard stays quiet.
    """
    return (
        reference_is_prose
        and len(words) >= 4
        and function_word_share(words) < KEYWORD_LIST_MAX_FUNCTION_SHARE
    )


def is_prose(text: str) -> bool:
    """Written in sentences rather than as a phrase or a list."""
    words = tx.words(text)
    return len(words) >= 6 and function_word_share(words) >= KEYWORD_LIST_MAX_FUNCTION_SHARE


def has_instruction_to_grader(answer: str) -> bool:
    return bool(_INJECTION.search(answer))


def repeated_share(words: Sequence[str]) -> float:
    """Share of the words that restate a run of REPEAT_SPAN words already said earlier."""
    if len(words) < 2 * REPEAT_SPAN:
        return 0.0
    runs = [tuple(words[i : i + REPEAT_SPAN]) for i in range(len(words) - REPEAT_SPAN + 1)]
    seen: set[tuple[str, ...]] = set()
    repeated = [False] * len(words)
    for start, run in enumerate(runs):
        if run in seen:
            for i in range(start, start + REPEAT_SPAN):
                repeated[i] = True
        seen.add(run)
    return sum(repeated) / len(words)


def repeats_itself(
    words: Sequence[str],
    sentences: Sequence[str],
    stems: Sequence[str],
    sentence_terms: Sequence[str] | None = None,
) -> bool:
    """The same wording said again, the same sentences, or a handful of terms over and over.

    `sentence_terms` (each sentence's content terms, names and numbers included) tells apart
    sentences that differ only in a name: "Bulb A is on. Bulb C is on." is not repetition.
    """
    if sentence_terms is None:
        sentence_terms = [" ".join(tx.content_stems(s)) for s in sentences]
    normalised = [n for n in sentence_terms if n]
    if len(normalised) >= 2 and len(set(normalised)) / len(normalised) <= 0.6:
        return True
    if len(stems) >= 20 and len(set(stems)) / len(stems) < 0.3:
        return True
    return is_periodic(stems) or repeated_share(words) >= REPEATED_SHARE


def is_periodic(items: Sequence[str]) -> bool:
    """The whole sequence is one block said two or more times ("by reference by reference")."""
    n = len(items)
    return any(
        n % size == 0 and all(items[i] == items[i % size] for i in range(n))
        for size in range(1, n // 2 + 1)
    )


def mostly_repeats_question(stems: Sequence[str], question_stems: frozenset[str]) -> bool:
    """Three quarters or more of the answer's distinct content words come from the question."""
    distinct = set(stems)
    return bool(distinct) and len(distinct & question_stems) / len(distinct) > 0.75


# Word salad. In English a determiner is followed by the start of a noun phrase, and a preposition
# by its object: "the of", "a is", "with and", "the" at the end of a sentence hardly occur in
# prose, while the right words in random order make them at every turn. These are general facts
# of English grammar, written by hand.
_DETERMINERS = frozenset("the a an".split())
_PREPOSITIONS = frozenset("of in on at by for from with into to".split())
_AUXILIARIES = frozenset("is are was were be been has have had will would can could should".split())
_CONJUNCTIONS = frozenset("and or but because than if that which".split())
_SUBJECTS = frozenset("it they we i you he she".split())
_NOT_AFTER_DETERMINER = (
    _DETERMINERS | _PREPOSITIONS | _AUXILIARIES | _CONJUNCTIONS | _SUBJECTS | {"not"}
)
_NOT_AFTER_PREPOSITION = (
    _AUXILIARIES | _PREPOSITIONS | {"and", "or", "but", "because", "than", "not"}
)
# A function word written with a capital in mid-sentence: the start of a sentence moved elsewhere.
# Not after a quote or a bracket, which may open a sentence of their own ("he said “The ...").
_STRAY_CAPITAL = re.compile(
    r"(?<![.!?:;]\s)(?<![\"'“‘(\[])(?<!^)\b(The|An|It|This|That|These|Those|In|On|At|By|From|With"
    r"|If|When|Then|Once|And|But|So|Or|Because|For|To|Of|As|We|They|He|She|My|Its|Their|Our|Your"
    r"|Is|Are|Was|Were|Do|Does|Can|Will|There|Every|Each|Some|Any|No|Not|Also)\b"
)
SALAD_MIN_CHECKS = 8  # function words to judge by; fewer and the text is too short to tell
SALAD_SHARE = 0.2  # prose stays under 0.05; the words of an answer shuffled reach 0.2 to 0.4
# ... or this much, with a function word doubled ("the the", "is is"): a slip of the keyboard once
# in a while in prose, whose word order holds around it; in a shuffle it comes with other breaks
SALAD_SHARE_DOUBLED = 0.12
_DOUBLED = _DETERMINERS | _PREPOSITIONS | _AUXILIARIES | {"and", "or", "but"}


def _impossible_pair(word: str, after: str | None) -> bool | None:
    """Whether `word` followed by `after` (None: the sentence ends) breaks English word order;
    None when `word` is not one this check looks at."""
    if word in _DETERMINERS:
        if word == "a" and after in _CONJUNCTIONS | _AUXILIARIES:
            return False  # "bulb A and C", "switch a is open": a name, not the article
        return after is None or after in _NOT_AFTER_DETERMINER
    if word in _PREPOSITIONS:
        allowed = {"be"} if word == "to" else set()
        return after is not None and after in _NOT_AFTER_PREPOSITION - allowed
    if word in {"and", "or", "but"}:
        return after is None or after in {"and", "or", "but", "of", "is", "are"}
    return None


def salad_share(text: str) -> tuple[float, int]:
    """Share of the checked function words that break word order, and how many were checked."""
    broken = checked = 0
    for sentence in tx.sentences(text):
        words = tx.words(sentence)
        for i, word in enumerate(words):
            verdict = _impossible_pair(word, words[i + 1] if i + 1 < len(words) else None)
            if verdict is None:
                continue
            checked += 1
            broken += verdict
    broken += len(_STRAY_CAPITAL.findall(text.strip()))
    return (broken / checked if checked else 0.0), checked


def is_word_salad(text: str) -> bool:
    """The right words in no particular order: a shuffle of an answer is not an answer."""
    share, checked = salad_share(text)
    if checked < SALAD_MIN_CHECKS:
        return False
    return share >= SALAD_SHARE or (share >= SALAD_SHARE_DOUBLED and _doubled(text))


def _doubled(text: str) -> bool:
    words = tx.words(text)
    return any(a == b and a in _DOUBLED for a, b in itertools.pairwise(words))
