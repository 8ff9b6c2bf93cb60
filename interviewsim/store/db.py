"""Engine and session factory, and bringing a database up to the current schema safely.

A database file that is not ours, is damaged, or was written by a newer InterviewSim is reported with
a clear message and never written to.
"""

from __future__ import annotations

import re
import sqlite3
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_REVISION = re.compile(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN_REVISION = re.compile(r"^down_revision\s*=\s*(.+)$", re.M)


class StoreError(RuntimeError):
    """The history store cannot be used; the message says why and what to do."""


def _sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def check_sqlite_file(path: Path) -> None:
    """Refuse a file that exists but is not a readable SQLite database (opened read-only)."""
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = con.execute("PRAGMA quick_check").fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError(
            f"The history file {path} is not a readable database ({exc}). It has been left "
            "untouched. Move it aside to start a fresh history, or point DATABASE_URL elsewhere."
        ) from None
    if not result or result[0] != "ok":
        raise StoreError(
            f"The history file {path} is damaged (integrity check: {result[0] if result else '?'}). "
            "It has been left untouched; move it aside or restore a backup."
        )


def _set_sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
    cursor.execute("PRAGMA synchronous=NORMAL")  # durable at checkpoints; safe with WAL
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite files get their folder created and WAL mode switched on."""
    path = _sqlite_path(url)
    if path is not None:
        check_sqlite_file(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _set_sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


@cache
def head_revision() -> str | None:
    """The newest revision id, read from the migration files' text; None if that is unclear.

    Reading the files is enough to tell a database that is already current, which is every start
    but the first; Alembic (and the ~100 ms and long-lived objects it brings) is loaded only to
    migrate or to explain a refusal.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        found = _REVISION.search(source)
        if found is None:
            return None
        revisions.add(found.group(1))
        down = _DOWN_REVISION.search(source)
        parents.update(re.findall(r"['\"]([^'\"]+)['\"]", down.group(1)) if down else ())
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def _stored_revisions(engine: Engine) -> list[str] | None:
    """The revision ids in alembic_version, by plain SQL; None when the table is not there."""
    try:
        with engine.connect() as conn:
            return [row[0] for row in conn.execute(text("SELECT version_num FROM alembic_version"))]
    except DBAPIError:
        return None


def migrate(engine: Engine) -> None:
    """Apply Alembic migrations up to head, refusing databases that are not ours or are newer."""
    head = head_revision()
    if head is not None and _stored_revisions(engine) == [head]:
        return  # already current: nothing to check or apply
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    cfg = alembic_config(engine)
    script = ScriptDirectory.from_config(cfg)
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        current = MigrationContext.configure(conn).get_current_heads()
    known = {rev.revision for rev in script.walk_revisions()}
    unknown = [rev for rev in current if rev not in known]
    where = engine.url.render_as_string(hide_password=True)
    if unknown:
        raise StoreError(
            f"The history store at {where} was written by a newer InterviewSim (schema {unknown[0]}). "
            "It has been left untouched: upgrade InterviewSim, or point DATABASE_URL elsewhere."
        )
    if tables - {"alembic_version"} and not current:
        raise StoreError(
            f"The database at {where} already holds tables that are not InterviewSim's. "
            "It has been left untouched: point DATABASE_URL at an empty database."
        )
    if list(current) != [script.get_current_head()]:
        command.upgrade(cfg, "head")


def open_store(url: str) -> sessionmaker[Session]:
    """Engine + migrations + session factory: everything a caller needs to use the store."""
    engine = make_engine(url)
    migrate(engine)
    return sessionmaker(engine, expire_on_commit=False)
