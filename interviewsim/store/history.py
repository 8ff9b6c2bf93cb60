"""Reads over a person's whole history: adaptive practice, the Progress page, past interviews.

Aggregates are computed in SQL where the page needs only aggregates; rows come back as plain dicts.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Executable, Subquery, func, select
from sqlalchemy.orm import Session

from interviewsim.store.models import CriterionScoreRow, Interview, Turn
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

        A question answered again ("Try this question again") counts as its latest scored
        attempt: that attempt's final turn, and the time spent on that attempt.

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
        # One row per attempt, then the question's latest: a window over the grouped rows (in
        # index order already) is cheaper than a second GROUP BY or a NOT EXISTS per turn.
        latest = func.max(Turn.attempt).over(partition_by=(Turn.interview_id, Turn.question_index))
        per_attempt = (
            select(
                func.max(Turn.id).label("turn_id"),
                func.sum(Turn.time_taken_s).label("time_total_s"),
                Turn.attempt,
                latest.label("latest"),
            )
            .join(Interview, Interview.id == Turn.interview_id)
            .where(*conditions, Turn.overall.is_not(None))
            .group_by(Turn.interview_id, Turn.question_index, Turn.attempt)
            .subquery()
        )
        return (
            select(per_attempt.c.turn_id, per_attempt.c.time_total_s)
            .where(per_attempt.c.attempt == per_attempt.c.latest)
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
                Turn.question["category"].as_string().label("category"),
                Turn.question["difficulty"].as_integer().label("difficulty"),
                Turn.question["tags"].label("tags"),
                Turn.overall,
                last.c.time_total_s.label("time_taken_s"),
                Turn.answered_at,
                Turn.question["prompt"].as_string().label("prompt"),
            )
            .join(last, last.c.turn_id == Turn.id)
            .join(Interview, Interview.id == Turn.interview_id)
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
        """Rubric levels summed per day, track, question category (which says the rubric) and
        criterion, in SQL.

        A few rows per practice day instead of one per criterion score: averages over any
        period are `level_sum / scores`.
        """
        last = self._final_scored_turns(profile_id, track, since, until)
        day = day_of(Turn.answered_at)
        category = Turn.question["category"].as_string()
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
            .group_by(
                day,
                Interview.track,
                category,
                CriterionScoreRow.criterion_id,
                CriterionScoreRow.name,
            )
            .order_by(day)
        )
        return self._records(stmt)

    def earlier_answers(
        self, profile_id: int, question_ids: Sequence[str], before: datetime
    ) -> dict[str, dict[str, Any]]:
        """Per question id, its last scored answer in the profile's interviews started before
        `before`: interview_id, started_at, result, and `answer` (what was said in that attempt,
        follow-up answers included)."""
        if not question_ids:
            return {}
        last = self._final_scored_turns(profile_id, until=before)
        stmt = (
            select(
                Turn.question_id,
                Turn.interview_id,
                Turn.question_index,
                Turn.attempt,
                Turn.result,
                Interview.started_at,
            )
            .join(last, last.c.turn_id == Turn.id)
            .join(Interview, Interview.id == Turn.interview_id)
            .where(Turn.question_id.in_(list(question_ids)))
            .order_by(Turn.answered_at, Turn.id)
        )
        latest = {row["question_id"]: row for row in self._records(stmt)}  # the newest wins
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
        return self._records(stmt)
