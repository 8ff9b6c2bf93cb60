"""SQLAlchemy 2.0 models for the history store. Alembic owns the schema (see migrations/).

Every text and JSON column uses the cleaning types of `store.types`, so a text SQLite would keep and
PostgreSQL refuse (a NUL byte) is normalised the same way on both.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import ForeignKey, Index, UniqueConstraint, func, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from interviewsim.store.types import CleanJSON, CleanString, CleanText


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        str: CleanText,
        dict[str, Any]: CleanJSON,
        list[Any]: CleanJSON,
    }


LOCAL = text("subject IS NULL")


class Profile(Base):
    """Whose history it is: a local profile (found by name) or a signed-in account (found by its
    OIDC subject; its name is only for display and need not be unique)."""

    __tablename__ = "profiles"
    __table_args__ = (
        Index(
            "ix_profiles_local_name",
            "name",
            unique=True,
            sqlite_where=LOCAL,
            postgresql_where=LOCAL,
        ),
        UniqueConstraint("subject", name="uq_profiles_subject"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(CleanString(80))
    subject: Mapped[str | None] = mapped_column(CleanString(255))  # "issuer|sub" of an account
    email: Mapped[str | None] = mapped_column(CleanString(320))
    role: Mapped[str] = mapped_column(CleanString(20), default="student", server_default="student")
    # The last choice of "Coach me after each answer" on the Practice set-up (on for a new one).
    coach_mode: Mapped[bool] = mapped_column(default=True, server_default="1")
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    interviews: Mapped[list[Interview]] = relationship(back_populates="profile")


class Interview(Base):
    __tablename__ = "interviews"
    __table_args__ = (
        Index("ix_interviews_profile_started", "profile_id", "started_at"),
        Index("ix_interviews_profile_track_started", "profile_id", "track", "started_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"))
    track: Mapped[str] = mapped_column(CleanString(80))
    interview_type: Mapped[str] = mapped_column(CleanString(40))  # a category, or "mixed"
    difficulty: Mapped[int]
    style: Mapped[str] = mapped_column(CleanString(20))
    seed: Mapped[int]
    # The chosen questions with the reason for each: [{"id": ..., "reason": ...}, ...]
    plan: Mapped[list[Any]]
    status: Mapped[str] = mapped_column(CleanString(20), default="active")  # active|completed|ended
    overall: Mapped[float | None]
    interviewer: Mapped[str] = mapped_column(CleanString(40), default="offline")
    scorer: Mapped[str] = mapped_column(CleanString(40), default="heuristic")
    usage: Mapped[dict[str, Any]] = mapped_column(default=dict)  # LLM tokens and cost, if any
    started_at: Mapped[datetime] = mapped_column(server_default=func.now())
    finished_at: Mapped[datetime | None]
    # A command's lease on the interview (see interview/unit_of_work.py); None when idle.
    busy_until: Mapped[datetime | None]
    # Coach mode: a verdict in the chat after each scored answer (else all waits for the Report).
    coach: Mapped[bool] = mapped_column(default=False, server_default="0")

    profile: Mapped[Profile] = relationship(back_populates="interviews")
    turns: Mapped[list[Turn]] = relationship(
        back_populates="interview", order_by="Turn.seq", cascade="all, delete-orphan"
    )
    messages: Mapped[list[Message]] = relationship(
        back_populates="interview", order_by="Message.seq", cascade="all, delete-orphan"
    )


class Turn(Base):
    """One question (or follow-up) asked and the answer given to it."""

    __tablename__ = "turns"
    __table_args__ = (
        Index("ix_turns_interview_seq", "interview_id", "seq", unique=True),
        Index("ix_turns_question", "question_id"),
        # Covers "each question's final scored turn and its total time" (migrations 0002, 0005).
        Index(
            "ix_turns_interview_question",
            "interview_id",
            "question_index",
            "attempt",
            "overall",
            "time_taken_s",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"))
    seq: Mapped[int]
    question_index: Mapped[int]  # position in the plan
    # 1 for the first answer to the question; a retry ("Try this question again") asks it again as
    # attempt 2, 3, ... with its own follow-ups. The latest attempt holds the question's score.
    attempt: Mapped[int] = mapped_column(default=1, server_default="1")
    question_id: Mapped[str] = mapped_column(CleanString(80))
    question: Mapped[dict[str, Any]]  # snapshot, so a later bank edit never rewrites history
    kind: Mapped[str] = mapped_column(CleanString(20))  # main | follow_up
    follow_up_target: Mapped[str | None] = mapped_column(CleanString(200))
    prompt_text: Mapped[str] = mapped_column(CleanText)
    answer: Mapped[str | None] = mapped_column(CleanText)
    answer_truncated: Mapped[bool] = mapped_column(default=False)
    skipped: Mapped[bool] = mapped_column(default=False)
    asked_at: Mapped[datetime]
    answered_at: Mapped[datetime | None]
    time_taken_s: Mapped[float | None]
    overall: Mapped[float | None]
    result: Mapped[dict[str, Any] | None] = mapped_column(CleanJSON)  # the full ScoreResult

    interview: Mapped[Interview] = relationship(back_populates="turns")
    scores: Mapped[list[CriterionScoreRow]] = relationship(
        back_populates="turn", cascade="all, delete-orphan"
    )


class CriterionScoreRow(Base):
    __tablename__ = "criterion_scores"
    # Covers the rubric-level reads without touching evidence/suggestions (migration 0002).
    __table_args__ = (
        Index("ix_criterion_scores_turn_level", "turn_id", "criterion_id", "level", "name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    turn_id: Mapped[int] = mapped_column(ForeignKey("turns.id", ondelete="CASCADE"))
    criterion_id: Mapped[str] = mapped_column(CleanString(40))
    name: Mapped[str] = mapped_column(CleanString(120))
    level: Mapped[int]
    weight: Mapped[float]
    evidence: Mapped[list[Any]]
    suggestions: Mapped[list[Any]]

    turn: Mapped[Turn] = relationship(back_populates="scores")


class Message(Base):
    """The chat transcript, in order, so a reload shows exactly what was said."""

    __tablename__ = "messages"
    __table_args__ = (Index("ix_messages_interview_seq", "interview_id", "seq", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"))
    seq: Mapped[int]
    role: Mapped[str] = mapped_column(CleanString(20))  # interviewer | candidate | notice
    content: Mapped[str] = mapped_column(CleanText)
    meta: Mapped[dict[str, Any]] = mapped_column(default=dict)  # e.g. time taken, truncation
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    interview: Mapped[Interview] = relationship(back_populates="messages")
