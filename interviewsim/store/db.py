"""Engine and session factory, and bringing a database up to the current schema safely
(also when several processes open one new store at the same moment).

A SQLite file that is not ours, is damaged, or was written by a newer InterviewSim is inspected
read-only and refused before anything opens it for writing: it is left byte for byte as it was, with
no -wal or -shm file beside it. Every engine raises the failures we recognise (read-only, disk full,
a server that is down, a missing driver) as a `StoreError` whose message says what to do.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from sqlalchemy import URL, Connection, Engine, create_engine, event, inspect, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from interviewsim.store.errors import (
    PSYCOPG_INSTALL,
    StoreError,
    StoreErrorKind,
    describe,
    message_for,
    raise_store_failure,
    sentence,
    store_failure,
)

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_REVISION = re.compile(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN_REVISION = re.compile(r"^down_revision\s*=\s*(.+)$", re.M)
# Files SQLite keeps beside a database while a connection has it open (or after a crash).
SQLITE_SIDECARS = ("-wal", "-shm", "-journal")
# Hosts hand out postgres:// and postgresql:// URLs; both mean the driver we ship, psycopg 3.
POSTGRES_DRIVER = "postgresql+psycopg"
MIGRATION_LOCK = 0x1E7715  # the PostgreSQL advisory lock migrations take turns on
MIGRATION_WAIT_MS = 60_000  # how long a SQLite opener waits for another process's migration

__all__ = [
    "StoreError",
    "StoreErrorKind",
    "check_sqlite_file",
    "make_engine",
    "migrate",
    "normalise_url",
    "open_store",
    "store_failure",
]


def normalise_url(url: str | URL) -> URL:
    """`url` parsed, with `postgres://` and `postgresql://` pointed at psycopg 3."""
    try:
        parsed = make_url(url)
    except sa_exc.ArgumentError:
        raise StoreError(
            "DATABASE_URL is not a database URL. Use e.g. "
            "postgresql+psycopg://user:password@host/dbname, or unset it to use the SQLite file.",
            StoreErrorKind.INVALID_URL,
        ) from None
    if parsed.drivername in ("postgres", "postgresql"):
        parsed = parsed.set(drivername=POSTGRES_DRIVER)
    return parsed


@dataclass(frozen=True)
class SqliteFile:
    path: Path
    read_only: bool  # opened with ?mode=ro (or immutable): never created, never written


def sqlite_file(url: str | URL) -> SqliteFile | None:
    """The file behind a SQLite URL (plain or `file:` URI form), or None for other stores."""
    parsed = make_url(url)
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or database in (None, "", ":memory:"):
        return None
    assert database is not None
    query = {k: str(v) for k, v in parsed.query.items()}
    if database.startswith("file:"):
        database, _, inline = database.removeprefix("file:").partition("?")
        for pair in filter(None, inline.split("&")):
            key, _, value = pair.partition("=")
            query.setdefault(key, value)
        if database in ("", ":memory:") or query.get("mode") == "memory":
            return None
    read_only = query.get("mode") == "ro" or query.get("immutable") in ("1", "true")
    return SqliteFile(Path(database), read_only)


@dataclass(frozen=True)
class _SqliteState:
    check: str
    tables: frozenset[str]
    versions: tuple[str, ...]


def _read_sqlite_state(path: Path, immutable: bool) -> _SqliteState:
    # immutable=1: no locks and no -shm file; only safe when no other connection has the file open.
    uri = f"file:{quote(str(path))}?mode=ro" + ("&immutable=1" if immutable else "")
    con = sqlite3.connect(uri, uri=True)
    try:
        row = con.execute("PRAGMA quick_check").fetchone()
        tables = frozenset(
            name
            for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not name.startswith("sqlite_")
        )
        versions: tuple[str, ...] = ()
        if "alembic_version" in tables:
            versions = tuple(v for (v,) in con.execute("SELECT version_num FROM alembic_version"))
    finally:
        con.close()
    return _SqliteState(row[0] if row else "?", tables, versions)


def _sidecars_exist(path: Path) -> bool:
    return any(Path(f"{path}{suffix}").exists() for suffix in SQLITE_SIDECARS)


def check_sqlite_file(path: Path) -> None:
    """Refuse a file that is not an InterviewSim database we can use, only ever reading it.

    Nothing here writes: the file is opened read-only, and, when no other connection has it open,
    as immutable, so that not even a -shm file appears beside it.
    """
    if not path.exists() or path.stat().st_size == 0:
        return
    where = describe(f"sqlite:///{path}")
    in_use = _sidecars_exist(path)
    try:
        try:
            state = _read_sqlite_state(path, immutable=not in_use)
        except sqlite3.DatabaseError as exc:
            # Another program may have started writing while we read without locks: read again,
            # with locks, before calling the file damaged.
            if in_use or not _sidecars_exist(path) or "malformed" not in str(exc):
                raise
            state = _read_sqlite_state(path, immutable=False)
    except sqlite3.Error as exc:
        name = getattr(exc, "sqlite_errorname", "")
        if name == "SQLITE_NOTADB" or "not a database" in str(exc):
            raise StoreError(
                f"{sentence(where)} is not a readable database ({exc}). It has been left "
                "untouched. Move it aside to start a fresh history, or point DATABASE_URL elsewhere.",
                StoreErrorKind.DAMAGED,
            ) from None
        failure = store_failure(exc, f"sqlite:///{path}", connecting=True)
        if failure is None:
            raise StoreError(
                f"{sentence(where)} could not be read ({exc}). It has been left untouched.",
                StoreErrorKind.CANNOT_OPEN,
            ) from None
        raise StoreError(f"{failure} It has been left untouched.", failure.kind) from None
    if state.check != "ok":
        raise StoreError(
            f"{sentence(where)} is damaged (integrity check: {state.check}). It has been left "
            "untouched: restore a backup, or move it aside to start a fresh history.",
            StoreErrorKind.DAMAGED,
        )
    refuse_unknown_schema(where, state.tables, state.versions)


@cache
def _revisions() -> tuple[frozenset[str], str | None]:
    """Every revision id and the head, read from the migration files' text (head None if that is
    unclear). Enough to tell a database that is current, which is every start but the first:
    Alembic, and the long-lived objects it brings, is loaded only to migrate."""
    revisions: set[str] = set()
    parents: set[str] = set()
    clear = True
    for path in (MIGRATIONS / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        found = _REVISION.search(source)
        if found is None:
            clear = False
            continue
        revisions.add(found.group(1))
        down = _DOWN_REVISION.search(source)
        parents.update(re.findall(r"['\"]([^'\"]+)['\"]", down.group(1)) if down else ())
    heads = revisions - parents
    return frozenset(revisions), heads.pop() if clear and len(heads) == 1 else None


def head_revision() -> str | None:
    """The newest revision id, read from the migration files; None if that is unclear."""
    return _revisions()[1]


def refuse_unknown_schema(where: str, tables: Collection[str], current: Collection[str]) -> bool:
    """Raise for a database written by a newer InterviewSim or holding someone else's tables;
    otherwise True when migrations are due."""
    known, head = _revisions()
    unknown = [rev for rev in current if rev not in known]
    if unknown:
        raise StoreError(
            f"{sentence(where)} was written by a newer InterviewSim (schema {unknown[0]}). "
            "It has been left untouched: upgrade InterviewSim, or point DATABASE_URL elsewhere.",
            StoreErrorKind.NEWER,
        )
    if set(tables) - {"alembic_version"} and not current:
        raise StoreError(
            f"{sentence(where)} already holds tables that are not InterviewSim's. "
            "It has been left untouched: point DATABASE_URL at an empty database.",
            StoreErrorKind.NOT_OURS,
        )
    return head is None or list(current) != [head]


def _set_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
    cursor.execute("PRAGMA synchronous=NORMAL")  # durable at checkpoints; safe with WAL
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def compact_json(value: Any) -> str:
    """JSON columns as written: no spaces after separators, text as it is (not \\u-escaped)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _create_engine(url: URL, **kwargs: Any) -> Engine:
    try:
        return create_engine(url, json_serializer=compact_json, **kwargs)
    except ImportError as exc:
        backend = url.get_backend_name()
        if backend == "postgresql":
            advice = f"Install it with {PSYCOPG_INSTALL} (it is in requirements.txt)"
        else:
            advice = (
                "Install that driver, or use PostgreSQL (postgresql+psycopg://...) or the "
                "SQLite file, which InterviewSim ships drivers for"
            )
        raise StoreError(
            f"The database driver for {url.drivername} is not installed ({exc}). {advice}, "
            "then start InterviewSim again.",
            StoreErrorKind.DRIVER_MISSING,
        ) from None
    except sa_exc.NoSuchModuleError:
        raise StoreError(
            f"DATABASE_URL names a database InterviewSim cannot use ({url.drivername}). Use "
            "postgresql+psycopg://user:password@host/dbname, or unset it to use the SQLite file.",
            StoreErrorKind.INVALID_URL,
        ) from None


