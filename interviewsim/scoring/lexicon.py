"""General English the offline scorer needs to tell a claim from its opposite.

Written by hand from general knowledge of English, not learned from any graded answers: negation
cues, words that set a direction (more/less), pairs of opposites grouped as one concept with a sign
("increase" +, "decrease" -), everyday synonyms grouped the same way with one sign, number words,
and relations that read the same both ways round ("A and B are connected").

A concept is written as `NAME: plus words / minus words`. A word may belong to several concepts.
Words are matched whole, with their regular inflections: "increase" covers "increases", "increased".
Multi-word entries ("turn up", "go down") are phrases matched before single words.
"""

from __future__ import annotations

from functools import cache

# A negation cue flips the clause it opens: "is not", "never", "no longer", "cannot", "without".
# Typed answers often drop the apostrophe ("doesnt", "cant"): those count too.
NEGATIONS = frozenset(
    """
    not no never cannot can't won't don't doesn't didn't isn't aren't wasn't weren't hasn't
    haven't hadn't shouldn't wouldn't couldn't mustn't needn't nor neither none nothing nobody
    nowhere lacks lack lacking unable unless
    dont doesnt didnt isnt arent wasnt werent cant wont hasnt havent shouldnt wouldnt couldnt
    """.split()
)
NEGATION_PHRASES = ("no longer", "not any", "no one")
# These negate only the phrase right after them ("instead of recursion", "without a lock",
# "avoid a bare except").
SHORT_NEGATIONS = frozenset(
    {"rather than", "instead of", "without", "avoid", "avoids", "avoiding", "avoided"}
)
SHORT_SCOPE = 4  # words
# A cue before one of these denies everything its clause says ("sorting the ids doesn't help",
# "indexes make no difference", "there's no need to retry"), not only the words after it.
DISMISSALS = frozenset(
    "help helps matter matters difference need needed necessary point sense required".split()
)
# A clause that calls what it says one of these denies it ("restarting workers is pointless",
# "graphing memory is a waste of effort"): the whole clause, like a cue before a dismissal.
DISMISSIVE = frozenset("pointless useless futile worthless needless".split())
DISMISSIVE_PHRASES = frozenset({"waste of"})

# Words before a term that say which way it goes ("more dense", "less memory").
MORE = frozenset("more greater higher larger bigger increased extra".split())
LESS = frozenset("less fewer lower smaller reduced".split())

# Signed concepts. Plus words first, then " / ", then minus words. Phrases use a space.
_CONCEPTS = """
AMOUNT: increase increasing raise rise grow growth gain expand go up goes up went up turn up turns up turned up scale up / decrease decreasing reduce reduction lower drop fall shrink cut loss decline go down goes down went down turn down turns down turned down scale down
LEVEL: high higher highest maximum max top peak largest biggest greatest most upper / low lower lowest minimum min bottom smallest least fewest zero
SIZE: big bigger large larger huge long longer wide wider heavy heavier / small smaller little tiny short shorter narrow narrower light lighter
SPEED: fast faster fastest quick quicker quickly rapid rapidly speed up speeds up sped up accelerate / slow slower slowest slowly slow down slows down slowed down
COUNT: many multiple several numerous lots unlimited any number as many plenty / single sole only one exactly one at most one just one
ORDER: after afterwards later / before beforehand prior earlier
FREQUENCY: every time each time every call each call repeatedly / once only once one time a single time
END: last final end ending finish / first start beginning begin initial
STATE_OPEN: open opened opening gap break broken incomplete disconnected separated separate apart / closed close closes complete completed connected connect joined attached
SAME: same identical equal equivalent similar alike share shared / different differ distinct unequal separate
ON: on lit light lights shine shining running works working active enabled enable turn on turns on switched on / off unlit dark dead stopped inactive disabled disable turn off turns off switched off
SIGN: positive plus / negative minus
TRUE: true correct right valid yes / false wrong incorrect invalid
INCLUDE: include includes contain contains inside within keep keeps retain kept preserve / exclude excludes outside drop drops discard omit lose
ADD: add adds insert inserts append appends / remove removes delete deletes
ALLOW: allow allows permit permits enable accept / deny denies block blocks forbid forbids prevent prevents reject rejects
SUCCEED: success succeed succeeds pass passes win / failure fail fails lose loses
ABOVE: above over upstream uphill / below under downstream downhill beneath
SYNC: synchronous sync blocking / asynchronous async nonblocking non-blocking
MUTABLE: mutable changeable modifiable / immutable unchangeable frozen constant
STRONG: strong stronger strongest powerful / weak weaker weakest
EASY: easy easier easiest simple simpler / hard harder hardest difficult complex
CHEAP: cheap cheaper inexpensive / expensive costly dearer
HOT: hot hotter warm warmer heat heated / cold colder cool cooler cooled
DENSE: dense denser densest thick thicker / sparse thin thinner
ALWAYS: always every all whenever / sometimes occasionally rarely seldom
INPUT: input inputs incoming inbound / output outputs outgoing outbound
ATTRACT: attract attracts attracted pull pulls / repel repels repelled push pushes
STABLE: stable steady consistent / unstable unsteady inconsistent
SORTED: sorted ordered ascending / unsorted unordered random descending
EXPLICIT: explicit explicitly / implicit implicitly
PUBLIC: public / private
LOCAL: local / global remote
EAGER: eager eagerly / lazy lazily
UNIQUE: unique distinct / duplicate duplicates duplicated repeated
PRESENT: present available exists visible / absent missing unavailable invisible
ABLE: possible able / impossible
LIKELY: likely probable / unlikely improbable
SAFE: safe secure / unsafe insecure vulnerable
"""

