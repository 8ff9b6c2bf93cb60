"""The class dashboard's numbers, computed in SQL: per student, per criterion, per question.

A class reads only its members' interviews on its tracks, started after each member joined (and
before the class ended). Each scored question counts once, by its final scored turn (its score
covers the follow-ups too), as on the Progress page. Rows come back as plain dicts.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Executable, Float, Subquery, cast, func, select
from sqlalchemy.orm import Session

from interviewsim.store.models import (
    ClassMember,
    CriterionScoreRow,
    Interview,
    Profile,
    QuestionVersion,
    Turn,
)


@dataclass(frozen=True)
class ClassScope:
    """What a class's instructor may read."""

    class_id: int
    tracks: frozenset[str]
    ends_on: date | None = None

    @property
    def until(self) -> datetime | None:
        return end_of(self.ends_on) if self.ends_on else None


def end_of(day: date) -> datetime:
    """The first moment after `day` (answers count up to the end of their due day)."""
    return datetime.combine(day + timedelta(days=1), time.min)


class ClassReportQueries:
    def __init__(self, session: Session):
        self.session = session

    def _records(self, stmt: Executable) -> list[dict[str, Any]]:
        result = self.session.connection().execute(stmt)
        keys = list(result.keys())
        return [dict(zip(keys, row, strict=True)) for row in result.all()]

    def final_turns(
        self,
        scope: ClassScope,
        tracks: Collection[str] | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        question_id: str | None = None,
    ) -> Subquery:
        """Each scored question's final turn in the class's reach: turn id, profile, interview,
        track. `tracks`, `since`, `until` narrow it (an assignment's), by the answer's time."""
        conditions = [
            Interview.track.in_(sorted(scope.tracks if tracks is None else tracks)),
            Interview.started_at >= ClassMember.joined_at,
            Turn.overall.is_not(None),
        ]
        if scope.until is not None:
            conditions.append(Interview.started_at < scope.until)
        if since is not None:
            conditions.append(Turn.answered_at >= since)
        if until is not None:
            conditions.append(Turn.answered_at < until)
        if question_id is not None:
            conditions.append(Turn.question_id == question_id)
        return (
            select(
                func.max(Turn.id).label("turn_id"),
                Interview.profile_id,
                Turn.interview_id,
                Interview.track,
            )
            .join(Interview, Interview.id == Turn.interview_id)
            .join(
                ClassMember,
                (ClassMember.profile_id == Interview.profile_id)
                & (ClassMember.class_id == scope.class_id),
            )
            .where(*conditions)
            .group_by(Turn.interview_id, Turn.question_index, Interview.profile_id, Interview.track)
            .subquery()
        )

    def students(self, scope: ClassScope) -> list[dict[str, Any]]:
        """One row per member, with or without answers: interviews and answers counted, average
        score, the sums a least-squares trend over their interviews needs, last answer time."""
        final = self.final_turns(scope)
        per_interview = (
            select(
                final.c.profile_id,
                final.c.interview_id,
                func.avg(Turn.overall).label("score"),
                func.count().label("answers"),
                func.max(Turn.answered_at).label("last_at"),
                func.min(Interview.started_at).label("started_at"),
            )
            .join(Turn, Turn.id == final.c.turn_id)
            .join(Interview, Interview.id == final.c.interview_id)
            .group_by(final.c.profile_id, final.c.interview_id)
            .subquery()
        )
        n = (
            func.row_number()
            .over(
                partition_by=per_interview.c.profile_id,
                order_by=(per_interview.c.started_at, per_interview.c.interview_id),
            )
            .label("n")
        )
        numbered = select(per_interview, n).subquery()
        x, y = cast(numbered.c.n, Float), cast(numbered.c.score, Float)
        per_student = (
            select(
                numbered.c.profile_id,
                func.count().label("interviews"),
                func.sum(numbered.c.answers).label("answers"),
                func.sum(y * numbered.c.answers).label("score_sum"),
                func.sum(x).label("sx"),
                func.sum(x * x).label("sxx"),
                func.sum(y).label("sy"),
                func.sum(x * y).label("sxy"),
                func.max(numbered.c.last_at).label("last_at"),
            )
            .group_by(numbered.c.profile_id)
            .subquery()
        )
        stmt = (
            select(
                ClassMember.profile_id,
                Profile.name,
                Profile.email,
                ClassMember.joined_at,
                per_student.c.interviews,
                per_student.c.answers,
                per_student.c.score_sum,
                per_student.c.sx,
                per_student.c.sxx,
                per_student.c.sy,
                per_student.c.sxy,
                per_student.c.last_at,
            )
            .join(Profile, Profile.id == ClassMember.profile_id)
            .outerjoin(per_student, per_student.c.profile_id == ClassMember.profile_id)
            .where(ClassMember.class_id == scope.class_id)
            .order_by(ClassMember.joined_at, ClassMember.profile_id)
        )
        return self._records(stmt)

    def criterion_levels(self, scope: ClassScope) -> list[dict[str, Any]]:
        """Per member and rubric criterion: the levels' sum and count (a mean is their ratio).
        One pass gives each student's weakest criteria and the class's levels."""
        final = self.final_turns(scope)
        stmt = (
            select(
                final.c.profile_id,
                CriterionScoreRow.criterion_id,
                CriterionScoreRow.name,
                func.sum(CriterionScoreRow.level).label("level_sum"),
                func.count().label("scores"),
            )
            .join(final, final.c.turn_id == CriterionScoreRow.turn_id)
            .group_by(final.c.profile_id, CriterionScoreRow.criterion_id, CriterionScoreRow.name)
        )
        return self._records(stmt)

    def questions(self, scope: ClassScope) -> list[dict[str, Any]]:
        """Per question: answers, students, mean score and the sums for its spread, lowest
        mean first (the questions the class finds hard), with its prompt."""
        final = self.final_turns(scope)
        score = cast(Turn.overall, Float)
        mean = func.avg(score)
        stmt = (
            select(
                Turn.question_id,
                func.max(Turn.id).label("sample_turn"),
                func.max(final.c.track).label("track"),
                func.count().label("answers"),
                func.count(final.c.profile_id.distinct()).label("students"),
                mean.label("average"),
                func.avg(score * score).label("mean_square"),
                func.min(Turn.overall).label("lowest"),
                func.max(Turn.overall).label("highest"),
            )
            .join(final, final.c.turn_id == Turn.id)
            .group_by(Turn.question_id)
            .order_by(mean, Turn.question_id)
        )
        rows = self._records(stmt)
        # The prompt from one turn per question: reading it from every turn's snapshot would
        # cost more than the rest of the query.
        prompts = (
            select(Turn.id, QuestionVersion.snapshot["prompt"].as_string())
            .join(QuestionVersion, QuestionVersion.id == Turn.question_version_id)
            .where(Turn.id.in_([r["sample_turn"] for r in rows]))
        )
        by_turn: dict[int, str] = {}
        if rows:
            by_turn = {tid: prompt for tid, prompt in self.session.connection().execute(prompts)}
        for r in rows:
            r["prompt"] = by_turn.get(r.pop("sample_turn"))
        return rows

    def answers(self, scope: ClassScope, question_id: str, limit: int) -> list[dict[str, Any]]:
        """The class's answers to one question, newest first: who, the score, and each exchange
        (the question and any follow-ups, with what was answered)."""
        final = self.final_turns(scope, question_id=question_id)
        stmt = (
            select(
                final.c.profile_id,
                Profile.name,
                Turn.interview_id,
                Turn.question_index,
                Turn.overall,
                Turn.answered_at,
            )
            .join(Turn, Turn.id == final.c.turn_id)
            .join(Profile, Profile.id == final.c.profile_id)
            .order_by(Turn.answered_at.desc(), Turn.id.desc())
            .limit(limit)
        )
        rows = self._records(stmt)
        wanted = {(r["interview_id"], r["question_index"]) for r in rows}
        exchanges: dict[tuple[int, int], list[dict[str, Any]]] = {k: [] for k in wanted}
        if rows:
            turns = (
                select(
                    Turn.interview_id,
                    Turn.question_index,
                    Turn.kind,
                    Turn.prompt_text,
                    Turn.answer,
                    Turn.skipped,
                )
                .where(
                    Turn.interview_id.in_(sorted({i for i, _ in wanted})),
                    Turn.question_id == question_id,
                )
                .order_by(Turn.interview_id, Turn.seq)
            )
            for t in self._records(turns):
                key = (t["interview_id"], t["question_index"])
                if key in exchanges:
                    exchanges[key].append(t)
        for r in rows:
            r["exchanges"] = exchanges[(r["interview_id"], r["question_index"])]
        return rows

    def assignment_progress(
        self, scope: ClassScope, tracks: Collection[str], since: datetime, due_on: date
    ) -> dict[int, int]:
        """Per member: questions answered on `tracks` from `since` to the end of `due_on`."""
        final = self.final_turns(scope, tracks=tracks, since=since, until=end_of(due_on))
        stmt = select(final.c.profile_id, func.count()).group_by(final.c.profile_id)
        return {pid: n for pid, n in self.session.connection().execute(stmt).all()}
