"""One settings object for the whole app, with defaults that work offline.

Every setting has one typed field, read from one documented order of sources, highest first:

1. typed in the app for this browser session (the Settings page; never written anywhere);
2. `st.secrets` (`.streamlit/secrets.toml`), passed in by the Streamlit side;
3. the environment;
4. a `.env` file (python-dotenv fills in only what the environment does not set).

Secrets are `SecretStr`, so they never print. A bad value raises `SettingsError`, whose message names
the variable and what it expects, never the value of a secret.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from dotenv import load_dotenv
from pydantic import AliasChoices, Field, PrivateAttr, SecretStr, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB_PATH = PROJECT_ROOT / ".interviewsim" / "history.sqlite3"
DOTENV = PROJECT_ROOT / ".env"
MAX_ANSWER_CHARS = 6000
MIN_PIN_LENGTH = 4  # about 1,000 words: a long spoken answer, well past any time limit
StructuredMethod = Literal["function_calling", "json_schema", "json_mode"]
SpeechToText = Literal["auto", "off"]
TextToSpeech = Literal["auto", "api", "espeak", "off"]

# Where a value came from, as the Settings page words it.
TYPED, SECRETS, ENVIRONMENT, DEFAULT = (
    "typed on the Settings page",
    "st.secrets",
    "environment or .env",
    "default",
)
# The short names the Settings page types values under, and the fields they set.
TYPED_FIELDS = {
    "provider": "provider",
    "model": "model",
    "base_url": "openai_base_url",
    "api_key": "openai_api_key",
    "stt_base_url": "stt_base_url",
    "stt_api_key": "stt_api_key",
    "tts_base_url": "tts_base_url",
    "tts_api_key": "tts_api_key",
}


class SettingsError(ValueError):
    """A setting has a value that cannot be used; the message names the variable and the fix."""


def _env(name: str, description: str, **kw: Any) -> Any:
    return Field(validation_alias=AliasChoices(name), description=description, **kw)


class Settings(BaseSettings):
    """Everything configurable. Field descriptions are the documentation (see `.env.example`)."""

    model_config = SettingsConfigDict(extra="ignore", frozen=True, populate_by_name=True)
    _sources: tuple[tuple[str, str], ...] = PrivateAttr(default=())

    database_url: str | None = _env(
        "DATABASE_URL",
        "any SQLAlchemy URL (e.g. PostgreSQL); overrides the SQLite path",
        default=None,
    )
    db_path: Path = _env("INTERVIEWSIM_DB_PATH", "the SQLite history file", default=DEFAULT_DB_PATH)
    bank_paths: str = _env(
        "INTERVIEWSIM_BANK_PATHS", f"extra bank folders, separated by {os.pathsep!r}", default=""
    )
    max_answer_chars: int = _env(
        "INTERVIEWSIM_MAX_ANSWER_CHARS",
        "answers longer than this are kept up to the cap, with a notice",
        default=MAX_ANSWER_CHARS,
        ge=100,
    )
    require_login: bool = _env(
        "INTERVIEWSIM_REQUIRE_LOGIN",
        "refuse to run without sign-in ([auth] in .streamlit/secrets.toml)",
        default=False,
    )
    daily_model_calls: int | None = _env(
        "INTERVIEWSIM_DAILY_MODEL_CALLS",
        "with the host's API key: model calls one person may make per UTC day (unset: no limit)",
        default=None,
        ge=0,
    )
    daily_tokens: int | None = _env(
        "INTERVIEWSIM_DAILY_TOKENS",
        "with the host's API key: tokens (in + out) one person may use per UTC day (unset: no "
        "limit)",
        default=None,
        ge=0,
    )
    instructors: Annotated[tuple[str, ...], NoDecode] = _env(
        "INTERVIEWSIM_INSTRUCTORS",
        "e-mail addresses of the instructors (with sign-in), separated by commas",
        default=(),
    )
    instructor_pin: SecretStr | None = _env(
        "INTERVIEWSIM_INSTRUCTOR_PIN",
        "running locally without sign-in: the PIN that unlocks the instructor pages",
        default=None,
    )
    openai_api_key: SecretStr | None = _env("OPENAI_API_KEY", "the AI provider's key", default=None)
    openai_base_url: str | None = _env(
        "OPENAI_BASE_URL",
        "an OpenAI-compatible server, e.g. http://localhost:11434/v1",
        default=None,
    )
    model: str | None = _env("INTERVIEWSIM_MODEL", "the model name", default=None)
    provider: str | None = _env(
        "INTERVIEWSIM_PROVIDER",
        "openai (any compatible server) or a LangChain provider",
        default=None,
    )
    llm_timeout_s: float = _env(
        "INTERVIEWSIM_LLM_TIMEOUT", "seconds to wait for a model reply", default=30.0, gt=0
    )
    llm_retries: int = _env(
        "INTERVIEWSIM_LLM_RETRIES", "retries after 429s, 5xx and refusals", default=2, ge=0, le=10
    )
    llm_price: Annotated[tuple[float, float] | None, NoDecode] = _env(
        "INTERVIEWSIM_LLM_PRICE",
        "USD per million input and output tokens, e.g. 0.4,1.6",
        default=None,
    )
    structured_output: StructuredMethod = _env(
        "INTERVIEWSIM_STRUCTURED_OUTPUT",
        "how the scorer asks for structured output",
        default="function_calling",
    )

    # Speech (read by `interviewsim.speech.config`). Each endpoint falls back to OPENAI_BASE_URL
    # and OPENAI_API_KEY as a pair; a key is never sent to a server it was not given for.
    stt: SpeechToText = _env(
        "INTERVIEWSIM_STT",
        "answering by voice: auto (when an endpoint is set) or off",
        default="auto",
    )
    stt_base_url: str | None = _env(
        "INTERVIEWSIM_STT_BASE_URL",
        "an OpenAI-compatible /v1/audio/transcriptions server, e.g. http://localhost:8080/v1",
        default=None,
    )
    stt_api_key: SecretStr | None = _env(
        "INTERVIEWSIM_STT_API_KEY", "the transcription server's key", default=None
    )
    stt_model: str = _env("INTERVIEWSIM_STT_MODEL", "the transcription model", default="whisper-1")
    stt_language: str | None = _env(
        "INTERVIEWSIM_STT_LANGUAGE",
        "the answers' language, e.g. en (unset: detected)",
        default=None,
    )
    stt_timeout_s: float = _env(
        "INTERVIEWSIM_STT_TIMEOUT", "seconds to wait for a transcript", default=60.0, gt=0
    )
    tts: TextToSpeech = _env(
        "INTERVIEWSIM_TTS",
        "reading questions aloud: auto (the endpoint, else espeak-ng), api, espeak or off",
        default="auto",
    )
    tts_base_url: str | None = _env(
        "INTERVIEWSIM_TTS_BASE_URL", "an OpenAI-compatible /v1/audio/speech server", default=None
    )
    tts_api_key: SecretStr | None = _env(
        "INTERVIEWSIM_TTS_API_KEY", "the speech server's key", default=None
    )
    tts_model: str = _env("INTERVIEWSIM_TTS_MODEL", "the speech model", default="tts-1")
    tts_voice: str = _env("INTERVIEWSIM_TTS_VOICE", "the speech endpoint's voice", default="alloy")
    tts_format: Literal["mp3", "wav"] = _env(
        "INTERVIEWSIM_TTS_FORMAT", "the audio format asked of the speech endpoint", default="mp3"
    )
    tts_timeout_s: float = _env(
        "INTERVIEWSIM_TTS_TIMEOUT", "seconds to wait for speech audio", default=30.0, gt=0
    )
    espeak_path: str = _env(
        "INTERVIEWSIM_ESPEAK_PATH",
        "the espeak-ng program (a name on PATH or a path)",
        default="espeak-ng",
    )
    espeak_voice: str = _env("INTERVIEWSIM_ESPEAK_VOICE", "espeak-ng's voice", default="en-us")
    espeak_wpm: int = _env(
        "INTERVIEWSIM_ESPEAK_WPM",
        "espeak-ng's speed in words per minute",
        default=160,
        ge=80,
        le=450,
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Typed values and st.secrets arrive as init values; `.env` was folded into the
        # environment by python-dotenv (so other libraries see it too).
        return (init_settings, env_settings)

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: Any, info: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            default = cls.model_fields[info.field_name].default
            return default
        return value.strip() if isinstance(value, str) else value

    @field_validator("llm_price", mode="before")
    @classmethod
    def _two_numbers(cls, value: Any) -> Any:
        if isinstance(value, str):
            parts = value.split(",")
            if len(parts) != 2:
                raise ValueError("two numbers separated by a comma")
            return tuple(p.strip() for p in parts)
        return value

    @field_validator("instructors", mode="before")
    @classmethod
    def _addresses(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.replace(";", ",").split(",")
        if isinstance(value, list | tuple):
            addresses = tuple(
                dict.fromkeys(str(v).strip().lower() for v in value if str(v).strip())
            )
            bad = [a for a in addresses if "@" not in a]
            if bad:
                raise ValueError(f"{bad[0]!r} is not an e-mail address")
            return addresses
        return value

    @field_validator("instructor_pin")
    @classmethod
    def _long_enough(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < MIN_PIN_LENGTH:
            raise ValueError("too short")
        return value

    @property
    def sqlalchemy_url(self) -> str:
        return self.database_url or f"sqlite:///{self.db_path}"

    @property
    def extra_bank_paths(self) -> list[Path]:
        return [Path(p) for p in self.bank_paths.split(os.pathsep) if p.strip()]

    @property
    def llm_configured(self) -> bool:
        """True when the settings name a provider to use; otherwise everything runs offline."""
        return bool(self.openai_api_key or self.openai_base_url or self.provider)

    @property
    def host_pays(self) -> bool:
        """True when model calls go out on the host's account: a provider is configured and
        neither its API key nor its server was typed by the person on the Settings page."""
        typed = TYPED in (self.source("openai_api_key"), self.source("openai_base_url"))
        return self.llm_configured and not typed

    def source(self, field_name: str) -> str:
        """Where the value of `field_name` came from (for the Settings page)."""
        return dict(self._sources).get(field_name, DEFAULT)


def variable(field_name: str) -> str:
    """The environment variable that sets `field_name`."""
    alias = Settings.model_fields[field_name].validation_alias
    assert isinstance(alias, AliasChoices)
    return str(alias.choices[0])


VARIABLES = {variable(name): name for name in Settings.model_fields}
_EXPECTED = {
    "llm_price": "two numbers, USD per million input and output tokens, e.g. 0.4,1.6",
    "structured_output": "one of function_calling, json_schema, json_mode",
    "instructors": "e-mail addresses separated by commas",
    "instructor_pin": f"at least {MIN_PIN_LENGTH} characters",
    "stt": "one of auto, off",
    "tts": "one of auto, api, espeak, off",
    "tts_format": "one of mp3, wav",
}


def _expected(field_name: str) -> str:
    if field_name in _EXPECTED:
        return _EXPECTED[field_name]
    annotation = str(Settings.model_fields[field_name].annotation)
    for token, words in (
        ("int", "a whole number"),
        ("float", "a number"),
        ("bool", "true or false"),
    ):
        if token in annotation:
            return words
    return "text"


def _describe(exc: ValidationError) -> str:
    """One sentence per bad setting: the variable, what it expects, and the rule it broke."""
    problems = []
    for error in exc.errors():
        name = str(error["loc"][0]) if error["loc"] else ""
        field_name = VARIABLES.get(name, name)
        if field_name not in Settings.model_fields:
            problems.append(error["msg"])
            continue
        secret = Settings.model_fields[field_name].annotation == SecretStr | None
        shown = "" if secret else f", not {str(error.get('input', ''))[:40]!r}"
        rule = str(error["msg"]).removeprefix("Value error, ")
        problems.append(f"{variable(field_name)} must be {_expected(field_name)}{shown} ({rule}).")
    return " ".join(problems)


def load_settings(
    typed: Mapping[str, Any] | None = None, secrets: Mapping[str, Any] | None = None
) -> Settings:
    """Read the settings now, from the sources in the module's order.

    `typed` uses the Settings page's short names (`api_key`, `model`, `base_url`, `provider`);
    `secrets` uses the variable names, as `.streamlit/secrets.toml` does.
    """
    if not os.environ.get("INTERVIEWSIM_NO_DOTENV"):  # tests set it to ignore a developer's .env
        load_dotenv(DOTENV, override=False)
    init: dict[str, Any] = {}
    sources = {
        field_name: ENVIRONMENT
        for name, field_name in VARIABLES.items()
        if os.environ.get(name, "").strip()
    }
    for name, value in (secrets or {}).items():
        if name in VARIABLES and str(value).strip():
            init[VARIABLES[name]] = str(value)
            sources[VARIABLES[name]] = SECRETS
    typed_values: dict[str, Any] = {}
    for short, value in (typed or {}).items():
        plain = value.get_secret_value() if isinstance(value, SecretStr) else value
        if short in TYPED_FIELDS and plain is not None and str(plain).strip():
            init[TYPED_FIELDS[short]] = plain
            sources[TYPED_FIELDS[short]] = TYPED
            typed_values[short] = str(plain).strip()
    if _elsewhere(typed_values, secrets or {}) and "api_key" not in typed_values:
        # A server or provider typed by someone using the app must not receive the host's key.
        init["openai_api_key"] = None
        sources.pop("openai_api_key", None)
    for kind in ("stt", "tts"):  # the same rule for a typed transcription or speech server
        url_var = variable(f"{kind}_base_url")
        typed_url = typed_values.get(f"{kind}_base_url")
        host_url = str((secrets or {}).get(url_var) or os.environ.get(url_var) or "").strip()
        if typed_url and typed_url != host_url and f"{kind}_api_key" not in typed_values:
            init[f"{kind}_api_key"] = None
            sources.pop(f"{kind}_api_key", None)
    try:
        settings = Settings(**init)
    except ValidationError as exc:
        raise SettingsError(_describe(exc)) from None
    settings._sources = tuple(sources.items())
    return settings


def _elsewhere(typed: Mapping[str, str], secrets: Mapping[str, Any]) -> bool:
    """True when the typed values send model calls to another server or provider than the
    host's (st.secrets, then the environment)."""

    def host(name: str) -> str:
        return str(secrets.get(name) or os.environ.get(name) or "").strip()

    def provider(value: str) -> str:
        return (value or "openai").lower().replace("-", "_")

    other_server = "base_url" in typed and typed["base_url"] != host("OPENAI_BASE_URL")
    other_provider = "provider" in typed and provider(typed["provider"]) != provider(
        host("INTERVIEWSIM_PROVIDER")
    )
    return other_server or other_provider


@cache
def get_settings(secrets: tuple[tuple[str, str], ...] = ()) -> Settings:
    """The process-wide settings, with the server's `st.secrets` as (name, value) pairs when the
    Streamlit side has them. Tests call `get_settings.cache_clear()` after changing the
    environment."""
    return load_settings(secrets=dict(secrets))
