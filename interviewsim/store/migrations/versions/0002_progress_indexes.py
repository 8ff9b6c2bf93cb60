"""indexes for adaptive practice and the Progress page

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 06:10:00.000000

Covering indexes for the history queries (`HistoryQueries._final_scored_turns` and the
criterion reads), so SQLite answers them from the index without visiting the wide table rows:

- turns (interview_id, question_index, overall, time_taken_s): each question's final scored
  turn and its total time, grouped in index order (no temporary B-tree);
- criterion_scores (turn_id, criterion_id, level, name): rubric levels without reading the
  evidence and suggestions stored beside them; it replaces ix_criterion_scores_turn (its prefix);
- interviews (profile_id, track, started_at): one track's history in a date range.
"""
from alembic import op


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('turns', schema=None) as batch_op:
        batch_op.create_index(
            'ix_turns_interview_question',
            ['interview_id', 'question_index', 'overall', 'time_taken_s'],
            unique=False,
        )
    with op.batch_alter_table('criterion_scores', schema=None) as batch_op:
        batch_op.create_index(
            'ix_criterion_scores_turn_level',
            ['turn_id', 'criterion_id', 'level', 'name'],
            unique=False,
        )
        batch_op.drop_index('ix_criterion_scores_turn')
    with op.batch_alter_table('interviews', schema=None) as batch_op:
        batch_op.create_index(
            'ix_interviews_profile_track_started',
            ['profile_id', 'track', 'started_at'],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table('interviews', schema=None) as batch_op:
        batch_op.drop_index('ix_interviews_profile_track_started')
    with op.batch_alter_table('criterion_scores', schema=None) as batch_op:
        batch_op.create_index('ix_criterion_scores_turn', ['turn_id'], unique=False)
        batch_op.drop_index('ix_criterion_scores_turn_level')
    with op.batch_alter_table('turns', schema=None) as batch_op:
        batch_op.drop_index('ix_turns_interview_question')
