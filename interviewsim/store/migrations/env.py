"""Alembic environment: runs against the engine the app hands over (or DATABASE_URL from settings)."""

from alembic import context
from sqlalchemy import Engine

from interviewsim.store.models import Base


def run_migrations() -> None:
    engine: Engine | None = context.config.attributes.get("engine")
    if engine is None:
        from interviewsim.config import get_settings
        from interviewsim.store.db import make_engine

        engine = make_engine(get_settings().sqlalchemy_url)
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations()
