"""What a follow-up asks, decided once for every interviewer: the bank's own follow-up for the gap,
a question written from the key point, a challenge to a wrong statement, a hint, or the question
again in other words. The offline interviewer says it with a lead-in in its style; the LLM one
rewords it, and so never needs to see the key point itself.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from interviewsim import text as tx
from interviewsim.bank import Category, Question
from interviewsim.interviewer.phrasing import question_from_point
from interviewsim.interviewer.rephrase import in_other_words, lower_first, question_topic
from interviewsim.scoring.base import ScoreResult
from interviewsim.states import FollowUpTarget, TargetKind

MIN_SHARED = 2  # content words a follow-up without `probes` must share with the point it asks about
SHARED_SHARE = 0.4  # ... and this share of the point's content words
CHALLENGE_WORDS = 24  # the longest stretch of the candidate's words a challenge repeats back
# The scorer's evidence lines these texts are read from (see scoring.heuristic).
CONTRADICTS = "Contradicts: "
OTHER_QUESTION = "Reads as an answer to another question: "

STAR_PROMPTS = {
    "situation": "What was the situation - where were you and what was at stake?",
    "task": "What exactly were you responsible for?",
    "action": "What did you personally do, step by step?",
    "result": "What was the result? Can you put a number on it?",
}
STORY_HINT = (
    "Pick one real occasion, even a small one, and tell it in order: where you were, what you "
    "had to do, what you did yourself, and how it turned out."
)


@dataclass(frozen=True)
class Probe:
    """What a follow-up asks. `authored`: one of the bank's own follow-ups, word for word.
    `said`: for a challenge, the candidate's own words being questioned."""

    text: str
    authored: bool = False
    said: str = ""


def point_number(question: Question, point: str) -> int | None:
    """The 1-based number of a written key point, by its text."""
    for n, kp in enumerate(question.key_points, start=1):
        if kp.text == point:
            return n
    return None


def _targeted_points(question: Question, asked: Iterable[FollowUpTarget]) -> set[int]:
    kinds = {TargetKind.point, TargetKind.challenge, TargetKind.hint}
    numbers = {point_number(question, t.detail) for t in asked if t.kind in kinds}
    return {n for n in numbers if n is not None}


def authored_for(
    question: Question,
    point: str,
    found: Sequence[str] = (),
    asked: Iterable[FollowUpTarget] = (),
    said: Sequence[str] = (),
) -> str | None:
    """The bank's follow-up that asks about `point`: one whose `probes` name it and no point the
    answer already made, nor one already asked about; or, in a bank whose follow-ups name no
    points, the one sharing most words with it. Never one said already in this exchange."""
    fresh = [f for f in question.follow_ups if not any(f.text in s for s in said)]
    if any(f.probes for f in question.follow_ups):
        wanted = point_number(question, point)
        if wanted is None:
            return None
        made = {point_number(question, p) for p in found} | _targeted_points(question, asked)
        for follow_up in fresh:
            if wanted in follow_up.probes and not (set(follow_up.probes) & made):
                return follow_up.text
        return None
    wanted_stems = set(tx.content_stems(point))
    made_stems = [set(tx.content_stems(p)) for p in found]
    best, best_shared = None, 0
    for follow_up in fresh:
        stems = set(tx.content_stems(follow_up.text))
        shared = len(wanted_stems & stems)
        # one that is more about a point already made asks about that point
        if shared > best_shared and all(len(m & stems) < shared for m in made_stems):
            best, best_shared = follow_up.text, shared
    if best and best_shared >= MIN_SHARED and best_shared >= SHARED_SHARE * len(wanted_stems):
        return best
    return None


def point_probe(
    question: Question,
    point: str,
    found: Sequence[str] = (),
    asked: Iterable[FollowUpTarget] = (),
    said: Sequence[str] = (),
) -> Probe:
    """The authored follow-up for a missed point, else a question written from its text."""
    authored = authored_for(question, point, found, asked, said)
    if authored:
        return Probe(authored, authored=True)
    topic = question_topic(question.prompt)
    return Probe(question_from_point(point, topic, question.category.value))


# ------------------------------------------------------------------------------ challenges

