"""Reads for the pages: past interviews, reports, the Progress page's data.

The command side (`interviewsim.interview`) changes interviews; this side only reads them, mostly
with SQL aggregates, and returns plain data the pages render. Every read takes the owner, down to
the download of all of a person's data.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from interviewsim.history_export import history_csv
from interviewsim.interview.model import InterviewError
from interviewsim.profiles import Owner
from interviewsim.report import EarlierAnswer, InterviewReport, build_report
from interviewsim.scoring import ScoreResult
from interviewsim.store.history import HistoryQueries
from interviewsim.store.interviews import InterviewRepository
from interviewsim.store.models import Interview, Message
from interviewsim.store.profiles import ProfileRepository
from interviewsim.store.progress_queries import (
    ProgressQueries,
    interview_count,
    interview_page,
    owned_interview,
    period_for_span,
    progress_stamp,
    question_versions,
)

RECENT_ANSWERS = 500  # raw points (time per answer) come from this many latest answers at most
RECENT_INTERVIEWS = 200  # per-interview points (the trend) and topic ranks: this many at most
PAGE_SIZE = 20  # past interviews per page
REPORT_CHOICES = 100  # the Report's picker offers this many newest interviews (and one asked for)


@dataclass(frozen=True)
class ProgressFacts:
    """What the Progress page shows for one window, as plain rows that do not grow with the
    history: sums per day, per track and question version, per criterion and period (all
    aggregated in SQL), topic ranks and raw points over a bounded recent window."""

    days: list[dict[str, Any]]  # day ('YYYY-MM-DD'), answers
    by_version: list[dict[str, Any]]  # track, version_id, answers, score_sum
    versions: dict[int, tuple[str, list[str]]]  # version id -> (category, tags)
    interviews: int  # interviews with a scored answer in the window
    period: str  # the heat-map's column: "D", "W" or "M"
    criteria: list[dict[str, Any]]  # day (the period's first), category, criterion, sums
    topics: list[dict[str, Any]]  # track, topic, answers, overall, early, late
    recent_answers: list[dict[str, Any]]  # newest first, at most RECENT_ANSWERS
    recent_interviews: list[dict[str, Any]]  # oldest first, the last RECENT_INTERVIEWS (+ warm-up)
    shown_interviews: int = RECENT_INTERVIEWS  # trend points and topics: the latest this many

    @property
    def answers(self) -> int:
        return sum(int(r["answers"]) for r in self.by_version)


@dataclass(frozen=True)
class InterviewPage:
    interviews: list[InterviewSummary]
    total: int  # the owner's interviews in all
    offset: int


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
            return [_summary(i) for i in HistoryQueries(s).interviews(owner.profile_id)]

    def report_choices(
        self, owner: Owner, wanted: int | None = None
    ) -> tuple[list[InterviewSummary], bool]:
        """The Report's picker: the owner's newest REPORT_CHOICES interviews, newest first, with
        the one asked for by id added when it is the owner's and older; and whether it was found
        (an id of someone else's reads as one that does not exist)."""
        with self.sessions() as s:
            rows = interview_page(s, owner.profile_id, REPORT_CHOICES, 0)
            found = wanted is None or any(i.id == wanted for i in rows)
            if not found and wanted is not None:
                older = owned_interview(s, owner.profile_id, wanted)
                if older is not None:
                    rows.append(older)
                    found = True
            return [_summary(i) for i in rows], found

    def interview_page(
        self, owner: Owner, offset: int = 0, limit: int = PAGE_SIZE
    ) -> InterviewPage:
        """`limit` of the owner's interviews from `offset` on, newest first, and how many in all:
        paged in SQL, so a long history costs one page."""
        with self.sessions() as s:
            rows = interview_page(s, owner.profile_id, limit, max(0, offset))
            return InterviewPage(
                [_summary(i) for i in rows], interview_count(s, owner.profile_id), offset
            )

    def progress_stamp(self, owner: Owner) -> tuple[Any, ...]:
        """A cheap value that changes whenever the owner's Progress data can (the page's cache
        key)."""
        with self.sessions() as s:
            return progress_stamp(s, owner.profile_id)

    def progress_summary(
        self,
        owner: Owner,
        track: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        recent_answers: int = RECENT_ANSWERS,
        recent_interviews: int = RECENT_INTERVIEWS,
        trend_window: int = 5,
    ) -> ProgressFacts:
        """The Progress page's data for one window, in one database session: aggregates over the
        whole window, raw points over the latest answers and interviews only."""
        with self.sessions() as s:
            q = ProgressQueries(s, owner.profile_id, track, since, until)
            days = q.answers_per_day()
            by_version = q.answers_by_version()
            versions = question_versions(s, (r["version_id"] for r in by_version))
            span = (
                (date.fromisoformat(days[-1]["day"]) - date.fromisoformat(days[0]["day"])).days
                if days
                else 0
            )
            period = period_for_span(span)
            categories = {v: category for v, (category, _) in versions.items()}
            return ProgressFacts(
                days=days,
                by_version=by_version,
                versions=versions,
                interviews=q.interviews_scored() if days else 0,
                period=period,
                criteria=q.criteria_per_period(period, categories) if days else [],
                topics=q.topics(versions, recent_interviews) if days else [],
                recent_answers=q.recent_answers(recent_answers) if days else [],
                # a few more than shown, so the first point's rolling average is a whole one
                recent_interviews=(
                    q.recent_interviews(recent_interviews + trend_window - 1) if days else []
                ),
                shown_interviews=recent_interviews,
            )

    def progress_csv(
        self,
        owner: Owner,
        track: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> bytes:
        """The window's answers as CSV, built from rows streamed out of the database in batches
        (for the download, when it is asked for)."""
        with self.sessions() as s:
            return history_csv(
                ProgressQueries(s, owner.profile_id, track, since, until).export_rows()
            )

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

    def all_my_data(self, owner: Owner) -> dict[str, Any]:
        """Everything the store holds for the owner, as plain JSON-ready data: the profile, and
        every interview with its plan, turns (question as asked, answer, score and criterion
        levels), transcript and model usage. Nothing of anyone else's; no internal lease."""
        with self.sessions() as s:
            profile = ProfileRepository(s).get(owner.profile_id)
            interviews = HistoryQueries(s).everything(owner.profile_id)
            return {
                "format": EXPORT_FORMAT,
                "profile": {
                    "name": profile.name if profile else owner.name,
                    "kind": "account" if owner.account else "local profile",
                    "email": profile.email if profile else None,
                    "sign_in_subject": profile.subject if profile else None,
                    "role": profile.role if profile else owner.role,
                    "created_at": _when(profile.created_at) if profile else None,
                },
                "interviews": [_interview_data(i) for i in interviews],
            }


EXPORT_FORMAT = "interviewsim-my-data/1"


def _summary(i: Interview) -> InterviewSummary:
    return InterviewSummary(
        i.id, i.track, i.interview_type, i.status, i.started_at, i.overall, len(i.plan)
    )


def _when(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _interview_data(interview: Interview) -> dict[str, Any]:
    return {
        "id": interview.id,
        "track": interview.track,
        "interview_type": interview.interview_type,
        "difficulty": interview.difficulty,
        "style": interview.style,
        "seed": interview.seed,
        "status": interview.status,
        "overall": interview.overall,
        "interviewer": interview.interviewer,
        "scorer": interview.scorer,
        "started_at": _when(interview.started_at),
        "finished_at": _when(interview.finished_at),
        "plan": interview.plan,
        "usage": interview.usage or {},
        "turns": [
            {
                "seq": t.seq,
                "question_index": t.question_index,
                "question_id": t.question_id,
                "question": t.question,
                "kind": t.kind,
                "follow_up_target": t.follow_up_target,
                "prompt": t.prompt_text,
                "answer": t.answer,
                "answer_truncated": t.answer_truncated,
                "skipped": t.skipped,
                "asked_at": _when(t.asked_at),
                "answered_at": _when(t.answered_at),
                "time_taken_s": t.time_taken_s,
                "overall": t.overall,
                "result": t.result,
                "criterion_scores": [
                    {
                        "criterion_id": c.criterion_id,
                        "name": c.name,
                        "level": c.level,
                        "weight": c.weight,
                    }
                    for c in sorted(t.scores, key=lambda c: c.id)
                ],
            }
            for t in interview.turns
        ],
        "messages": [_message_data(m) for m in interview.messages],
    }


def _message_data(m: Message) -> dict[str, Any]:
    content, meta = m.read()
    return {
        "seq": m.seq,
        "role": m.role,
        "content": content,
        "meta": meta,
        "at": _when(m.created_at),
    }


def my_data_json(data: dict[str, Any]) -> str:
    """`HistoryViews.all_my_data` as the JSON file a person downloads."""
    return json.dumps(data, indent=2, ensure_ascii=False)
