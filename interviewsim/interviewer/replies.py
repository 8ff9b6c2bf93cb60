"""What the candidate's words ask for: an answer, or "I don't know", "can you repeat?", "hint",
"let's move on".

Only short replies are read as requests: "I'm not sure, but I think an index speeds up reads" is an
answer with a hedge, and is scored and followed up like any other.
"""

from __future__ import annotations

import re
from enum import StrEnum

from interviewsim import text as tx
from interviewsim.scoring.base import ScoreResult

REQUEST_WORDS = 16  # a request is short; longer text is an answer, however it opens
DONT_KNOW_WORDS = 25  # ... but "I don't know much about X, sorry" can run a little longer


class Reply(StrEnum):
    answer = "answer"
    dont_know = "dont_know"  # "I don't know", "not sure", "no idea"
    repeat = "repeat"  # "can you repeat the question?", "what do you mean?"
    hint = "hint"  # "hint", "can I have a hint?" (or "yes" once a hint was offered)
    move_on = "move_on"  # "move on", "skip", "next" (or "no" once a hint was offered)


def _pattern(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b")


_DONT_KNOW = _pattern(
    r"(?:i )?(?:really |honestly |just )?(?:do not|don't|dont|didn't) (?:really )?"
    r"(?:know|remember|recall)",
    r"idk",
    r"dunno",
    r"no (?:idea|clue)",
    r"not sure",
    r"(?:i'm|i am|im) (?:not (?:certain|confident)|blanking|stuck|lost|drawing a blank)",
    r"i (?:can't|cannot|can not) (?:remember|recall|say|answer)",
    r"i(?:'ve| have)? forg[eo]t(?:ten)?",
    r"(?:not|never been) familiar",
    r"i(?:'ve| have)? never (?:used|heard|done|worked)",
    r"i (?:haven't|have not) (?:used|heard|done|worked|come across)",
    r"mind (?:is|went) blank",
    r"i give up",
    r"beats me",
)
_REPEAT = _pattern(
    r"(?:can|could|would) you (?:please )?(?:repeat|rephrase|say (?:that|it) again|reword)",
    r"repeat (?:that|the question|it|please)",
    r"say (?:that|it) again",
    r"pardon",
    r"come again",
    r"what (?:was|is) the question",
    r"what do you mean",
    r"(?:i )?(?:didn't|did not|don't|do not) (?:get|understand|catch|follow) (?:that|the question|it)",
    r"(?:i'm |i am )?not sure (?:what|i understand) (?:you mean|the question)",
)
_REPEAT_WHOLE = re.compile(r"^(?:sorry|what|huh|eh|pardon)\W*\?+$")
_HINT = re.compile(
    r"^(?:(?:yes|yeah|yep|ok|okay|sure|please)\W*)*(?:(?:can|could|may) (?:i|you) "
    r"(?:have|get|give me)|give me|i'd like|i would like|i'll take|i will take)?\W*"
    r"(?:a |one |the |another )?(?:hint|clue|pointer|nudge)s?(?: would help)?"
    r"(?:\W*(?:please|thanks|thank you))*\W*$"
)
_MOVE_ON = re.compile(
    r"^(?:(?:ok|okay|sorry|no|please)\W*)*(?:let's |lets |let us |can we |could we |i'd like to "
    r"|i want to |i will |i'll )?(?:move on|skip(?: it| this(?: one)?)?|next(?: question| one)?|"
    r"pass|go on|carry on)(?:\W*(?:please|thanks|thank you))*\W*$"
)
_YES = re.compile(
    r"^(?:yes|yeah|yep|sure|ok|okay|please|go on|go ahead|why not)(?:\W+\w+){0,2}\W*$"
)
_NO = re.compile(
    r"^(?!no (?:idea|clue))(?:no|nope|nah|not really|no thanks|no thank you)(?:\W+\w+){0,2}\W*$"
)


# "Um, can I get a hint?" asks for a hint: a filler that opens a reply is not its content.
_OPENING_FILLERS = re.compile(r"^(?:(?:u+h*m*|e+r+m*|h*m+|a+h+|oh|well|so|right)\b\W*)+")


def _plain(text: str) -> str:
    return _OPENING_FILLERS.sub("", " ".join(tx.normalise(text).split()))


def read_reply(answer: str, result: ScoreResult | None = None, offered: bool = False) -> Reply:
    """What a reply asks for. `offered`: the interviewer has just offered a hint, so "yes" takes it
    and "no" moves on. A reply the scorer found a key point in is an answer, whatever its words."""
    plain = _plain(answer)
    words = len(tx.words(plain))
    if not plain:
        return Reply.answer
    short = words <= REQUEST_WORDS
    # the whole reply is the request: "hint please", "let's move on"
    if short and (_HINT.match(plain) or (offered and _YES.match(plain))):
        return Reply.hint
    if short and (_MOVE_ON.match(plain) or (offered and _NO.match(plain))):
        return Reply.move_on
    if words <= DONT_KNOW_WORDS and _DONT_KNOW.search(plain) and _says_little(plain, 1):
        return Reply.dont_know  # "Sorry, I'm not sure.": whatever a scorer made of it
    if result is not None and (result.found_points or result.contradicted_points):
        return Reply.answer
    if short and (_REPEAT.search(plain) or _REPEAT_WHOLE.match(plain)):
        return Reply.repeat
    # "I don't know much about B-trees, sorry": a few more words, when the scorer found nothing
    loose = result is not None and _says_little(plain)
    if words <= DONT_KNOW_WORDS and _DONT_KNOW.search(plain) and loose:
        return Reply.dont_know
    return Reply.answer


def _says_little(plain: str, most: int = 5) -> bool:
    """Once the "don't know" phrase is taken out, at most `most` words of content remain."""
    rest = _DONT_KNOW.sub(" ", plain)
    return len(tx.content_words(rest)) <= most


REQUESTS = (Reply.repeat, Reply.hint, Reply.move_on)  # replies that ask rather than answer


def is_request(answer: str, offered: bool = False) -> bool:
    """A reply that asks for something (a hint, a repeat, moving on) rather than answering; it
    adds nothing to what is scored. `offered`: it answers an offer of a hint ("yes please")."""
    return read_reply(answer, offered=offered) in REQUESTS


def read_latest(latest: str, so_far: ScoreResult | None, offered: bool = False) -> Reply:
    """What the newest reply of an exchange asks for, given the score of the exchange so far. A
    request in its own words ("could you repeat the question?") stays a request: the points in the
    score were found in the answers before it."""
    asked = read_reply(latest, None, offered)
    return asked if asked in REQUESTS else read_reply(latest, so_far, offered)
