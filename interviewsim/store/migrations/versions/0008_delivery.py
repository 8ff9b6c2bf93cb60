"""delivery insights on every answer; a spoken answer's length

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 21:40:00.000000

- turns.duration_s: how long a spoken answer's recording was (NULL for a typed answer). The audio
  itself is never stored.
- turns.word_count, turns.filler_count, turns.term_count: the counts the Progress charts add up
  per day (filler rate, pace, job-related terms), as plain integers SQL can sum.
- turns.insights: the whole delivery insights of the answer (fillers, hedges, most-used words,
  terms used and missed), zlib-compressed JSON read whole, like turns.result.

Answers given before this revision keep everything they had and simply have no insights (NULL).
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

COLUMNS = ('duration_s', 'word_count', 'filler_count', 'term_count', 'insights')


def upgrade() -> None:
    # Nullable ADD COLUMNs only: on SQLite batch mode alters the table in place (no copy).
    with op.batch_alter_table('turns', schema=None) as batch_op:
        batch_op.add_column(sa.Column('duration_s', sa.Double(), nullable=True))
        batch_op.add_column(sa.Column('word_count', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('filler_count', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('term_count', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('insights', sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35+), not batch mode's table copy.
    for name in reversed(COLUMNS):
        op.drop_column('turns', name)
