"""The offline rubric scorer: explainable signals computed from the answer text alone.

Each rubric criterion names a `signal` (coverage, depth, clarity, star, ownership, impact). Every
signal yields a value in [0, 1], evidence quoted from the answer, and suggestions.

Coverage asks, for each key point (or, when a question has none, each piece of its model answer),
whether the answer states it, states part of it, leaves it out, or states it the wrong way round
(`claims`): matched in one sentence or two neighbouring ones, with negation, opposites, flipped
quantities, swapped roles and wrong names read as contradictions. A contradicted point earns
nothing, costs coverage, and keeps the whole answer below the 60 line. Depth and clarity are judged
against what the model answer itself shows, so a one-line reference asks for a one-line answer,
and both shrink when the answer misses the subject. Guards (`guards`) stop answers that game the
scorer (keyword lists, word salad, repeating the question or itself, off-topic text, instructions
aimed at the grader); given sibling questions (`neighbours`), an answer to another question of the
track is capped too. Agreement with human graders and with our probe answers is measured by
`bench/scoring.py`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from interviewsim import text as tx
from interviewsim.bank import Bank, Category, KeyPoint, PerBank, Question, Rubric
from interviewsim.scoring import claims, coaching, guards, neighbours, roles
from interviewsim.scoring import similarity as sim
from interviewsim.scoring import subjects as sj
from interviewsim.scoring.base import CriterionScore, Scorer, ScoreResult

FULL_MATCH = 0.6  # weighted share of a key point's content an answer must state to cover it
PARTIAL_MATCH = 0.34
ALTERNATIVE_FLOOR = 2.0  # an alternative phrasing weighs at least two content words
GAMED_CAP = 0.2  # the most any criterion can earn once a guard fires
# An answer that states a key point the wrong way round is not one a grader accepts, however much
# else it gets right: every criterion is capped below the line.
CAPS = {
    "contradicts a key point": 0.5,
    "answers another question": 0.3,
    # pieces of several points, none of them said: a grader does not accept it, whatever the
    # words it shares with them
    "covers no key point in full": 0.55,
}
OTHER_FIT_MIN = 0.5  # coverage another question's points must get for the answer to be its
OTHER_FIT_MARGIN = 0.25  # ... and this much more than the asked question's points get,
OTHER_WORDS_RATIO = 1.5  # ... or as much, sharing this many times the asked question's rarer words
CONTRADICTION_PENALTY = 0.5  # coverage lost per contradicted point, beyond earning nothing for it
MISSED_REFERENCE = 0.35  # coverage below which an answer has missed the reference content
DEPTH_FLOOR = 0.2  # depth and clarity keep this share of their value when nothing relevant is said
SUBJECT_COVERED = 0.7  # ... and all of it from this much coverage up
DEPTH_TERMS = 40  # distinct content words for full substance (fewer if the model answer is shorter)
CLEAR_LENGTH = 60  # words for full length credit (less when the model answer is short) ...
LENGTH_SHARE = 0.5  # ... namely this share of the model answer's length
MIN_LENGTH = 3  # ... but never fewer words than this
LONG_ANSWER = 350  # past this many words, length starts to count against clarity

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


Statements = tuple[tuple[claims.Sentence, dict[claims.Token, float]], ...]


@dataclass(frozen=True)
class Reference:
    """What the scorer needs from a question, computed once per question and cached."""

    points: tuple[KeyPoint, ...]
    derived: bool  # the points were cut from the model answer (the question has no key points)
    statements: tuple[Statements, ...]  # per point: each phrasing's sentences, with word weights
    judged: tuple[int, ...]  # per point: how many of its statements are its own wording
    subjects: claims.Subjects  # what a comparison question sets side by side
    said: roles.Said  # per compared thing, what the key points and the model answer say of it
    everything: Statements  # every point's statements
    factors: tuple[tuple[dict[claims.Token, float], ...], ...]  # per point and statement (credit)
    answer_weights: dict[claims.Token, float]  # the model answer's content words, weighted
    answer_terms: tuple[sim.Term, ...]  # the model answer's content terms
    question_stems: frozenset[str]
    on_topic: frozenset[str]  # stems of the question, the model answer and the key points
    words: int  # length of the model answer
    prose: bool  # the model answer is written in sentences (so a bare list is a dodge)
    shows_example: bool
    shows_tradeoff: bool
    shows_reason: bool


@lru_cache(maxsize=1024)
def reference_for(question: Question) -> Reference:
    points = question.key_points or derive_key_points(question.model_answer)
    keys = claims.question_keys(question.prompt)
    statements = tuple(
        tuple(
            (s, claims.weights(s, keys, floor=ALTERNATIVE_FLOOR if n else 0.0))
            for n, p in enumerate(point.phrasings)
            for s in claims.parse(p)
        )
        for point in points
    )
    answer_terms = sim.terms(question.model_answer)
    reference_texts = [question.model_answer, *(p for point in points for p in point.phrasings)]
    subjects = sj.refined(
        claims.contrasted(question.prompt),
        [(s.words, s.clauses) for text in reference_texts for s in claims.parse(text)],
    )
    question_stems = frozenset(t.stem for t in sim.terms(question.prompt))
    on_topic = question_stems | {t.stem for t in answer_terms}
    on_topic |= {t.stem for point in points for p in point.phrasings for t in sim.terms(p)}
    return Reference(
        points=points,
        derived=not question.key_points,
        statements=statements,
        judged=tuple(len(claims.parse(point.text)) for point in points),
        subjects=subjects,
        said=roles.said_of(reference_texts, subjects),
        everything=tuple(s for point in statements for s in point),
        factors=claims.distinctive(statements),
        answer_weights=claims.bag_weights(claims.parse(question.model_answer), keys),
        answer_terms=answer_terms,
        question_stems=question_stems,
        on_topic=frozenset(on_topic),
        words=len(tx.words(question.model_answer)),
        prose=guards.is_prose(question.model_answer),
        shows_example=bool(_EXAMPLE.search(question.model_answer)),
        shows_tradeoff=bool(_TRADEOFF.search(question.model_answer)),
        shows_reason=bool(_REASON.search(question.model_answer)),
    )


@dataclass
class KeyPointMatch:
    point: KeyPoint
    credit: float  # 1 full, 0.5 partial, 0 missing or contradicted
    quote: str  # the answer sentence(s) that best cover it, or that contradict it
    share: float = 0.0  # weighted share of the point's content the answer states (best phrasing)
    found: tuple[str, ...] = ()  # the point's words the answer states
    missing: tuple[str, ...] = ()  # the point's words it does not
    contradicted: bool = False  # the answer states the point the other way round
    keys: tuple[str, ...] = ()  # the keys of the point's words found


@dataclass
class Analysis:
    question: Question
    answer: str
    words: list[str]
    sentences: list[str]
    stems: set[str]
    matches: list[KeyPointMatch]
    coverage: float  # 0-1 credit for the reference content stated (concave in the share)
    topicality: float  # share of the answer's content that relates to the question or its answer
    reference: Reference
    reference_recall: sim.Recall | None = None  # the whole model answer, when points are derived
    flags: list[str] = field(default_factory=list)
    parsed: tuple[claims.Sentence, ...] = ()
    other_question: Question | None = None  # a sibling the answer fits clearly better

    @property
    def word_count(self) -> int:
        return len(self.words)


_CLAUSE_BREAK = re.compile(r"(,|:|\band\b)")


def derive_key_points(reference: str) -> tuple[KeyPoint, ...]:
    """Key content from a reference answer: its clauses (split at commas, colons and "and").

    A clause with fewer than two content words is joined to the next one, so "the deletion and
    insertion operations" stays one piece instead of losing "deletion".
    """
    pieces = [clause for sentence in tx.sentences(reference) for clause in _clauses(sentence)]
    # a bare "No." or "A." leading a reference is its verdict: a point of its own
    return tuple(KeyPoint(text=p) for p in pieces if any(s.tokens for s in claims.parse(p)))


def _clauses(sentence: str) -> list[str]:
    clauses, current = [], ""
    for part in _CLAUSE_BREAK.split(sentence):
        current += part
        # names and numbers do not make a clause of their own: "Terminals 1 and 4 are ..."
        words = [w for w in tx.content_stems(current) if not w.isdigit()]
        if not _CLAUSE_BREAK.fullmatch(part) and len(words) >= 2:
            clauses.append(current)
            current = ""
    if current and clauses:
        clauses[-1] += current
    clauses = [re.sub(r"^and\b\s*", "", c.strip(" ,:")) for c in clauses]
    return [c for c in clauses if c] or [sentence]


def _match_point(
    point: KeyPoint,
    statements: Statements,
    answer: tuple[claims.Sentence, ...],
    judged: int | None = None,
    subjects: claims.Subjects = (),
    said: roles.Said = (),
    reference: Statements = (),
    factors: Sequence[dict[claims.Token, float]] = (),
) -> KeyPointMatch:
    """The point's best alignment with one or two neighbouring sentences of the answer."""
    swap = None
    if said:
        for n, (statement, weight) in enumerate(statements):
            if judged is not None and n >= judged and not claims.self_contained(statement, weight):
                continue
            found = roles.misattributed(statement, weight, answer, subjects, said, reference)
            if found is not None and (swap is None or found.share > swap.share):
                swap = found
    excluded = frozenset({swap.sentence}) if swap is not None else frozenset()
    best = claims.best_alignment(statements, answer, judged, subjects, excluded, factors)
    consistent, contradicting = best.consistent, best.contradicting
    if swap is not None and consistent.credit_share < FULL_MATCH:
        # says of one of the things compared what the point says of another
        quote = answer[swap.sentence].text
        return KeyPointMatch(point, 0.0, quote, 0.0, (), swap.found, True)
    # Said right somewhere, the point stands; but a sentence that reverses the point's own wording
    # does not also state it by matching an alternative less fully ("the mean sits below the
    # median, because the long tail drags ..." against "a long right tail pushes the mean higher").
    # Not for swapped sides, the least certain reading of a sentence.
    reversal = contradicting.flips or contradicting.negated or contradicting.substituted
    beside = best.own and consistent is not best.apart and bool(reversal)
    if (
        contradicting.contradicted
        and contradicting.share >= consistent.share
        and (best.apart.credit_share if beside else consistent.credit_share) < FULL_MATCH
        and (contradicting.share > consistent.share or not beside)
    ):
        quote = " ".join(answer[i].text for i in contradicting.window)
        return KeyPointMatch(point, 0.0, quote, 0.0, (), contradicting.found, True)
    share = consistent.credit_share
    credit = 1.0 if share >= FULL_MATCH else 0.5 if share >= PARTIAL_MATCH else 0.0
    quote = " ".join(answer[i].text for i in consistent.window) if credit else ""
    return KeyPointMatch(
        point, credit, quote, share, consistent.found, consistent.missing, keys=consistent.keys
    )


