"""Which STAR parts a story already tells, so the interviewer never asks for one it was given.

Read more widely than the scorer's STAR signal: numbers written in words ("thirty percent", "two
weeks"), roles ("as the lead ...", "I was the on-call engineer"), times and places ("last spring",
"at a logistics start-up"). The interviewer asks for a part only when the scorer and this reading
both miss it.
"""

from __future__ import annotations

import re

from interviewsim import text as tx

_NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|dozen|dozens|"
    r"hundreds|thousands|millions|half|a third|a quarter|a couple of|a few|several"
)
NUMBER = rf"(?:\d+(?:[.,]\d+)?|(?:{_NUMBER_WORDS})(?:[- ](?:{_NUMBER_WORDS}))*)"
_UNIT = (
    r"%|percent|per cent|percentage points?|x|times|fold|ms|milliseconds?|seconds?|minutes?|"
    r"hours?|days?|weeks?|months?|quarters?|years?|users?|customers?|clients?|orders?|tickets?|"
    r"people|engineers?|requests?|incidents?|pages?|bugs?|calls?|deploys?|releases?|dollars?|"
    r"euros?|pounds?|k|gb|mb|points?|stars?"
)
_ROLE = (
    r"(?:lead|tech lead|team lead|owner|on-?call|manager|engineer|developer|analyst|designer|"
    r"architect|scientist|intern|consultant|maintainer|reviewer|point person|contact|sre|pm)"
)

_PARTS: dict[str, re.Pattern[str]] = {
    "situation": re.compile(
        r"\b(situation|context|background|when i (was|joined|started)|at my (previous|last|old|"
        r"current|first) (job|company|role|team|employer)|last (year|month|quarter|week|spring|"
        r"summer|autumn|fall|winter)|(a|one|two|three|a few|several|some) (years?|months?|weeks?) "
        r"ago|in (19|20)\d\d|at the time|our team|my team|we had|we were|i was working|i worked "
        r"(at|on|for|as)|i joined|in my (first|previous|last|current|old) (job|role|team|company)|"
        r"at (a|an) [\w-]+ ([\w-]+ )?(company|start-?up|agency|bank|firm|shop|retailer|team|"
        r"hospital|school|university)|(on|in|at|for) (the|my|our|a|an) ([\w-]+ ){0,2}(team|"
        rf"company|project|org|organi[sz]ation|department|squad|product|client)|there was a|the project was|once,|{NUMBER} (days?|weeks?|"
        r"months?) (before|into|after)|during (a|an|the|my|our))\b",
        re.I,
    ),
    "task": re.compile(
        rf"\b(task|my (job|role|goal|responsibility|part)|as (the|a|an) ([\w-]+ )?{_ROLE}|"
        rf"i was (the|a|an) ([\w-]+ )?{_ROLE}|i was (responsible|asked|tasked|in charge|"
        r"assigned|on call)|goal was|i needed to|i had to|i owned|i volunteered|it was (my|up to "
        r"me)|i took (on|ownership|charge)|the challenge was|the problem was|my brief)\b",
        re.I,
    ),
    "action": re.compile(
        r"\bi (first |then |also |finally |quickly |immediately |personally |eventually )?"
        r"([a-z]+ed|wrote|built|made|took|ran|set up|met|spoke|sat down|went|told|gave|brought|"
        r"chose|put|found|began|drew|led|kept|sent|got|did|read|paired|split|broke|cut|held|"
        r"began|thought|sought|taught|caught|rewrote|undid|dug|won|hit|shut|let|spun|stood|"
        r"sat|left|shipped|reached out|stepped in|pushed|fixed|called)\b",
        re.I,
    ),
    "result": re.compile(
        r"\b(result|outcome|as a result|in the end|eventually|ended up|reduced|increased|improved|"
        r"saved|cut|grew|dropped|fell|rose|halved|doubled|tripled|shipped|delivered|launched|"
        r"led to|so we|finally|learned|learnt|lesson|since then|from then on|no longer|"
        r"went (down|up) from|adopted|resolved|got back|recovered|"
        rf"{NUMBER}\s?(?:{_UNIT})\b|from {NUMBER}\b.{{0,40}}\bto {NUMBER})",
        re.I,
    ),
}
MEASURED = re.compile(rf"\b{NUMBER}\s?(?:{_UNIT})\b|\bfrom {NUMBER}\b.{{0,40}}\bto {NUMBER}", re.I)
# Key points of a behavioral question that ask for a STAR part, by the words they use.
_POINT_PARTS = (
    ("result", re.compile(r"\b(result|outcome|numbers?|measur\w*|quantif\w*|metrics?)\b", re.I)),
    ("situation", re.compile(r"\b(situation|context|background)\b", re.I)),
    ("task", re.compile(r"\b(responsib\w*|their (own )?(role|task|part))\b", re.I)),
)


def story_parts(answer: str) -> dict[str, str]:
    """The STAR parts a story tells, each with the first sentence that shows it. A first-person
    action counts ("I rolled the deploy back"); what "we" did does not show the candidate's part."""
    found: dict[str, str] = {}
    for sentence in tx.sentences(tx.normalise_forms(answer)):
        for part, pattern in _PARTS.items():
            if part not in found and pattern.search(sentence):
                found[part] = sentence
    return found


def is_measured(answer: str) -> bool:
    """The story puts a number on something ("thirty percent", "from 9 to 2 minutes")."""
    return bool(MEASURED.search(tx.normalise_forms(answer)))


def point_told(point: str, answer: str, parts: dict[str, str] | None = None) -> bool:
    """A behavioral key point that asks for a STAR part the story already tells ("states a
    measurable result" when the story gave "thirty percent fewer tickets")."""
    parts = story_parts(answer) if parts is None else parts
    for part, pattern in _POINT_PARTS:
        if pattern.search(point):
            if part == "result" and re.search(r"number|measur|quantif|metric", point, re.I):
                return is_measured(answer)
            return part in parts
    return False
