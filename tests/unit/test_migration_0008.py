"""Migration 0008 converts a 0007 history without loss: every row of every table keeps every
value, the answers given before it simply have no delivery insights, and the app carries on with
them (a report, a new answer with insights). The downgrade removes only the new columns."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import command

from interviewsim.bootstrap import build_app
from interviewsim.config import get_settings
from interviewsim.interview import InterviewSetup
from interviewsim.store import open_store
from interviewsim.store.db import alembic_config, make_engine

NEW_COLUMNS = {"duration_s", "word_count", "filler_count", "term_count", "insights"}


def every_row(engine: sa.Engine) -> dict[str, list[dict[str, Any]]]:
    meta = sa.MetaData()
    meta.reflect(engine)
    with engine.connect() as conn:
        return {
            name: [
                dict(row._mapping)
                for row in conn.execute(table.select().order_by(*table.primary_key.columns))
            ]
            for name, table in meta.tables.items()
            if name != "alembic_version"
        }


def test_a_0007_history_keeps_every_row_and_carries_on_with_insights(db_url: str) -> None:
    app = build_app(get_settings())
    owner = app.profiles.local("Ada")
    coached = app.interviews.start(
        owner, InterviewSetup("sample", "technical", num_questions=2, seed=3, coach=True)
    )
    app.interviews.submit_answer(owner, coached, "Lists are mutable, um, tuples are not.")
    app.interviews.retry(owner, coached, 0)
    app.interviews.submit_answer(
        owner, coached, "Tuples are immutable and hashable.", None, None, 4
    )
    app.interviews.end_early(owner, coached)

    engine = make_engine(db_url)
    command.downgrade(alembic_config(engine), "0007")
    with engine.connect() as conn:
        columns = {c["name"] for c in sa.inspect(conn).get_columns("turns")}
    assert not NEW_COLUMNS & columns
    before = every_row(engine)
    assert len(before["turns"]) >= 3 and before["messages"]
    command.upgrade(alembic_config(engine), "0008")  # later revisions have their own tests
    after = every_row(engine)
    engine.dispose()
    assert after.keys() == before.keys()
    for table, rows in before.items():
        kept = [{k: v for k, v in row.items() if k not in NEW_COLUMNS} for row in after[table]]
        assert kept == rows, table
    assert all(row[c] is None for row in after["turns"] for c in NEW_COLUMNS)

    open_store(db_url)  # the app's own way in: migrates to the head
    app = build_app(get_settings())
    report = app.history.report(owner, coached)
    assert report.questions[0].exchanges[0].insights is None  # nothing to show, nothing broken
    assert len(report.questions[0].attempts) == 2
    fresh = app.interviews.start(owner, InterviewSetup("sample", "technical", num_questions=1))
    app.interviews.submit_answer(owner, fresh, "Um, basically a tuple is immutable.", None, None, 3)
    said = app.history.report(owner, fresh).questions[0].exchanges[0]
    assert said.duration_s == 3 and said.insights is not None and said.insights.filler_count == 2