def point_credit(share: float) -> float:
    """Credit for stating `share` of a key point: in proportion, full once it counts as covered."""
    return min(1.0, share / FULL_MATCH)


def _coverage(matches: list[KeyPointMatch], whole: sim.Recall | None) -> float:
    """Credit for the reference content stated, less a penalty for each point contradicted.

    Written key points are separate claims, so each earns its own credit, in proportion to the share
    of it stated and full once it is covered. Points cut from a model answer are arbitrary pieces of
    one text, so the whole text is matched instead, with the concave credit graders give a partial
    answer on a 0-5 scale (`similarity.soft_credit`).
    """
    contradicted = sum(m.contradicted for m in matches) / len(matches) if matches else 0.0
    if whole is not None:
        base = sim.soft_credit(whole.value)
    elif not matches:
        return 0.0
    else:
        base = sum(point_credit(m.share) for m in matches) / len(matches)
    return max(0.0, base - CONTRADICTION_PENALTY * contradicted)


def _matches(ref: Reference, parsed: tuple[claims.Sentence, ...]) -> list[KeyPointMatch]:
    return [
        _match_point(
            point, statements, parsed, judged, ref.subjects, ref.said, ref.everything, factors
        )
        for point, statements, judged, factors in zip(
            ref.points, ref.statements, ref.judged, ref.factors, strict=True
        )
    ]


