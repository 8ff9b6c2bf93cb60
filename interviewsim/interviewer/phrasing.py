"""A follow-up question written from a key point's own text, for a point no authored follow-up
probes (an instructor's own bank, a tailored question).

The question names what the point is about (its subject, or the situation an instruction applies
to) and never its claim: "tuples are slightly smaller and faster to create" becomes "How do tuples
compare on size and speed?", "cancel stale fetches to avoid race conditions" becomes "How would you
avoid race conditions?", "explains how they prepared before asking" becomes "Can you explain how you
prepared before asking?". Plain rules on the words, so the same point always gives the same
question.
"""

from __future__ import annotations

import re

from interviewsim import text as tx

_DETERMINERS = frozenset(
    "a an the this that these those each every all both its their some most many any no one".split()
)
_PRONOUNS = frozenset("it they this that these those there he she we you".split())
_COPULAS = frozenset("is are was were be been being".split())
_MODALS = frozenset(
    "can cannot can't could must should will won't would may might need needs shall".split()
)
_AUXILIARIES = frozenset("do does don't doesn't did has have had gets get got".split())
# Base-form verbs that follow a plural subject ("tuples suit ...", "dicts keep ...").
_BASE_VERBS = frozenset(
    """
    suit fit keep take make use return run need give allow let store hold help mean work call cause
    create add remove read write send serve share support require stop start prevent avoid
    change depend match flag assume jump go come show find handle lose reach cost save scale grow
    drop fail separate resume provide contain include trade win beat rely expose track replace
    matter limit account join compute select conflict differ vary live sit check alternate mark
    apply link follow read hold point map grow split skip emit pay hide
    """.split()
)
# A point opening with one of these (third person) describes what a strong answer does.
_DESCRIBING = {
    "describes": "describe",
    "explains": "explain",
    "shows": "show",
    "names": "name",
    "mentions": "mention",
    "lists": "list",
    "identifies": "identify",
    "quantifies": "quantify",
    "compares": "compare",
    "reflects": "reflect",
    "gives": "give",
    "outlines": "outline",
    "justifies": "justify",
    "states": "tell me about",
    "notes": "tell me about",
}
_PERSON = {
    "they": "you",
    "them": "you",
    "their": "your",
    "theirs": "yours",
    "themselves": "yourself",
    "themself": "yourself",
    "they're": "you're",
    "they've": "you've",
    "they'd": "you'd",
    "they'll": "you'll",
    "he": "you",
    "she": "you",
    "his": "your",
    "her": "your",
}
# What a direction word is about, so a question can ask about the dimension without the claim.
_DIMENSIONS = (
    ("speed", r"fast|faster|fastest|slow|slower|slowest|quick|quicker|speeds?|slows?|latency"),
    ("size", r"small|smaller|large|larger|big|bigger|compact|tiny|huge|memory"),
    ("cost", r"cheap|cheaper|expensive|costly|costs?"),
    ("whether they can be changed", r"mutable|immutable|changeable|unchangeable|frozen"),
    ("safety", r"safe|safer|unsafe|secure|insecure"),
    ("effort", r"easy|easier|hard|harder|simple|simpler|complex"),
    ("blocking", r"blocking|non-?blocking|synchronous|asynchronous"),
)
_AFFECTING = frozenset(
    """
    speeds speed slows slow increases increase reduces reduce improves improve hurts hurt affects
    affect raises raise lowers lower cuts cut doubles halves
    """.split()
)
_RETURNING = frozenset("returns return yields yield produces produce gives give".split())
_SUITING = frozenset("suit suits fit fits".split())
_COSTING = frozenset("costs cost".split())
_CAN = frozenset("can cannot can't".split())
_REASON = re.compile(r"\b(because|since|so that|so they|so it|which means|that is why)\b", re.I)
_PURPOSE = re.compile(
    r"\b(to avoid|to prevent|to stop|to keep|to make|to reduce|to catch|to find|to check|"
    r"to handle|to protect|in order to|before(?= \w+ing\b))\s+(.+)$",
    re.I,
)
_IMPERATIVE_CLASSES = (
    (
        "What would you check, and what would it tell you?",
        "check look verify confirm inspect "
        "review monitor measure test validate profile read watch compare assess investigate "
        "reconcile",
    ),
    (
        "How would you fix it, and how would you know it worked?",
        "fix restore roll revert repair clean backfill patch recover",
    ),
    (
        "Who would you talk to, and what would you tell them?",
        "tell inform explain communicate ask "
        "talk agree announce escalate clarify present propose offer acknowledge listen",
    ),
    ("What would you use here, and why?", "use choose prefer pick apply try adopt"),
    (
        "What would you add or change here, and why?",
        "add create introduce build write set generate define put",
    ),
)
_IMPERATIVES = {verb: q for q, verbs in _IMPERATIVE_CLASSES for verb in verbs.split()}
_IMPERATIVES |= dict.fromkeys(
    """
    keep store cache record serve generate retry deduplicate build separate compute index
    reserve persist partition isolate sign support publish collect land deploy control
    scrub debounce cancel follow load preserve combine limit move pass capture query enforce
    protect prevent make find split start run merge batch decide detect salt log
    estimate improve handle mitigate distinguish plan replace remove revoke scale accept refuse
    recommend address reset dig segment mark restrict avoid rewrite drop stress think work go
    understand consider suspect stay post copy upgrade update rank monitor give tune propagate
    reduce enable return emit shard replicate encrypt hash rotate
    """.split(),
    "What would you do at that point, and why?",
)


