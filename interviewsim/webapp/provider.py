"""The AI provider for this browser session.

Settings come from, in this order: what the person typed on the Settings page (kept in this
session's memory only, never written anywhere) -> `st.secrets` -> the environment / `.env`.
Clients for the server-wide configuration are cached and shared; a client built from typed values
lives in this session's state only. The LLM modules are imported only when a provider is named.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import streamlit as st
from pydantic import SecretStr

from interviewsim.config import get_settings
from interviewsim.services import llm_config, wants_llm, with_llm, with_notice
from interviewsim.session import InterviewService

if TYPE_CHECKING:
    from interviewsim.llm import ChatClient, LLMConfig

# "openai" also covers every OpenAI-compatible server; the others go through init_chat_model.
PROVIDER_CHOICES = ["openai", "anthropic", "google_genai", "mistralai", "groq", "ollama"]
TYPED_KEY = "settings_llm_typed"  # {"provider", "model", "base_url", "api_key": SecretStr}
_SESSION_SERVICE_KEY = "settings_llm_service"  # (fingerprint, service) built from typed values
SECRET_NAMES = (
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "INTERVIEWSIM_MODEL",
    "INTERVIEWSIM_PROVIDER",
    "INTERVIEWSIM_LLM_TIMEOUT",
    "INTERVIEWSIM_LLM_RETRIES",
    "INTERVIEWSIM_LLM_PRICE",
    "INTERVIEWSIM_STRUCTURED_OUTPUT",
)


@dataclass(frozen=True)
class ProviderStatus:
    config: LLMConfig | None  # None: offline
    problem: str | None = None  # a provider is named but cannot be used; says how to fix it

    @property
    def offline(self) -> bool:
        return self.config is None


def secrets() -> dict[str, str]:
    """The provider settings in st.secrets; none when there is no secrets.toml."""
    try:
        return {name: str(st.secrets[name]) for name in SECRET_NAMES if name in st.secrets}
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
    st.session_state[TYPED_KEY] = {k: v for k, v in values.items() if v}
    st.session_state.pop(_SESSION_SERVICE_KEY, None)


def forget_typed() -> None:
    st.session_state.pop(TYPED_KEY, None)
    st.session_state.pop(_SESSION_SERVICE_KEY, None)


def status() -> ProviderStatus:
    settings, mine, shared = get_settings(), typed(), secrets()
    if not wants_llm(settings, mine, shared):
        return ProviderStatus(None)
    from interviewsim.llm import LLMConfigError

    try:
        return ProviderStatus(llm_config(settings, mine, shared))
    except LLMConfigError as exc:
        return ProviderStatus(None, str(exc))


@st.cache_resource(show_spinner=False)
def _shared_llm_service(
    database_url: str, fingerprint: str, _base: InterviewService, _config: LLMConfig
) -> InterviewService:
    """One LLM service (and client) per server-wide configuration, shared by every session."""
    return with_llm(_base, _client(_config))


def _client(config: LLMConfig) -> ChatClient:
    from interviewsim.services import chat_client

    return chat_client(config)


def service_for_session(base: InterviewService) -> InterviewService:
    """`base` as this session's provider settings want it: offline, LLM, or offline with a notice."""
    current = status()
    if current.problem:
        return with_notice(base, f"{current.problem} Running offline for now.")
    if current.config is None:
        return base
    from interviewsim.llm import LLMConfigError

    fingerprint = current.config.fingerprint()
    try:
        if not typed():
            url = get_settings().database_url
            return _shared_llm_service(url, fingerprint, base, current.config)
        held = st.session_state.get(_SESSION_SERVICE_KEY)
        if not held or held[0] != fingerprint:
            held = (fingerprint, with_llm(base, _client(current.config)))
            st.session_state[_SESSION_SERVICE_KEY] = held
        return held[1]
    except LLMConfigError as exc:  # e.g. a provider whose package is not installed
        return with_notice(base, f"{exc} Running offline for now.")


def check_connection() -> tuple[bool, str]:
    """Send one tiny request with this session's settings; a plain message either way."""
    current = status()
    if current.problem:
        return False, current.problem
    if current.config is None:
        return False, "No AI provider is configured: the app runs offline."
    from interviewsim.llm import test_connection

    check = test_connection(current.config)
    return check.ok, check.message


def uses_llm(service: InterviewService) -> bool:
    return service.tailor is not None


def resume_text(pdf: bytes) -> str:
    """Text of an uploaded résumé PDF; raises ValueError with a plain message."""
    from interviewsim.interviewer.llm import resume_text as extract

    return extract(pdf)
