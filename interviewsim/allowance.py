"""A host's API key is a shared budget: each person gets a daily allowance of model calls and tokens.

When the host sets the key (`.streamlit/secrets.toml`, the environment or `.env`), everyone's model
calls are paid from it. `INTERVIEWSIM_DAILY_MODEL_CALLS` and `INTERVIEWSIM_DAILY_TOKENS` cap what
one person (one owner: a signed-in account, or a local profile) may use per UTC day, counted on the
interviews they started that day. Past the cap that person's interviews carry on offline, with a
notice that says when the allowance resets; nobody else is affected. A key or server the person
typed on the Settings page is their own and is not capped (`Settings.host_pays`).

`AllowanceBackend` wraps the backend the settings chose and asks the allowance before each step
that would call the model, so the rule lives here, testable without Streamlit, and the interview
service does not know about it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta

from sqlalchemy.orm import Session, sessionmaker

from interviewsim.backends import Backend, Capabilities
from interviewsim.bank import Question, Rubric
from interviewsim.config import Settings
from interviewsim.interviewer import Interviewer
from interviewsim.profiles import Owner
from interviewsim.scoring import Scorer, ScoreResult
from interviewsim.store.usage import ModelUsage, UsageQueries
from interviewsim.tailoring import Tailoring, TailorRequest
from interviewsim.usage import pending, step_notes

OFFLINE = "offline"  # Backend.name of the offline backend
OwnerLookup = Callable[[], Owner | None]  # whose calls these are (the Streamlit session's owner)


@dataclass(frozen=True)
class DailyLimits:
    calls: int | None = None  # model calls per person per UTC day; None: no limit
    tokens: int | None = None  # input and output tokens together

    @classmethod
    def of(cls, settings: Settings) -> DailyLimits:
        return cls(settings.daily_model_calls, settings.daily_tokens)

    @property
    def any(self) -> bool:
        return self.calls is not None or self.tokens is not None

    def reached(self, used: ModelUsage) -> str | None:
        """The limit `used` has reached, in words; None while some of each is left."""
        if self.calls is not None and used.calls >= self.calls:
            return f"{self.calls:,} model calls"
        if self.tokens is not None and used.tokens >= self.tokens:
            return f"{self.tokens:,} tokens"
        return None


def utc_day(now: datetime) -> tuple[datetime, datetime]:
    """The UTC day holding `now` (naive UTC, as the store keeps time): [midnight, next midnight)."""
    start = datetime.combine(now.date(), time())
    return start, start + timedelta(days=1)


def resets_in(now: datetime) -> str:
    """When the allowance resets, in words: 'at 00:00 UTC, in 5 h 12 min'."""
    left = math.ceil((utc_day(now)[1] - now).total_seconds() / 60)
    hours, minutes = divmod(min(left, 24 * 60), 60)
    wait = f"{hours} h {minutes} min" if hours else f"{minutes} min"
    return f"at 00:00 UTC, in {wait}"


class Allowance:
    """One person's allowance on the host's key today, read from the store at each check."""

    def __init__(
        self,
        limits: DailyLimits,
        sessions: sessionmaker[Session],
        owner: OwnerLookup,
        clock: Callable[[], datetime],
    ):
        self.limits = limits
        self.sessions = sessions
        self.owner = owner
        self.clock = clock

    def used(self) -> ModelUsage | None:
        """Today's usage: stored interviews plus this step's calls so far. None: nobody to
        count against (no owner yet)."""
        owner = self.owner()
        if owner is None:
            return None
        since, until = utc_day(self.clock())
        with self.sessions() as session:
            stored = UsageQueries(session).model_usage(owner.profile_id, since, until)
        calls = pending()
        return stored + ModelUsage(len(calls), sum(c.input_tokens + c.output_tokens for c in calls))

    def used_up(self) -> str | None:
        """The notice to show once today's allowance is used up; None while some is left."""
        used = self.used()
        reached = None if used is None else self.limits.reached(used)
        if reached is None:
            return None
        return (
            f"You have used today's AI allowance on this app ({reached}), so your interviews "
            f"carry on offline, with the built-in interviewer and scorer. It resets "
            f"{resets_in(self.clock())}. A key of your own, typed on the Settings page, is not "
            "limited."
        )

    def summary(self) -> str | None:
        """Today's usage against the limits, for the Settings page."""
        used = self.used()
        if used is None:
            return None
        parts = []
        if self.limits.calls is not None:
            parts.append(
                f"{min(used.calls, self.limits.calls):,} of {self.limits.calls:,} model calls"
            )
        if self.limits.tokens is not None:
            parts.append(
                f"{min(used.tokens, self.limits.tokens):,} of {self.limits.tokens:,} tokens"
            )
        return (
            f"Your AI allowance on this app's key today: {' and '.join(parts)} used. It resets "
            f"{resets_in(self.clock())}."
        )


