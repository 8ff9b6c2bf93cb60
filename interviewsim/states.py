"""Named states of an interview, its turns and its transcript, and what a follow-up probes.

The enums are `StrEnum`s, so they compare equal to (and are stored as) the plain strings the history
store has always held: `InterviewStatus.active == "active"`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class InterviewStatus(StrEnum):
    active = "active"
    completed = "completed"  # every planned question was asked
    ended = "ended"  # the person ended it early


class TurnKind(StrEnum):
    main = "main"  # a planned question
    follow_up = "follow_up"


class Role(StrEnum):
    """Who a transcript message is from."""

    interviewer = "interviewer"
    candidate = "candidate"
    notice = "notice"  # the app itself: a truncated answer, a provider falling back, ...
    coach = "coach"  # coach mode's verdict on an answer (see interviewsim.coaching)


class TargetKind(StrEnum):
    """What a follow-up turn is for. The first three probe the content of an answer; the others
    react to what the candidate said (a request, a wrong statement, another question's answer)."""

    point = "point"  # a key point the answer missed
    star = "star"  # a STAR part a behavioral story left out
    short = "short"  # the answer was too brief
    challenge = "challenge"  # a key point the answer stated the wrong way round
    other = "other"  # the answer fits another question: say so, ask again in other words
    offer = "offer"  # "I don't know": offer a hint or moving on
    hint = "hint"  # the hint asked for, about one key point; the question stays open
    repeat = "repeat"  # "can you repeat?": the question again, in other words


CONTENT_TARGETS = frozenset(
    {TargetKind.point, TargetKind.star, TargetKind.short, TargetKind.challenge, TargetKind.other}
)


@dataclass(frozen=True)
class FollowUpTarget:
    """What a follow-up turn is about: a missed key point, a missing STAR part, a short answer, a
    contradicted point, another question, or the candidate's request (a hint, a repeat).

    Stored in `Turn.follow_up_target` as `"<kind>:<detail>"` (e.g. `"point:tuples are hashable"`),
    the form the history store has always used.
    """

    kind: TargetKind
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.kind}:{self.detail}" if self.detail else self.kind.value

    @classmethod
    def parse(cls, stored: str) -> FollowUpTarget:
        kind, _, detail = stored.partition(":")
        return cls(TargetKind(kind), detail)
