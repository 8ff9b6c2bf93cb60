"""Store failures say what happened and what to do: a read-only store, a full disk, a server that
is down or a driver that is missing. None of them advises moving a healthy history aside."""

from __future__ import annotations

import io
import random
import socket
import sqlite3
import string
import sys
from pathlib import Path

import pytest
from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError

from interviewsim.bank import Bank
from interviewsim.interview import InterviewService, InterviewSetup
from interviewsim.profiles import Owner, ProfileService
from interviewsim.store import StoreError, StoreErrorKind, open_store, store_failure
from interviewsim.store.models import Profile

ANSWER = "Lists are mutable and tuples are immutable, so only tuples can be dictionary keys."


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


ADA = Owner(profile_id=1, name="Ada")  # the first profile of a fresh history


def healthy_history(bank: Bank, path: Path) -> tuple[InterviewService, int]:
    sessions = open_store(f"sqlite:///{path}")
    service = InterviewService(sessions, bank)
    assert ProfileService(sessions).local("Ada") == ADA
    interview_id = service.start(ADA, InterviewSetup("sample", num_questions=2, seed=1))
    service.submit_answer(ADA, interview_id, ANSWER)
    service.sessions.kw["bind"].dispose()
    return service, interview_id


def incompressible_answer(chars: int = 14_000) -> str:
    """An answer that needs new pages even though answers are stored compressed."""
    rng = random.Random(7)
    return "".join(rng.choice(string.ascii_letters + " ") for _ in range(chars))


def assert_no_move_aside(error: StoreError) -> None:
    assert "aside" not in str(error) and "move" not in str(error).lower()


def test_a_read_only_history_is_readable_and_a_write_says_it_is_read_only(
    bank: Bank, tmp_path: Path
) -> None:
    # Tests may run as root, whom file permissions do not stop: open the file read-only instead.
    path = tmp_path / "history.sqlite3"
    _, interview_id = healthy_history(bank, path)
    before = path.read_bytes()
    read_only = InterviewService(open_store(f"sqlite:///file:{path}?mode=ro&uri=true"), bank)
    assert read_only.view(ADA, interview_id).awaiting is not None  # the history can still be read

    with pytest.raises(StoreError) as raised:
        read_only.submit_answer(ADA, interview_id, ANSWER)
    assert raised.value.kind is StoreErrorKind.READ_ONLY and raised.value.retryable
    message = str(raised.value)
    assert "read-only" in message and "not saved" in message and "writable" in message
    assert "history is intact" in message
    assert_no_move_aside(raised.value)
    assert path.read_bytes() == before


