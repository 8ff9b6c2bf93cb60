"""The interviewer interface: what to say at each step of an interview.

The session decides *when* something is said (ask, follow up, move on, wrap up); an interviewer decides
*how* it is worded. Whether to follow up, and on what, is decided here by a pure function every
interviewer shares, from the score and from what the candidate said: a request ("I don't know",
"can you repeat?", "hint") is met as a person would meet it, a wrong statement is challenged, an
answer to another question is pointed out, and otherwise the first gap the bank has a follow-up for
is probed. So offline and LLM interviews make the same moves.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from interviewsim.bank import Category, Question
from interviewsim.interviewer.probes import Probe, authored_for, hint_point, other_question_prompt
from interviewsim.interviewer.replies import Reply, read_latest
from interviewsim.interviewer.story import point_told, story_parts
from interviewsim.scoring.bands import LINE
from interviewsim.scoring.base import ScoreResult
from interviewsim.states import FollowUpTarget, TargetKind

MAX_FOLLOW_UPS = 2  # follow-up turns per question, requests and hints included
SHORT_ANSWER_WORDS = 25
STYLES = ("friendly", "neutral", "demanding")
TARGET_CHARS = 200  # what the history store keeps of a follow-up's target
# Not a person's name: the picker's default, the command line's, an account without a name.
_NO_NAMES = frozenset("guest default you user anonymous anon me test candidate student".split())


def spoken_name(name: str | None) -> str | None:
    """The name to greet someone by, or None when they gave none ("Guest", "default", an e-mail
    address or a generated account name such as "user-4821")."""
    tidy = " ".join((name or "").split())
    if not tidy or tidy.lower() in _NO_NAMES or "@" in tidy or re.search(r"\d", tidy):
        return None
    return tidy


def earned(result: ScoreResult | None) -> bool:
    """Whether an answer earned praise: accepted or better (60 and up), nothing stated wrongly."""
    return result is not None and result.overall >= LINE and not result.contradicted_points


@dataclass(frozen=True)
class Greeting:
    track_title: str
    total: int
    profile_name: str


@dataclass(frozen=True)
class Ask:
    question: Question
    index: int  # 0-based position in the plan
    total: int
    reason: str = ""


@dataclass(frozen=True)
class FollowUp:
    question: Question
    target: FollowUpTarget
    answer: str
    result: ScoreResult
    probe: Probe | None = None  # what to ask (see `probes.probe_for`); None: the interviewer's own


@dataclass(frozen=True)
class Acknowledge:
    """Said after the last answer to a question, before the next one."""

    question: Question
    result: ScoreResult | None  # None when the question was skipped
    reply: Reply = Reply.answer  # what the last reply asked for ("I don't know", "move on", ...)
    last: bool = False  # the interview's last question: the wrap-up follows, not another question


@dataclass(frozen=True)
class AskAgain:
    question: Question
    reason: str  # "empty"


@dataclass(frozen=True)
class WrapUp:
    answered: int
    skipped: int
    average: float | None
    strongest: str | None = None
    weakest: str | None = None
    ended_early: bool = False


Cue = Greeting | Ask | FollowUp | Acknowledge | AskAgain | WrapUp


@dataclass
class Interviewer(ABC):
    """Words for each cue. `style` is one of STYLES; `seed` makes wording choices repeatable."""

    style: str = "neutral"
    seed: int = 0
    name: str = field(default="interviewer", init=False)
    notice: str | None = field(default=None, init=False)  # set when a backend fell back

    @abstractmethod
    def say(self, cue: Cue) -> str: ...

    def stream(self, cue: Cue) -> Iterator[str]:
        """Words as they arrive; backends that cannot stream yield the whole reply at once."""
        yield self.say(cue)


def plan_follow_up(
    question: Question,
    answer: str,
    result: ScoreResult,
    targets_so_far: Sequence[FollowUpTarget],
    latest: str | None = None,
    said: Sequence[str] = (),
) -> FollowUpTarget | None:
    """What the next follow-up is about, or None to move on.

    `answer` is everything said on the question so far, `latest` the newest reply alone (defaults
    to `answer`), `said` what the interviewer said in this exchange. At most MAX_FOLLOW_UPS per
    question, requests included, and one repeat beyond them; never the same target twice. In
    order: a request (move on; repeat the question in other words; give the hint asked for; after
    "I don't know", offer a hint or moving on, when there is room for both the offer and the
    hint); an answer to another question;
    a key point stated the wrong way round (challenged); the first missed key point the bank has a
    follow-up for (for a story, one whose part of the story is not told already); a STAR part the
    story lacks; the first missed key point; a too-short answer.
    """
    asked = list(targets_so_far)
    room = MAX_FOLLOW_UPS - len(asked)
    offered = bool(asked) and asked[-1].kind is TargetKind.offer
    reply = read_latest(answer if latest is None else latest, result, offered)
    kinds = {t.kind for t in asked}
    if reply is Reply.repeat:  # once, beyond the limit too: moving on would ignore the request
        return None if TargetKind.repeat in kinds else FollowUpTarget(TargetKind.repeat)
    if room <= 0 or reply is Reply.move_on:
        return None
    if reply is Reply.hint:
        if TargetKind.hint in kinds:
            return None
        return FollowUpTarget(TargetKind.hint, hint_point(question, result, asked))
    if reply is Reply.dont_know:
        if room >= 2 and not kinds & {TargetKind.offer, TargetKind.hint}:
            return FollowUpTarget(TargetKind.offer)
        return None
    if "empty answer" in result.flags:
        return None
    return _content_target(question, answer, result, asked, said)


def _content_target(
    question: Question,
    answer: str,
    result: ScoreResult,
    asked: list[FollowUpTarget],
    said: Sequence[str],
) -> FollowUpTarget | None:
    kinds = {t.kind for t in asked}
    if "answers another question" in result.flags and TargetKind.other not in kinds:
        return FollowUpTarget(TargetKind.other, other_question_prompt(result)[:150])
    if not result.missing_points and not result.star_missing:
        return None  # nothing left to probe, however brief the answer
    on_points = {TargetKind.point, TargetKind.challenge, TargetKind.hint}
    probed = {t.detail[:TARGET_CHARS] for t in asked if t.kind in on_points}
    behavioral = question.category == Category.behavioral
    # A story's key points describe its shape: nothing to contradict. A jumbled answer or a list
    # of words states nothing either: its words quoted back would read as nonsense.
    stated = not set(result.flags) & {"word salad", "keyword list"}
    if not behavioral and stated:
        for point in result.contradicted_points:
            if point[:TARGET_CHARS] not in probed:
                return FollowUpTarget(TargetKind.challenge, point)
    missing = [p for p in result.missing_points if p[:TARGET_CHARS] not in probed]
    star: list[str] = []
    if behavioral:
        parts = story_parts(answer)
        missing = [p for p in missing if not point_told(p, answer, parts)]
        star = [part for part in result.star_missing if part not in parts]
    for point in missing:
        if authored_for(question, point, result.found_points, asked, said):
            return FollowUpTarget(TargetKind.point, point)
    for part in star:
        if FollowUpTarget(TargetKind.star, part) not in asked:
            return FollowUpTarget(TargetKind.star, part)
    if missing:
        return FollowUpTarget(TargetKind.point, missing[0])
    if len(answer.split()) < SHORT_ANSWER_WORDS and TargetKind.short not in kinds:
        return FollowUpTarget(TargetKind.short)
    return None