def analyse(question: Question, answer: str, latest: str | None = None) -> Analysis:
    """`answer` read against the question's reference. `latest` is the candidate's last reply in
    an exchange (`answer` holds them all): a point it states the other way round is contradicted
    whatever an earlier reply said, since that is the word the candidate left it at."""
    ref = reference_for(question)
    words = tx.words(answer)
    sentences = tx.sentences(answer)
    stems_in_order = tx.content_stems(answer)
    answer_terms = sim.AnswerTerms(answer)
    parsed = claims.parse(answer)
    matches = _matches(ref, parsed)
    if latest:
        taken_back = _matches(ref, claims.parse(latest))
        matches = [
            last if last.contradicted and not m.contradicted else m
            for m, last in zip(matches, taken_back, strict=True)
        ]
    stems = set(answer_terms.stems)
    topicality = len(stems & ref.on_topic) / len(stems) if stems else 0.0
    whole = None
    if ref.derived:
        # Words of a contradicted piece of the reference are not credited anywhere else.
        excluded = frozenset(
            t.keys[0][0]
            for m, statements in zip(matches, ref.statements, strict=True)
            if m.contradicted
            for sentence, _ in statements
            for t in sentence.tokens
        )
        stated = frozenset(k for m in matches if not m.contradicted for k in m.keys)
        share, found, missing = claims.bag_recall(ref.answer_weights, parsed, excluded, stated)
        whole = sim.Recall(share, found, missing)
    coverage = _coverage(matches, whole)
    a = Analysis(
        question, answer, words, sentences, stems, matches, coverage, topicality, ref, whole
    )
    a.parsed = parsed
    _apply_guards(a, stems_in_order)
    return a


