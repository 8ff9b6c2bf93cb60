"""Reads over a person's history for the Progress page, past interviews and exports.

Aggregates are computed in SQL where the page needs only aggregates; rows come back as plain dicts.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from interviewsim.store.models import CriterionScoreRow, Interview, Message, QuestionVersion, Turn
from interviewsim.store.scored_turns import final_scored_turns, records
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
                selectinload(Interview.messages).selectinload(Message.turn),
            )
        )
        return list(self.session.scalars(stmt))

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
        last = final_scored_turns(profile_id, track, since, until)
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
        return records(self.session, stmt)

    def progress_criteria(
        self,
        profile_id: int,
        track: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> list[dict[str, Any]]:
        """Rubric levels summed per day, track, question category (which says the rubric) and
        criterion, in SQL.

        A few rows per practice day instead of one per criterion score: averages over any
        period are `level_sum / scores`.
        """
        last = final_scored_turns(profile_id, track, since, until)
        day = day_of(Turn.answered_at)
        category = QuestionVersion.snapshot["category"].as_string()
        stmt = (
            select(
                day.label("day"),
                Interview.track,
                category.label("category"),
                CriterionScoreRow.criterion_id,
                CriterionScoreRow.name,
                func.sum(CriterionScoreRow.level).label("level_sum"),
                func.count().label("scores"),
            )
            .select_from(CriterionScoreRow)
            .join(last, last.c.turn_id == CriterionScoreRow.turn_id)
            .join(Turn, Turn.id == CriterionScoreRow.turn_id)
            .join(Interview, Interview.id == Turn.interview_id)
            .join(QuestionVersion, QuestionVersion.id == Turn.question_version_id)
            .group_by(
                day,
                Interview.track,
                category,
                CriterionScoreRow.criterion_id,
                CriterionScoreRow.name,
            )
            .order_by(day)
        )
        return records(self.session, stmt)

    def earlier_answers(
        self, profile_id: int, question_ids: Sequence[str], before: datetime
    ) -> dict[str, dict[str, Any]]:
        """Per question id, its last scored answer in the profile's interviews started before
        `before`: interview_id, started_at, result, and `answer` (what was said in that attempt,
        follow-up answers included)."""
        if not question_ids:
            return {}
        last = final_scored_turns(profile_id, until=before)
        # the newest per question, picked in SQL: a question asked in every interview has one
        # earlier answer per interview, and the report shows one
        newest = func.row_number().over(
            partition_by=Turn.question_id, order_by=(Turn.answered_at.desc(), Turn.id.desc())
        )
        ranked = (
            select(Turn.id.label("turn_id"), newest.label("rank"))
            .join(last, last.c.turn_id == Turn.id)
            .where(Turn.question_id.in_(list(question_ids)))
            .subquery()
        )
        stmt = (
            select(
                Turn.question_id,
                Turn.interview_id,
                Turn.question_index,
                Turn.attempt,
                Turn.result,
                Interview.started_at,
            )
            .join(ranked, ranked.c.turn_id == Turn.id)
            .join(Interview, Interview.id == Turn.interview_id)
            .where(ranked.c.rank == 1)
        )
        latest = {row["question_id"]: row for row in records(self.session, stmt)}
        for row in latest.values():
            said = select(Turn.answer).where(
                Turn.interview_id == row["interview_id"],
                Turn.question_index == row["question_index"],
                Turn.attempt == row["attempt"],
                Turn.answer.is_not(None),
            )
            row["answer"] = "\n".join(self.session.scalars(said.order_by(Turn.seq)))
        return latest

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
        return records(self.session, stmt)
