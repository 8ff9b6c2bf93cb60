"""A bank question asked again in other words ("can you repeat that?", or an answer to another
question), and the thing a question is about.

Plain rules on the common shapes of interview questions: "What is the difference between A and B?"
becomes "How do A and B differ?", "Tell me about a time you ..." becomes "Think of one specific
time you ...: what happened, and what did you do?", and a question in several parts is taken one
part at a time. A shape no rule knows is asked again with a lead-in, never changed in meaning.
"""

from __future__ import annotations

import re

from interviewsim import text as tx

# (pattern on one question part, its rewording); \1, \2 are kept from the part. A rewording may
# add a sentence after the question, after " | ".
_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.I), replacement)
    for pattern, replacement in (
        (
            r"^what(?:'s| is| are) the differences? between (.+?),? and (.+)$",
            r"how do \1 and \2 differ",
        ),
        (r"^what(?:'s| is) the difference between (.+)$", r"how do \1 differ from each other"),
        (r"^how (?:does|do) (.+?) differ from (.+)$", r"what sets \1 apart from \2"),
        (r"^compare (.+?),? (?:with|and|to|versus|vs\.?) (.+)$", r"how do \1 and \2 compare"),
        (r"^compare (.+)$", r"how do \1 compare with each other"),
        (
            r"^tell me about (?:a|one) time (?:when )?(.+)$",
            r"think of one specific time \1: what happened, and what did you do",
        ),
        (
            r"^tell me about (a|an|one) (project|decision|situation|mistake|conflict) (.+)$",
            r"think of one specific \2 \3: what happened, and what was your part",
        ),
        (
            r"^describe a (?:time|situation) (?:when |where )?(.+)$",
            r"think of one real situation where \1: what happened, and what did you do",
        ),
        (
            r"^give (?:me )?an example of a time (?:when )?(.+)$",
            r"think of one specific time \1: what happened",
        ),
        (r"^design (?:a way )?how to (.+)$", r"how would you \1 | Start with the main parts."),
        (r"^design (.+)$", r"how would you build \1 | Start with the main parts and how they fit."),
        (r"^explain (how|why|what|when|where) (.+)$", r"talk me through \1 \2"),
        (r"^explain ((?:\S+ ){0,7}\S+)$", r"how would you explain \1 to a colleague"),
        (r"^explain (.+)$", r"talk me through \1"),
        (r"^describe (.+)$", r"how would you describe \1"),
        (r"^walk (?:me )?through (.+)$", r"take me step by step through \1"),
        (
            r"^what would you do if,? (.+)$",
            r"suppose \1: what steps would you take, and in what order",
        ),
        (r"^what would you do(?: next| first)?$", r"what steps would you take, and in what order"),
        (r"^what do you do(?: next| first)?$", r"what would your first steps be"),
        (r"^what do you check(?: first)?$", r"where would you start looking, and why"),
        (r"^how do you (.+)$", r"talk me through how you would \1"),
        (r"^how would you (.+)$", r"talk me through how you'd \1"),
        (r"^how did you (.+)$", r"walk me through how you \1"),
        (r"^what did you (.+)$", r"and what did you \1, looking back"),
        (r"^how should (?:you|we|a|an|the) (.+)$", r"what is the right way for \1"),
        (r"^how does (.+?) work$", r"what happens inside \1, step by step"),
        (r"^what happens (when|if) (.+)$", r"talk me through what happens \1 \2"),
        (r"^when would you (.+)$", r"in which situations would you \1"),
        (r"^when (do|does|should|is|are) (.+)$", r"in which situations \1 \2"),
        (r"^why (?:do|would) (we|you|people|teams) (.+)$", r"what is the reason \1 \2"),
        (r"^what does (.+?) do$", r"what is \1 for"),
        (r"^what do (.+?) (mean|do)$", r"in your own words, what do \1 \2"),
        (r"^what are (?:your|the) options(.*)$", r"which options do you have\1"),
        (
            r"^what are the (risks|trade-?offs|downsides|benefits|advantages|problems|costs)(.*)$",
            r"which \1 do you see\2",
        ),
        (
            r"^what (?:is|are) ((?!your |my |our )(?:\S+ ){0,5}\S+)$",
            r"how would you explain \1 to a colleague",
        ),
    )
)
_AUXILIARY = r"(?:do|does|did|is|are|was|were|would|should|can|could|will|might|must|has|have)"
_PART_BREAK = re.compile(
    rf",\s+(?:and\s+)?(?=(?:how|what|why|when|where|which|who)\s+(?:\w+\s+)?{_AUXILIARY}\b)|"
    rf"\s+and\s+(?=(?:how|what|why|when|where|which)\s+{_AUXILIARY}\b)",
    re.I,
)
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")
_ASKING = re.compile(
    r"^(?:how|what|why|when|where|which|who|explain|describe|compare|design|walk|tell|give)\b", re.I
)
_NAME = re.compile(r"^[A-Z][A-Za-z0-9]*[A-Z0-9]|^[A-Z][a-z]+[A-Z]")  # SQL, HTTP2, JavaScript
_IMPERATIVE = ("talk me", "take me", "start with")