_FIRST_PERSON = {
    "i": "you",
    "me": "you",
    "my": "your",
    "mine": "yours",
    "myself": "yourself",
    "i'm": "you're",
    "i've": "you've",
    "i'd": "you'd",
    "i'll": "you'll",
    "we": "you",
    "us": "you",
    "our": "your",
    "ours": "yours",
    "ourselves": "yourselves",
    "we're": "you're",
    "we've": "you've",
    "we'd": "you'd",
}
_OPENERS = re.compile(
    r"^(?:and|so|but|also|then|because of that|that is why|that's why|which means|well|"
    r"basically|actually|i think|i believe|i guess|in fact|honestly|whereas|while|because|"
    r"although|though)\b[\s,]*",
    re.I,
)
# a colon introduces the claim ("Sorry, I had that wrong: an index ..."): the claim is a clause
_CONDITION = re.compile(
    r"^(?:and |but |so )?(?:when|whenever|if|once|unless|after|before|as soon as)\b", re.I
)
# a clause that says something of what the clause before it named ("..., which is ...")
_FRAGMENT = re.compile(r"^(?:which|meaning|i\.e\.|ie|whose|where)\b", re.I)
_JOINED = re.compile(r"^(?:and|but|or|so)\b", re.I)
APPOSITION_WORDS = 3  # "L2, the lasso, penalises ...": a clause this short names, it claims nothing
_CLAUSES = re.compile(r",\s+|;\s+|:\s+|\s+-\s+|\s+(?=but\b|whereas\b|while\b|because\b|so\b)", re.I)


def contradicting_words(result: ScoreResult, point: str, answer: str) -> str:
    """The candidate's sentence that states `point` the wrong way round: the scorer's quote (made
    whole again from the answer when it was cut short), else the sentence closest to the point."""
    prefix = f"{CONTRADICTS}{point} — "
    for criterion in result.criteria:
        for line in criterion.evidence:
            if line.startswith(prefix):
                quote = line[len(prefix) :].strip().strip("“”")
                return _whole(quote, answer)
    wanted = set(tx.content_stems(point))
    sentences = tx.sentences(answer)
    return max(sentences, key=lambda s: len(wanted & set(tx.content_stems(s))), default="")


def _whole(quote: str, answer: str) -> str:
    if not quote.endswith("…"):
        return quote
    start = " ".join(answer.split()).find(quote[:-1].strip())
    if start < 0:
        return quote[:-1]
    rest = " ".join(answer.split())[start:]
    end = re.search(r"[.?!](?:\s|$)", rest)
    return rest[: end.start() + 1] if end else rest


SUBJECT_WEIGHT = 2  # a clause that names the point's subject (its first content word) counts more


def challenge_clause(said: str, point: str) -> str:
    """The part of the candidate's sentence that says the point wrongly, in the second person,
    ready for "Are you sure ...?"."""
    stems = tx.content_stems(point)
    wanted, subject = set(stems), set(stems[:1])

    def fit(clause: str) -> int:
        # the clause about the point's own subject ("**kwargs collects ..."), not the one that
        # says the point's other words of something else ("*args ... into a dict")
        said_stems = set(tx.content_stems(clause))
        shared = wanted & said_stems
        # ... and says something of it: "A mutex, | unlike a semaphore, ..." names it only
        named = bool(subject & said_stems) and bool(shared - subject)
        return len(shared) + SUBJECT_WEIGHT * named

    text = " ".join(said.split())
    cuts = [0, *(m.end() for m in _CLAUSES.finditer(text)), len(text)]
    spans = [(a, b) for a, b in itertools.pairwise(cuts) if text[a:b].strip(" ,;:-")]
    if not spans:
        return ""
    clauses = [text[a:b] for a, b in spans]
    at = max(range(len(clauses)), key=lambda i: fit(clauses[i]))
    first, last = _claim(clauses, at, subject)
    best = text[spans[first][0] : spans[last][1]]
    if len(best.split()) > CHALLENGE_WORDS:
        best = clauses[at]
    words = _OPENERS.sub("", best.strip()).strip(" ,.;:!?-–—").split()
    words = [_FIRST_PERSON.get(w.lower(), w) for w in words][:CHALLENGE_WORDS]
    article = words[:1] == ["A"] and len(words) > 1 and words[1][:1].islower()
    # a name keeps its case: "SIGTERM", "NaN", "I"; a sentence's first word does not
    named = words and (
        words[0][:2].isupper() or any(c.isupper() for c in words[0][1:]) or words[0] == "I"
    )
    if words and (article or not named):
        words[0] = words[0][0].lower() + words[0][1:]
    if words and _CONDITION.match(words[0]):
        words.insert(0, "that")  # "Are you sure that when you define __eq__, ...?"
    return " ".join(words)


