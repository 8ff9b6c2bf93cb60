"""SQLAlchemy 2.0 models for the history store. Alembic owns the schema (see migrations/).

Every text and JSON column uses the cleaning types of `store.types`, so a text SQLite would keep and
PostgreSQL refuse (a NUL byte) is normalised the same way on both.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import ForeignKey, Index, PrimaryKeyConstraint, UniqueConstraint, func, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from interviewsim.store.types import CleanJSON, CleanString, CleanText, PackedJSON, PackedText


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
        # "Is an interview in progress?" runs on every page (migration 0004).
        Index("ix_interviews_profile_status", "profile_id", "status"),
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
        # Covers "each question's final scored turn and its total time" (migrations 0002, 0007).
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
    # The question as it was asked, so a later bank edit never rewrites history; stored once per
    # version of the question, not once per turn (migration 0004).
    question_version_id: Mapped[int] = mapped_column(
        ForeignKey("question_versions.id", name="fk_turns_question_version")
    )
    kind: Mapped[str] = mapped_column(CleanString(20))  # main | follow_up
    follow_up_target: Mapped[str | None] = mapped_column(CleanString(200))
    prompt_text: Mapped[str] = mapped_column(PackedText)
    answer: Mapped[str | None] = mapped_column(PackedText)
    answer_truncated: Mapped[bool] = mapped_column(default=False)
    skipped: Mapped[bool] = mapped_column(default=False)
    asked_at: Mapped[datetime]
    answered_at: Mapped[datetime | None]
    time_taken_s: Mapped[float | None]
    overall: Mapped[float | None]
    # The full ScoreResult (evidence, suggestions), compressed: it is only ever read whole.
    result: Mapped[dict[str, Any] | None] = mapped_column(PackedJSON)
    # Delivery insights (migration 0008): the recording's length for a spoken answer (the audio is
    # never kept), the counts Progress sums per day, and the whole insights, compressed.
    duration_s: Mapped[float | None]
    word_count: Mapped[int | None]
    filler_count: Mapped[int | None]
    term_count: Mapped[int | None]
    insights: Mapped[dict[str, Any] | None] = mapped_column(PackedJSON)

    interview: Mapped[Interview] = relationship(back_populates="turns")
    version: Mapped[QuestionVersion] = relationship(lazy="joined", innerjoin=True)
    scores: Mapped[list[CriterionScoreRow]] = relationship(
        back_populates="turn", cascade="all, delete-orphan"
    )

    @property
    def question(self) -> dict[str, Any]:
        """The question snapshot this turn asked."""
        return self.version.snapshot

    @property
    def key_points(self) -> list[str]:
        """The texts of the asked question's key points, in the bank's order."""
        return [str(p.get("text", "")) for p in self.question.get("key_points") or []]


class QuestionVersion(Base):
    """One version of a question as it was asked: the snapshot every turn asking it points to."""

    __tablename__ = "question_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[str] = mapped_column(CleanString(80))
    digest: Mapped[str] = mapped_column(CleanString(64), unique=True)  # sha256 of the snapshot
    snapshot: Mapped[dict[str, Any]]


class QuestionMemory(Base):
    """What a person's history says about one question, kept up to date as interviews finish, so
    choosing the next interview reads a row per question instead of the whole history."""

    __tablename__ = "question_memory"
    __table_args__ = (Index("ix_question_memory_profile_track", "profile_id", "track"),)

    profile_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[str] = mapped_column(CleanString(80), primary_key=True)
    track: Mapped[str] = mapped_column(CleanString(80))
    box: Mapped[int]  # the Leitner box, 1..5
    answers: Mapped[int]
    last_score: Mapped[float]
    last_answered: Mapped[datetime]
    last_interview_id: Mapped[int]


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

    turn: Mapped[Turn] = relationship(back_populates="scores")


class Message(Base):
    """The chat transcript, in order, so a reload shows exactly what was said.

    A message about a turn (an answer, the question asking it, a coach verdict on it) refers to
    the turn and keeps only what the turn does not hold (`store.transcript`, migration 0009): read
    `text` and `details`, not the stored `content` and `meta`.
    """

    __tablename__ = "messages"
    __table_args__ = (Index("ix_messages_interview_seq", "interview_id", "seq", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"))
    seq: Mapped[int]
    role: Mapped[str] = mapped_column(CleanString(20))  # interviewer | candidate | notice | coach
    # None: the text is the turn's (see `text`).
    content: Mapped[str | None] = mapped_column(PackedText)
    meta: Mapped[dict[str, Any]] = mapped_column(default=dict)  # e.g. time taken, truncation
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    # The turn the message is about, when it takes its words from it. Not a foreign key: deleting
    # an interview deletes both sides, and a turn that is withdrawn first gives its messages their
    # words back (`InterviewRepository.withdraw_turn`); a key would cost an index on every row.
    turn_id: Mapped[int | None]

    interview: Mapped[Interview] = relationship(back_populates="messages")
    turn: Mapped[Turn | None] = relationship(
        primaryjoin="foreign(Message.turn_id) == Turn.id", viewonly=True
    )

    @property
    def text(self) -> str:
        """What was said, as it was shown."""
        return self.read()[0]

    @property
    def details(self) -> dict[str, Any]:
        """The message's whole meta, as it was written."""
        return self.read()[1]

    def read(self) -> tuple[str, dict[str, Any]]:
        """`text` and `details` at once."""
        from interviewsim.store.transcript import Stored, unpack

        turn = self.turn if self.turn_id is not None else None
        if turn is None:
            return self.content or "", dict(self.meta or {})
        return unpack(self.role, Stored(self.content, dict(self.meta or {})), turn)


