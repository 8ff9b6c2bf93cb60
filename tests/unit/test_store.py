"""The history store: migrations, WAL, resuming, and refusing files that are not ours."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from interviewsim.bank import Bank
from interviewsim.interview import InterviewService, InterviewSetup
from interviewsim.profiles import ProfileService
from interviewsim.store import StoreError, open_store
from interviewsim.store.db import make_engine, migrate


def test_alembic_upgrade_head_builds_the_schema_on_an_empty_database(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    migrate(engine)
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        version = conn.execute(text("select version_num from alembic_version")).scalar()
    assert {"profiles", "interviews", "turns", "criterion_scores", "messages"} <= tables
    assert version is not None


def test_migrating_twice_is_harmless(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'h.sqlite3'}"
    open_store(url)
    open_store(url)


def test_sqlite_files_use_write_ahead_logging(tmp_path: Path) -> None:
    sessions = open_store(f"sqlite:///{tmp_path / 'wal.sqlite3'}")
    with sessions() as s:
        assert s.execute(text("pragma journal_mode")).scalar() == "wal"


def test_an_interview_resumes_at_the_same_question_with_a_new_engine(
    bank: Bank, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'resume.sqlite3'}"
    sessions = open_store(url)
    first = InterviewService(sessions, bank)
    owner = ProfileService(sessions).local("Ada")
    interview_id = first.start(owner, InterviewSetup("sample", num_questions=2, seed=5))
    first.submit_answer(owner, interview_id, "Lists are mutable and tuples are immutable.")
    before = first.view(owner, interview_id)

    restarted = InterviewService(open_store(url), bank)  # as after a server restart
    assert restarted.active_interview(owner) == interview_id
    after = restarted.view(owner, interview_id)
    assert after.messages == before.messages
    assert after.question_index == before.question_index
    assert after.awaiting == before.awaiting


def test_a_file_that_is_not_a_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"this is not a database, it is a shopping list\n" * 100)
    before = path.read_bytes()
    with pytest.raises(StoreError, match=r"not a readable database.*left untouched"):
        open_store(f"sqlite:///{path}")
    assert path.read_bytes() == before


def test_a_database_from_a_newer_version_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite3"
    open_store(f"sqlite:///{path}")
    with sqlite3.connect(path) as con:
        con.execute("update alembic_version set version_num = '9999'")
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer InterviewSim"):
        open_store(f"sqlite:///{path}")
    assert path.read_bytes() == before


def test_a_database_holding_someone_elses_tables_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as con:
        con.execute("create table invoices (id integer primary key)")
    with pytest.raises(StoreError, match="not InterviewSim's"):
        open_store(f"sqlite:///{path}")
