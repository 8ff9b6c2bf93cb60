"""accounts beside local profiles; a lease per interview

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 19:00:00.000000

A profile is now either local (found by its name, which stays unique among local profiles) or a
signed-in account (found by its OIDC subject, "issuer|sub"; its display name need not be unique).
Every profile has a role, student by default. An interview gets `busy_until`, the lease a
command holds while it works on it.
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

LOCAL = sa.text("subject IS NULL")
# 0001 left the unique constraint on profiles.name unnamed; on SQLite batch mode can drop it only
# through a naming convention, PostgreSQL named it itself.
SQLITE_NAMES = {"uq": "uq_%(table_name)s_%(column_0_name)s"}


def _name_constraint() -> str:
    return "uq_profiles_name" if op.get_bind().dialect.name == "sqlite" else "profiles_name_key"


def upgrade() -> None:
    with op.batch_alter_table("profiles", naming_convention=SQLITE_NAMES) as batch_op:
        batch_op.add_column(sa.Column("subject", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("email", sa.String(length=320), nullable=True))
        batch_op.add_column(
            sa.Column("role", sa.String(length=20), server_default="student", nullable=False)
        )
        batch_op.drop_constraint(_name_constraint(), type_="unique")
        batch_op.create_unique_constraint("uq_profiles_subject", ["subject"])
        batch_op.create_index(
            "ix_profiles_local_name",
            ["name"],
            unique=True,
            sqlite_where=LOCAL,
            postgresql_where=LOCAL,
        )
    with op.batch_alter_table("interviews") as batch_op:
        batch_op.add_column(sa.Column("busy_until", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("interviews") as batch_op:
        batch_op.drop_column("busy_until")
    with op.batch_alter_table("profiles", naming_convention=SQLITE_NAMES) as batch_op:
        batch_op.drop_index("ix_profiles_local_name")
        batch_op.drop_constraint("uq_profiles_subject", type_="unique")
        batch_op.create_unique_constraint(_name_constraint(), ["name"])
        batch_op.drop_column("role")
        batch_op.drop_column("email")
        batch_op.drop_column("subject")