def _words(text: str) -> list[str]:
    return tx.normalise_forms(text).strip().rstrip(".;:!?").split()


def _base(verb: str) -> str:
    """The plain form of a third-person verb: "quantifies" -> "quantify", "pushes" -> "push"."""
    if verb.endswith("ies") and len(verb) > 4:
        return verb[:-3] + "y"
    if re.search(r"(ss|sh|ch|x|o)es$", verb):
        return verb[:-2]
    return verb[:-1] if verb.endswith("s") else verb


def _second_person(words: list[str]) -> list[str]:
    return [_PERSON.get(w.lower(), w) for w in words]


def _finish(question: str) -> str:
    question = " ".join(question.split()).rstrip(" ,;:.")
    return question[0].upper() + question[1:] + ("" if question.endswith("?") else "?")


def describing_question(words: list[str]) -> str | None:
    """ "explains how they prepared before asking" -> "Can you explain how you prepared before
    asking?" (behavioral and situational points describe what a strong answer does)."""
    verb = _DESCRIBING.get(words[0].lower())
    if verb is None or len(words) < 2 or _is_verb(words[1]):  # "lists are ..." is a statement
        return None
    rest = _second_person(words[1:])
    # a second verb joined by "and" takes the plain form too: "... and describes the impact"
    rest = [
        _base(w) if i and rest[i - 1].lower() == "and" and w.lower() in _DESCRIBING else w
        for i, w in enumerate(rest)
    ]
    return _finish(f"Can you {verb} {' '.join(rest)}")


def story_question(words: list[str]) -> str | None:
    """Another third-person verb ("admits the mistake quickly ..."): ask what the candidate did
    about its object, not whether they did the right thing."""
    first = words[0].lower()
    if not first.endswith("s") or first in _DETERMINERS or len(words) < 2:
        return None
    thing = _noun_phrase(words[1:])
    if thing and thing[0].lower() in _DETERMINERS | set(_PERSON):
        return _finish(f"What did you do about {' '.join(_second_person(thing))}")
    return "What did you do at that point, and why?"