def lower_first(text: str) -> str:
    """The text with a lower-case first letter, unless it opens with a name ("SQL", "I")."""
    if not text or _NAME.match(text) or text.startswith("I "):
        return text
    return text[0].lower() + text[1:]


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def reword_part(part: str) -> str | None:
    """One question part in other words, or None when no rule knows its shape."""
    plain = tx.normalise_forms(part).strip().rstrip("?. ")
    for pattern, replacement in _RULES:
        if pattern.match(plain):
            return pattern.sub(replacement, plain, count=1)
    return None


def _said(reworded: str) -> str:
    """A reworded part as a sentence: a question mark, or a stop after "talk me through ..."."""
    question, _, extra = reworded.partition(" | ")
    question = _upper_first(question.strip())
    end = "." if question.lower().startswith(_IMPERATIVE) else "?"
    return f"{question}{end}" + (f" {extra}" if extra else "")


def _reword_sentence(sentence: str) -> tuple[str, bool]:
    body = sentence.strip().rstrip("?.! ")
    conditional = re.match(r"^(if|when|suppose|given)\b", body, re.I)
    parts = [body] if conditional else [p.strip(" ,") for p in _PART_BREAK.split(body)]
    parts = [p for p in parts if p]
    intro = ""
    if len(parts) > 1 and not _ASKING.match(parts[0]):
        intro, parts = parts[0], parts[1:]  # "In React, what is ...": said before the question
    reworded = [reword_part(p) for p in parts]
    said = [
        _said(r) if r is not None else _upper_first(p) + "?"
        for p, r in zip(parts, reworded, strict=True)
    ]
    if intro:
        said[0] = f"{_upper_first(intro)}, {lower_first(said[0])}"
    text = " ".join(said)
    if len(said) > 1:
        text = "There are a few parts to it. " + text
    return text, any(r is not None for r in reworded)


def in_other_words(prompt: str) -> tuple[str, bool]:
    """The question reworded, and whether a rule reworded it (else it is said again as it was)."""
    sentences = [s for s in _SENTENCE_END.split(tx.normalise_forms(prompt).strip()) if s]
    out, changed = [], False
    for sentence in sentences:
        if sentence.endswith("?") or _ASKING.match(sentence):
            text, done = _reword_sentence(sentence)
            if done:
                out.append(text)
                changed = True
                continue
        out.append(sentence)
    return (" ".join(out), True) if changed else (prompt.strip(), False)


_TOPIC = (
    re.compile(
        r"^what(?:'s| is| are) (?:the differences? between )?(.+?)(?:,|\?| and (?:how|what|why|when))",
        re.I,
    ),
    re.compile(
        r"^(?:explain|describe|compare) ([^,?]+?)(?:,|\?|\.| and (?:how|what|why|when))", re.I
    ),
    re.compile(r"^(?:what|how) does ([^,?]+?) (?:do|work|mean)\b", re.I),
    re.compile(r"^design ([^,?]+?)(?:,|\?|\.| that| where| which| for)", re.I),
)


def question_topic(prompt: str) -> str:
    """What a question is about ("What is a database index, ..." -> "a database index"), or ""."""
    plain = tx.normalise_forms(prompt).strip()
    for pattern in _TOPIC:
        match = pattern.match(plain)
        if match and len(match.group(1).split()) <= 8:
            return lower_first(match.group(1).strip())
    return ""
