"""What the interview service takes and gives: set-up, transcript, the state shown on the page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from interviewsim.insights import Insights
from interviewsim.scoring import ScoreResult
from interviewsim.selection import BALANCED, MIXED
from interviewsim.states import InterviewStatus, Role, TurnKind
from interviewsim.store.models import Interview, Message, Turn

MAX_QUESTIONS = 20


class InterviewError(ValueError):
    """A request the interview cannot honour (it is over, the setup is invalid, ...)."""


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class InterviewSetup:
    track: str
    interview_type: str = MIXED
    difficulty: int | None = None
    num_questions: int = 5
    style: str = "neutral"
    seed: int | None = None
    focus: str = BALANCED  # or selection.WEAK_SPOTS: "Practise my weak spots"
    topics: tuple[str, ...] = ()  # tags or categories to practise (Progress page buttons)
    # Coach mode (a verdict after each answer); None: the profile's last choice. A choice made
    # here becomes the profile's new default.
    coach: bool | None = None
    # Exactly these questions, in this order ("Practise this question"), instead of a selection.
    question_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChatMessage:
    role: Role
    content: str
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class InterviewView:
    """What the Practice page shows: the transcript and where the interview stands."""

    interview_id: int
    status: InterviewStatus
    track: str
    messages: list[ChatMessage]
    question_index: int  # 0-based index of the question being asked
    total: int
    awaiting: TurnKind | None  # the kind of turn waiting for an answer; None when over
    time_limit_s: int | None
    asked_at: datetime | None
    turn_id: int | None = None  # the turn waiting: pass it back with the answer (idempotency)
    busy: bool = False  # another command is working on the last answer right now
    coach: bool = False  # coach mode: a verdict follows each scored answer
    attempt: int = 1  # the attempt at the question being asked (2, 3, ... after a retry)

    @property
    def finished(self) -> bool:
        return self.status != InterviewStatus.active

    @classmethod
    def of(
        cls,
        interview: Interview,
        open_turn: Turn | None,
        messages: Sequence[Message],
        busy: bool = False,
    ) -> InterviewView:
        return cls(
            interview_id=interview.id,
            status=InterviewStatus(interview.status),
            track=interview.track,
            messages=[ChatMessage(Role(m.role), *m.read()) for m in messages],
            question_index=open_turn.question_index if open_turn else len(interview.plan),
            total=len(interview.plan),
            awaiting=TurnKind(open_turn.kind) if open_turn else None,
            time_limit_s=open_turn.question.get("time_limit_s") if open_turn else None,
            asked_at=open_turn.asked_at if open_turn else None,
            turn_id=open_turn.id if open_turn else None,
            busy=busy,
            coach=bool(interview.coach),
            attempt=open_turn.attempt if open_turn else 1,
        )


@dataclass(frozen=True)
class SubmitOutcome:
    saved: bool
    result: ScoreResult | None = None
    notices: tuple[str, ...] = ()
    finished: bool = False
    duplicate: bool = False  # the question was already answered: nothing was written
    delivery: Insights | None = None  # how the answer was said (see interviewsim.insights)