def _claim(clauses: Sequence[str], at: int, subject: set[str]) -> tuple[int, int]:
    """The first and last clause of the claim that clause `at` belongs to: with the claim after a
    condition ("when you define __eq__, | Python keeps ..."), and with the clauses before it
    that give it its subject ("L2, | the lasso, | penalises ..."; "the root, | which is ...";
    "a mutex, | unlike a semaphore, | lets ...")."""
    first = last = at
    if _CONDITION.match(clauses[at]) and at + 1 < len(clauses):
        last = at + 1
    unnamed = not subject & set(tx.content_stems(clauses[at]))
    if unnamed:
        named = [i for i in range(at) if subject & set(tx.content_stems(clauses[i]))]
        first = named[-1] if named else at
    while first > 0 and (
        _FRAGMENT.match(clauses[first])
        or (
            unnamed
            and len(clauses[first - 1].split()) <= APPOSITION_WORDS
            and not _JOINED.match(clauses[first])  # "..., and indexes make ...": its own claim
        )
    ):
        first -= 1
    return first, last


def challenge_probe(
    question: Question,
    point: str,
    result: ScoreResult,
    answer: str,
    asked: Iterable[FollowUpTarget] = (),
    said: Sequence[str] = (),
) -> Probe:
    words = contradicting_words(result, point, answer)
    clause = challenge_clause(words, point)
    probe = point_probe(question, point, result.found_points, asked, said)
    text = f"Are you sure {clause}? {probe.text}" if clause else f"Are you sure? {probe.text}"
    return Probe(text, authored=probe.authored, said=words)


# ------------------------------------------------------------- hints, repeats, other questions


def other_question_prompt(result: ScoreResult) -> str:
    """The question the scorer read the answer as answering, as it quoted it, or ""."""
    for criterion in result.criteria:
        for line in criterion.evidence:
            if line.startswith(OTHER_QUESTION):
                return line[len(OTHER_QUESTION) :].strip().strip("“”")
    return ""


def hint_point(
    question: Question, result: ScoreResult, asked: Iterable[FollowUpTarget] = ()
) -> str:
    """The key point a hint is about: the first one the answer has not made, preferring one no
    follow-up has asked about yet (a hint that asks the follow-up again is no help)."""
    missing = [p for p in result.missing_points if p not in result.found_points]
    if not missing:
        return question.key_points[0].text if question.key_points else ""
    asked_about = {t.detail for t in asked}
    return next((p for p in missing if p not in asked_about), missing[0])


def hint_probe(
    question: Question,
    point: str,
    found: Sequence[str] = (),
    asked: Iterable[FollowUpTarget] = (),
    said: Sequence[str] = (),
) -> Probe:
    """A nudge towards one key point: a question that leads to it, never the point itself."""
    lead = point_probe(question, point, found, asked, said) if point else None
    if question.category == Category.behavioral:
        text = STORY_HINT + (f" Think about this: {lower_first(lead.text)}" if lead else "")
        return Probe(text, authored=bool(lead and lead.authored))
    if lead is None:
        return Probe("Think about the main idea the question turns on, and start from there.")
    return Probe(f"Think about this: {lower_first(lead.text)}", authored=lead.authored)


def again_probe(question: Question) -> Probe:
    """The question in other words (or as written, when no rule rewords it)."""
    text, _ = in_other_words(question.prompt)
    return Probe(text)


def probe_for(
    question: Question,
    target: FollowUpTarget,
    result: ScoreResult,
    answer: str = "",
    asked: Iterable[FollowUpTarget] = (),
    said: Sequence[str] = (),
) -> Probe:
    """What a follow-up on `target` asks; the same for every interviewer."""
    asked = tuple(asked)
    kind, detail = target.kind, target.detail
    if kind is TargetKind.point:
        return point_probe(question, detail, result.found_points, asked, said)
    if kind is TargetKind.challenge:
        return challenge_probe(question, detail, result, answer, asked, said)
    if kind is TargetKind.hint:
        return hint_probe(question, detail, result.found_points, asked, said)
    if kind in (TargetKind.repeat, TargetKind.other):
        return again_probe(question)
    if kind is TargetKind.star:
        return Probe(STAR_PROMPTS.get(detail, STAR_PROMPTS["action"]))
    return Probe("")  # short answers and the hint offer: worded by the interviewer
