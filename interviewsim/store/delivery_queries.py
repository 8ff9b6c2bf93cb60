"""How a person's answers were said, added up per day in SQL for the Progress page.

Counts come from the columns migration 0008 added to each turn; answers saved before it (no word
count) are left out. A spoken answer's words and seconds are summed apart, so a day's pace is
words over time actually spoken, not an average of averages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, sessionmaker

from interviewsim.profiles import Owner
from interviewsim.store.models import Interview, Turn
from interviewsim.store.types import day_of


@dataclass(frozen=True)
class DeliveryDay:
    day: str  # YYYY-MM-DD (UTC)
    answers: int
    words: int
    fillers: int
    terms: int  # job-related terms used, over the day's answers
    spoken_answers: int
    spoken_words: int
    spoken_s: float

    @property
    def filler_rate(self) -> float:
        """Fillers per 100 words."""
        return round(100 * self.fillers / self.words, 1) if self.words else 0.0

    @property
    def pace_wpm(self) -> float | None:
        """Words per minute over the day's spoken answers."""
        return round(self.spoken_words / (self.spoken_s / 60), 1) if self.spoken_s > 0 else None

    @property
    def terms_per_answer(self) -> float:
        return round(self.terms / self.answers, 2) if self.answers else 0.0


def delivery_by_day(
    session: Session,
    profile_id: int,
    track: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[DeliveryDay]:
    """The profile's answers with insights, per day they were given, oldest first."""
    day = day_of(Turn.answered_at).label("day")
    spoken = Turn.duration_s.is_not(None)
    stmt = (
        select(
            day,
            func.count(Turn.id),
            func.sum(Turn.word_count),
            func.sum(Turn.filler_count),
            func.sum(Turn.term_count),
            func.count(Turn.duration_s),
            func.sum(case((spoken, Turn.word_count), else_=0)),
            func.sum(func.coalesce(Turn.duration_s, 0.0)),
        )
        .join(Interview, Interview.id == Turn.interview_id)
        .where(Interview.profile_id == profile_id, Turn.word_count.is_not(None))
        .group_by(day)
        .order_by(day)
    )
    if track is not None:
        stmt = stmt.where(Interview.track == track)
    if since is not None:
        stmt = stmt.where(Turn.answered_at >= since)
    if until is not None:
        stmt = stmt.where(Turn.answered_at < until)
    return [
        DeliveryDay(
            str(row[0]),
            int(row[1]),
            int(row[2] or 0),
            int(row[3] or 0),
            int(row[4] or 0),
            int(row[5]),
            int(row[6] or 0),
            float(row[7] or 0.0),
        )
        for row in session.execute(stmt)
    ]


def owner_delivery_days(
    sessions: sessionmaker[Session],
    owner: Owner,
    track: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[DeliveryDay]:
    """`delivery_by_day` for the owner's own history, in a session of its own."""
    with sessions() as session:
        return delivery_by_day(session, owner.profile_id, track, since, until)
