"""The interviewer interface: what to say at each step of an interview.

The session decides *when* something is said (ask, follow up, move on, wrap up); an interviewer decides
*how* it is worded. Whether to follow up is decided here, from the score's missing points, by a pure
function every interviewer shares, so offline and LLM interviews probe the same gaps.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field

from interviewsim.bank import Category, Question
from interviewsim.scoring.base import ScoreResult
from interviewsim.states import FollowUpTarget, TargetKind

MAX_FOLLOW_UPS = 2
SHORT_ANSWER_WORDS = 25
STYLES = ("friendly", "neutral", "demanding")


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


@dataclass(frozen=True)
class Acknowledge:
    """Said after the last answer to a question, before the next one."""

    question: Question
    result: ScoreResult | None  # None when the question was skipped


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
    targets_so_far: list[FollowUpTarget],
) -> FollowUpTarget | None:
    """The gap to probe next, or None to move on.

    At most MAX_FOLLOW_UPS per question; never the same target twice. Behavioral answers are probed
    for missing STAR parts first; then the first key point not covered; then a too-short answer.
    """
    if len(targets_so_far) >= MAX_FOLLOW_UPS or "empty answer" in result.flags:
        return None
    if not result.missing_points and not result.star_missing:
        return None  # nothing left to probe, however brief the answer
    candidates: list[FollowUpTarget] = []
    if question.category == Category.behavioral:
        candidates += [FollowUpTarget(TargetKind.star, part) for part in result.star_missing]
    if question.category != Category.behavioral:
        candidates += [FollowUpTarget(TargetKind.point, p) for p in result.missing_points]
    if len(answer.split()) < SHORT_ANSWER_WORDS:
        candidates.append(FollowUpTarget(TargetKind.short))
    for target in candidates:  # first unasked target wins
        if target not in targets_so_far:
            return target
    return None
