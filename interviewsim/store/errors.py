"""Store failures in words a person can act on: what went wrong, and what to do about it.

SQLAlchemy and the drivers (sqlite3, psycopg) report a full disk, a read-only file or a stopped
server as `OperationalError`s with the SQL statement attached. `store_failure` turns the ones we
recognise into a `StoreError` of a known `kind`, whose message names the store (never its password),
says that the history itself is intact where that is so, and never quotes the statement or its
parameters (they hold people's answers). Every engine made by `db.make_engine` raises these
directly, through SQLAlchemy's `handle_error` hook.
"""

from __future__ import annotations

import sqlite3
from enum import StrEnum

from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import URL, ExceptionContext, make_url

PSYCOPG_INSTALL = 'pip install "psycopg[binary]"'


class StoreErrorKind(StrEnum):
    READ_ONLY = "read_only"  # the file, its folder or the server accepts no writes
    DISK_FULL = "disk_full"
    BUSY = "busy"  # locked by another writer, or a conflict: trying again can work
    UNREACHABLE = "unreachable"  # the server is down, or the connection was lost
    CANNOT_OPEN = "cannot_open"  # a file or folder that cannot be opened or created
    REFUSED = "refused"  # the server turned us away: user, password or database name
    DRIVER_MISSING = "driver_missing"
    TOO_LONG = "too_long"  # a value longer than its column keeps, refused on every store
    DAMAGED = "damaged"  # a SQLite file that is damaged, or is not a database at all
    NOT_OURS = "not_ours"  # a database holding someone else's tables
    NEWER = "newer"  # written by a newer InterviewSim
    INVALID_URL = "invalid_url"


# Failures after which the same write, tried again later, can succeed with nothing lost.
RETRYABLE = frozenset(
    {
        StoreErrorKind.BUSY,
        StoreErrorKind.UNREACHABLE,
        StoreErrorKind.DISK_FULL,
        StoreErrorKind.READ_ONLY,
    }
)


class StoreError(RuntimeError):
    """The history store cannot be used; the message says why and what to do."""

    def __init__(self, message: str, kind: StoreErrorKind | None = None) -> None:
        super().__init__(message)
        self.kind = kind

    @property
    def retryable(self) -> bool:
        """True when the write can simply be tried again once the cause is fixed (keep the input)."""
        return self.kind in RETRYABLE


class TextTooLong(ValueError):
    """A value longer than its column: refused by the store itself, so SQLite (which would keep it)
    and PostgreSQL (which would refuse it) behave alike."""

    def __init__(self, length: int, limit: int) -> None:
        super().__init__(f"a text of {length} characters, where at most {limit} are kept")
        self.length = length
        self.limit = limit


def describe(url: str | URL) -> str:
    """How messages name a store: a SQLite file by its path, a server URL without its password."""
    try:
        parsed = make_url(url)
    except sa_exc.ArgumentError:
        return "the configured database"
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ":memory:"
        return f"the history file {database.removeprefix('file:')}"
    return f"the database {parsed.render_as_string(hide_password=True)}"


def sentence(text: str) -> str:
    """`text` with its first letter upper-cased (unlike str.capitalize, the rest is kept)."""
    return text[:1].upper() + text[1:]


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0].strip() if text else type(exc).__name__


def _sqlite_kind(exc: sqlite3.Error) -> StoreErrorKind | None:
    name = getattr(exc, "sqlite_errorname", "") or ""
    base = "_".join(name.split("_")[:2])  # SQLITE_READONLY_DBMOVED -> SQLITE_READONLY
    message = str(exc).lower()
    if base == "SQLITE_READONLY" or "readonly database" in message:
        return StoreErrorKind.READ_ONLY
    if base == "SQLITE_FULL" or "database or disk is full" in message:
        return StoreErrorKind.DISK_FULL
    if base in ("SQLITE_BUSY", "SQLITE_LOCKED") or "database is locked" in message:
        return StoreErrorKind.BUSY
    if base in ("SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH") or "unable to open" in message:
        return StoreErrorKind.CANNOT_OPEN
    if base in ("SQLITE_CORRUPT", "SQLITE_NOTADB") or "malformed" in message:
        return StoreErrorKind.DAMAGED
    return None


# SQLSTATE classes and codes (https://www.postgresql.org/docs/current/errcodes-appendix.html).
_PG_CODES = {
    "53100": StoreErrorKind.DISK_FULL,
    "25006": StoreErrorKind.READ_ONLY,  # read_only_sql_transaction: a standby, or a read-only role
    "40001": StoreErrorKind.BUSY,  # serialization_failure
    "40P01": StoreErrorKind.BUSY,  # deadlock_detected
    "55P03": StoreErrorKind.BUSY,  # lock_not_available
    "3D000": StoreErrorKind.REFUSED,  # the database does not exist
    "57P01": StoreErrorKind.UNREACHABLE,  # admin_shutdown
    "57P02": StoreErrorKind.UNREACHABLE,  # crash_shutdown
    "57P03": StoreErrorKind.UNREACHABLE,  # cannot_connect_now (starting up)
    "53300": StoreErrorKind.BUSY,  # too_many_connections
}
_PG_CLASSES = {"08": StoreErrorKind.UNREACHABLE, "28": StoreErrorKind.REFUSED}