def _apply_guards(a: Analysis, stems_in_order: list[str]) -> None:
    ref = a.reference
    if not a.words:
        a.flags.append("empty answer")
        return
    if guards.is_keyword_list(a.words, ref.prose):
        a.flags.append("keyword list")
    # Both need the answer to miss the reference too: a right answer may reuse the question's words
    # ("by their signature"), and a long right answer may use words the reference does not.
    missed = a.coverage < MISSED_REFERENCE
    if guards.mostly_repeats_question(stems_in_order, ref.question_stems) and missed:
        a.flags.append("repeats the question")
    if len(a.words) >= 25 and a.topicality < 0.2 and missed:
        a.flags.append("off-topic")
    if guards.has_instruction_to_grader(a.answer):
        a.flags.append("instruction to the grader")
    # names and numbers are content: "bulb A ... bulb C" is two things, not one said twice
    terms = [[t.keys[0][0] for t in s.tokens] for s in a.parsed]
    sentence_terms = [" ".join(t) for t in terms]
    if guards.repeats_itself(a.words, a.sentences, [k for t in terms for k in t], sentence_terms):
        a.flags.append("repeats itself")
    if guards.is_word_salad(a.answer):
        a.flags.append("word salad")
    # A behavioral question's key points describe a story's shape, not claims it can reverse.
    if a.question.category != Category.behavioral and any(m.contradicted for m in a.matches):
        a.flags.append("contradicts a key point")


# ----------------------------------------------------------------------------------- the signals

Signal = Callable[[Analysis], tuple[float, list[str], list[str]]]


def _clip(x: float) -> float:
    return max(0.0, min(1.0, x))


def _quote(sentence: str, limit: int = 140) -> str:
    sentence = " ".join(sentence.split())
    return f"“{sentence[: limit - 1]}…”" if len(sentence) > limit else f"“{sentence}”"


def coverage_signal(a: Analysis) -> tuple[float, list[str], list[str]]:
    """Which key points (or pieces of the model answer) the answer states, and which words of
    each it left out."""
    evidence, suggestions = [], []
    for m in a.matches:
        if m.contradicted:
            evidence.append(f"Contradicts: {m.point.text} — {_quote(m.quote)}")
        elif m.credit == 1.0:
            evidence.append(f"Covered: {m.point.text} — {_quote(m.quote)}")
        elif m.credit:
            lacking = f" (missing: {', '.join(m.missing[:5])})" if m.missing else ""
            evidence.append(f"Partly covered: {m.point.text} — {_quote(m.quote)}{lacking}")
    missing = [m.point.text for m in a.matches if not m.credit and not m.contradicted]
    if missing:
        evidence.append("Not found: " + "; ".join(missing[:4]))
    behavioral = a.question.category == Category.behavioral
    derived = a.reference.derived
    suggestions += [
        coaching.contradicted(m.point.text, m.quote) for m in a.matches if m.contradicted
    ]
    suggestions += [
        coaching.missing(m.point.text, behavioral, derived)
        for m in a.matches
        if not m.credit and not m.contradicted
    ]
    suggestions += [
        coaching.partial(m.point.text, behavioral, derived) for m in a.matches if m.credit == 0.5
    ]
    suggestions = suggestions[:3]
    whole = a.reference_recall
    if whole is not None and a.words:
        found = ", ".join(whole.found) or "none"
        evidence.append(
            f"Model answer content stated: {found}; not stated: {', '.join(whole.missing) or 'none'}."
        )
    return a.coverage, evidence, suggestions


