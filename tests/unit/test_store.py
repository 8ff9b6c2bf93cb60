"""The history store: migrations, WAL, resuming, and refusing files that are not ours."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from interviewsim.bank import Bank
from interviewsim.session import InterviewService, InterviewSetup
from interviewsim.store import StoreError, open_store
from interviewsim.store.db import make_engine, migrate

from ..conftest import PROJECT_ROOT


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
    first = InterviewService(open_store(url), bank)
    profile_id, _ = first.ensure_profile("Ada")
    interview_id = first.start(InterviewSetup(profile_id, "sample", num_questions=2, seed=5))
    first.submit_answer(interview_id, "Lists are mutable and tuples are immutable.")
    before = first.view(interview_id)

    restarted = InterviewService(open_store(url), bank)  # as after a server restart
    assert restarted.active_interview(profile_id) == interview_id
    after = restarted.view(interview_id)
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


def test_the_head_revision_read_from_the_migration_files_is_alembics_head() -> None:
    from alembic.script import ScriptDirectory

    from interviewsim.store.db import alembic_config, head_revision

    engine = make_engine("sqlite://")
    assert head_revision() == ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def test_a_database_one_migration_behind_is_brought_to_the_head(tmp_path: Path) -> None:
    from alembic import command

    from interviewsim.store.db import alembic_config, head_revision

    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    migrate(engine)
    command.downgrade(alembic_config(engine), "0001")
    migrate(engine)
    with engine.connect() as conn:
        version = conn.execute(text("select version_num from alembic_version")).scalar()
    assert version == head_revision()


def test_opening_a_store_already_at_the_head_does_not_load_alembic(tmp_path: Path) -> None:
    # Alembic's modules stay in memory for the life of the server and every garbage collection
    # walks them, so a server started on a current database must not import them.
    url = f"sqlite:///{tmp_path / 'current.sqlite3'}"
    open_store(url)
    script = (
        "import sys; from interviewsim.store import open_store; "
        f"open_store({url!r}); print('alembic' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
