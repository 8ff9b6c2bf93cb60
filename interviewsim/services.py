"""Wiring: settings -> store, bank, scorer and interviewer -> an InterviewService.

The app, the command line and the benchmarks all build their service here, so they behave alike.
When the settings name an AI provider, the LLM interviewer and scorer are wired in; the LLM modules
are imported only then (inside functions), so the offline path never loads LangChain or openai.
A provider that is named but unusable (no key, a bad value) leaves the service offline, with a
notice that says how to fix it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from interviewsim.bank import Bank, default_bank
from interviewsim.config import Settings, get_settings
from interviewsim.scoring import HeuristicScorer, Scorer
from interviewsim.session import InterviewService
from interviewsim.store import open_store

if TYPE_CHECKING:
    from interviewsim.llm import ChatClient, LLMConfig

log = logging.getLogger(__name__)
# The variables that name a provider in st.secrets (the environment is read into Settings).
PROVIDER_SECRETS = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "INTERVIEWSIM_PROVIDER")


def wants_llm(
    settings: Settings,
    typed: Mapping[str, Any] | None = None,
    secrets: Mapping[str, Any] | None = None,
) -> bool:
    """True when some source names a provider. Cheap: imports nothing from the LLM stack."""
    return (
        settings.llm_configured
        or any((typed or {}).values())
        or any((secrets or {}).get(name) for name in PROVIDER_SECRETS)
    )


def llm_config(
    settings: Settings,
    typed: Mapping[str, Any] | None = None,
    secrets: Mapping[str, Any] | None = None,
) -> LLMConfig | None:
    """The provider configuration (typed -> st.secrets -> environment), or None when offline.
    Raises `LLMConfigError` with a how-to-fix message when it cannot be used."""
    if not wants_llm(settings, typed, secrets):
        return None
    from interviewsim.llm import resolve_config

    return resolve_config(settings, typed, secrets)


def chat_client(config: LLMConfig) -> ChatClient:
    from interviewsim.llm import ChatClient

    return ChatClient(config)


def with_llm(base: InterviewService, client: ChatClient) -> InterviewService:
    """A service sharing `base`'s store and bank, whose interviewer and scorer use the model."""
    from interviewsim.interviewer.llm import interviewer_factory, tailor_questions
    from interviewsim.scoring.llm import LLMScorer

    def tailor(*args: Any) -> Any:
        return tailor_questions(client, *args)

    return InterviewService(
        base.sessions,
        base.bank,
        scorer=LLMScorer(client),
        interviewer_factory=interviewer_factory(client),
        clock=base.clock,
        max_answer_chars=base.max_answer_chars,
        tailor=tailor,
    )


def with_notice(base: InterviewService, notice: str) -> InterviewService:
    """The offline service, saying (at each interview's start) why the AI provider is not used."""
    return InterviewService(
        base.sessions,
        base.bank,
        scorer=base.scorer,
        interviewer_factory=base.interviewer_factory,
        clock=base.clock,
        max_answer_chars=base.max_answer_chars,
        notice=notice,
    )


def configured(
    base: InterviewService,
    settings: Settings,
    typed: Mapping[str, Any] | None = None,
    secrets: Mapping[str, Any] | None = None,
) -> InterviewService:
    """`base` as the settings want it: offline, on the LLM path, or offline with a notice."""
    if not wants_llm(settings, typed, secrets):
        return base
    from interviewsim.llm import LLMConfigError

    try:
        config = llm_config(settings, typed, secrets)
        return with_llm(base, chat_client(config)) if config else base
    except LLMConfigError as exc:
        log.warning("AI provider not used: %s", exc)
        return with_notice(base, f"{exc} Running offline for now.")


def default_scorer(settings: Settings | None = None) -> Scorer:
    """The LLM scorer when the settings name a provider (`python -m interviewsim score`), else
    the heuristic one. An unusable provider setting is reported and the heuristic scorer used."""
    settings = settings or get_settings()
    if not wants_llm(settings):
        return HeuristicScorer()
    from interviewsim.llm import LLMConfigError
    from interviewsim.scoring.llm import LLMScorer

    try:
        config = llm_config(settings)
        return LLMScorer(chat_client(config)) if config else HeuristicScorer()
    except LLMConfigError as exc:
        log.warning("AI provider not used; scoring offline: %s", exc)
        return HeuristicScorer()


def base_service(settings: Settings | None = None, bank: Bank | None = None) -> InterviewService:
    """The offline service: store, bank, heuristic scorer and offline interviewer."""
    settings = settings or get_settings()
    return InterviewService(
        open_store(settings.database_url),
        bank or default_bank(),
        max_answer_chars=settings.max_answer_chars,
    )


def build_service(settings: Settings | None = None, bank: Bank | None = None) -> InterviewService:
    """The service as the environment / `.env` configure it (the command line, benchmarks)."""
    settings = settings or get_settings()
    return configured(base_service(settings, bank), settings)
