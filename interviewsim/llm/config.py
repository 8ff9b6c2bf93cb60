"""Which model to talk to, resolved from the settings.

The settings object (`interviewsim.config.Settings`) has already applied the lookup order (typed on
the Settings page -> `st.secrets` -> environment -> `.env`); this module turns the provider fields
into an `LLMConfig`, checks that they can be used, and knows list prices for cost estimates.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from urllib.parse import urlsplit

from pydantic import SecretStr

from interviewsim.config import TYPED, Settings
from interviewsim.llm.errors import LLMConfigError, MissingKeyError

OPENAI = "openai"  # OpenAI itself, or any OpenAI-compatible server through a base URL
DEFAULT_MODEL = "gpt-4.1-mini"
DEFAULT_TIMEOUT_S = 30.0
DEFAULT_RETRIES = 2  # for rate limits, server errors and connection failures
MIN_TIMEOUT_S = 0.1

# USD per million tokens (input, output), OpenAI list prices when this was written. A dated model
# name ("gpt-4.1-mini-2025-04-14") matches its prefix. Other models: set INTERVIEWSIM_LLM_PRICE.
PRICES_PER_MTOK: dict[str, tuple[float, float]] = {
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4o": (2.50, 10.00),
    "gpt-4.1-nano": (0.10, 0.40),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1": (2.00, 8.00),
    "gpt-5-nano": (0.05, 0.40),
    "gpt-5-mini": (0.25, 2.00),
    "gpt-5": (1.25, 10.00),
}
# The settings fields an LLMConfig is built from, for "where did this come from".
_FIELDS = {
    "provider": "provider",
    "model": "model",
    "base_url": "openai_base_url",
    "api_key": "openai_api_key",
}


@dataclass(frozen=True)
class LLMConfig:
    provider: str = OPENAI
    model: str = DEFAULT_MODEL
    base_url: str | None = None
    api_key: SecretStr | None = None
    timeout_s: float = DEFAULT_TIMEOUT_S
    retries: int = DEFAULT_RETRIES
    price_per_mtok: tuple[float, float] | None = None  # overrides the price table
    structured_method: str = "function_calling"
    # (setting, where it came from), for the Settings page
    sources: tuple[tuple[str, str], ...] = ()

    @property
    def where(self) -> str:
        """The server, for messages: host and port only (a URL may carry credentials)."""
        if not self.base_url:
            return "OpenAI" if self.provider == OPENAI else self.provider
        parts = urlsplit(self.base_url)
        return parts.hostname + (f":{parts.port}" if parts.port else "") if parts.hostname else "?"

    @property
    def label(self) -> str:
        return f"{self.model} via {self.where}"

    def source(self, setting: str) -> str:
        return dict(self.sources).get(setting, "default")

    @property
    def typed_by_person(self) -> bool:
        """True when the key or the server was typed on the Settings page: this session's own
        provider (its client is this session's only), not the one the app is set up with."""
        return TYPED in (self.source("api_key"), self.source("base_url"))

    def fingerprint(self) -> str:
        """A stable id for caching clients per configuration (a hash; the key cannot be read back)."""
        secret = self.api_key.get_secret_value() if self.api_key else ""
        raw = "\x00".join(
            map(str, (self.provider, self.model, self.base_url, secret, self.timeout_s)),
        )
        raw += f"\x00{self.retries}\x00{self.price_per_mtok}\x00{self.structured_method}"
        return hashlib.sha256(raw.encode()).hexdigest()

    def price(self) -> tuple[float, float] | None:
        if self.price_per_mtok:
            return self.price_per_mtok
        if self.provider != OPENAI or self.where not in ("OpenAI", "api.openai.com"):
            return None  # a local or third-party server: its price is not ours to guess
        matches = [name for name in PRICES_PER_MTOK if self.model.startswith(name)]
        return PRICES_PER_MTOK[max(matches, key=len)] if matches else None

    def cost(self, input_tokens: int, output_tokens: int) -> float | None:
        price = self.price()
        if price is None:
            return None
        return (input_tokens * price[0] + output_tokens * price[1]) / 1_000_000


def resolve_config(settings: Settings) -> LLMConfig:
    """The provider to use (callers first check that one is wanted: `settings.llm_configured`).

    Raises `MissingKeyError` when OpenAI is meant but no key is found anywhere, with the three
    ways to provide one, and `LLMConfigError` for a base URL that is not a URL.
    """
    provider = (settings.provider or OPENAI).lower().replace("-", "_")
    if provider in ("openai_compatible", "compatible"):
        provider = OPENAI
    base_url = settings.openai_base_url
    if base_url and urlsplit(base_url).scheme not in ("http", "https"):
        # The value is not echoed: a key pasted into the wrong field would be shown.
        raise LLMConfigError(
            "OPENAI_BASE_URL must start with http:// or https://, for example "
            "http://localhost:11434/v1."
        )
    key = settings.openai_api_key
    if provider == OPENAI and not key and not base_url:
        raise MissingKeyError(
            "No API key for OpenAI. Set OPENAI_API_KEY in the environment or in a .env file, add "
            "OPENAI_API_KEY to .streamlit/secrets.toml, or type a key on the Settings page (kept "
            "for this browser session only). For a local OpenAI-compatible server, set "
            "OPENAI_BASE_URL instead."
        )
    sources = tuple(
        (name, settings.source(field_name))
        for name, field_name in _FIELDS.items()
        if getattr(settings, field_name)
    )
    return LLMConfig(
        provider=provider,
        model=settings.model or DEFAULT_MODEL,
        base_url=base_url,
        api_key=key,
        timeout_s=max(MIN_TIMEOUT_S, settings.llm_timeout_s),
        retries=settings.llm_retries,
        price_per_mtok=settings.llm_price,
        structured_method=settings.structured_output,
        sources=sources,
    )