def _gate(a: Analysis) -> float:
    """Depth or polish about the wrong subject is worth little: scale by the content covered."""
    return DEPTH_FLOOR + (1 - DEPTH_FLOOR) * min(1.0, a.coverage / SUBJECT_COVERED)


def depth_signal(a: Analysis) -> tuple[float, list[str], list[str]]:
    """Example, trade-off, reasoning and substance, each asked for only if the model answer has it.

    A one-line reference answer ("By reference.") asks for no example or trade-off, so an answer is
    not marked down for leaving them out; a model answer that weighs options sets that bar.
    """
    ref = a.reference
    examples = [s for s in a.sentences if _EXAMPLE.search(s)]
    tradeoffs = [s for s in a.sentences if _TRADEOFF.search(s)]
    reasons = [s for s in a.sentences if _REASON.search(s)]
    expected_terms = max(1, min(DEPTH_TERMS, len(ref.answer_terms)))
    substance = min(1.0, len(a.stems) / expected_terms)
    value = (
        0.3 * substance
        + 0.25 * (bool(examples) or not ref.shows_example)
        + 0.25 * (bool(tradeoffs) or not ref.shows_tradeoff)
        + 0.2 * (bool(reasons) or not ref.shows_reason)
    ) * _gate(a)
    evidence = [f"Example: {_quote(examples[0])}"] if examples else []
    evidence += [f"Trade-off: {_quote(tradeoffs[0])}"] if tradeoffs else []
    evidence += [f"Reasoning: {_quote(reasons[0])}"] if reasons else []
    suggestions = []
    if not examples and ref.shows_example:
        suggestions.append("Add a concrete example, ideally from something you have built.")
    if not tradeoffs and ref.shows_tradeoff:
        suggestions.append("Name a trade-off or limitation: when would you not do this?")
    if not reasons and ref.shows_reason:
        suggestions.append('Explain why, not only what ("because ...").')
    return _clip(value), evidence, suggestions


def clarity_signal(a: Analysis) -> tuple[float, list[str], list[str]]:
    """Length, sentence rhythm and staying on the subject, with length judged against the model
    answer: a one-line answer to a one-line question is complete, not thin."""
    ref = a.reference
    n = a.word_count
    if n == 0:
        return 0.0, [], ["Give an answer in full sentences."]
    per_sentence = n / max(1, len(a.sentences))
    target = min(CLEAR_LENGTH, max(MIN_LENGTH, LENGTH_SHARE * ref.words))
    length = _clip(n / target) if n < target else 1.0
    if n > LONG_ANSWER:
        length = 0.3 + 0.7 * _clip(1 - (n - LONG_ANSWER) / (2 * LONG_ANSWER))
    shortest = min(6, ref.words)  # a phrase is the right form when the model answer is a phrase
    rhythm = 1.0 if shortest <= per_sentence <= 30 else 0.6 if per_sentence <= 45 else 0.3
    value = 0.5 * length + 0.3 * rhythm + 0.2 * _clip(a.topicality / 0.5)
    if a.question.category != Category.behavioral:
        # The rubric asks for sentences "that answer the question asked". A behavioral question's
        # key points describe the shape of a story, not its words, so they cannot judge that.
        value *= _gate(a)
    evidence = [
        f"{tx.counted(n, 'word')} in {tx.counted(len(a.sentences), 'sentence')}, "
        f"about {per_sentence:.0f} words each."
    ]
    suggestions = []
    if n < min(40, target):
        suggestions.append("Say more: two or three full sentences is a good minimum.")
    if n > LONG_ANSWER:
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
    "word salad": "The words are not in an order that says anything; it reads as shuffled.",
    "contradicts a key point": "States a key point the wrong way round (see Contradicts), so it "
    "cannot pass.",
    "covers no key point in full": "States none of the key points in full, so it cannot pass yet.",
}


def _nothing_in_full(a: Analysis) -> bool:
    """Written key points, some of them touched, none stated in full."""
    if a.reference.derived or not a.matches or "empty answer" in a.flags:
        return False
    if a.question.category == Category.behavioral:
        return False  # a story is judged on its parts and relevance, not on stating points
    return all(m.credit < 1.0 for m in a.matches)


def level_for(value: float) -> int:
    return 1 + round(4 * _clip(value))


