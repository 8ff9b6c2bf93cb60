"""question snapshots once per version; per-question memory; the active-interview index

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 20:00:00.000000

- Every turn used to carry its own ~2 KB copy of the question it asked (45% of a history file).
  Snapshots now live in `question_versions`, one row per distinct snapshot (sha256 digest), and a
  turn points to its version. Existing turns are converted: nothing is lost, and the downgrade
  puts the copies back.
- `question_memory` keeps, per person and question, the Leitner box, the number of answers and the
  last score and time, updated as interviews finish; choosing the next interview reads it instead
  of replaying the whole history. It is filled here from the finished interviews.
- `ix_interviews_profile_status` serves "is an interview in progress?", asked on every page.
- `criterion_scores` loses `evidence` and `suggestions`, which every turn's `result` holds too;
  `turns.result`, only ever read whole, is stored zlib-compressed (about a quarter of the size).
"""
from __future__ import annotations

import hashlib
import json
import zlib
from typing import Any

from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

BATCH = 2000
# The Leitner rule as it stood when this migration was written (learner.next_box).
GOOD_SCORE, BAD_SCORE, BOXES = 70.0, 50.0, 5

turns = sa.table(
    "turns",
    sa.column("id", sa.Integer),
    sa.column("interview_id", sa.Integer),
    sa.column("question_index", sa.Integer),
    sa.column("question_id", sa.String),
    sa.column("question", sa.JSON),
    sa.column("question_version_id", sa.Integer),
    sa.column("overall", sa.Float),
    sa.column("answered_at", sa.DateTime),
)
versions = sa.table(
    "question_versions",
    sa.column("id", sa.Integer),
    sa.column("question_id", sa.String),
    sa.column("digest", sa.String),
    sa.column("snapshot", sa.JSON),
)
interviews = sa.table(
    "interviews",
    sa.column("id", sa.Integer),
    sa.column("profile_id", sa.Integer),
    sa.column("track", sa.String),
    sa.column("status", sa.String),
)
memory = sa.table(
    "question_memory",
    sa.column("profile_id", sa.Integer),
    sa.column("question_id", sa.String),
    sa.column("track", sa.String),
    sa.column("box", sa.Integer),
    sa.column("answers", sa.Integer),
    sa.column("last_score", sa.Float),
    sa.column("last_answered", sa.DateTime),
    sa.column("last_interview_id", sa.Integer),
)


def _digest(snapshot: dict[str, Any]) -> str:
    canonical = json.dumps(snapshot, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _next_box(box: int, score: float) -> int:
    if score < BAD_SCORE:
        return 1
    if score >= GOOD_SCORE:
        return min(max(box, 1) + 1, BOXES)
    return max(box, 1)


def upgrade() -> None:
    op.create_table(
        "question_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=80), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("digest"),
    )
    with op.batch_alter_table("turns") as batch_op:
        batch_op.add_column(sa.Column("question_version_id", sa.Integer(), nullable=True))
    _convert_snapshots()
    with op.batch_alter_table("turns") as batch_op:
        batch_op.alter_column("question_version_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(
            "fk_turns_question_version", "question_versions", ["question_version_id"], ["id"]
        )
        batch_op.drop_column("question")

    op.create_table(
        "question_memory",
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=80), nullable=False),
        sa.Column("track", sa.String(length=80), nullable=False),
        sa.Column("box", sa.Integer(), nullable=False),
        sa.Column("answers", sa.Integer(), nullable=False),
        sa.Column("last_score", sa.Double(), nullable=False),
        sa.Column("last_answered", sa.DateTime(), nullable=False),
        sa.Column("last_interview_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["profile_id"], ["profiles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("profile_id", "question_id"),
    )
    with op.batch_alter_table("question_memory") as batch_op:
        batch_op.create_index("ix_question_memory_profile_track", ["profile_id", "track"])
    _fill_memory()
    with op.batch_alter_table("interviews") as batch_op:
        batch_op.create_index("ix_interviews_profile_status", ["profile_id", "status"])
    # Evidence and suggestions are kept in each turn's result; the per-criterion rows keep the
    # levels the SQL aggregates read.
    with op.batch_alter_table("criterion_scores") as batch_op:
        batch_op.drop_column("evidence")
        batch_op.drop_column("suggestions")
    _pack_results()
    for table, column, nullable in TEXTS:
        _convert_text(table, column, nullable, pack=True)


