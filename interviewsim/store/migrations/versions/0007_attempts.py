"""attempts at a question; coach mode

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 10:00:00.000000

- turns.attempt: 1 for every turn so far; "Try this question again" asks a question again as
  attempt 2, 3, ... in the same interview. The covering index for each question's final scored
  turn gains the column, so the latest attempt is found from the index alone.
- interviews.coach: whether the chat showed a verdict after each answer (coach mode). Interviews
  held so far were all in interview mode.
- profiles.coach_mode: the person's last choice on the Practice set-up; on for everyone, as for a
  new profile.
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

OLD_COLUMNS = ['interview_id', 'question_index', 'overall', 'time_taken_s']
NEW_COLUMNS = ['interview_id', 'question_index', 'attempt', 'overall', 'time_taken_s']


def upgrade() -> None:
    # Plain ADD COLUMNs with constant defaults: on SQLite, batch mode then alters the tables in place
    # instead of copying them (copying profiles would cascade-delete every interview).
    with op.batch_alter_table('turns', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('attempt', sa.Integer(), server_default='1', nullable=False)
        )
        batch_op.drop_index('ix_turns_interview_question')
        batch_op.create_index('ix_turns_interview_question', NEW_COLUMNS, unique=False)
    with op.batch_alter_table('interviews', schema=None) as batch_op:
        batch_op.add_column(sa.Column('coach', sa.Boolean(), server_default='0', nullable=False))
    with op.batch_alter_table('profiles', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('coach_mode', sa.Boolean(), server_default='1', nullable=False)
        )


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35+), not batch mode's table copy: see upgrade().
    op.drop_column('profiles', 'coach_mode')
    op.drop_column('interviews', 'coach')
    op.drop_index('ix_turns_interview_question', table_name='turns')
    op.create_index('ix_turns_interview_question', 'turns', OLD_COLUMNS, unique=False)
    op.drop_column('turns', 'attempt')