def make_engine(url: str | URL) -> Engine:
    """An engine for `url`; SQLite files are checked first (read-only), get their folder created
    and WAL mode switched on. Recognised failures surface as `StoreError`s (see `errors`)."""
    parsed = normalise_url(url)
    target = sqlite_file(parsed)
    if target is not None:
        check_sqlite_file(target.path)
        if not target.read_only:
            try:
                target.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(
                    message_for(
                        StoreErrorKind.CANNOT_OPEN,
                        describe(parsed),
                        f"cannot create its folder: {exc.strerror or exc}",
                        connecting=True,
                    ),
                    StoreErrorKind.CANNOT_OPEN,
                ) from None
        engine = _create_engine(parsed, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _set_sqlite_pragmas)
    else:
        engine = _create_engine(parsed, pool_pre_ping=True)
    event.listen(engine, "handle_error", raise_store_failure)
    return engine


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def _stored_revisions(engine: Engine) -> list[str] | None:
    """The revision ids in alembic_version, by plain SQL; None when the table is not there."""
    try:
        with engine.connect() as conn:
            return [row[0] for row in conn.execute(text("SELECT version_num FROM alembic_version"))]
    except (sa_exc.DBAPIError, StoreError):
        return None


def _schema_state(engine: Engine) -> tuple[set[str], list[str]]:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        current = list(MigrationContext.configure(conn).get_current_heads())
    return tables, current


