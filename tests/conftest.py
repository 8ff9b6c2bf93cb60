"""Shared fixtures: every test gets its own store (a SQLite file, or a PostgreSQL schema) and a clean
environment.

Store, session, app, LLM and CLI tests run twice, as `test_x[sqlite]` and `test_x[postgres]`: every
test that asks for the database fixtures (`db_url`, `app`, `service`, `history`, `owner`), and every test in
`STORE_TESTS` (the pages and the CLI find the store through DATABASE_URL). A test that asks for the
SQLite file itself (`isolated_settings`, `db_file`) is about that file and runs on SQLite only.
`--store=sqlite` or `--store=postgres` picks one store for those tests.

PostgreSQL is the server named by INTERVIEWSIM_TEST_POSTGRES_URL (`.ci/run` starts one with
`.ci/postgres`); each test gets a fresh schema there, dropped afterwards. Without that variable the
postgres variants skip with the reason; in CI (INTERVIEWSIM_REQUIRE_POSTGRES=1) they fail instead.
"""

from __future__ import annotations

import inspect
import itertools
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text, update
from sqlalchemy.pool import NullPool

from interviewsim.bank import DEFAULT_DATA_DIR, Bank, load_bank
from interviewsim.bootstrap import App, build_app
from interviewsim.config import VARIABLES, get_settings
from interviewsim.interview import InterviewService
from interviewsim.profiles import Owner
from interviewsim.store.db import normalise_url
from interviewsim.store.models import Interview
from interviewsim.views import HistoryViews

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# A small track with fixed content, so tests do not shift as the real bank grows.
FIXTURE_BANK = PROJECT_ROOT / "tests" / "fixtures" / "bank"


def run_clean_python(script: str, home: Path) -> subprocess.CompletedProcess[str]:
    """`script` in a fresh interpreter that sees only the fixture bank, a history file in `home`
    and no .env: what a process imports or keeps alive there is the app's own doing."""
    env = {
        "INTERVIEWSIM_DB_PATH": str(home / "h.sqlite3"),
        "INTERVIEWSIM_NO_DOTENV": "1",
        "INTERVIEWSIM_BANK_PATHS": str(FIXTURE_BANK),
        "PATH": "/usr/bin:/bin",  # espeak-ng, when installed, reads aloud without any provider
        "HOME": str(home),
    }
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


SETTINGS_VARS = tuple(VARIABLES)  # every variable the settings object reads
POSTGRES_URL_VAR = "INTERVIEWSIM_TEST_POSTGRES_URL"
STORES = ("sqlite", "postgres")
STORE_TESTS = (
    "tests/app/",
    "tests/llm/",
    "tests/unit/test_cli.py",
)
DATABASE_FIXTURES = frozenset({"db_url", "app", "service", "history", "owner"})
SQLITE_FILE_FIXTURES = frozenset({"isolated_settings", "db_file"})
NO_POSTGRES = f"{POSTGRES_URL_VAR} is not set (`.ci/postgres start DIR` starts a server)"
_schemas = itertools.count(1)


def hold_every_interview(minutes: float = 1) -> None:
    """As another tab or server working on the last answer would: every interview in the
    configured store leased for `minutes` (the app under test sees them busy)."""
    held = build_app()
    with held.sessions() as s:
        until = held.interviews.clock() + timedelta(minutes=minutes)
        s.execute(update(Interview).values(busy_until=until))
        s.commit()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--store",
        choices=(*STORES, "both"),
        default="both",
        help="the store(s) for the store, session and app tests (default: both)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only: a test of SQLite itself (files, pragmas)")


def runs_on_every_store(metafunc: pytest.Metafunc) -> bool:
    if metafunc.definition.get_closest_marker("sqlite_only"):
        return False
    asked = set(inspect.signature(metafunc.function).parameters)
    if asked & SQLITE_FILE_FIXTURES:
        return False
    where = Path(metafunc.definition.path).relative_to(PROJECT_ROOT).as_posix()
    return bool(DATABASE_FIXTURES & set(metafunc.fixturenames)) or where.startswith(STORE_TESTS)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "store" in metafunc.fixturenames and runs_on_every_store(metafunc):
        chosen = metafunc.config.getoption("store")
        metafunc.parametrize("store", STORES if chosen == "both" else (chosen,), indirect=True)


