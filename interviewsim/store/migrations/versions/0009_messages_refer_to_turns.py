"""messages refer to their turns instead of copying them

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 00:50:00.000000

The transcript held a second copy of what the turns hold: every answer's text (and its time and
truncation), every question's words, and in each coach verdict the key points' texts and the whole
delivery insights. A message about a turn now keeps `messages.turn_id` and only what the turn does
not hold (see `interviewsim.store.transcript`); `messages.content` is NULL when the words are the
turn's.

Existing messages are linked to their turns here: an answer to the turn that holds its text (turns
are answered in order), a question to the turn asking it, a verdict to the turn of the answer before
it. A message is converted only when reading it back from its turn gives exactly what it held
(text, meta, key order); anything else stays as it was. The downgrade writes the copies back.

Score results and delivery insights are now deflated with a preset dictionary of their keys and
phrases (`types.JSON_WORDS_1`, a first byte of 0x01); those written before stay plain zlib and read
as they are. The downgrade packs the new ones back to plain zlib, which revision 0008 reads.
"""
from __future__ import annotations

import json
import zlib
from collections.abc import Sequence
from typing import Any, NamedTuple

from alembic import op
import sqlalchemy as sa

from interviewsim.store.transcript import Stored, pack, unpack
from interviewsim.store.types import WITH_WORDS_1, pack_text, unpack_json, unpack_text


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

BATCH = 500  # interviews at a time

interviews = sa.table("interviews", sa.column("id", sa.Integer))
versions = sa.table("question_versions", sa.column("id", sa.Integer),
                    sa.column("snapshot", sa.JSON))
turns = sa.table(
    "turns",
    sa.column("id", sa.Integer),
    sa.column("interview_id", sa.Integer),
    sa.column("seq", sa.Integer),
    sa.column("question_index", sa.Integer),
    sa.column("attempt", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("question_version_id", sa.Integer),
    sa.column("answer", sa.LargeBinary),
    sa.column("prompt_text", sa.LargeBinary),
    sa.column("time_taken_s", sa.Float),
    sa.column("answer_truncated", sa.Boolean),
    sa.column("duration_s", sa.Float),
    sa.column("overall", sa.Float),
    sa.column("insights", sa.LargeBinary),
)
messages = sa.table(
    "messages",
    sa.column("id", sa.Integer),
    sa.column("interview_id", sa.Integer),
    sa.column("seq", sa.Integer),
    sa.column("role", sa.String),
    sa.column("content", sa.LargeBinary),
    sa.column("meta", sa.JSON),
    sa.column("turn_id", sa.Integer),
)


class TurnRow(NamedTuple):
    id: int
    interview_id: int
    question_index: int
    attempt: int
    kind: str
    answer: str | None
    prompt_text: str
    time_taken_s: float | None
    answer_truncated: bool
    duration_s: float | None
    overall: float | None
    insights: dict[str, Any] | None
    key_points: Sequence[str]


def upgrade() -> None:
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('turn_id', sa.Integer(), nullable=True))
        batch_op.alter_column('content', existing_type=sa.LargeBinary(), nullable=True)
    bind = op.get_bind()
    for ids in _interview_batches(bind):
        by_interview = _turns(bind, ids)
        changes = []
        for interview_id, rows in _messages(bind, ids).items():
            changes += _link(rows, by_interview.get(interview_id, []))
        if changes:
            bind.execute(
                messages.update().where(messages.c.id == sa.bindparam("message"))
                .values(turn_id=sa.bindparam("turn"), content=sa.bindparam("packed"),
                        meta=sa.bindparam("kept")),
                changes,
            )


def downgrade() -> None:
    bind = op.get_bind()
    for ids in _interview_batches(bind):
        by_id = {t.id: t for rows in _turns(bind, ids).values() for t in rows}
        changes = []
        for rows in _messages(bind, ids).values():
            for m in rows:
                if m["turn_id"] is None:
                    continue
                turn = by_id.get(m["turn_id"])
                if turn is None:  # a reference always has its turn; keep what there is
                    content, meta = m["content"] or "", m["meta"]
                else:
                    content, meta = unpack(m["role"], Stored(m["content"], m["meta"]), turn)
                changes.append({"message": m["id"], "packed": pack_text(content), "kept": meta})
        if changes:
            bind.execute(
                messages.update().where(messages.c.id == sa.bindparam("message"))
                .values(content=sa.bindparam("packed"), meta=sa.bindparam("kept")),
                changes,
            )
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.alter_column('content', existing_type=sa.LargeBinary(), nullable=False)
        batch_op.drop_column('turn_id')
    _plain_zlib(bind)


