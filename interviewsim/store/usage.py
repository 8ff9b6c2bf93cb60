"""Model usage summed over a person's interviews, in SQL: what a daily allowance is measured on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from interviewsim.store.models import Interview


@dataclass(frozen=True)
class ModelUsage:
    calls: int = 0
    tokens: int = 0  # input and output together

    def __add__(self, other: ModelUsage) -> ModelUsage:
        return ModelUsage(self.calls + other.calls, self.tokens + other.tokens)


class UsageQueries:
    def __init__(self, session: Session):
        self.session = session

    def model_usage(self, profile_id: int, since: datetime, until: datetime) -> ModelUsage:
        """Model calls and tokens of the profile's interviews started in [since, until).

        Reads the totals `usage.add_step` keeps in each interview's `usage` JSON; offline
        interviews have none and count as zero.
        """

        def total(key: str) -> ColumnElement[int]:
            return func.coalesce(func.sum(Interview.usage[key].as_integer()), 0)

        calls, tokens_in, tokens_out = self.session.execute(
            select(total("calls"), total("input_tokens"), total("output_tokens")).where(
                Interview.profile_id == profile_id,
                Interview.started_at >= since,
                Interview.started_at < until,
            )
        ).one()
        return ModelUsage(int(calls), int(tokens_in) + int(tokens_out))
