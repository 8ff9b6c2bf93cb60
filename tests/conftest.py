"""Shared fixtures: every test gets its own SQLite file and a clean environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewsim.bank import DEFAULT_DATA_DIR, Bank, load_bank
from interviewsim.config import get_settings
from interviewsim.session import InterviewService
from interviewsim.store import open_store

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# A small track with fixed content, so tests do not shift as the real bank grows.
FIXTURE_BANK = PROJECT_ROOT / "tests" / "fixtures" / "bank"
SETTINGS_VARS = (
    "DATABASE_URL",
    "INTERVIEWSIM_DB_PATH",
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "INTERVIEWSIM_MODEL",
    "INTERVIEWSIM_PROVIDER",
    "INTERVIEWSIM_BANK_PATHS",
    "INTERVIEWSIM_MAX_ANSWER_CHARS",
)


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
def service(bank: Bank, db_url: str) -> InterviewService:
    return InterviewService(open_store(db_url), bank)


@pytest.fixture
def profile_id(service: InterviewService) -> int:
    return service.ensure_profile("Ada")[0]
