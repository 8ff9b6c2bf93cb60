"""The composition root: settings -> store, bank, backend -> the app's services.

The Streamlit side, the command line and the benchmarks all build here, so they behave alike. When
the settings name an AI provider, the LLM backend is wired in; its modules are imported only then
(inside functions), so the offline path never loads LangChain or openai. A provider that is named
but unusable (no key, a bad URL, a missing package) leaves the app offline, with a notice that says
how to fix it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from interviewsim.backends import Backend, Capabilities
from interviewsim.bank import Bank, default_bank
from interviewsim.config import Settings, get_settings
from interviewsim.interview import InterviewService, utcnow
from interviewsim.profiles import ProfileService
from interviewsim.scoring import HeuristicScorer
from interviewsim.store import open_store
from interviewsim.views import HistoryViews

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class App:
    """Everything a page or a command needs, built from one settings object."""

    settings: Settings
    bank: Bank
    sessions: sessionmaker[Session]
    backend: Backend
    interviews: InterviewService
    history: HistoryViews
    profiles: ProfileService

    @property
    def capabilities(self) -> Capabilities:
        return self.backend.capabilities


def offline_notice(problem: object, bank: Bank | None = None) -> Backend:
    """The offline backend, saying (at each interview's start) why the AI provider is not used."""
    return Backend(scorer=HeuristicScorer(bank=bank), notice=f"{problem} Running offline for now.")


def build_backend(settings: Settings, bank: Bank | None = None) -> Backend:
    """Offline when no provider is named; the LLM backend when one is and can be used. Given the
    bank, the offline scorer also notices an answer to another question of the same track, so
    the interviewer can say so."""
    if not settings.llm_configured:
        return Backend(scorer=HeuristicScorer(bank=bank))
    from interviewsim.llm import ChatClient, LLMConfigError, resolve_config
    from interviewsim.llm.backend import LLMBackend

    try:
        return LLMBackend.for_client(ChatClient(resolve_config(settings)))
    except LLMConfigError as exc:
        log.warning("AI provider not used: %s", exc)
        return offline_notice(exc, bank)


def build_app(
    settings: Settings | None = None,
    *,
    bank: Bank | None = None,
    sessions: sessionmaker[Session] | None = None,
    backend: Backend | None = None,
    clock: Callable[[], datetime] = utcnow,
) -> App:
    """The app as the settings describe it; any part can be passed in (tests, cached resources)."""
    settings = settings or get_settings()
    bank = bank or default_bank(settings.extra_bank_paths)
    sessions = sessions or open_store(settings.sqlalchemy_url)
    backend = backend or build_backend(settings, bank)
    interviews = InterviewService(
        sessions, bank, backend, clock=clock, max_answer_chars=settings.max_answer_chars
    )
    return App(
        settings,
        bank,
        sessions,
        backend,
        interviews,
        HistoryViews(sessions),
        ProfileService(sessions),
    )