def _psycopg_kind(exc: BaseException, connecting: bool) -> StoreErrorKind | None:
    state = getattr(exc, "sqlstate", None)
    if state:
        return _PG_CODES.get(state) or _PG_CLASSES.get(state[:2])
    message = str(exc).lower()
    if type(exc).__name__ != "OperationalError" or not (connecting or "connection" in message):
        return None
    # libpq reports connection failures without a SQLSTATE; the server's FATAL says why.
    if any(
        reason in message
        for reason in (
            "does not exist",
            "authentication failed",
            "pg_hba.conf",
            "permission denied",
        )
    ):
        return StoreErrorKind.REFUSED
    return StoreErrorKind.UNREACHABLE  # refused, timed out, or no such host


def _kind_of(exc: BaseException, connecting: bool, disconnected: bool) -> StoreErrorKind | None:
    if isinstance(exc, TextTooLong):
        return StoreErrorKind.TOO_LONG
    if isinstance(exc, sqlite3.Error):
        return _sqlite_kind(exc)
    if type(exc).__module__.startswith("psycopg"):
        kind = _psycopg_kind(exc, connecting)
        return kind or (StoreErrorKind.UNREACHABLE if disconnected else None)
    return StoreErrorKind.UNREACHABLE if disconnected else None


def message_for(kind: StoreErrorKind, where: str, reason: str, connecting: bool = False) -> str:
    """The sentence shown for a failure of `kind` at `where` (see `describe`)."""
    nothing = "Nothing was changed." if connecting else "This last change was not saved."
    is_file = where.startswith("the history file")
    if kind is StoreErrorKind.READ_ONLY:
        fix = (
            "make the file and its folder writable for the user running InterviewSim"
            if is_file
            else "allow this user to write on the server (it may be a read-only replica)"
        )
        return (
            f"{sentence(where)} is read-only ({reason}). {nothing} Your history is intact: "
            f"{fix}, or point DATABASE_URL at a writable database."
        )
    if kind is StoreErrorKind.DISK_FULL:
        return (
            f"The disk holding {where} is full ({reason}). {nothing} Your history so far is "
            "intact: free some disk space (or raise the database's quota), then try again."
        )
    if kind is StoreErrorKind.BUSY:
        return (
            f"{sentence(where)} is busy: another program or request holds a lock on it "
            f"({reason}). {nothing} Try again in a moment."
        )
    if kind is StoreErrorKind.UNREACHABLE:
        return (
            f"Could not reach {where} ({reason}). {nothing} Start the database server, or check "
            "the host and port in DATABASE_URL, then try again."
        )
    if kind is StoreErrorKind.CANNOT_OPEN:
        return (
            f"Could not open {where} ({reason}). {nothing} Check that its folder exists and that "
            "the user running InterviewSim may read and write there, or set INTERVIEWSIM_DB_PATH "
            "to a writable place."
        )
    if kind is StoreErrorKind.REFUSED:
        return (
            f"The server refused the connection to {where} ({reason}). {nothing} Check the user, "
            "password and database name in DATABASE_URL (the database must already exist)."
        )
    if kind is StoreErrorKind.TOO_LONG:
        return f"A text was too long to save ({reason}). {nothing} Shorten it and try again."
    if kind is StoreErrorKind.DAMAGED:
        return (
            f"{sentence(where)} is damaged ({reason}). {nothing} Restore it from a backup; "
            "if there is none, move the damaged file aside to start a fresh history."
        )
    return f"{sentence(where)} cannot be used ({reason}). {nothing}"


def store_failure(
    exc: BaseException, url: str | URL | None = None, *, connecting: bool = False
) -> StoreError | None:
    """`exc` as a `StoreError` if it is a store failure we recognise, else None.

    For the service layer around a write: `except Exception as exc: if (failure :=
    store_failure(exc)) is not None: ...`. A `StoreError` is returned as it is; a SQLAlchemy error
    is judged by the driver error inside it. Integrity errors (a duplicate, a broken constraint)
    are not store failures: they return None, for the caller to handle as races or bugs.
    """
    if isinstance(exc, StoreError):
        return exc
    disconnected = bool(getattr(exc, "connection_invalidated", False))
    inner: BaseException = exc
    if isinstance(exc, sa_exc.StatementError) and exc.orig is not None:
        inner = exc.orig
    if isinstance(inner, sa_exc.IntegrityError) or type(inner).__name__ in (
        "IntegrityError",
        "UniqueViolation",
        "ForeignKeyViolation",
        "NotNullViolation",
        "CheckViolation",
    ):
        return None
    kind = _kind_of(inner, connecting, disconnected)
    if kind is None:
        return None
    where = describe(url) if url is not None else "the history store"
    reason = _first_line(inner)
    return StoreError(message_for(kind, where, reason, connecting), kind)


def raise_store_failure(context: ExceptionContext) -> None:
    """SQLAlchemy `handle_error` hook: raise a recognised failure as a `StoreError` instead."""
    url = context.engine.url if context.engine is not None else None
    failure = store_failure(
        context.original_exception,
        url,
        connecting=context.connection is None,
    )
    if failure is None and context.is_disconnect:
        failure = StoreError(
            message_for(
                StoreErrorKind.UNREACHABLE,
                describe(url) if url is not None else "the history store",
                "the connection was lost",
            ),
            StoreErrorKind.UNREACHABLE,
        )
    if failure is not None:
        raise failure from context.original_exception