def _missing_postgres(reason: str) -> None:
    if os.environ.get("INTERVIEWSIM_REQUIRE_POSTGRES"):
        pytest.fail(f"PostgreSQL tests are required here: {reason}")
    pytest.skip(reason)


def pytest_runtest_setup(item: pytest.Item) -> None:
    # Checked here rather than in a fixture, so the summary gives one line for all these skips.
    callspec = getattr(item, "callspec", None)
    on_postgres = callspec is not None and callspec.params.get("store") == "postgres"
    if on_postgres and not os.environ.get(POSTGRES_URL_VAR, "").strip():
        _missing_postgres(NO_POSTGRES)


@pytest.fixture
def store(request: pytest.FixtureRequest) -> str:
    """Which store this test runs on: "sqlite" unless the test is parametrised over both."""
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Engine]:
    """An AUTOCOMMIT engine on the test server's database, for creating and dropping schemas."""
    url = os.environ.get(POSTGRES_URL_VAR, "").strip()
    if not url:
        _missing_postgres(NO_POSTGRES)
    engine = create_engine(normalise_url(url), isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with engine.connect():
            pass
    except Exception as exc:
        pytest.fail(f"{POSTGRES_URL_VAR} is set, but its server cannot be used: {exc}")
    yield engine
    engine.dispose()


@pytest.fixture
def postgres_url(postgres_server: Engine) -> Iterator[str]:
    """The URL of a fresh, empty schema for one test: its search_path is that schema, and its
    connections carry the schema's name, so they are closed before the schema is dropped."""
    name = f"test_{os.getpid()}_{next(_schemas)}"
    with postgres_server.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{name}"'))
    url = postgres_server.url.update_query_dict(
        {"options": f"-csearch_path={name}", "application_name": name}
    )
    yield url.render_as_string(hide_password=False)
    with postgres_server.connect() as conn:
        # Engines cached by the app (st.cache_resource) keep their pools: close those connections.
        conn.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name = :name AND pid <> pg_backend_pid()"
            ),
            {"name": name},
        )
        conn.execute(text(f'DROP SCHEMA "{name}" CASCADE'))


@pytest.fixture(autouse=True)
def isolated_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, store: str, request: pytest.FixtureRequest
) -> Iterator[Path]:
    """A fresh store per test, with no API key and no `.env`: the offline product by default.

    Yields the SQLite history file's path; on PostgreSQL, DATABASE_URL names a fresh schema instead.
    """
    for var in SETTINGS_VARS:
        monkeypatch.delenv(var, raising=False)
    db_path = tmp_path / "history.sqlite3"
    monkeypatch.setenv("INTERVIEWSIM_DB_PATH", str(db_path))
    monkeypatch.setenv("INTERVIEWSIM_NO_DOTENV", "1")
    monkeypatch.setenv("INTERVIEWSIM_BANK_PATHS", str(FIXTURE_BANK))
    if store == "postgres":
        monkeypatch.setenv("DATABASE_URL", request.getfixturevalue("postgres_url"))
    get_settings.cache_clear()
    yield db_path
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def bank() -> Bank:
    return load_bank(DEFAULT_DATA_DIR, FIXTURE_BANK)


@pytest.fixture
def db_url(isolated_settings: Path) -> str:
    """The URL of this test's store (SQLite file or PostgreSQL schema), as the app would see it."""
    return get_settings().sqlalchemy_url


@pytest.fixture
def app(bank: Bank, db_url: str) -> App:
    """The offline app on this test's history file, as the composition root builds it."""
    return build_app(get_settings(), bank=bank)


@pytest.fixture
def service(app: App) -> InterviewService:
    return app.interviews


@pytest.fixture
def history(app: App) -> HistoryViews:
    return app.history


@pytest.fixture
def owner(app: App) -> Owner:
    """Ada's local profile: the owner most tests act as."""
    return app.profiles.local("Ada")
