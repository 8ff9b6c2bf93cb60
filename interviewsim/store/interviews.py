"""Queries and writes for running an interview: the interview, its turns, scores and transcript."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, defer, selectinload

from interviewsim.states import InterviewStatus, Role
from interviewsim.store import transcript
from interviewsim.store.models import (
    CriterionScoreRow,
    Interview,
    Message,
    QuestionMemory,
    QuestionVersion,
    Turn,
)
from interviewsim.store.types import clean_json


class InterviewRepository:
    def __init__(self, session: Session):
        self.session = session

    def commit(self) -> None:
        self.session.commit()

    def add_interview(self, **fields: Any) -> Interview:
        interview = Interview(**fields)
        self.session.add(interview)
        self.session.flush()
        return interview

    def interview(self, interview_id: int) -> Interview | None:
        return self.session.get(Interview, interview_id)

    def interview_of(self, profile_id: int, interview_id: int) -> Interview | None:
        """The interview, only if it belongs to this profile."""
        interview = self.session.get(Interview, interview_id)
        return interview if interview is not None and interview.profile_id == profile_id else None

    def last_turn(self, interview_id: int) -> Turn | None:
        stmt = (
            select(Turn).where(Turn.interview_id == interview_id).order_by(Turn.seq.desc()).limit(1)
        )
        return self.session.scalar(stmt)

    def interview_full(self, profile_id: int, interview_id: int) -> Interview | None:
        """One of the profile's interviews with its turns, their scores, and its messages."""
        stmt = (
            select(Interview)
            .where(Interview.id == interview_id, Interview.profile_id == profile_id)
            .options(
                selectinload(Interview.turns),
                selectinload(Interview.messages).selectinload(Message.turn),
                selectinload(Interview.profile),
            )
        )
        return self.session.scalar(stmt)

    def active_interview_id(self, profile_id: int) -> int | None:
        stmt = (
            select(Interview.id)
            .where(Interview.profile_id == profile_id, Interview.status == InterviewStatus.active)
            .order_by(Interview.started_at.desc(), Interview.id.desc())
            .limit(1)
        )
        return self.session.scalar(stmt)

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
        """The turns of the question's latest attempt (its main turn and follow-ups), in order:
        a retry is scored and followed up on its own."""
        latest = self.latest_attempt(interview_id, question_index)
        stmt = (
            select(Turn)
            .where(
                Turn.interview_id == interview_id,
                Turn.question_index == question_index,
                Turn.attempt == latest,
            )
            .order_by(Turn.seq)
        )
        return list(self.session.scalars(stmt))

    def latest_attempt(self, interview_id: int, question_index: int) -> int:
        """The number of the question's latest attempt; 0 when it has not been asked."""
        stmt = select(func.max(Turn.attempt)).where(
            Turn.interview_id == interview_id, Turn.question_index == question_index
        )
        return self.session.scalar(stmt) or 0

    def attempt_result(
        self, interview_id: int, question_index: int, attempt: int
    ) -> dict[str, Any] | None:
        """The final score of one attempt at a question (its last scored turn's result)."""
        stmt = (
            select(Turn.result)
            .where(
                Turn.interview_id == interview_id,
                Turn.question_index == question_index,
                Turn.attempt == attempt,
                Turn.overall.is_not(None),
            )
            .order_by(Turn.seq.desc())
            .limit(1)
        )
        return self.session.scalar(stmt)

    def last_question_index(self, interview_id: int) -> int:
        """How far the interview has got: the highest question index asked so far (-1: none)."""
        stmt = select(func.max(Turn.question_index)).where(Turn.interview_id == interview_id)
        found = self.session.scalar(stmt)
        return -1 if found is None else found

    def withdraw_turn(self, turn: Turn) -> None:
        """Take back a question nobody has answered yet (a retry goes back to an earlier one; the
        withdrawn question is asked again afterwards). Its words stay in the transcript."""
        if turn.answered_at is not None:
            raise ValueError("an answered turn is history and is never withdrawn")
        about = select(Message).where(
            Message.interview_id == turn.interview_id, Message.turn_id == turn.id
        )
        for message in self.session.scalars(about):
            message.content, message.meta = message.text, message.details
            message.turn_id = None
        self.session.flush()
        self.session.delete(turn)
        self.session.flush()

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

    def add_turn(self, interview_id: int, question: dict[str, Any], **fields: Any) -> Turn:
        """A new question or follow-up asking `question` (a snapshot, stored once per version).
        Unless told otherwise it belongs to the question's latest attempt (a follow-up in a retry
        follows up that retry), or is its first."""
        if "attempt" not in fields:
            latest = self.latest_attempt(interview_id, fields["question_index"])
            fields["attempt"] = max(1, latest)
        turn = Turn(
            interview_id=interview_id,
            seq=self._next_seq(Turn, interview_id),
            version=self.question_version(question),
            **fields,
        )
        self.session.add(turn)
        self.session.flush()
        return turn

    def question_version(self, snapshot: dict[str, Any]) -> QuestionVersion:
        """The stored version of this snapshot, added the first time it is asked. Two turns
        adding the same new version at once get one row: the loser finds the winner's."""
        digest = snapshot_digest(snapshot)
        found = self.session.scalar(select(QuestionVersion).where(QuestionVersion.digest == digest))
        if found is not None:
            return found
        version = QuestionVersion(
            question_id=str(snapshot.get("id", "")), digest=digest, snapshot=snapshot
        )
        try:
            with self.session.begin_nested():
                self.session.add(version)
        except IntegrityError:
            return self.session.scalars(
                select(QuestionVersion).where(QuestionVersion.digest == digest)
            ).one()
        return version

    def memories(self, profile_id: int, question_ids: Collection[str]) -> dict[str, QuestionMemory]:
        stmt = select(QuestionMemory).where(
            QuestionMemory.profile_id == profile_id, QuestionMemory.question_id.in_(question_ids)
        )
        return {m.question_id: m for m in self.session.scalars(stmt)}

    def add_memory(self, **fields: Any) -> QuestionMemory:
        memory = QuestionMemory(**fields)
        self.session.add(memory)
        return memory

    def add_message(
        self, interview_id: int, role: Role, content: str, *, about: Turn | None = None, **meta: Any
    ) -> Message:
        """The transcript's next message. `about`: the turn it repeats (an answer's text, a
        question's words, a verdict's key points); the message then keeps a reference instead of a
        copy, when reading it back gives exactly what was written (see `store.transcript`)."""
        stored = None if about is None else transcript.pack(role, content, meta, about)
        message = Message(
            interview_id=interview_id,
            seq=self._next_seq(Message, interview_id),
            role=role,
            content=content if stored is None else stored.content,
            meta=meta if stored is None else stored.meta,
            turn_id=None if stored is None or about is None else about.id,
        )
        self.session.add(message)
        self.session.flush()
        return message

    def add_answer(self, turn: Turn, content: str) -> Message:
        """The answer to `turn` in the transcript, with its time, truncation and spoken length
        (all read from the turn it refers to)."""
        meta = transcript.answer_meta(turn)
        return self.add_message(turn.interview_id, Role.candidate, content, about=turn, **meta)

    def message_count(self, interview_id: int) -> int:
        """How many messages the transcript holds (their seq runs 1..n), without loading them."""
        return self._next_seq(Message, interview_id) - 1

    def messages(self, interview_id: int) -> list[Message]:
        """The transcript in order, with the turns its messages take their words from."""
        stmt = (
            select(Message)
            .where(Message.interview_id == interview_id)
            .order_by(Message.seq)
            # A turn's words, not its score; each question version read once.
            .options(
                selectinload(Message.turn).options(defer(Turn.result), selectinload(Turn.version))
            )
        )
        return list(self.session.scalars(stmt))

    def save_scores(
        self, turn: Turn, overall: float, result: dict[str, Any], criteria: Sequence[dict[str, Any]]
    ) -> None:
        turn.overall = overall
        turn.result = result
        turn.scores = [CriterionScoreRow(**c) for c in criteria]
        self.session.flush()

    def drop_score_detail(self, turn: Turn) -> None:
        """Keep a superseded score's number; drop its result and per-criterion rows."""
        turn.result = None
        turn.scores = []
        self.session.flush()

    def finish(
        self, interview: Interview, status: InterviewStatus, overall: float | None, when: datetime
    ) -> None:
        interview.status = status
        interview.overall = overall
        interview.finished_at = when
        self.session.flush()


def snapshot_digest(snapshot: dict[str, Any]) -> str:
    """A stable id for a question snapshot: the same content always gives the same digest."""
    canonical = json.dumps(clean_json(snapshot), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
