"""The history store: migrations, WAL, resuming, the same text kept on every store, and refusing
databases that are not ours while leaving them exactly as they were."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, select, text

from interviewsim.bank import Bank
from interviewsim.bootstrap import App
from interviewsim.interview import InterviewService, InterviewSetup
from interviewsim.profiles import Owner, ProfileService
from interviewsim.states import Role
from interviewsim.store import StoreError, StoreErrorKind, open_store
from interviewsim.store.db import SQLITE_SIDECARS, make_engine, migrate
from interviewsim.store.interviews import InterviewRepository
from interviewsim.store.models import Message, Turn

from ..conftest import PROJECT_ROOT

ANSWER = "Lists are mutable and tuples are immutable, so only tuples can be dictionary keys."


def sidecars(path: Path) -> list[str]:
    return [s for s in SQLITE_SIDECARS if Path(f"{path}{s}").exists()]


def closed(sessions) -> None:  # type: ignore[no-untyped-def]
    """Close every pooled connection, as a stopped server would (SQLite then removes -wal/-shm)."""
    sessions.kw["bind"].dispose()


# ------------------------------------------------------------------------------ both stores


def test_alembic_upgrade_head_builds_the_schema_on_an_empty_database(db_url: str) -> None:
    engine = make_engine(db_url)
    migrate(engine)
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        version = conn.execute(text("select version_num from alembic_version")).scalar()
    assert {"profiles", "interviews", "turns", "criterion_scores", "messages"} <= tables
    assert version is not None


def test_migrating_twice_is_harmless(db_url: str) -> None:
    open_store(db_url)
    sessions = open_store(db_url)
    with sessions() as s:
        assert s.execute(text("select count(*) from alembic_version")).scalar() == 1


def test_an_interview_resumes_at_the_same_question_with_a_new_engine(
    bank: Bank, db_url: str
) -> None:
    sessions = open_store(db_url)
    first = InterviewService(sessions, bank)
    owner = ProfileService(sessions).local("Ada")
    interview_id = first.start(owner, InterviewSetup("sample", num_questions=2, seed=5))
    first.submit_answer(owner, interview_id, "Lists are mutable and tuples are immutable.")
    before = first.view(owner, interview_id)

    restarted = InterviewService(open_store(db_url), bank)  # as after a server restart
    assert restarted.active_interview(owner) == interview_id
    after = restarted.view(owner, interview_id)
    assert after.messages == before.messages
    assert after.question_index == before.question_index
    assert after.awaiting == before.awaiting


def test_an_answer_with_a_nul_byte_and_windows_line_endings_is_kept_without_them(
    app: App, service: InterviewService, owner: Owner
) -> None:
    interview_id = service.start(owner, InterviewSetup("sample", num_questions=1, seed=1))
    typed = "Lists are mutable\x00 and tuples\r\nare immutable,\x1b so only tuples\rcan be keys."
    outcome = service.submit_answer(owner, interview_id, typed)
    assert outcome.saved
    kept = "Lists are mutable and tuples\nare immutable, so only tuples\ncan be keys."
    said = [m.content for m in service.view(owner, interview_id).messages if m.role == "candidate"]
    assert said == [kept]
    assert app.history.report(owner, interview_id).questions[0].exchanges[0].answer == kept
    with service.sessions() as s:  # the JSON columns too: the score's evidence quotes the answer
        stored = json.dumps([t.result for t in s.scalars(select(Turn))])
    assert "\\u0000" not in stored and "\\u001b" not in stored


def test_json_values_are_cleaned_and_read_back_through_the_json_operators(
    app: App, service: InterviewService, owner: Owner
) -> None:
    interview_id = service.start(owner, InterviewSetup("sample", num_questions=1, seed=1))
    with service.sessions() as s:
        InterviewRepository(s).add_message(
            interview_id, Role.notice, "hi", **{"no\x00te": "a\x00b"}
        )
        s.commit()
    with service.sessions() as s:
        meta = s.scalars(select(Message.meta).where(Message.content == "hi")).one()
        # PostgreSQL's ->> refuses a \u0000 in stored JSON; cleaned, it reads like anything else.
        extracted = s.scalar(
            select(Message.meta["note"].as_string()).where(Message.content == "hi")
        )
    assert meta == {"note": "ab"} and extracted == "ab"


def test_a_lookup_finds_the_profile_whatever_invisible_characters_the_name_was_typed_with(
    app: App,
) -> None:
    first = app.profiles.local("Ada\x00")
    assert first.name == "Ada"
    assert app.profiles.local("Ada").profile_id == first.profile_id
    assert app.profiles.local_names() == ["Ada"]


def test_a_value_longer_than_its_column_is_refused_alike_on_every_store(
    app: App, service: InterviewService, owner: Owner
) -> None:
    interview_id = service.start(owner, InterviewSetup("sample", num_questions=1, seed=1))
    with service.sessions() as s, pytest.raises(StoreError) as raised:
        InterviewRepository(s).add_message(interview_id, "x" * 21, "a role is at most 20")  # type: ignore[arg-type]
        s.commit()
    assert raised.value.kind is StoreErrorKind.TOO_LONG
    assert "21 characters" in str(raised.value) and "not saved" in str(raised.value)


def test_a_database_holding_someone_elses_tables_is_refused_and_left_as_it_was(
    db_url: str,
) -> None:
    other = create_engine(db_url)
    with other.begin() as conn:
        conn.execute(text("create table invoices (id integer primary key)"))
    with pytest.raises(StoreError, match="not InterviewSim's") as raised:
        open_store(db_url)
    assert raised.value.kind is StoreErrorKind.NOT_OURS
    with other.connect() as conn:
        assert inspect(conn).get_table_names() == ["invoices"]
    other.dispose()


def test_a_database_from_a_newer_version_is_refused_and_left_as_it_was(db_url: str) -> None:
    closed(open_store(db_url))
    other = create_engine(db_url)
    with other.begin() as conn:
        conn.execute(text("update alembic_version set version_num = '9999'"))
    with pytest.raises(StoreError, match="newer InterviewSim") as raised:
        open_store(db_url)
    assert raised.value.kind is StoreErrorKind.NEWER
    with other.connect() as conn:
        assert conn.execute(text("select version_num from alembic_version")).scalar() == "9999"
    other.dispose()


# ------------------------------------------------------------------------------ SQLite files


def test_sqlite_files_use_write_ahead_logging(tmp_path: Path) -> None:
    sessions = open_store(f"sqlite:///{tmp_path / 'wal.sqlite3'}")
    with sessions() as s:
        assert s.execute(text("pragma journal_mode")).scalar() == "wal"


def test_a_file_that_is_not_a_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"this is not a database, it is a shopping list\n" * 100)
    before = path.read_bytes()
    with pytest.raises(StoreError, match=r"not a readable database.*left untouched"):
        open_store(f"sqlite:///{path}")
    assert path.read_bytes() == before
    assert sidecars(path) == []


@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_another_programs_sqlite_file_is_left_byte_for_byte_as_it_was(
    tmp_path: Path, journal: str
) -> None:
    path = tmp_path / "notes.sqlite3"
    with sqlite3.connect(path) as con:
        con.execute(f"pragma journal_mode={journal}")
        con.execute("create table notes (id integer primary key, body text)")
        con.execute("insert into notes (body) values ('buy milk')")
    con.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not InterviewSim's"):
        open_store(f"sqlite:///{path}")
    assert path.read_bytes() == before
    assert sidecars(path) == []  # no -wal or -shm appears beside it


def test_a_history_from_a_newer_version_gets_no_wal_or_shm_files(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite3"
    closed(open_store(f"sqlite:///{path}"))
    with sqlite3.connect(path) as con:
        con.execute("update alembic_version set version_num = '9999'")
    con.close()
    assert sidecars(path) == []
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer InterviewSim"):
        open_store(f"sqlite:///{path}")
    assert path.read_bytes() == before
    assert sidecars(path) == []


def test_a_damaged_history_is_refused_with_advice_to_restore_and_left_untouched(
    bank: Bank, tmp_path: Path
) -> None:
    path = tmp_path / "damaged.sqlite3"
    sessions = open_store(f"sqlite:///{path}")
    service = InterviewService(sessions, bank)
    owner = ProfileService(service.sessions).local("Ada")
    service.start(owner, InterviewSetup("sample", num_questions=1, seed=1))
    closed(sessions)
    data = bytearray(path.read_bytes())
    page = 4096
    data[2 * page + 100 : 3 * page] = b"\xff" * (page - 100)  # scribble over a table page
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError) as raised:
        open_store(f"sqlite:///{path}")
    assert raised.value.kind is StoreErrorKind.DAMAGED
    assert "left untouched" in str(raised.value) and "backup" in str(raised.value)
    assert path.read_bytes() == bytes(data)
    assert sidecars(path) == []


def test_a_history_left_behind_by_a_crash_still_opens(bank: Bank, tmp_path: Path) -> None:
    """A -wal file beside the database (the last process died) holds answers: inspect, open, keep."""
    live = tmp_path / "live.sqlite3"
    service = InterviewService(open_store(f"sqlite:///{live}"), bank)
    owner = ProfileService(service.sessions).local("Ada")
    interview_id = service.start(owner, InterviewSetup("sample", num_questions=2, seed=1))
    service.submit_answer(owner, interview_id, ANSWER)
    crashed = tmp_path / "crashed.sqlite3"
    for suffix in ("", *sidecars(live)):  # copied while the process holds it open
        Path(f"{crashed}{suffix}").write_bytes(Path(f"{live}{suffix}").read_bytes())
    assert sidecars(crashed)

    reopened = InterviewService(open_store(f"sqlite:///{crashed}"), bank)
    said = [m.content for m in reopened.view(owner, interview_id).messages if m.role == "candidate"]
    assert said == [ANSWER]


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
