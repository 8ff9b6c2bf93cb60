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
    point = "point"  # a key point the answer missed
    star = "star"  # a STAR part a behavioral story left out
    short = "short"  # the answer was too brief


@dataclass(frozen=True)
class FollowUpTarget:
    """The gap a follow-up probes: a missed key point, a missing STAR part, or a short answer.

    Stored in `Turn.follow_up_target` as `"<kind>:<detail>"` (e.g. `"point:tuples are hashable"`),
    the form the history store has always used.
    """

    kind: TargetKind
    detail: str = ""

    def __str__(self) -> str:
        return self.kind.value if self.kind is TargetKind.short else f"{self.kind}:{self.detail}"

    @classmethod
    def parse(cls, stored: str) -> FollowUpTarget:
        kind, _, detail = stored.partition(":")
        return cls(TargetKind(kind), detail)