def _looks_imperative(words: list[str]) -> bool:
    """ "tune the work factor ...", "return 429 ...", "paginate with cursors": a plain verb, then
    its object or how it is done."""
    first, second = words[0], words[1].lower() if len(words) > 1 else ""
    plain = first.islower() and not first.endswith(("s", "ing", "ed", "ly"))
    if not plain or first in _DETERMINERS | _PRONOUNS:
        return False
    if first in _BASE_VERBS:
        return True
    if second in {"or", "and"} and len(words) > 2 and words[2].islower():
        return not words[2].endswith(("s", "ing", "ed"))  # "delete or downgrade alerts"
    if first in _STOPS:  # "on writes, ...": a statement that opens with a preposition
        return False
    opens_object = second in _DETERMINERS - {"no", "one"}
    return opens_object or second in {"with", "by", "using", "via", "through"}


def imperative_question(words: list[str]) -> str | None:
    """An instruction ("validate results before publishing"): ask about the situation it applies
    to, or how the candidate would go about it, never the instruction itself."""
    verb = words[0].lower()
    generic = _IMPERATIVES.get(verb)
    if generic is None and _looks_imperative(words):
        generic = "What would you do at that point, and why?"
    if generic is None:
        return None
    purpose = _PURPOSE.search(" ".join(words[1:]))
    if purpose:
        link, situation = purpose.group(1).lower(), purpose.group(2)
        situation = re.split(r"[,;(]|\b(?:and|or|but|so)\b", situation)[0].strip()
        if situation:
            if link == "before":
                return _finish(f"What would you do before {situation}")
            action = link.removeprefix("in order to").removeprefix("to ").strip()
            return _finish(f"How would you {action} {situation}")
    if generic.startswith("What would you do"):
        # "salt the hot keys by ...": name what it acts on, not what to do with it
        thing = _noun_phrase(words[1:])
        if thing and thing[0].lower() not in {"for", "to", "back", "up", "out", "off"}:
            return _finish(f"What would you do about {' '.join(thing)}")
    return generic


_STOPS = (
    _COPULAS
    | _MODALS
    | _AUXILIARIES
    | frozenset(
        """
    and or but so to with by in on at for from of into before after when than that which who
    whose where such like as per using via through while whereas if because since without
    rather instead not
    """.split()
    )
)
_RELATIVE = frozenset("that which who whose where".split())
_CLAUSE_WORDS = _RELATIVE | frozenset("what how why but and while whereas so".split())
_PARTICLES = frozenset("back up down out off in over".split())
_ADVERBS = frozenset(
    "still usually often always also only then typically generally normally repeatedly never "
    "just really mostly".split()
)


def _noun_phrase(words: list[str], limit: int = 5, coordinated: bool = False) -> list[str]:
    """The words up to the first preposition, conjunction, verb-like word or punctuation;
    `coordinated` keeps "and"/"or" and commas inside ("call, apply and bind")."""
    out: list[str] = []
    joins = {"and", "or"} if coordinated else set()
    for w in words:
        clean = w.strip(",;:()").lower()
        if not clean or (clean in _STOPS and clean not in joins) or clean in _ADVERBS:
            break
        if out and not coordinated and _is_verb(clean):
            break
        after_plural = out and out[-1].lower().endswith("s")
        if coordinated and out and (clean in _RELATIVE or (after_plural and clean.endswith("ing"))):
            break  # "rows matching no condition" -> "rows"; "horizontal scaling" stays whole
        out.append(w.strip(";:()") if coordinated else w.strip(",;:()"))
        if (w.endswith((",", ";", ":")) and not coordinated) or len(out) >= limit:
            break
    while out and (out[-1].lower() in _ADVERBS | joins or out[-1].endswith(",")):
        if out[-1].endswith(","):
            out[-1] = out[-1].rstrip(",")
            break
        out.pop()
    if out and out[0].lower() in {"how", "what", "why", "when", "where", "which", "who"}:
        return []
    return out


def _is_verb(word: str) -> bool:
    w = word.strip(",;:").lower()
    third_person = w.endswith("s") and _base(w) in _BASE_VERBS
    return w in _COPULAS or w in _MODALS or w in _AUXILIARIES or w in _LEXICAL or third_person


