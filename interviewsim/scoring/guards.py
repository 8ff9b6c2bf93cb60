"""Guards against answers that game a lexical scorer.

Each guard looks at the answer's form, not its subject: a list of keywords, the question said back,
text about something else, an instruction aimed at the grader, the same content pasted twice. A
guard that fires caps every criterion (see `HeuristicScorer`), so a gamed answer never beats an
honest partial one.
"""

from __future__ import annotations

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


def repeats_itself(words: Sequence[str], sentences: Sequence[str], stems: Sequence[str]) -> bool:
    """The same wording said again, the same sentences, or a handful of terms over and over."""
    normalised = [n for n in (" ".join(tx.content_stems(s)) for s in sentences) if n]
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
