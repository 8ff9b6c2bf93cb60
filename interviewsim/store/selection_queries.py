"""Reads that question selection makes before an interview: recent answers with their rubric
levels, and the stored per-question memory."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from interviewsim.store.models import CriterionScoreRow, Interview, QuestionMemory, Turn
from interviewsim.store.scored_turns import attach_levels, final_scored_turns, levels, records


def _answer_columns() -> tuple[Any, ...]:
    return (
        Turn.id.label("turn_id"),
        Turn.interview_id,
        Interview.track,
        Turn.question_id,
        Turn.overall,
        Turn.answered_at,
    )


class SelectionQueries:
    def __init__(self, session: Session):
        self.session = session

    def selection_history(
        self, profile_id: int, track: str | None = None, criteria_for_last: int | None = None
    ) -> list[dict[str, Any]]:
        """One row per scored question, oldest first (turn_id, interview_id, track, question_id,
        overall, answered_at), each with `criteria` ({criterion id: level}). Optionally one
        track only, and criterion levels for only the `criteria_for_last` most recent rows.

        The whole history: kept for exports and the benchmark's baseline; starting an
        interview reads `recent_selection_rows` instead.
        """
        last = final_scored_turns(profile_id, track)
        stmt = (
            select(*_answer_columns())
            .join(last, last.c.turn_id == Turn.id)
            .join(Interview, Interview.id == Turn.interview_id)
            .order_by(Turn.answered_at, Turn.id)
        )
        rows = records(self.session, stmt)
        if criteria_for_last is None:
            levels_of = levels().join(last, last.c.turn_id == CriterionScoreRow.turn_id)
            attach_levels(self.session, rows, levels_of)
            return rows
        recent = rows[len(rows) - criteria_for_last :] if criteria_for_last else []
        for row in rows:
            row["criteria"] = {}
        turn_ids = [row["turn_id"] for row in recent]
        attach_levels(self.session, recent, levels().where(CriterionScoreRow.turn_id.in_(turn_ids)))
        return rows

    def recent_selection_rows(
        self, profile_id: int, track: str, limit: int
    ) -> list[dict[str, Any]]:
        """The `limit` most recent scored questions of one track, oldest first, shaped like
        `selection_history`'s rows. Reads at most `limit` interviews, so its cost does not grow
        with the length of the history."""
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
            select(*_answer_columns())
            .join(last, last.c.turn_id == Turn.id)
            .join(Interview, Interview.id == Turn.interview_id)
            .order_by(Turn.answered_at.desc(), Turn.id.desc())
            .limit(limit)
        )
        rows = records(self.session, stmt)[::-1]
        turn_ids = [row["turn_id"] for row in rows]
        attach_levels(self.session, rows, levels().where(CriterionScoreRow.turn_id.in_(turn_ids)))
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
        return records(self.session, stmt)
