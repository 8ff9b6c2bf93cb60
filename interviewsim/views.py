"""Reads for the pages: past interviews, reports, the Progress page's data.

The command side (`interviewsim.interview`) changes interviews; this side only reads them, mostly
with SQL aggregates, and returns plain data the pages render. Every read takes the owner.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from interviewsim.interview.model import InterviewError
from interviewsim.profiles import Owner
from interviewsim.report import EarlierAnswer, InterviewReport, build_report
from interviewsim.scoring import ScoreResult
from interviewsim.store.history import HistoryQueries
from interviewsim.store.interviews import InterviewRepository


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

    def report(self, owner: Owner, interview_id: int) -> InterviewReport:
        """One of the owner's interviews; someone else's reads as one that does not exist."""
        with self.sessions() as s:
            interview = InterviewRepository(s).interview_full(owner.profile_id, interview_id)
            if interview is None:
                raise InterviewError(f"Interview {interview_id} does not exist.")
            asked = list(dict.fromkeys(t.question_id for t in interview.turns))
            rows = HistoryQueries(s).earlier_answers(owner.profile_id, asked, interview.started_at)
            earlier = {
                question_id: EarlierAnswer(
                    row["interview_id"],
                    row["started_at"],
                    row["answer"],
                    ScoreResult.from_dict(row["result"]),
                )
                for question_id, row in rows.items()
                if row["interview_id"] != interview_id and row["result"]
            }
            return build_report(interview, earlier)

    def interview_summaries(self, owner: Owner) -> list[InterviewSummary]:
        """The owner's interviews, newest first."""
        with self.sessions() as s:
            return [
                InterviewSummary(
                    i.id, i.track, i.interview_type, i.status, i.started_at, i.overall, len(i.plan)
                )
                for i in HistoryQueries(s).interviews(owner.profile_id)
            ]

    def progress_history(
        self,
        owner: Owner,
        track: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The Progress page's rows for one window: scored questions, and criterion levels
        summed per day (aggregated in SQL), read in one database session."""
        with self.sessions() as s:
            queries = HistoryQueries(s)
            return (
                queries.progress_questions(owner.profile_id, track, since, until),
                queries.progress_criteria(owner.profile_id, track, since, until),
            )

    def history_bounds(self, owner: Owner) -> list[dict[str, Any]]:
        """Per track: interviews held and the first and last start time (for the filters)."""
        with self.sessions() as s:
            return HistoryQueries(s).history_bounds(owner.profile_id)
