"""Reads over a person's whole history: adaptive practice, the Progress page, past interviews.

Aggregates are computed in SQL where the page needs only aggregates; rows come back as plain dicts.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Executable, Subquery, func, select
from sqlalchemy.orm import Session, selectinload

from interviewsim.store.models import (
    CriterionScoreRow,
    Interview,
    QuestionMemory,
    QuestionVersion,
    Turn,
)
from interviewsim.store.types import day_of


class HistoryQueries:
    def __init__(self, session: Session):
        self.session = session

    def interviews(self, profile_id: int, limit: int | None = None) -> list[Interview]:
        """The profile's interviews, newest first."""
        stmt = (
            select(Interview)
            .where(Interview.profile_id == profile_id)
            .order_by(Interview.started_at.desc(), Interview.id.desc())
        )
        if limit:
            stmt = stmt.limit(limit)
        return list(self.session.scalars(stmt))

    def everything(self, profile_id: int) -> list[Interview]:
        """The profile's interviews, oldest first, each with its turns, their criterion scores
        and its messages loaded (for a person's download of all their data)."""
        stmt = (
            select(Interview)
            .where(Interview.profile_id == profile_id)
            .order_by(Interview.started_at, Interview.id)
            .options(
                selectinload(Interview.turns).selectinload(Turn.scores),
                selectinload(Interview.messages),
            )
        )
        return list(self.session.scalars(stmt))

    def _records(self, stmt: Executable) -> list[dict[str, Any]]:
        """Rows as plain dicts through the Core connection: for thousands of history rows this
        is several times faster than ORM-style `dict(row._mapping)`."""
        result = self.session.connection().execute(stmt)
        keys = list(result.keys())
        return [dict(zip(keys, row, strict=True)) for row in result.all()]  # one fetchall

    def _final_scored_turns(
        self,
        profile_id: int,
        track: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> Subquery:
        """Each scored question's final turn id and the time spent on it over all its turns.

        Filters apply to the interview (profile, track, start time), so SQLite walks
        `ix_interviews_profile_started` and then each interview's turns by index.
        """
        conditions = [Interview.profile_id == profile_id]
        if track:
            conditions.append(Interview.track == track)
        if since is not None:
            conditions.append(Interview.started_at >= since)
        if until is not None:
            conditions.append(Interview.started_at < until)
        return (
            select(
                func.max(Turn.id).label("turn_id"),
                func.sum(Turn.time_taken_s).label("time_total_s"),
            )
            .join(Interview, Interview.id == Turn.interview_id)
            .where(*conditions, Turn.overall.is_not(None))
            .group_by(Turn.interview_id, Turn.question_index)
            .subquery()
        )

    def selection_history(
        self, profile_id: int, track: str | None = None, criteria_for_last: int | None = None
    ) -> list[dict[str, Any]]:
        """What question selection needs: one row per scored question, oldest first (turn_id,
        interview_id, track, question_id, overall, answered_at), each with `criteria`
        ({criterion id: level}). Optionally one track only, and criterion levels for only the
        `criteria_for_last` most recent rows (selection judges weakness on recent answers).

        Category, difficulty and tags are left to the caller's bank: decoding them from each
        turn's question snapshot would cost more than the rest of the query.
        """
        last = self._final_scored_turns(profile_id, track)
        stmt = (
            select(
                Turn.id.label("turn_id"),
                Turn.interview_id,
                Interview.track,
                Turn.question_id,
                Turn.overall,
                Turn.answered_at,
            )
            .join(last, last.c.turn_id == Turn.id)
            .join(Interview, Interview.id == Turn.interview_id)
            .order_by(Turn.answered_at, Turn.id)
        )
        rows = self._records(stmt)
        for row in rows:
            row["criteria"] = {}
        recent = rows if criteria_for_last is None else rows[len(rows) - criteria_for_last :]
        by_turn = {row["turn_id"]: row for row in recent}
        levels = select(
            CriterionScoreRow.turn_id, CriterionScoreRow.criterion_id, CriterionScoreRow.level
        )
        if criteria_for_last is None:
            levels = levels.join(last, last.c.turn_id == CriterionScoreRow.turn_id)
        else:
            levels = levels.where(CriterionScoreRow.turn_id.in_(list(by_turn)))
        for turn_id, criterion_id, level in self.session.connection().execute(levels).all():
            by_turn[turn_id]["criteria"][criterion_id] = level
        return rows

    def recent_selection_rows(
        self, profile_id: int, track: str, limit: int
    ) -> list[dict[str, Any]]:
        """The `limit` most recent scored questions of one track, oldest first, shaped like
        `selection_history`'s rows (with `criteria`). Reads at most `limit` interviews, so its
        cost does not grow with the length of the history."""
        interviews = (
            select(Interview.id)
            .where(Interview.profile_id == profile_id, Interview.track == track)
            .order_by(Interview.started_at.desc(), Interview.id.desc())
            .limit(limit)
            .scalar_subquery()
        )
        last = (
            select(func.max(Turn.id).label("turn_id"))
            .where(Turn.interview_id.in_(interviews), Turn.overall.is_not(None))
            .group_by(Turn.interview_id, Turn.question_index)
            .subquery()
        )
        stmt = (
            select(
                Turn.id.label("turn_id"),
                Turn.interview_id,
                Interview.track,
                Turn.question_id,
                Turn.overall,
                Turn.answered_at,
            )
            .join(last, last.c.turn_id == Turn.id)
            .join(Interview, Interview.id == Turn.interview_id)
            .order_by(Turn.answered_at.desc(), Turn.id.desc())
            .limit(limit)
        )
        rows = self._records(stmt)[::-1]
        by_turn = {row["turn_id"]: row for row in rows}
        for row in rows:
            row["criteria"] = {}
        levels = select(
            CriterionScoreRow.turn_id, CriterionScoreRow.criterion_id, CriterionScoreRow.level
        ).where(CriterionScoreRow.turn_id.in_(list(by_turn)))
        for turn_id, criterion_id, level in self.session.connection().execute(levels).all():
            by_turn[turn_id]["criteria"][criterion_id] = level
        return rows

    def memories(self, profile_id: int, track: str) -> list[dict[str, Any]]:
        """What the history says about each question of the track the person has finished."""
        stmt = select(
            QuestionMemory.question_id,
            QuestionMemory.box,
            QuestionMemory.answers,
            QuestionMemory.last_score,
            QuestionMemory.last_answered,
            QuestionMemory.last_interview_id,
        ).where(QuestionMemory.profile_id == profile_id, QuestionMemory.track == track)
        return self._records(stmt)

    def progress_questions(
        self,
        profile_id: int,
        track: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> list[dict[str, Any]]:
        """The Progress page's answers: one row per scored question in the window, oldest first.

        `time_taken_s` is the whole time spent on the question, follow-ups included.
        """
        last = self._final_scored_turns(profile_id, track, since, until)
        stmt = (
            select(
                Interview.id.label("interview_id"),
                Interview.started_at,
                Interview.track,
                Turn.question_id,
                QuestionVersion.snapshot["category"].as_string().label("category"),
                QuestionVersion.snapshot["difficulty"].as_integer().label("difficulty"),
                QuestionVersion.snapshot["tags"].label("tags"),
                Turn.overall,
                last.c.time_total_s.label("time_taken_s"),
                Turn.answered_at,
                QuestionVersion.snapshot["prompt"].as_string().label("prompt"),
            )
            .join(last, last.c.turn_id == Turn.id)
            .join(Interview, Interview.id == Turn.interview_id)
            .join(QuestionVersion, QuestionVersion.id == Turn.question_version_id)
            .order_by(Turn.answered_at, Turn.id)
        )
        return self._records(stmt)

    def progress_criteria(
        self,
        profile_id: int,
        track: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> list[dict[str, Any]]:
        """Rubric levels summed per day, track and criterion, in SQL.

        A few rows per practice day instead of one per criterion score: averages over any
        period are `level_sum / scores`.
        """
        last = self._final_scored_turns(profile_id, track, since, until)
        day = day_of(Turn.answered_at)
        stmt = (
            select(
                day.label("day"),
                Interview.track,
                CriterionScoreRow.criterion_id,
                CriterionScoreRow.name,
                func.sum(CriterionScoreRow.level).label("level_sum"),
                func.count().label("scores"),
            )
            .select_from(CriterionScoreRow)
            .join(last, last.c.turn_id == CriterionScoreRow.turn_id)
            .join(Turn, Turn.id == CriterionScoreRow.turn_id)
            .join(Interview, Interview.id == Turn.interview_id)
            .group_by(day, Interview.track, CriterionScoreRow.criterion_id, CriterionScoreRow.name)
            .order_by(day)
        )
        return self._records(stmt)

    def history_bounds(self, profile_id: int) -> list[dict[str, Any]]:
        """Per track: how many interviews and the first and last start time (for the filters)."""
        stmt = (
            select(
                Interview.track,
                func.count().label("interviews"),
                func.min(Interview.started_at).label("first"),
                func.max(Interview.started_at).label("last"),
            )
            .where(Interview.profile_id == profile_id)
            .group_by(Interview.track)
            .order_by(Interview.track)
        )
        return self._records(stmt)
