"""Building blocks shared by the history reads: plain-dict rows, and each scored question's
final turn."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Executable, Select, Subquery, and_, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from interviewsim.store.models import CriterionScoreRow, Interview, Turn


def records(session: Session, stmt: Executable) -> list[dict[str, Any]]:
    """Rows as plain dicts through the Core connection: for thousands of history rows this
    is several times faster than ORM-style `dict(row._mapping)`."""
    result = session.connection().execute(stmt)
    keys = list(result.keys())
    return [dict(zip(keys, row, strict=True)) for row in result.all()]  # one fetchall


def attach_levels(session: Session, rows: list[dict[str, Any]], levels_of: Executable) -> None:
    """Fill each row's `criteria` ({criterion id: level}) from a (turn_id, criterion_id, level)
    select; rows the select does not cover keep an empty dict."""
    by_turn = {row["turn_id"]: row for row in rows}
    for row in rows:
        row["criteria"] = {}
    for turn_id, criterion_id, level in session.connection().execute(levels_of).all():
        if turn_id in by_turn:
            by_turn[turn_id]["criteria"][criterion_id] = level


def levels() -> Any:
    """(turn_id, criterion_id, level) of criterion scores, to narrow with a join or a where."""
    return select(
        CriterionScoreRow.turn_id, CriterionScoreRow.criterion_id, CriterionScoreRow.level
    )


def final_scored_turns(
    profile_id: int,
    track: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    among: Sequence[int] | Select[Any] | None = None,
) -> Subquery:
    """Each scored question's final turn id and the time spent on it over all its turns.

    A question answered again ("Try this question again") counts as its latest scored
    attempt: that attempt's final turn, and the time spent on that attempt.

    Filters apply to the interview (profile, track, start time, and optionally `among`: the
    interview ids to read, such as the most recent few), so SQLite walks
    `ix_interviews_profile_started` and then each interview's turns by index.
    """
    conditions = [Interview.profile_id == profile_id]
    if track:
        conditions.append(Interview.track == track)
    if since is not None:
        conditions.append(Interview.started_at >= since)
    if until is not None:
        conditions.append(Interview.started_at < until)
    if among is not None:
        conditions.append(Interview.id.in_(among))
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


def is_final_scored_turn() -> ColumnElement[bool]:
    """True for a turn that holds its question's score: scored, and no later scored turn of
    the same question in its interview (a follow-up, or a later attempt) replaces it.

    The same turns as `final_scored_turns`, as a condition on `Turn`: for aggregates, where an
    index probe per turn costs about half the grouping and window that subquery needs.
    """
    later = aliased(Turn)
    replaced = exists().where(
        later.interview_id == Turn.interview_id,
        later.question_index == Turn.question_index,
        later.overall.is_not(None),
        or_(later.attempt > Turn.attempt, and_(later.attempt == Turn.attempt, later.id > Turn.id)),
    )
    return and_(Turn.overall.is_not(None), ~replaced)