# ------------------------------------------------------------------- instructors (migration 0006)


class QuestionBank(Base):
    """A bank an instructor uploaded; its questions live in its versions, newest last."""

    __tablename__ = "question_banks"
    __table_args__ = (UniqueConstraint("key", name="uq_question_banks_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(CleanString(80))  # the bank id people type, e.g. "acme-sql"
    title: Mapped[str] = mapped_column(CleanString(200))
    owner_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"))
    visibility: Mapped[str] = mapped_column(CleanString(20))  # private | class | public
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    versions: Mapped[list[BankVersion]] = relationship(
        back_populates="bank", order_by="BankVersion.version", cascade="all, delete-orphan"
    )


class BankVersion(Base):
    """One accepted upload of a bank: the validated document, kept whole (a hosted disk is not
    durable, so the database is where banks live)."""

    __tablename__ = "bank_versions"
    __table_args__ = (UniqueConstraint("bank_id", "version", name="uq_bank_versions_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("question_banks.id", ondelete="CASCADE"))
    version: Mapped[int]
    digest: Mapped[str] = mapped_column(CleanString(64))  # sha256 of the document: a cache key
    document: Mapped[dict[str, Any]]  # {"bank", "title", "tracks", "questions"}, validated
    question_ids: Mapped[list[Any]]  # for the id checks of later uploads, without the document
    tracks: Mapped[list[Any]]  # the track ids its questions use
    questions: Mapped[int]
    source_name: Mapped[str] = mapped_column(CleanString(255))  # the uploaded file's name
    created_by: Mapped[int | None] = mapped_column(ForeignKey("profiles.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]

    bank: Mapped[QuestionBank] = relationship(back_populates="versions")


class Classroom(Base):
    """A class: an instructor, a join code, the banks and tracks it practises."""

    __tablename__ = "classes"
    __table_args__ = (
        UniqueConstraint("join_code", name="uq_classes_join_code"),
        Index("ix_classes_owner", "owner_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(CleanString(80))
    owner_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"))
    join_code: Mapped[str] = mapped_column(CleanString(16))
    tracks: Mapped[list[Any]]  # tracks named directly (built-in ones, or a bank's)
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]  # the join code stops working after this day
    created_at: Mapped[datetime]


class ClassBank(Base):
    __tablename__ = "class_banks"
    __table_args__ = (PrimaryKeyConstraint("class_id", "bank_id"),)

    class_id: Mapped[int] = mapped_column(ForeignKey("classes.id", ondelete="CASCADE"))
    bank_id: Mapped[int] = mapped_column(ForeignKey("question_banks.id", ondelete="CASCADE"))


class ClassMember(Base):
    __tablename__ = "class_members"
    __table_args__ = (
        PrimaryKeyConstraint("class_id", "profile_id"),
        Index("ix_class_members_profile", "profile_id"),
    )

    class_id: Mapped[int] = mapped_column(ForeignKey("classes.id", ondelete="CASCADE"))
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"))
    joined_at: Mapped[datetime]  # the class sees answers from this moment on


class Assignment(Base):
    """An assignment: "N questions from these tracks or banks by this date"."""

    __tablename__ = "assignments"
    __table_args__ = (Index("ix_assignments_class", "class_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("classes.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(CleanString(120))
    questions: Mapped[int]
    tracks: Mapped[list[Any]]
    banks: Mapped[list[Any]]  # bank keys: their tracks count, as they are when it is read
    due_on: Mapped[date]  # answers count up to the end of this day
    created_at: Mapped[datetime]