@contextmanager
def _migrating(engine: Engine) -> Iterator[Engine]:
    """The engine to migrate with, one process at a time, so that app servers (or the command
    line) that open one store together do not create its tables twice.

    PostgreSQL: an advisory lock, held by a connection of its own while the migration runs.
    SQLite: a separate engine whose transactions begin IMMEDIATE (taking the write lock at once)
    and keep DDL inside them, so a second opener waits for the first migration to commit and then
    finds nothing left to do.
    """
    if engine.dialect.name == "postgresql":
        with engine.connect() as lock:
            lock.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
            try:
                yield engine
            finally:
                lock.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK})
        return
    if engine.dialect.name != "sqlite" or engine.url.database in (None, "", ":memory:"):
        yield engine
        return
    serial = _create_engine(
        engine.url, connect_args={"check_same_thread": False}, poolclass=NullPool
    )

    @event.listens_for(serial, "connect")
    def _manual_transactions(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # the driver must not BEGIN (or not) by itself
        dbapi_connection.execute(f"PRAGMA busy_timeout={MIGRATION_WAIT_MS}")

    @event.listens_for(serial, "begin")
    def _begin_immediate(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    event.listen(serial, "handle_error", raise_store_failure)
    try:
        yield serial
    finally:
        serial.dispose()
        # The app's pooled connections knew the schema from before; SQLite does not reload it
        # for a PRAGMA (reflection), so start them afresh.
        engine.dispose()


def migrate(engine: Engine) -> None:
    """Apply Alembic migrations up to head, refusing databases that are not ours or are newer."""
    head = head_revision()
    if head is not None and _stored_revisions(engine) == [head]:
        return  # already current: nothing to check or apply, and no Alembic to load
    from alembic import command

    tables, current = _schema_state(engine)
    if not refuse_unknown_schema(describe(engine.url), tables, current):
        return
    with _migrating(engine) as migrator:
        # Another process may have migrated while this one waited its turn.
        tables, current = _schema_state(migrator)
        if refuse_unknown_schema(describe(engine.url), tables, current):
            command.upgrade(alembic_config(migrator), "head")


def open_store(url: str | URL) -> sessionmaker[Session]:
    """Engine + migrations + session factory: everything a caller needs to use the store."""
    engine = make_engine(url)
    migrate(engine)
    return sessionmaker(engine, expire_on_commit=False)
