"""The AI provider for this browser session.

Settings come from, in this order: what the person typed on the Settings page (kept in this
session's memory only, never written anywhere) -> `st.secrets` -> the environment / `.env` (see
`interviewsim.config`). The backend for the server-wide configuration is cached and shared; one
built from typed values lives in this session's state only. The LLM modules are imported only when
a provider is named.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import streamlit as st
from pydantic import SecretStr

from interviewsim.backends import Backend, offline_backend
from interviewsim.bank import Bank
from interviewsim.bootstrap import build_backend, offline_notice
from interviewsim.config import VARIABLES, Settings, get_settings, load_settings

if TYPE_CHECKING:
    from interviewsim.llm import LLMConfig

# "openai" also covers every OpenAI-compatible server; the others go through init_chat_model.
PROVIDER_CHOICES = ["openai", "anthropic", "google_genai", "mistralai", "groq", "ollama"]
TYPED_KEY = "settings_llm_typed"  # {"provider", "model", "base_url", "api_key": SecretStr}
_SESSION_BACKEND_KEY = "settings_llm_backend"  # (fingerprint, backend) built from typed values
_CHECK_KEY = "settings_llm_check"  # (fingerprint, ok, message) of the last connection test


@dataclass(frozen=True)
class ProviderStatus:
    config: LLMConfig | None  # None: offline
    problem: str | None = None  # a provider is named but cannot be used; says how to fix it

    @property
    def offline(self) -> bool:
        return self.config is None


def secrets() -> dict[str, str]:
    """The settings in st.secrets; none when there is no secrets.toml."""
    try:
        return {name: str(st.secrets[name]) for name in VARIABLES if name in st.secrets}
    except Exception:  # Streamlit raises when no secrets file exists: that just means "none"
        return {}


def typed() -> dict[str, Any]:
    return dict(st.session_state.get(TYPED_KEY) or {})


def set_typed(provider: str, model: str, base_url: str, api_key: str) -> None:
    """Use these values for this browser session; blank fields fall back to the other sources."""
    values: dict[str, Any] = {
        "provider": provider.strip(),
        "model": model.strip(),
        "base_url": base_url.strip(),
    }
    if api_key.strip():
        values["api_key"] = SecretStr(api_key.strip())
    speech = {k: v for k, v in typed().items() if k.startswith(("stt_", "tts_"))}  # kept
    st.session_state[TYPED_KEY] = {**speech, **{k: v for k, v in values.items() if v}}
    st.session_state.pop(_SESSION_BACKEND_KEY, None)


def forget_typed() -> None:
    st.session_state.pop(TYPED_KEY, None)
    st.session_state.pop(_SESSION_BACKEND_KEY, None)


def session_settings() -> Settings:
    """The settings for this browser session. Raises `SettingsError` for an unusable value."""
    shared = tuple(sorted(secrets().items()))
    mine = typed()
    return load_settings(mine, dict(shared)) if mine else get_settings(shared)


def status(settings: Settings | None = None) -> ProviderStatus:
    settings = settings or session_settings()
    if not settings.llm_configured:
        return ProviderStatus(None)
    from interviewsim.llm import LLMConfigError, resolve_config

    try:
        return ProviderStatus(resolve_config(settings))
    except LLMConfigError as exc:
        return ProviderStatus(None, str(exc))


@st.cache_resource(show_spinner=False)
def _shared_backend(fingerprint: str, _settings: Settings, _bank: Bank) -> Backend:
    """One LLM backend (and client) per server-wide configuration, shared by every session."""
    return build_backend(_settings, _bank)


def backend_for_session(settings: Settings, bank: Bank) -> Backend:
    """Offline, LLM, or offline with a notice, as this session's settings want it."""
    current = status(settings)
    if current.problem:
        return offline_notice(bank, current.problem)
    if current.config is None:
        return offline_backend(bank)
    fingerprint = current.config.fingerprint()
    if not typed():
        return _shared_backend(fingerprint, settings, bank)
    held = st.session_state.get(_SESSION_BACKEND_KEY)
    if not held or held[0] != fingerprint:
        held = (fingerprint, build_backend(settings, bank))
        st.session_state[_SESSION_BACKEND_KEY] = held
    return held[1]


def check_connection() -> tuple[bool, str]:
    """Send one tiny request with this session's settings; a plain message either way."""
    current = status()
    if current.problem:
        return False, current.problem
    if current.config is None:
        return False, "No AI provider is configured: the app runs offline."
    from interviewsim.llm import test_connection

    check = test_connection(current.config)
    st.session_state[_CHECK_KEY] = (current.config.fingerprint(), check.ok, check.message)
    return check.ok, check.message


def last_check(config: LLMConfig) -> tuple[bool, str] | None:
    """The last connection test of this very configuration in this session, if there was one."""
    held = st.session_state.get(_CHECK_KEY)
    return (held[1], held[2]) if held and held[0] == config.fingerprint() else None


def resume_text(pdf: bytes) -> str:
    """Text of an uploaded résumé PDF; raises ValueError with a plain message."""
    from interviewsim.interviewer.llm import resume_text as extract

    return extract(pdf)