_LEXICAL = _BASE_VERBS | _AFFECTING | _RETURNING | _SUITING | _COSTING


def _verb_at(words: list[str]) -> int | None:
    """Where the main verb of a statement is (a rough reading): an auxiliary in the first words;
    else a known verb (a plain form only after a plural or joined subject: "tuples suit"); else
    an "-s" word after a short noun phrase that is not followed by a verb itself."""
    lowered = [w.strip(",;:").lower() for w in words]
    for i, w in enumerate(lowered[:7]):
        clause_ended = any(w.endswith(",") for w in words[:i])
        if clause_ended or any(b in _CLAUSE_WORDS for b in lowered[:i]):
            break  # "authentication verifies who the caller is": not the main verb
        if i and (w in _COPULAS or w in _MODALS or w in _AUXILIARIES):
            return i
    for i, w in enumerate(lowered[:10]):
        if not i:
            continue
        before = lowered[:i]
        if lowered[i - 1] in _DETERMINERS or lowered[i - 1] in _RELATIVE:
            continue  # "a slow creep", "the rule that comes later ..."
        plural = any(b.endswith("s") or b in {"and", "or"} for b in before)
        if w in _LEXICAL - _BASE_VERBS or (w in _BASE_VERBS and plural and i <= 4):
            return i
        after = lowered[i + 1] if i + 1 < len(lowered) else ""
        known = _base(w) in _BASE_VERBS
        if (
            w.endswith("s")
            and not w.endswith(("ss", "us", "is"))
            and i <= 4
            # a plural subject takes "suit", not "suits"; "X and Ys" is a list of nouns
            and not any(b.endswith("s") for b in before)
            and lowered[i - 1] not in {"and", "or"}
            and not words[i].endswith(",")
            and after not in {"and", "or", "such", "like", "including"}
            and (not _is_verb(after) or (known and words[i + 1][:1].isupper()))
            and (known or not after.endswith("ing"))
            and not any(b in {"such", "like", "including"} for b in before)
        ):
            return i
    return None


def _subject(words: list[str], at: int) -> list[str]:
    """The statement's subject: the words before its verb, cut at a relative clause or an
    example ("a geospatial index such as geohash" -> "a geospatial index")."""
    out = _noun_phrase(words[:at], limit=6, coordinated=True)
    if out and (out[0].lower() in _PRONOUNS or out == ["it"]):
        return []
    return out


def _second_subject(words: list[str], at: int) -> list[str]:
    """A parallel clause with the same verb: "tuples suit X, lists suit Y" -> "lists"."""
    verb = words[at].strip(",;:").lower()
    same = (
        {verb} | (_COPULAS if verb in _COPULAS else set()) | (_MODALS if verb in _MODALS else set())
    )
    lowered = [w.strip(",;:").lower() for w in words]
    for i in range(at + 1, len(words)):
        boundary = words[i - 1].endswith(",") or lowered[i - 1] in {
            "and",
            "while",
            "whereas",
            "but",
        }
        if not boundary:
            continue
        for j in range(i + 1, min(i + 4, len(words))):
            if lowered[j] in same:
                subject = _noun_phrase(words[i:j], limit=3)
                return subject if len(subject) == j - i else []
    return []