# Everyday synonyms: same concept, same sign. Hand-written; keep the groups small and plain.
_SYNONYMS = """
FIND: find finds found look up looks up lookup lookups locate locates search searches retrieve retrieves
MAKE: make makes create creates build builds produce produces generate generates
USE: use uses used using utilise utilize employ employs prefer prefers
SHOW: show shows display displays present presents reveal reveals
NEED: need needs require requires required
CHANGE: change changes modify modifies alter alters update updates edit edits
SPLIT: split splits divide divides break up breaks up partition partitions
JOIN: join joins combine combines merge merges
COPY: copy copies duplicate clone clones replicate replicates
WHOLE: whole entire full
PART: part parts portion piece pieces fragment chunk chunks
CHOOSE: choose chooses pick picks select selects
CHECK: check checks verify verifies inspect inspects test tests validate validates
STOP: stop stops halt halts terminate terminates kill kills end ends shut down shuts down
START: start starts begin begins launch launches kick off kicks off
ERROR: error errors mistake mistakes fault faults bug bugs
KEEP: keep keeps store stores save saves hold holds remember remembers
SEND: send sends transmit transmits
WAIT: wait waits block blocks
SPEAK: say says tell tells explain explains describe describes
HELP: help helps assist assists support supports
AVOID: skip skips bypass bypasses
MEMORY: memory ram
PROBLEM: problem problems issue issues
PLACE: place location position spot
CAUSE: cause causes lead to leads to result in results in trigger triggers
DEFINE: define defines declare declares
"""

# Relations that read the same both ways round: swapping their two sides is not a contradiction.
SYMMETRIC = frozenset(
    """
    and or with between both together connected connect connects separated separate separates
    same different equal equals differ similar like unlike versus vs compared compare adjacent
    parallel series each other mutual touching touch meet meets gap
    """.split()
)

NUMBER_WORDS = {
    "zero": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "twice": "2",
}


def _parse(table: str, signed: bool) -> dict[tuple[str, ...], dict[str, int]]:
    entries: dict[tuple[str, ...], dict[str, int]] = {}
    for line in table.strip().splitlines():
        name, _, body = line.partition(":")
        halves = body.split(" / ") if signed else [body]
        for half, sign in zip(halves, (1, -1), strict=False):
            for phrase in _phrases(half):
                first, *rest = phrase.split()
                for form in inflections(first):
                    entries.setdefault((form, *rest), {})[name.strip()] = sign
    return entries


def inflections(word: str) -> set[str]:
    """The word and its regular -s, -ed and -ing forms. Whole words are matched, not stems, so
    "terminal" never meets "terminate" and "positive" never meets "position"."""
    forms = {word, word + "s", word + "es", word + "ed", word + "ing"}
    if word.endswith("e"):
        forms |= {word + "d", word[:-1] + "ing"}
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    return forms


def _phrases(half: str) -> list[str]:
    """Split a list of words, keeping the multi-word phrases we wrote ("go up", "at most one")."""
    words = half.split()
    out: list[str] = []
    i = 0
    while i < len(words):
        for size in (3, 2):
            candidate = " ".join(words[i : i + size])
            if len(words[i : i + size]) == size and candidate in _KNOWN_PHRASES:
                out.append(candidate)
                i += size
                break
        else:
            out.append(words[i])
            i += 1
    return out


_KNOWN_PHRASES = frozenset(
    p.replace("_", " ")
    for p in """
    go_up goes_up went_up turn_up turns_up turned_up scale_up go_down goes_down went_down turn_down
    turns_down turned_down scale_down speed_up speeds_up sped_up slow_down slows_down slowed_down
    any_number as_many only_one exactly_one at_most_one just_one turn_on turns_on switched_on turn_off
    turns_off switched_off look_up looks_up break_up breaks_up shut_down shuts_down kick_off
    kicks_off lead_to leads_to result_in results_in every_time each_time every_call each_call
    only_once one_time a_single_time
    """.split()
)


@cache
def concepts() -> dict[tuple[str, ...], dict[str, int]]:
    """Stem sequence -> {concept: sign}, for single words and phrases."""
    table = _parse(_CONCEPTS, signed=True)
    for key, senses in _parse(_SYNONYMS, signed=False).items():
        for name, sign in senses.items():
            table.setdefault(key, {}).setdefault(name, sign)
    return table


@cache
def longest_phrase() -> int:
    return max(len(k) for k in concepts())