def _plain_zlib(bind: sa.Connection) -> None:
    """turns.result and turns.insights written with the preset dictionary (types.JSON_WORDS_1)
    back to plain zlib, the only packing revision 0008 reads."""
    packed = sa.table("turns", sa.column("id", sa.Integer), sa.column("result", sa.LargeBinary),
                      sa.column("insights", sa.LargeBinary))
    last = 0
    while True:
        rows = bind.execute(
            sa.select(packed.c.id, packed.c.result, packed.c.insights)
            .where(packed.c.id > last).order_by(packed.c.id).limit(2000)
        ).all()
        if not rows:
            break
        changes = [
            {"turn": t, "result": _zlib(r), "insights": _zlib(i)}
            for t, r, i in rows
            if _worded(r) or _worded(i)
        ]
        if changes:
            bind.execute(
                packed.update().where(packed.c.id == sa.bindparam("turn"))
                .values(result=sa.bindparam("result"), insights=sa.bindparam("insights")),
                changes,
            )
        last = rows[-1][0]


def _worded(value: bytes | None) -> bool:
    return value is not None and bytes(value)[:1] == WITH_WORDS_1


def _zlib(value: bytes | None) -> bytes | None:
    if value is None:
        return None
    text = json.dumps(unpack_json(bytes(value)), ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(text.encode("utf-8"), 6)


def _interview_batches(bind: sa.Connection) -> list[list[int]]:
    ids = list(bind.scalars(sa.select(interviews.c.id).order_by(interviews.c.id)))
    return [ids[n:n + BATCH] for n in range(0, len(ids), BATCH)]


def _turns(bind: sa.Connection, ids: list[int]) -> dict[int, list[TurnRow]]:
    stmt = (
        sa.select(turns, versions.c.snapshot)
        .join(versions, versions.c.id == turns.c.question_version_id)
        .where(turns.c.interview_id.in_(ids))
        .order_by(turns.c.interview_id, turns.c.seq)
    )
    found: dict[int, list[TurnRow]] = {}
    for row in bind.execute(stmt).mappings():
        snapshot = row["snapshot"] or {}
        found.setdefault(row["interview_id"], []).append(TurnRow(
            id=row["id"],
            interview_id=row["interview_id"],
            question_index=row["question_index"],
            attempt=row["attempt"],
            kind=row["kind"],
            answer=None if row["answer"] is None else unpack_text(bytes(row["answer"])),
            prompt_text=unpack_text(bytes(row["prompt_text"])),
            time_taken_s=row["time_taken_s"],
            answer_truncated=bool(row["answer_truncated"]),
            duration_s=row["duration_s"],
            overall=row["overall"],
            insights=None if row["insights"] is None else unpack_json(bytes(row["insights"])),
            key_points=[str(p.get("text", "")) for p in snapshot.get("key_points") or []],
        ))
    return found


def _messages(bind: sa.Connection, ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    stmt = (
        sa.select(messages).where(messages.c.interview_id.in_(ids))
        .order_by(messages.c.interview_id, messages.c.seq)
    )
    found: dict[int, list[dict[str, Any]]] = {}
    for row in bind.execute(stmt).mappings():
        m = dict(row)
        m["content"] = None if m["content"] is None else unpack_text(bytes(m["content"]))
        m["meta"] = m["meta"] if isinstance(m["meta"], dict) else {}
        found.setdefault(m["interview_id"], []).append(m)
    return found


def _link(rows: list[dict[str, Any]], its_turns: list[TurnRow]) -> list[dict[str, Any]]:
    """The interview's messages that can refer to a turn, as their converted rows."""
    answered = [t for t in its_turns if t.answer is not None]
    next_answer = next_question = 0
    last_answer: TurnRow | None = None
    changes = []

    def convert(m: dict[str, Any], turn: TurnRow) -> bool:
        stored = pack(m["role"], m["content"], m["meta"], turn)
        if stored is None:
            return False
        packed = None if stored.content is None else pack_text(stored.content)
        changes.append({"message": m["id"], "turn": turn.id, "packed": packed,
                        "kept": stored.meta})
        return True

    for m in rows:
        if m["turn_id"] is not None or m["content"] is None:
            continue
        if m["role"] == "candidate" and not m["meta"].get("skipped"):
            last_answer = None
            for n in range(next_answer, len(answered)):
                if answered[n].answer == m["content"]:
                    if convert(m, answered[n]):
                        last_answer, next_answer = answered[n], n + 1
                    break
        elif m["role"] == "interviewer" and "question_index" in m["meta"]:
            for n in range(next_question, len(its_turns)):
                turn = its_turns[n]
                if (turn.prompt_text == m["content"]
                        and turn.question_index == m["meta"]["question_index"]):
                    if convert(m, turn):
                        next_question = n + 1
                    break
        elif m["role"] == "coach" and last_answer is not None:
            convert(m, last_answer)
    return changes
