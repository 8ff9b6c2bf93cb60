"""Shared fixtures: every test gets its own SQLite file and a clean environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewsim.bank import DEFAULT_DATA_DIR, Bank, load_bank
from interviewsim.bootstrap import App, build_app
from interviewsim.config import VARIABLES, get_settings
from interviewsim.interview import InterviewService
from interviewsim.profiles import Owner
from interviewsim.views import HistoryViews

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# A small track with fixed content, so tests do not shift as the real bank grows.
FIXTURE_BANK = PROJECT_ROOT / "tests" / "fixtures" / "bank"
SETTINGS_VARS = tuple(VARIABLES)  # every variable the settings object reads


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh history file per test; no API key, no `.env`: the offline product by default."""
    for var in SETTINGS_VARS:
        monkeypatch.delenv(var, raising=False)
    db_path = tmp_path / "history.sqlite3"
    monkeypatch.setenv("INTERVIEWSIM_DB_PATH", str(db_path))
    monkeypatch.setenv("INTERVIEWSIM_NO_DOTENV", "1")
    monkeypatch.setenv("INTERVIEWSIM_BANK_PATHS", str(FIXTURE_BANK))
    get_settings.cache_clear()
    yield db_path
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def bank() -> Bank:
    return load_bank(DEFAULT_DATA_DIR, FIXTURE_BANK)


@pytest.fixture
def db_url(isolated_settings: Path) -> str:
    return f"sqlite:///{isolated_settings}"


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
