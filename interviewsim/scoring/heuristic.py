"""The offline rubric scorer: explainable signals computed from the answer text alone.

Each rubric criterion names a `signal` (coverage, depth, clarity, star, ownership, impact). Every
signal yields a value in [0, 1], evidence quoted from the answer, and suggestions. Guards stop answers
that game the scorer (keyword lists, repeating the question or itself, off-topic text, instructions
aimed at the grader) from scoring well.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from interviewsim import text as tx
from interviewsim.bank import Category, KeyPoint, Question, Rubric
from interviewsim.scoring.base import CriterionScore, Scorer, ScoreResult

FULL_MATCH = 0.6  # share of a key point's content stems an answer must contain to cover it
PARTIAL_MATCH = 0.34

_INJECTION = re.compile(
    r"ignore (all |any |the |previous |above |your )*(instructions|rubric|rules|criteria)"
    r"|(give|award|assign) (me |this( answer)? |it )?(a )?(full|maximum|max|top|perfect|100)"
    r"|(system|developer) prompt|you are now|as the (grader|scorer|evaluator)"
    r"|score (this|me) (as )?(5|100|full)",
    re.I,
)
_EXAMPLE = re.compile(
    r"\b(for example|for instance|e\.g\.|such as|say we|imagine|in my (last |previous )?"
    r"(project|job|role|team)|at work|we once|in practice|consider)\b",
    re.I,
)
_TRADEOFF = re.compile(
    r"\b(but|however|trade-?offs?|downsides?|drawbacks?|cost|whereas|on the other hand|instead|"
    r"unless|depends|alternatively|versus|vs\.?|caveat|limitation|risk|slower|faster|cheaper|"
    r"when not to|avoid)\b",
    re.I,
)
_REASON = re.compile(
    r"\b(because|so that|which means|therefore|since|that's why|this is why|so)\b", re.I
)
_NUMBER = re.compile(
    r"\b\d+(?:[.,]\d+)?\s*(%|percent|ms|seconds?|minutes?|hours?|days?|weeks?|"
    r"months?|x|times|users?|customers?|k|m|gb|mb|requests?)?",
    re.I,
)

_STAR_PARTS: dict[str, re.Pattern[str]] = {
    "situation": re.compile(
        r"\b(situation|context|background|when i was|at my (previous|last|old|current)|"
        r"last (year|month|quarter)|a few (years|months) ago|our team|we had|i was working|"
        r"at the time|in my (first|previous|last) (job|role)|once,)\b",
        re.I,
    ),
    "task": re.compile(
        r"\b(task|my (job|role|goal|responsibility)|i was (responsible|asked|tasked|in charge)|"
        r"goal was|needed to|had to|challenge was|the problem was|i owned|volunteered)\b",
        re.I,
    ),
    "action": re.compile(
        r"\b(action|i (decided|built|wrote|created|organi[sz]ed|set up|proposed|talked|spoke|met|"
        r"asked|started|led|designed|added|changed|reviewed|scheduled|called|explained|introduced|"
        r"made|took|ran|used|worked|pushed|fixed|rewrote|suggested|moved|split|paired|broke|"
        r"focused|prioriti[sz]ed|documented|tested|measured|listened|agreed))\b",
        re.I,
    ),
    "result": re.compile(
        r"\b(result|outcome|as a result|in the end|eventually|ended up|reduced|increased|improved|"
        r"saved|cut|grew|dropped|shipped|delivered|launched|led to|so we|finally|learned|lesson)\b",
        re.I,
    ),
}
_LEARNING = re.compile(
    r"\b(learn(ed|t)|lesson|next time|now i|since then|i would|in hindsight|"
    r"differently)\b",
    re.I,
)
_I = re.compile(r"\b(i|i'm|i've|i'd|me|my|myself)\b", re.I)
_WE = re.compile(r"\b(we|we're|we've|our|us|the team|they)\b", re.I)


@dataclass
class KeyPointMatch:
    point: KeyPoint
    credit: float  # 1 full, 0.5 partial, 0 missing
    quote: str  # the answer sentence that best covers it


@dataclass
class Analysis:
    question: Question
    answer: str
    words: list[str]
    sentences: list[str]
    stems: set[str]
    matches: list[KeyPointMatch]
    coverage: float
    topicality: float  # share of the answer's content that relates to the question or its answer
    flags: list[str] = field(default_factory=list)

    @property
    def word_count(self) -> int:
        return len(self.words)


def derive_key_points(reference: str) -> tuple[KeyPoint, ...]:
    """Key content from a reference answer: each sentence (or clause, for a one-sentence answer)."""
    pieces = tx.sentences(reference)
    if len(pieces) == 1:
        clauses = [c.strip() for c in re.split(r",|\band\b|\bwhile\b|\bwhich\b", reference)]
        pieces = [c for c in clauses if len(tx.content_stems(c)) >= 2] or pieces
    return tuple(KeyPoint(text=p) for p in pieces if tx.content_stems(p))


def _match_point(
    point: KeyPoint, answer_stems: set[str], sentence_stems: list[set[str]], sentences: list[str]
) -> KeyPointMatch:
    best, quote = 0.0, ""
    for phrasing in point.phrasings:
        wanted = set(tx.content_stems(phrasing))
        if not wanted:
            continue
        recall = len(wanted & answer_stems) / len(wanted)
        if recall > best:
            best = recall
            overlaps = [len(wanted & s) for s in sentence_stems]
            if overlaps and max(overlaps):
                quote = sentences[overlaps.index(max(overlaps))]
    credit = 1.0 if best >= FULL_MATCH else 0.5 if best >= PARTIAL_MATCH else 0.0
    return KeyPointMatch(point, credit, quote if credit else "")


def analyse(question: Question, answer: str) -> Analysis:
    words = tx.words(answer)
    sentences = tx.sentences(answer)
    stems_in_order = tx.content_stems(answer)
    stems = set(stems_in_order)
    points = question.key_points or derive_key_points(question.model_answer)
    sentence_stems = [set(tx.content_stems(s)) for s in sentences]
    matches = [_match_point(p, stems, sentence_stems, sentences) for p in points]
    coverage = sum(m.credit for m in matches) / len(matches) if matches else 0.0

    on_topic = set(tx.content_stems(question.prompt)) | set(tx.content_stems(question.model_answer))
    for p in points:
        for phrasing in p.phrasings:
            on_topic |= set(tx.content_stems(phrasing))
    topicality = len(stems & on_topic) / len(stems) if stems else 0.0

    a = Analysis(question, answer, words, sentences, stems, matches, coverage, topicality)
    _apply_guards(a, stems_in_order)
    return a


def _apply_guards(a: Analysis, stems_in_order: list[str]) -> None:
    if not a.words:
        a.flags.append("empty answer")
        return
    function_words = sum(1 for w in a.words if w in tx.STOP_WORDS)
    if len(a.words) >= 4 and function_words / len(a.words) < 0.15:
        a.flags.append("keyword list")
    prompt_stems = set(tx.content_stems(a.question.prompt))
    if a.stems and len(a.stems & prompt_stems) / len(a.stems) > 0.75 and a.coverage < 0.5:
        a.flags.append("repeats the question")
    if len(a.words) >= 25 and a.topicality < 0.2:
        a.flags.append("off-topic")
    if _INJECTION.search(a.answer):
        a.flags.append("instruction to the grader")
    normalised = [" ".join(tx.content_stems(s)) for s in a.sentences]
    normalised = [s for s in normalised if s]
    if (len(normalised) >= 2 and len(set(normalised)) / len(normalised) <= 0.6) or (
        len(stems_in_order) >= 20 and len(set(stems_in_order)) / len(stems_in_order) < 0.3
    ):
        a.flags.append("repeats itself")


# ----------------------------------------------------------------------------------- the signals

Signal = Callable[[Analysis], tuple[float, list[str], list[str]]]


def _clip(x: float) -> float:
    return max(0.0, min(1.0, x))


def _quote(sentence: str, limit: int = 140) -> str:
    sentence = " ".join(sentence.split())
    return f"“{sentence[: limit - 1]}…”" if len(sentence) > limit else f"“{sentence}”"


def coverage_signal(a: Analysis) -> tuple[float, list[str], list[str]]:
    evidence, suggestions = [], []
    for m in a.matches:
        if m.credit == 1.0:
            evidence.append(f"Covered: {m.point.text} — {_quote(m.quote)}")
        elif m.credit:
            evidence.append(f"Partly covered: {m.point.text} — {_quote(m.quote)}")
    missing = [m.point.text for m in a.matches if m.credit < 1.0]
    if missing:
        evidence.append("Not found: " + "; ".join(missing[:4]))
        suggestions += [f"Say explicitly that {p[0].lower() + p[1:]}." for p in missing[:3]]
    return a.coverage, evidence, suggestions


def depth_signal(a: Analysis) -> tuple[float, list[str], list[str]]:
    examples = [s for s in a.sentences if _EXAMPLE.search(s)]
    tradeoffs = [s for s in a.sentences if _TRADEOFF.search(s)]
    reasons = [s for s in a.sentences if _REASON.search(s)]
    substance = min(1.0, len(a.stems) / 40)
    value = 0.3 * substance + 0.25 * bool(examples) + 0.25 * bool(tradeoffs) + 0.2 * bool(reasons)
    value *= 0.4 + 0.6 * min(1.0, a.coverage / 0.6)  # depth about the wrong subject is not depth
    evidence = [f"Example: {_quote(examples[0])}"] if examples else []
    evidence += [f"Trade-off: {_quote(tradeoffs[0])}"] if tradeoffs else []
    evidence += [f"Reasoning: {_quote(reasons[0])}"] if reasons else []
    suggestions = []
    if not examples:
        suggestions.append("Add a concrete example, ideally from something you have built.")
    if not tradeoffs:
        suggestions.append("Name a trade-off or limitation: when would you not do this?")
    if not reasons:
        suggestions.append('Explain why, not only what ("because ...").')
    return _clip(value), evidence, suggestions


def clarity_signal(a: Analysis) -> tuple[float, list[str], list[str]]:
    n = a.word_count
    if n == 0:
        return 0.0, [], ["Give an answer in full sentences."]
    per_sentence = n / max(1, len(a.sentences))
    length = _clip(n / 60) if n < 60 else (1.0 if n <= 350 else _clip(1 - (n - 350) / 700) + 0.3)
    rhythm = 1.0 if 6 <= per_sentence <= 30 else 0.6 if per_sentence <= 45 else 0.3
    value = 0.5 * length + 0.3 * rhythm + 0.2 * _clip(a.topicality / 0.5)
    evidence = [
        f"{n} words in {len(a.sentences)} sentence(s), about {per_sentence:.0f} words each."
    ]
    suggestions = []
    if n < 40:
        suggestions.append("Say more: two or three full sentences is a good minimum.")
    if n > 350:
        suggestions.append("Tighten it: lead with the answer, then one supporting example.")
    if per_sentence > 30:
        suggestions.append("Break long sentences up so a listener can follow.")
    return _clip(value), evidence, suggestions


def star_signal(a: Analysis) -> tuple[float, list[str], list[str]]:
    found = star_parts(a.answer)
    evidence = [f"{part.title()}: {_quote(s)}" for part, s in found.items()]
    missing = [p for p in _STAR_PARTS if p not in found]
    suggestions = [f"Add the {p}: {_STAR_HINTS[p]}" for p in missing]
    value = len(found) / 4 * (0.6 + 0.4 * min(1.0, a.word_count / 120))
    return _clip(value), evidence, suggestions


_STAR_HINTS = {
    "situation": "one or two sentences of context - where, when, what was at stake.",
    "task": "what you personally were responsible for.",
    "action": "the steps you took, in the first person.",
    "result": "what changed because of it, with a number if you can.",
}


def star_parts(answer: str) -> dict[str, str]:
    """Which STAR parts an answer has, each with the first sentence that shows it."""
    found: dict[str, str] = {}
    for sentence in tx.sentences(answer):
        for part, pattern in _STAR_PARTS.items():
            if part not in found and pattern.search(sentence):
                found[part] = sentence
    return found


def ownership_signal(a: Analysis) -> tuple[float, list[str], list[str]]:
    i_count = len(_I.findall(a.answer))
    we_count = len(_WE.findall(a.answer))
    if i_count + we_count == 0:
        return 0.0, [], ['Tell it as your story: say what you did, using "I".']
    share = i_count / (i_count + we_count)
    value = _clip(share / 0.6) * min(1.0, i_count / 4)
    mine = [s for s in a.sentences if _I.search(s)]
    evidence = [f'"I" {i_count} times, "we"/"the team" {we_count} times.']
    evidence += [f"Your part: {_quote(mine[0])}"] if mine else []
    suggestions = [] if share >= 0.5 else ["Separate what you did from what the team did."]
    return value, evidence, suggestions


def impact_signal(a: Analysis) -> tuple[float, list[str], list[str]]:
    numbers = [s for s in a.sentences if _NUMBER.search(s) and _STAR_PARTS["result"].search(s)]
    results = [s for s in a.sentences if _STAR_PARTS["result"].search(s)]
    learned = [s for s in a.sentences if _LEARNING.search(s)]
    value = 0.45 * bool(results) + 0.35 * bool(numbers) + 0.2 * bool(learned)
    evidence = [f"Result: {_quote(results[0])}"] if results else []
    evidence += [f"Measured: {_quote(numbers[0])}"] if numbers else []
    evidence += [f"Lesson: {_quote(learned[0])}"] if learned else []
    suggestions = []
    if not numbers:
        suggestions.append("Quantify the result: a percentage, time saved, users affected.")
    if not learned:
        suggestions.append("Close with what you learned or would do differently.")
    return _clip(value), evidence, suggestions


SIGNALS: dict[str, Signal] = {
    "coverage": coverage_signal,
    "depth": depth_signal,
    "clarity": clarity_signal,
    "star": star_signal,
    "ownership": ownership_signal,
    "impact": impact_signal,
}

_FLAG_NOTES = {
    "keyword list": "Reads as a list of keywords rather than an explanation.",
    "repeats the question": "Mostly restates the question.",
    "off-topic": "Most of the answer is about something other than the question.",
    "instruction to the grader": "Contains an instruction aimed at the grader; it was ignored.",
    "repeats itself": "Repeats the same content; repetition earns no extra credit.",
}


def level_for(value: float) -> int:
    return 1 + round(4 * _clip(value))


class HeuristicScorer(Scorer):
    """Deterministic, offline and fast (well under 10 ms per answer)."""

    name = "heuristic"

    def score(self, question: Question, rubric: Rubric, answer: str) -> ScoreResult:
        a = analyse(question, answer)
        cap = 1.0
        if a.flags and a.flags != ["empty answer"]:
            cap = 0.3  # a gamed answer never beats an honest partial one
        if "empty answer" in a.flags:
            cap = 0.0
        criteria, weighted = [], 0.0
        for criterion in rubric.criteria:
            signal = SIGNALS.get(criterion.signal)
            if signal is None:
                raise ValueError(f"rubric '{rubric.id}': unknown signal '{criterion.signal}'")
            value, evidence, suggestions = signal(a)
            value = min(value, cap)
            weighted += criterion.weight * value
            criteria.append(
                CriterionScore(
                    criterion.id,
                    criterion.name,
                    level_for(value),
                    criterion.weight,
                    tuple(evidence),
                    tuple(suggestions),
                )
            )
        flags = [f for f in a.flags if f != "empty answer"]
        if flags:
            criteria[0] = _with_flag_notes(criteria[0], flags)
        return ScoreResult(
            overall=round(100 * weighted),
            criteria=tuple(criteria),
            found_points=tuple(m.point.text for m in a.matches if m.credit == 1.0),
            missing_points=tuple(m.point.text for m in a.matches if m.credit < 1.0),
            star_missing=tuple(p for p in _STAR_PARTS if p not in star_parts(answer))
            if question.category == Category.behavioral
            else (),
            flags=tuple(a.flags),
            scorer=self.name,
        )


def _with_flag_notes(c: CriterionScore, flags: list[str]) -> CriterionScore:
    notes = tuple(_FLAG_NOTES[f] for f in flags if f in _FLAG_NOTES)
    return CriterionScore(
        c.criterion_id, c.name, c.level, c.weight, notes + c.evidence, c.suggestions
    )