def point_coverage(question: Question, parsed: tuple[claims.Sentence, ...]) -> float:
    """How well an answer (already parsed) covers `question`'s points, as `coverage` counts it."""
    ref = reference_for(question)
    matches = [
        _match_point(
            point, statements, parsed, judged, ref.subjects, ref.said, ref.everything, factors
        )
        for point, statements, judged, factors in zip(
            ref.points, ref.statements, ref.judged, ref.factors, strict=True
        )
    ]
    return _coverage(matches, None)


class HeuristicScorer(Scorer):
    """Deterministic, offline and fast (well under 10 ms per answer).

    Given a bank (or a `neighbours` callable returning the questions to compare with), it also
    notices an answer that fits another question of the same track clearly better than the one
    asked, flags it and caps it. Without either it judges each answer on its own question only.
    """

    name = "heuristic"

    def __init__(self, bank: Bank | None = None, neighbours: neighbours.Neighbours | None = None):
        self.bank = bank
        self._siblings = neighbours_of(bank) if bank is not None else None
        self.neighbours = neighbours or self._siblings

    def other_question(self, question: Question, a: Analysis) -> Question | None:
        """The sibling question the answer fits clearly better than `question`, if any."""
        if self.neighbours is None or not a.words:
            return None
        siblings = self.neighbours(question)
        if not siblings:
            return None
        weigh = self._siblings.weight if self._siblings is not None else None
        own = point_coverage(question, a.parsed) if a.reference.derived else a.coverage
        stems = frozenset(a.stems)
        for candidate, ratio in neighbours.likelier(question, stems, siblings, weigh):
            fit = point_coverage(candidate, a.parsed)
            if fit < OTHER_FIT_MIN:
                continue
            # covers the other question's points clearly better, or as well while its words
            # are plainly the other question's
            if fit >= own + OTHER_FIT_MARGIN or (ratio >= OTHER_WORDS_RATIO and fit >= own):
                return candidate
        return None

    def score(
        self, question: Question, rubric: Rubric, answer: str, *, latest: str | None = None
    ) -> ScoreResult:
        a = analyse(question, answer, latest)
        a.other_question = self.other_question(question, a)
        if a.other_question is not None:
            a.flags.append("answers another question")
        if _nothing_in_full(a):
            a.flags.append("covers no key point in full")
        # a gamed answer never beats an honest partial one
        cap = min((CAPS.get(f, GAMED_CAP) for f in a.flags), default=1.0)
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
            level = level_for(value)
            if criterion.signal == "coverage" and any(m.credit < 1.0 for m in a.matches):
                level = min(level, 4)  # the top level says every key point is covered in full
            criteria.append(
                CriterionScore(
                    criterion.id,
                    criterion.name,
                    level,
                    criterion.weight,
                    tuple(evidence),
                    tuple(suggestions),
                )
            )
        flags = [f for f in a.flags if f != "empty answer"]
        if flags:
            criteria[0] = _with_flag_notes(criteria[0], flags, a.other_question)
        return ScoreResult(
            overall=round(100 * weighted),
            criteria=tuple(criteria),
            found_points=tuple(m.point.text for m in a.matches if m.credit == 1.0),
            missing_points=tuple(m.point.text for m in a.matches if m.credit < 1.0),
            contradicted_points=tuple(m.point.text for m in a.matches if m.contradicted),
            star_missing=tuple(p for p in _STAR_PARTS if p not in star_parts(answer))
            if question.category == Category.behavioral
            else (),
            flags=tuple(a.flags),
            scorer=self.name,
        )


def _with_flag_notes(
    c: CriterionScore, flags: list[str], other: Question | None = None
) -> CriterionScore:
    notes = tuple(_FLAG_NOTES[f] for f in flags if f in _FLAG_NOTES)
    if other is not None:
        notes += (f"Reads as an answer to another question: {_quote(other.prompt)}",)
    return CriterionScore(
        c.criterion_id, c.name, c.level, c.weight, notes + c.evidence, c.suggestions
    )


_SIBLINGS: PerBank[None, neighbours.Siblings] = PerBank(
    lambda bank, _: neighbours.Siblings(bank), 8
)


def neighbours_of(bank: Bank) -> neighbours.Siblings:
    """The sibling index of a bank, built once per bank (a bank is immutable once loaded)."""
    return _SIBLINGS(bank, None)