def statement_question(words: list[str], topic: str) -> str:
    """A statement of fact: ask about its subject along the dimension it is about."""
    if words[0].lower() in _STOPS:
        if not any(w.endswith(",") for w in words[:6]):
            return ""  # "on writes update the database ...": too loose to read safely
        # "without ELSE, rows matching no condition get NULL": the clause after the comma
        comma = next(i for i, w in enumerate(words) if w.endswith(","))
        words = words[comma + 1 :] or words
    text = " ".join(words)
    at = _verb_at(words)
    if at is None:
        return ""  # no verb: the point is a bare noun phrase, and naming it would give it away
    subject_words = _subject(words, at)
    second = _second_subject(words, at) if subject_words else []
    subject = " ".join(subject_words)
    if second:
        subject = f"{subject} and {' '.join(second)}"
    head = subject_words[-1].lower() if subject_words else ""
    plural = bool(second) or any(w.lower() in {"and", "or"} for w in subject_words)
    plural = plural or (head.endswith("s") and not head.endswith(("ss", "us", "is")))
    if not subject:
        subject, plural = topic or "it", False
    verb = words[at].lower().strip(",;:")
    after = [w.strip(",;:") for w in words[at + 1 :]]
    do, be = ("do", "are") if plural else ("does", "is")
    why = ", and why" if _REASON.search(text) else ""
    dims = [name for name, pattern in _DIMENSIONS if re.search(rf"\b({pattern})\b", text, re.I)]
    if verb in _SUITING:
        return _finish(f"What {be} {subject}{' each' if second else ''} best suited to")
    if verb in _COSTING:
        return _finish(f"What {do} {subject} cost you")
    if verb in _AFFECTING and after:
        thing = _noun_phrase([w for w in after if w.lower() not in {"up", "down"}])
        if thing:
            return _finish(f"How {do} {subject} affect {' '.join(thing)}{why}")
    if dims:
        if second:
            return _finish(f"How {do} {subject} compare on {' and '.join(dims[:2])}")
        return _finish(f"What happens to {subject} in terms of {' and '.join(dims[:2])}{why}")
    if verb in {"cannot", "can't"}:
        return _finish(f"What can't {subject} do")
    if verb in _MODALS and after[:1] == ["be"] and len(after) > 1 and after[1].endswith("ed"):
        return _finish(f"How {verb} {subject} be {after[1]}")
    if verb in _MODALS:
        return _finish(
            f"What {'should' if verb in {'must', 'should', 'need', 'needs'} else 'can'} "
            f"happen with {subject}"
        )
    if verb in _COPULAS and after and re.fullmatch(r"[a-z]+ed|set|kept|built|made|held", after[0]):
        return _finish(f"How {be} {subject} {after[0]}")
    if verb not in _COPULAS and verb not in _AUXILIARIES:
        base = verb if verb in _BASE_VERBS and plural else _base(verb)
        follow = after[0].lower() if after else ""
        if follow in _PARTICLES:
            return _finish(f"How {do} {subject} {base} {follow}{why}")
        if follow in {"when", "if", "whenever"}:
            return _finish(f"When {do} {subject} {base}")
        if follow in _CLAUSE_WORDS | {"whether"}:
            return _finish(f"What {do} {subject} {base}{why}")
        if not follow or follow in _STOPS:
            return _finish(f"How {do} {subject} {base}{why}")
        return _finish(f"What {do} {subject} {base}{why}")
    return _finish(f"What can you tell me about {subject}")


_ANYTHING_ELSE = {
    "behavioral": "What else happened, and what did you do?",
    "situational": "What else would you do, and why?",
    "system_design": "What else would your design need, and why?",
}


def question_from_point(point: str, topic: str = "", category: str = "technical") -> str:
    """A natural follow-up question about a key point, without stating it. `topic` names what
    the interview question is about, for a point whose subject is "it" or "they"; `category` is
    the question's (a behavioral point describes a story: "admits the mistake quickly")."""
    words = _words(point)
    while len(words) > 1 and words[0].lower().endswith("ly") and words[0].islower():
        words = words[1:]  # "regularly test restores": the instruction starts after the adverb
    lowered = [w.lower().strip(",;:") for w in words[:4]]
    # "cache invalidation is hard" is a statement, though "cache" can be an instruction
    stated = any(w in _COPULAS or w in _MODALS for w in lowered[1:])
    asked = None
    if words:
        asked = (
            describing_question(words)
            or (imperative_question(words) if not stated else None)
            or (story_question(words) if category == "behavioral" else None)
            or statement_question(words, topic)
        )
    return asked or _ANYTHING_ELSE.get(category, "What else would you add to that, and why?")
