"""Every query the app makes, in one place. Services take a repository; they never write SQL."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from interviewsim.store.models import CriterionScoreRow, Interview, Message, Profile, Turn

PROFILE_NAME_MAX = 40


class HistoryRepository:
    def __init__(self, session: Session):
        self.session = session

    def commit(self) -> None:
        self.session.commit()

    # ------------------------------------------------------------------------------ profiles
    def profiles(self) -> list[Profile]:
        return list(self.session.scalars(select(Profile).order_by(Profile.name)))

    def profile(self, profile_id: int) -> Profile | None:
        return self.session.get(Profile, profile_id)

    def profile_named(self, name: str) -> Profile | None:
        return self.session.scalar(select(Profile).where(Profile.name == name))

    def get_or_create_profile(self, name: str) -> Profile:
        name = " ".join(name.split())[:PROFILE_NAME_MAX]
        if not name:
            raise ValueError("A profile needs a name.")
        found = self.profile_named(name)
        if found:
            return found
        profile = Profile(name=name)
        self.session.add(profile)
        self.session.flush()
        return profile

    # ---------------------------------------------------------------------------- interviews
    def add_interview(self, **fields: Any) -> Interview:
        interview = Interview(**fields)
        self.session.add(interview)
        self.session.flush()
        return interview

    def interview(self, interview_id: int) -> Interview | None:
        return self.session.get(Interview, interview_id)

    def interview_full(self, interview_id: int) -> Interview | None:
        """One interview with its turns, their scores, and its messages loaded."""
        stmt = (
            select(Interview)
            .where(Interview.id == interview_id)
            .options(
                selectinload(Interview.turns).selectinload(Turn.scores),
                selectinload(Interview.messages),
                selectinload(Interview.profile),
            )
        )
        return self.session.scalar(stmt)

    def active_interview_id(self, profile_id: int) -> int | None:
        stmt = (
            select(Interview.id)
            .where(Interview.profile_id == profile_id, Interview.status == "active")
            .order_by(Interview.started_at.desc(), Interview.id.desc())
            .limit(1)
        )
        return self.session.scalar(stmt)

    def interviews(self, profile_id: int, limit: int | None = None) -> list[Interview]:
        stmt = (
            select(Interview)
            .where(Interview.profile_id == profile_id)
            .order_by(Interview.started_at.desc(), Interview.id.desc())
        )
        if limit:
            stmt = stmt.limit(limit)
        return list(self.session.scalars(stmt))

    # ------------------------------------------------------------------------ turns, messages
    def open_turn(self, interview_id: int) -> Turn | None:
        """The question or follow-up now waiting for an answer."""
        stmt = (
            select(Turn)
            .where(Turn.interview_id == interview_id, Turn.answered_at.is_(None))
            .order_by(Turn.seq.desc())
            .limit(1)
        )
        return self.session.scalar(stmt)

    def turns_for_question(self, interview_id: int, question_index: int) -> list[Turn]:
        stmt = (
            select(Turn)
            .where(Turn.interview_id == interview_id, Turn.question_index == question_index)
            .order_by(Turn.seq)
        )
        return list(self.session.scalars(stmt))

    def final_scores(self, interview_id: int) -> list[Turn]:
        """The last scored turn of each question: it holds the question's final score."""
        last = (
            select(func.max(Turn.seq))
            .where(Turn.interview_id == interview_id, Turn.overall.is_not(None))
            .group_by(Turn.question_index)
        )
        stmt = (
            select(Turn)
            .where(Turn.interview_id == interview_id, Turn.seq.in_(last))
            .order_by(Turn.seq)
        )
        return list(self.session.scalars(stmt))

    def _next_seq(self, model: type[Turn] | type[Message], interview_id: int) -> int:
        current = self.session.scalar(
            select(func.max(model.seq)).where(model.interview_id == interview_id)
        )
        return (current or 0) + 1

    def add_turn(self, interview_id: int, **fields: Any) -> Turn:
        turn = Turn(interview_id=interview_id, seq=self._next_seq(Turn, interview_id), **fields)
        self.session.add(turn)
        self.session.flush()
        return turn

    def add_message(self, interview_id: int, role: str, content: str, **meta: Any) -> Message:
        message = Message(
            interview_id=interview_id,
            seq=self._next_seq(Message, interview_id),
            role=role,
            content=content,
            meta=meta,
        )
        self.session.add(message)
        self.session.flush()
        return message

    def messages(self, interview_id: int) -> list[Message]:
        stmt = select(Message).where(Message.interview_id == interview_id).order_by(Message.seq)
        return list(self.session.scalars(stmt))

    def save_scores(
        self, turn: Turn, overall: float, result: dict[str, Any], criteria: Sequence[dict[str, Any]]
    ) -> None:
        turn.overall = overall
        turn.result = result
        turn.scores = [CriterionScoreRow(**c) for c in criteria]
        self.session.flush()

    def finish(
        self, interview: Interview, status: str, overall: float | None, when: datetime
    ) -> None:
        interview.status = status
        interview.overall = overall
        interview.finished_at = when
        self.session.flush()

    # -------------------------------------------------------------------------------- history
    def question_history(self, profile_id: int) -> list[dict[str, Any]]:
        """One row per scored question (its final turn): what selection and analytics consume."""
        last = (
            select(func.max(Turn.id).label("turn_id"))
            .join(Interview, Interview.id == Turn.interview_id)
            .where(Interview.profile_id == profile_id, Turn.overall.is_not(None))
            .group_by(Turn.interview_id, Turn.question_index)
            .subquery()
        )
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
                Turn.time_taken_s,
                Turn.answered_at,
            )
            .join(last, last.c.turn_id == Turn.id)
            .join(Interview, Interview.id == Turn.interview_id)
            .order_by(Turn.answered_at)
        )
        return [dict(row._mapping) for row in self.session.execute(stmt)]

    def criterion_history(self, profile_id: int) -> list[dict[str, Any]]:
        """Criterion levels of each question's final turn, with when and where they were scored."""
        last = (
            select(func.max(Turn.id).label("turn_id"))
            .join(Interview, Interview.id == Turn.interview_id)
            .where(Interview.profile_id == profile_id, Turn.overall.is_not(None))
            .group_by(Turn.interview_id, Turn.question_index)
            .subquery()
        )
        stmt = (
            select(
                Interview.id.label("interview_id"),
                Interview.track,
                Turn.question_id,
                Turn.answered_at,
                CriterionScoreRow.criterion_id,
                CriterionScoreRow.name,
                CriterionScoreRow.level,
            )
            .join(last, last.c.turn_id == CriterionScoreRow.turn_id)
            .join(Turn, Turn.id == CriterionScoreRow.turn_id)
            .join(Interview, Interview.id == Turn.interview_id)
            .order_by(Turn.answered_at)
        )
        return [dict(row._mapping) for row in self.session.execute(stmt)]
