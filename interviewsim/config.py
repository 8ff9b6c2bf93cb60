"""Settings from the environment and `.env` (python-dotenv), with defaults that work offline.

Secrets are held as `SecretStr` so they never print; nothing here writes them anywhere.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from dotenv import load_dotenv
from pydantic import SecretStr

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB_PATH = PROJECT_ROOT / ".interviewsim" / "history.sqlite3"
MAX_ANSWER_CHARS = 6000  # about 1,000 words: a long spoken answer, well past any time limit


@dataclass(frozen=True)
class Settings:
    database_url: str
    openai_api_key: SecretStr | None = None
    openai_base_url: str | None = None
    model: str | None = None
    provider: str | None = None  # "openai" (any compatible server) or a LangChain provider name
    max_answer_chars: int = MAX_ANSWER_CHARS
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def llm_configured(self) -> bool:
        """True when the settings name a provider to use; otherwise everything runs offline."""
        return bool(self.openai_api_key or self.openai_base_url or self.provider)


def _env(name: str) -> str | None:
    value = os.environ.get(name, "").strip()
    return value or None


def load_settings(env_file: Path | None = None) -> Settings:
    """Read settings now. `.env` fills in variables the environment does not already set."""
    if not os.environ.get("INTERVIEWSIM_NO_DOTENV"):  # tests set this to ignore a developer's .env
        load_dotenv(env_file or PROJECT_ROOT / ".env", override=False)
    db_path = _env("INTERVIEWSIM_DB_PATH")
    database_url = _env("DATABASE_URL") or f"sqlite:///{Path(db_path or DEFAULT_DB_PATH)}"
    key = _env("OPENAI_API_KEY")
    return Settings(
        database_url=database_url,
        openai_api_key=SecretStr(key) if key else None,
        openai_base_url=_env("OPENAI_BASE_URL"),
        model=_env("INTERVIEWSIM_MODEL"),
        provider=_env("INTERVIEWSIM_PROVIDER"),
        max_answer_chars=int(_env("INTERVIEWSIM_MAX_ANSWER_CHARS") or MAX_ANSWER_CHARS),
    )


@cache
def get_settings() -> Settings:
    """The process-wide settings (tests call `get_settings.cache_clear()` after changing env)."""
    return load_settings()