def test_a_full_disk_says_so_and_the_unsaved_answer_can_be_sent_again(
    bank: Bank, tmp_path: Path
) -> None:
    path = tmp_path / "history.sqlite3"
    service, interview_id = healthy_history(bank, path)
    engine = service.sessions.kw["bind"]
    with engine.connect() as conn:
        # No free room left in the file's pages either: the answer needs new pages.
        conn.execute(text("VACUUM"))
        pages = conn.execute(text("pragma page_count")).scalar()

    @event.listens_for(engine, "connect")
    def no_room_to_grow(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.execute(f"pragma max_page_count = {pages}")  # SQLite's own size limit

    engine.dispose()
    asked_before = service.view(ADA, interview_id).messages
    with pytest.raises(StoreError) as raised:
        service.submit_answer(ADA, interview_id, incompressible_answer())
    assert raised.value.kind is StoreErrorKind.DISK_FULL and raised.value.retryable
    assert "full" in str(raised.value) and "free some disk space" in str(raised.value)
    assert_no_move_aside(raised.value)

    event.remove(engine, "connect", no_room_to_grow)
    engine.dispose()
    assert service.view(ADA, interview_id).messages == asked_before  # nothing half-written
    assert service.submit_answer(ADA, interview_id, ANSWER).saved  # once there is room again


def test_a_postgresql_server_that_is_not_running_is_named_without_its_password() -> None:
    url = f"postgresql+psycopg://ada:s3cret@127.0.0.1:{free_port()}/interviews"
    with pytest.raises(StoreError) as raised:
        open_store(url)
    message = str(raised.value)
    assert raised.value.kind is StoreErrorKind.UNREACHABLE
    assert "Could not reach" in message and "127.0.0.1" in message
    assert "Start the database server" in message and "DATABASE_URL" in message
    assert "s3cret" not in message
    assert_no_move_aside(raised.value)


def test_a_plain_postgresql_url_without_its_driver_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if psycopg were not installed
    with pytest.raises(StoreError) as raised:
        open_store(f"postgresql://ada@127.0.0.1:{free_port()}/interviews")
    assert raised.value.kind is StoreErrorKind.DRIVER_MISSING
    assert 'pip install "psycopg[binary]"' in str(raised.value)


def test_a_postgres_url_as_hosts_hand_it_out_uses_the_shipped_driver() -> None:
    with pytest.raises(StoreError) as raised:
        open_store(f"postgres://ada@127.0.0.1:{free_port()}/interviews")
    assert raised.value.kind is StoreErrorKind.UNREACHABLE  # psycopg tried to connect


def test_a_read_only_postgresql_server_says_the_server_accepts_no_writes(
    bank: Bank, postgres_url: str
) -> None:
    service = InterviewService(open_store(postgres_url), bank)
    owner = ProfileService(service.sessions).local("Ada")
    url = make_url(postgres_url)
    options = f"{url.query['options']} -cdefault_transaction_read_only=on"  # as on a standby
    read_only = InterviewService(
        open_store(url.update_query_dict({"options": options}).render_as_string(False)), bank
    )
    with pytest.raises(StoreError) as raised:
        read_only.start(owner, InterviewSetup("sample", num_questions=1, seed=1))
    assert raised.value.kind is StoreErrorKind.READ_ONLY
    assert "read-only" in str(raised.value) and "write on the server" in str(raised.value)


def test_a_history_folder_that_cannot_be_created_is_reported(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(StoreError) as raised:
        open_store(f"sqlite:///{blocker / 'history.sqlite3'}")
    assert raised.value.kind is StoreErrorKind.CANNOT_OPEN
    assert "cannot create its folder" in str(raised.value)
    assert "INTERVIEWSIM_DB_PATH" in str(raised.value)
    assert_no_move_aside(raised.value)


def test_a_history_file_locked_by_another_program_is_busy_not_damaged(tmp_path: Path) -> None:
    """SQLite waits for the lock (busy_timeout, 5 s) before it gives up."""
    path = tmp_path / "locked.sqlite3"
    closed = open_store(f"sqlite:///{path}")
    closed.kw["bind"].dispose()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("pragma journal_mode = delete")  # as an older tool might leave it
    holder.execute("begin exclusive")
    holder.execute("create table scratch (x)")  # mid-write: its -journal is beside the file
    try:
        with pytest.raises(StoreError) as raised:
            open_store(f"sqlite:///{path}")
    finally:
        holder.execute("rollback")
        holder.close()
    assert raised.value.kind is StoreErrorKind.BUSY
    assert "Try again" in str(raised.value) and "left untouched" in str(raised.value)
    assert_no_move_aside(raised.value)


def test_a_duplicate_is_not_a_store_failure_so_callers_can_handle_the_race(db_url: str) -> None:
    sessions = open_store(db_url)
    with sessions() as s:
        s.add(Profile(name="Ada"))
        s.commit()
    with sessions() as s, pytest.raises(IntegrityError) as raised:
        s.add(Profile(name="Ada"))
        s.commit()
    assert store_failure(raised.value) is None


def test_store_failure_classifies_a_driver_error_raised_outside_an_engine(tmp_path: Path) -> None:
    path = tmp_path / "plain.sqlite3"
    sqlite3.connect(path).close()
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    with pytest.raises(sqlite3.OperationalError) as raised:
        con.execute("create table t (x)")
    con.close()
    failure = store_failure(raised.value, f"sqlite:///{path}")
    assert failure is not None and failure.kind is StoreErrorKind.READ_ONLY
    assert str(path) in str(failure)
    assert store_failure(ValueError("not a store problem")) is None


def test_the_command_line_prints_one_line_when_the_server_is_down(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from interviewsim.cli import main
    from interviewsim.config import get_settings

    monkeypatch.setenv("DATABASE_URL", f"postgresql://ada@127.0.0.1:{free_port()}/interviews")
    get_settings.cache_clear()
    code = main(["practice", "--track", "sample", "--questions", "1"], stdin=io.StringIO("x\n"))
    printed = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert len(printed) == 1 and printed[0].startswith("error: Could not reach")
