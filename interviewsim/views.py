"""Reads for the pages: past interviews, reports, the Progress page's data, profiles.

The command side (`interviewsim.interview`) changes interviews; this side only reads them, mostly
with SQL aggregates, and returns plain data the pages render.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from interviewsim.interview.model import InterviewError
from interviewsim.report import InterviewReport, build_report
from interviewsim.store.history import HistoryQueries
from interviewsim.store.interviews import InterviewRepository
from interviewsim.store.profiles import ProfileRepository


@dataclass(frozen=True)
class InterviewSummary:
    interview_id: int
    track: str
    interview_type: str
    status: str
    started_at: datetime
    overall: float | None
    questions: int


class HistoryViews:
    def __init__(self, sessions: sessionmaker[Session]):
        self.sessions = sessions

    def report(self, interview_id: int) -> InterviewReport:
        with self.sessions() as s:
            interview = InterviewRepository(s).interview_full(interview_id)
            if interview is None:
                raise InterviewError(f"Interview {interview_id} does not exist.")
            return build_report(interview)

    def interview_summaries(self, profile_id: int) -> list[InterviewSummary]:
        """The profile's interviews, newest first."""
        with self.sessions() as s:
            return [
                InterviewSummary(
                    i.id, i.track, i.interview_type, i.status, i.started_at, i.overall, len(i.plan)
                )
                for i in HistoryQueries(s).interviews(profile_id)
            ]

    def progress_history(
        self,
        profile_id: int,
        track: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The Progress page's rows for one window: scored questions, and criterion levels
        summed per day (aggregated in SQL), read in one database session."""
        with self.sessions() as s:
            queries = HistoryQueries(s)
            return (
                queries.progress_questions(profile_id, track, since, until),
                queries.progress_criteria(profile_id, track, since, until),
            )

    def history_bounds(self, profile_id: int) -> list[dict[str, Any]]:
        """Per track: interviews held and the first and last start time (for the filters)."""
        with self.sessions() as s:
            return HistoryQueries(s).history_bounds(profile_id)

    def profile_names(self) -> list[str]:
        with self.sessions() as s:
            return [p.name for p in ProfileRepository(s).all()]
