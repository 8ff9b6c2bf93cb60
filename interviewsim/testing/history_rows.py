"""Past interviews written straight into a store with bulk inserts, as the app leaves them: for
tests that need chosen scores, days and times, and for benchmarks that need long histories fast.

Each answered question is one scored main turn, optionally followed by one scored follow-up
(its score and the summed time are the question's, as in the app), with a criterion level for
every criterion of its rubric on every scored turn. No transcript messages: nothing that reads
history for Progress looks at them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, func, insert, select, text

from interviewsim.bank import Bank, Question
from interviewsim.store.interviews import snapshot_digest
from interviewsim.store.models import CriterionScoreRow, Interview, QuestionVersion, Turn

ANSWER_TEXT = "An answer of a realistic length, with an example and a trade-off named. " * 6


@dataclass(frozen=True)
class PastAnswer:
    question: Question
    overall: float
    answered_at: datetime
    time_taken_s: float | None = 60.0
    # A follow-up after the main answer: the follow-up's score is the question's; its time adds.
    follow_up: bool = False
    levels: Mapping[str, int] | None = None  # criterion id -> level; else from `overall`


@dataclass(frozen=True)
class PastInterview:
    track: str
    started_at: datetime
    answers: Sequence[PastAnswer]
    status: str = "completed"


@dataclass
class HistoryWriter:
    """Writes past interviews of one profile; ids continue after what the store holds."""

    engine: Engine
    bank: Bank
    profile_id: int
    _versions: dict[str, int] = field(default_factory=dict)
    _next: dict[str, int] = field(default_factory=dict)

    def write(self, interviews: Iterable[PastInterview], batch: int = 500) -> list[int]:
        """Insert the interviews (in batches of `batch`); returns their ids in order."""
        ids: list[int] = []
        chunk: list[PastInterview] = []
        for interview in interviews:
            chunk.append(interview)
            if len(chunk) == batch:
                ids += self._write(chunk)
                chunk = []
        if chunk:
            ids += self._write(chunk)
        return ids

    def _ids_after(self, model: Any) -> int:
        if model.__tablename__ not in self._next:
            with self.engine.connect() as conn:
                top = conn.execute(select(func.max(model.id))).scalar()
            self._next[model.__tablename__] = (top or 0) + 1
        return self._next[model.__tablename__]

    def _version(self, question: Question) -> int:
        if question.id not in self._versions:
            snapshot = question.model_dump(mode="json")
            digest = snapshot_digest(snapshot)
            with self.engine.begin() as conn:
                found = conn.execute(
                    select(QuestionVersion.id).where(QuestionVersion.digest == digest)
                ).scalar()
                if found is None:
                    found = conn.execute(
                        insert(QuestionVersion)
                        .values(question_id=question.id, digest=digest, snapshot=snapshot)
                        .returning(QuestionVersion.id)
                    ).scalar_one()
            self._versions[question.id] = found
        return self._versions[question.id]

    def _write(self, interviews: Sequence[PastInterview]) -> list[int]:
        interview_id = self._ids_after(Interview)
        turn_id = self._ids_after(Turn)
        rows_i: list[dict[str, Any]] = []
        rows_t: list[dict[str, Any]] = []
        rows_c: list[dict[str, Any]] = []
        ids = []
        for past in interviews:
            scores = [a.overall for a in past.answers]
            rows_i.append(
                {
                    "id": interview_id,
                    "profile_id": self.profile_id,
                    "track": past.track,
                    "interview_type": "mixed",
                    "difficulty": 0,
                    "style": "neutral",
                    "seed": interview_id,
                    "plan": [{"id": a.question.id, "reason": "new"} for a in past.answers],
                    "status": past.status,
                    "overall": sum(scores) / len(scores) if scores else None,
                    "interviewer": "offline",
                    "scorer": "heuristic",
                    "usage": {},
                    "started_at": past.started_at,
                    "finished_at": (
                        max(a.answered_at for a in past.answers) if past.answers else None
                    )
                    if past.status != "active"
                    else None,
                }
            )
            seq = 0
            for index, answer in enumerate(past.answers):
                turns = ["main", "follow_up"] if answer.follow_up else ["main"]
                for kind in turns:
                    seq += 1
                    final = kind == turns[-1]
                    # The main answer of a followed-up question scored a little lower.
                    overall = answer.overall if final else max(0.0, answer.overall - 10)
                    taken = answer.time_taken_s
                    if taken is not None and answer.follow_up:
                        taken = round(taken / 2, 1)
                    answered = answer.answered_at - timedelta(seconds=0 if final else 30)
                    rows_t.append(
                        self._turn(past, interview_id, turn_id, seq, index, answer, kind)
                        | {
                            "answered_at": answered,
                            "asked_at": answered - timedelta(seconds=taken or 0),
                            "time_taken_s": taken,
                            "overall": round(overall, 1),
                            "result": {"overall": round(overall, 1)},
                        }
                    )
                    rows_c += self._levels(turn_id, answer, overall)
                    turn_id += 1
            ids.append(interview_id)
            interview_id += 1
        with self.engine.begin() as conn:
            conn.execute(insert(Interview), rows_i)
            if rows_t:
                conn.execute(insert(Turn), rows_t)
            if rows_c:
                conn.execute(insert(CriterionScoreRow), rows_c)
            if conn.dialect.name == "postgresql":
                # The ids were given: move the sequences past them, for the app's own inserts.
                for table in (Interview.__tablename__, Turn.__tablename__):
                    conn.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                            f"(SELECT max(id) FROM {table}))"
                        )
                    )
        self._next[Interview.__tablename__] = interview_id
        self._next[Turn.__tablename__] = turn_id
        return ids

    def _turn(
        self,
        past: PastInterview,
        interview_id: int,
        turn_id: int,
        seq: int,
        index: int,
        answer: PastAnswer,
        kind: str,
    ) -> dict[str, Any]:
        return {
            "id": turn_id,
            "interview_id": interview_id,
            "seq": seq,
            "question_index": index,
            "attempt": 1,
            "question_id": answer.question.id,
            "question_version_id": self._version(answer.question),
            "kind": kind,
            "follow_up_target": "point:more" if kind == "follow_up" else None,
            "prompt_text": answer.question.prompt,
            "answer": ANSWER_TEXT,
            "answer_truncated": False,
            "skipped": False,
        }

    def _levels(self, turn_id: int, answer: PastAnswer, overall: float) -> list[dict[str, Any]]:
        rubric = self.bank.rubric_for(answer.question.category)
        chosen = answer.levels or {}
        default = max(1, min(5, round(overall / 20)))
        return [
            {
                "turn_id": turn_id,
                "criterion_id": c.id,
                "name": c.name,
                "level": chosen.get(c.id, default),
                "weight": c.weight,
            }
            for c in rubric.criteria
        ]


def spread_history(
    questions: Sequence[Question],
    interviews: int,
    first: datetime,
    days: int,
    per_interview: int = 3,
    seed: int = 1,
) -> list[PastInterview]:
    """`interviews` finished interviews spread evenly over `days` days from `first`, each on one
    track of `questions` with `per_interview` of its questions, a third followed up, scores
    rising with noise and a time on each answer."""
    import random

    rng = random.Random(seed)
    tracks = sorted({q.track for q in questions})
    out = []
    for n in range(interviews):
        when = first + timedelta(days=n * days // max(interviews, 1), minutes=37 * (n % 20))
        track = tracks[n % len(tracks)]
        pool = [q for q in questions if q.track == track]
        picked = rng.sample(pool, min(per_interview, len(pool)))
        out.append(
            PastInterview(
                track,
                when,
                [
                    PastAnswer(
                        q,
                        round(min(100.0, max(0.0, rng.gauss(40 + 40 * n / interviews, 15))), 1),
                        when + timedelta(minutes=2 * (i + 1)),
                        time_taken_s=round(rng.uniform(20, 200), 1),
                        follow_up=rng.random() < 1 / 3,
                    )
                    for i, q in enumerate(picked)
                ],
            )
        )
    return out
