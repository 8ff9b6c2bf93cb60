"""Several app servers (or an app server and the command line) opening one new store at the same
moment: one of them creates the schema, the others wait their turn, and all of them start."""

from __future__ import annotations

import multiprocessing as mp
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from interviewsim.store import open_store
from interviewsim.store.db import normalise_url

OPENERS = 4


def open_together(url: str, barrier: Any, results: Any) -> None:
    barrier.wait(timeout=120)
    try:
        open_store(url).kw["bind"].dispose()
        results.put("started")
    except Exception as exc:  # reported to the parent, which asserts on it
        results.put(f"{type(exc).__name__}: {exc}".splitlines()[0])


def test_servers_that_open_a_new_store_at_once_all_start_on_one_schema(db_url: str) -> None:
    ctx = mp.get_context("spawn")  # fresh interpreters, as separate servers are
    barrier, results = ctx.Barrier(OPENERS), ctx.Queue()
    openers = [
        ctx.Process(target=open_together, args=(db_url, barrier, results)) for _ in range(OPENERS)
    ]
    for p in openers:
        p.start()
    outcomes = [results.get(timeout=180) for _ in openers]
    for p in openers:
        p.join(timeout=30)
    assert outcomes == ["started"] * OPENERS

    engine = create_engine(normalise_url(db_url), poolclass=NullPool)
    with engine.connect() as conn:
        versions = conn.execute(text("SELECT version_num FROM alembic_version")).all()
    engine.dispose()
    assert len(versions) == 1  # migrated once, not once per server