# Long texts, stored compressed when that pays: b"z" + zlib, or b"t" + the UTF-8 as it is.
TEXTS = (("turns", "answer", True), ("turns", "prompt_text", False), ("messages", "content", False))
THRESHOLD = 160


def _pack_text(value: str) -> bytes:
    raw = value.encode("utf-8")
    return b"z" + zlib.compress(raw, 6) if len(raw) >= THRESHOLD else b"t" + raw


def _unpack_text(value: bytes) -> str:
    body = bytes(value)[1:]
    return (zlib.decompress(body) if bytes(value)[:1] == b"z" else body).decode("utf-8")


def _convert_text(table: str, column: str, nullable: bool, pack: bool) -> None:
    """Rewrite one text column as packed bytes (or back), through a temporary column."""
    new_type: sa.types.TypeEngine = sa.LargeBinary() if pack else sa.Text()
    with op.batch_alter_table(table) as batch_op:
        batch_op.add_column(sa.Column(f"{column}_new", new_type, nullable=True))
    bind = op.get_bind()
    t = sa.table(table, sa.column("id"), sa.column(column), sa.column(f"{column}_new"))
    convert = _pack_text if pack else _unpack_text
    last = 0
    while True:
        rows = bind.execute(
            sa.select(t.c.id, t.c[column])
            .where(t.c.id > last, t.c[column].is_not(None))
            .order_by(t.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            break
        bind.execute(
            t.update().where(t.c.id == sa.bindparam("row")).values(
                {f"{column}_new": sa.bindparam("value")}
            ),
            [{"row": i, "value": convert(v)} for i, v in rows],
        )
        last = rows[-1][0]
    with op.batch_alter_table(table) as batch_op:
        batch_op.drop_column(column)
        batch_op.alter_column(f"{column}_new", new_column_name=column, nullable=nullable,
                              existing_type=new_type)


def _pack_results() -> None:
    """turns.result: JSON text -> zlib-compressed JSON bytes (only ever read whole)."""
    with op.batch_alter_table("turns") as batch_op:
        batch_op.add_column(sa.Column("result_packed", sa.LargeBinary(), nullable=True))
    bind = op.get_bind()
    plain = sa.table("turns", sa.column("id"), sa.column("result", sa.JSON),
                     sa.column("result_packed", sa.LargeBinary))
    last = 0
    while True:
        rows = bind.execute(
            sa.select(plain.c.id, plain.c.result)
            .where(plain.c.id > last, plain.c.result.is_not(None))
            .order_by(plain.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            break
        packed = [{"turn": t, "packed": _pack(r)} for t, r in rows if r is not None]
        if packed:  # a JSON null is no result: it stays NULL
            bind.execute(
                plain.update().where(plain.c.id == sa.bindparam("turn"))
                .values(result_packed=sa.bindparam("packed")),
                packed,
            )
        last = rows[-1][0]
    with op.batch_alter_table("turns") as batch_op:
        batch_op.drop_column("result")
        batch_op.alter_column("result_packed", new_column_name="result")


def _pack(value: Any) -> bytes:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(text.encode("utf-8"), 6)


def _unpack_results() -> None:
    with op.batch_alter_table("turns") as batch_op:
        batch_op.add_column(sa.Column("result_json", sa.JSON(), nullable=True))
    bind = op.get_bind()
    packed = sa.table("turns", sa.column("id"), sa.column("result", sa.LargeBinary),
                      sa.column("result_json", sa.JSON))
    rows = bind.execute(
        sa.select(packed.c.id, packed.c.result).where(packed.c.result.is_not(None))
    ).all()
    for start in range(0, len(rows), BATCH):
        bind.execute(
            packed.update().where(packed.c.id == sa.bindparam("turn"))
            .values(result_json=sa.bindparam("plain")),
            [{"turn": t, "plain": json.loads(zlib.decompress(r).decode("utf-8"))}
             for t, r in rows[start : start + BATCH]],
        )
    with op.batch_alter_table("turns") as batch_op:
        batch_op.drop_column("result")
        batch_op.alter_column("result_json", new_column_name="result")


def _convert_snapshots() -> None:
    bind = op.get_bind()
    ids: dict[str, int] = {}
    last = 0
    while True:
        rows = bind.execute(
            sa.select(turns.c.id, turns.c.question)
            .where(turns.c.id > last)
            .order_by(turns.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        updates = []
        for turn_id, snapshot in rows:
            digest = _digest(snapshot)
            if digest not in ids:
                found = bind.execute(
                    sa.select(versions.c.id).where(versions.c.digest == digest)
                ).scalar()
                if found is None:
                    found = bind.execute(
                        versions.insert()
                        .values(question_id=str(snapshot.get("id", "")), digest=digest,
                                snapshot=snapshot)
                        .returning(versions.c.id)
                    ).scalar_one()
                ids[digest] = found
            updates.append({"turn": turn_id, "version": ids[digest]})
        bind.execute(
            turns.update()
            .where(turns.c.id == sa.bindparam("turn"))
            .values(question_version_id=sa.bindparam("version")),
            updates,
        )
        last = rows[-1][0]


def _fill_memory() -> None:
    bind = op.get_bind()
    final = (
        sa.select(sa.func.max(turns.c.id).label("turn_id"))
        .where(turns.c.overall.is_not(None))
        .group_by(turns.c.interview_id, turns.c.question_index)
        .subquery()
    )
    rows = bind.execute(
        sa.select(
            interviews.c.profile_id,
            interviews.c.track,
            turns.c.question_id,
            turns.c.overall,
            turns.c.answered_at,
            turns.c.interview_id,
        )
        .join(final, final.c.turn_id == turns.c.id)
        .join(interviews, interviews.c.id == turns.c.interview_id)
        .where(interviews.c.status != "active", turns.c.answered_at.is_not(None))
        .order_by(turns.c.answered_at, turns.c.id)
    ).all()
    kept: dict[tuple[int, str], dict[str, Any]] = {}
    for profile_id, track, question_id, overall, answered_at, interview_id in rows:
        key = (profile_id, question_id)
        before = kept.get(key)
        kept[key] = {
            "profile_id": profile_id,
            "question_id": question_id,
            "track": track,
            "box": _next_box(before["box"] if before else 0, float(overall)),
            "answers": (before["answers"] if before else 0) + 1,
            "last_score": float(overall),
            "last_answered": answered_at,
            "last_interview_id": interview_id,
        }
    if kept:
        bind.execute(memory.insert(), list(kept.values()))


def downgrade() -> None:
    for table, column, nullable in TEXTS:
        _convert_text(table, column, nullable, pack=False)
    _unpack_results()
    with op.batch_alter_table("criterion_scores") as batch_op:
        batch_op.add_column(sa.Column("evidence", sa.JSON(), nullable=False, server_default="[]"))
        batch_op.add_column(
            sa.Column("suggestions", sa.JSON(), nullable=False, server_default="[]")
        )
    with op.batch_alter_table("interviews") as batch_op:
        batch_op.drop_index("ix_interviews_profile_status")
    with op.batch_alter_table("question_memory") as batch_op:
        batch_op.drop_index("ix_question_memory_profile_track")
    op.drop_table("question_memory")
    with op.batch_alter_table("turns") as batch_op:
        batch_op.add_column(sa.Column("question", sa.JSON(), nullable=True))
    bind = op.get_bind()
    snapshots = dict(bind.execute(sa.select(versions.c.id, versions.c.snapshot)).all())
    pairs = bind.execute(sa.select(turns.c.id, turns.c.question_version_id)).all()
    for start in range(0, len(pairs), BATCH):
        bind.execute(
            turns.update()
            .where(turns.c.id == sa.bindparam("turn"))
            .values(question=sa.bindparam("snapshot")),
            [{"turn": t, "snapshot": snapshots[v]} for t, v in pairs[start : start + BATCH]],
        )
    with op.batch_alter_table("turns") as batch_op:
        batch_op.alter_column("question", existing_type=sa.JSON(), nullable=False)
        batch_op.drop_constraint("fk_turns_question_version", type_="foreignkey")
        batch_op.drop_column("question_version_id")
    op.drop_table("question_versions")