LEFT, TOLD = "allowance left", "allowance used up: said"  # notes on the current step


class AllowanceBackend(Backend):
    """The backend the settings chose while the owner's allowance lasts; the offline one after.

    A new interview says so at its start (`notice`), the scorer on every answer it scores
    offline, and the interviewer once if the allowance runs out part-way through a step.
    """

    def __init__(self, inner: Backend, allowance: Allowance, offline: Backend | None = None):
        self.inner = inner
        self.allowance = allowance
        self._offline = offline or Backend()
        self.scorer = AllowanceScorer(inner.scorer, self, self._offline.scorer)
        self.name = inner.name

    def used_up(self) -> str | None:
        reason = self.allowance.used_up()
        if reason is None:
            step_notes().add(LEFT)
        return reason

    # Read-only here: they follow the allowance, checked each time they are read.
    @property
    def notice(self) -> str | None:  # type: ignore[override]
        return self.used_up() or self.inner.notice

    @property
    def capabilities(self) -> Capabilities:  # type: ignore[override]
        return self._offline.capabilities if self.used_up() else self.inner.capabilities

    def interviewer(self, style: str, seed: int) -> Interviewer:
        reason = self.used_up()
        if reason is None:
            return self.inner.interviewer(style, seed)
        offline = self._offline.interviewer(style, seed)
        notes = step_notes()
        if LEFT in notes and TOLD not in notes:  # it ran out during this step: say so now
            offline.notice = reason
            notes.add(TOLD)
        return offline

    def tailor(self, request: TailorRequest) -> Tailoring:
        if self.used_up() is None:
            return self.inner.tailor(request)
        return Tailoring([], None)  # the interview's start already says why (`notice`)


class AllowanceScorer(Scorer):
    def __init__(self, inner: Scorer, backend: AllowanceBackend, offline: Scorer):
        self.inner = inner
        self.backend = backend
        self.name = inner.name
        self._offline = offline

    def score(
        self, question: Question, rubric: Rubric, answer: str, *, latest: str | None = None
    ) -> ScoreResult:
        reason = self.backend.used_up()
        if reason is None:
            return self.inner.score(question, rubric, answer, latest=latest)
        step_notes().add(TOLD)
        result = self._offline.score(question, rubric, answer, latest=latest)
        return replace(result, notice=f"This answer was scored offline. {reason}")


def with_allowance(
    backend: Backend,
    settings: Settings,
    sessions: sessionmaker[Session],
    owner: OwnerLookup,
    clock: Callable[[], datetime],
    offline: Backend | None = None,
) -> Backend:
    """`backend` under the daily allowance when the host's key pays and a limit is set; past it,
    `offline` (the offline backend for the app's bank) takes over."""
    limits = DailyLimits.of(settings)
    if not limits.any or not settings.host_pays or backend.name == OFFLINE:
        return backend
    return AllowanceBackend(backend, Allowance(limits, sessions, owner, clock), offline)


def allowance_of(backend: Backend) -> Allowance | None:
    return backend.allowance if isinstance(backend, AllowanceBackend) else None
