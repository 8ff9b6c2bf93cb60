"""The composition root: settings -> store, bank, backend -> the app's services.

The Streamlit side, the command line and the benchmarks all build here, so they behave alike. When
the settings name an AI provider, the LLM backend is wired in; its modules are imported only then
(inside functions), so the offline path never loads LangChain or openai. A provider that is named
but unusable (no key, a bad URL, a missing package) leaves the app offline, with a notice that says
how to fix it. On the host's key, a per-person daily allowance can apply (`interviewsim.allowance`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from interviewsim.allowance import OwnerLookup, with_allowance
from interviewsim.assignments import Assignments
from interviewsim.backends import Backend, Capabilities, offline_backend
from interviewsim.bank import Bank, default_bank
from interviewsim.bank_library import BankLibrary
from interviewsim.class_dashboard import ClassDashboard
from interviewsim.classes import Classes
from interviewsim.config import Settings, get_settings
from interviewsim.demo import ProjectorDemo
from interviewsim.interview import InterviewService, utcnow
from interviewsim.profiles import ProfileService
from interviewsim.roles import Roles
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
    roles: Roles  # instructors and students, checked in the core
    library: BankLibrary  # banks uploaded in the app; `practice_bank(owner)`: what one may practise
    classes: Classes
    assignments: Assignments
    dashboard: ClassDashboard
    demo: ProjectorDemo

    @property
    def capabilities(self) -> Capabilities:
        return self.backend.capabilities


def offline_notice(bank: Bank, problem: object) -> Backend:
    """The offline backend, saying (at each interview's start) why the AI provider is not used."""
    return offline_backend(bank, notice=f"{problem} Running offline for now.")


def build_backend(settings: Settings, bank: Bank) -> Backend:
    """Offline when no provider is named; the LLM backend when one is and can be used. Either
    way the offline scorer (the LLM scorer's fallback too) compares answers with `bank`."""
    if not settings.llm_configured:
        return offline_backend(bank)
    from interviewsim.llm import ChatClient, LLMConfigError, resolve_config
    from interviewsim.llm.backend import LLMBackend

    try:
        client = ChatClient(resolve_config(settings))
        return LLMBackend.for_client(client, fallback=offline_backend(bank).scorer)
    except LLMConfigError as exc:
        log.warning("AI provider not used: %s", exc)
        return offline_notice(bank, exc)


def build_app(
    settings: Settings | None = None,
    *,
    bank: Bank | None = None,
    sessions: sessionmaker[Session] | None = None,
    backend: Backend | None = None,
    clock: Callable[[], datetime] = utcnow,
    owner: OwnerLookup | None = None,
) -> App:
    """The app as the settings describe it; any part can be passed in (tests, cached resources).

    `owner` says whose model calls these are (the browser session's person): with it, a daily
    limit on the host's key (see `interviewsim.allowance`) applies to that person.
    """
    settings = settings or get_settings()
    bank = bank or default_bank(settings.extra_bank_paths)
    sessions = sessions or open_store(settings.sqlalchemy_url)
    backend = backend or build_backend(settings, bank)
    if owner is not None:
        backend = with_allowance(backend, settings, sessions, owner, clock, offline_backend(bank))
    roles = Roles(sessions, settings)
    library = BankLibrary(sessions, bank, roles, clock)
    interviews = InterviewService(
        sessions,
        bank,
        backend,
        clock=clock,
        max_answer_chars=settings.max_answer_chars,
        bank_for=library.practice_bank,
    )
    classes = Classes(sessions, roles, bank, clock)
    return App(
        settings,
        bank,
        sessions,
        backend,
        interviews,
        HistoryViews(sessions),
        ProfileService(sessions, settings.instructors),
        roles,
        library,
        classes,
        Assignments(sessions, roles, classes, clock),
        ClassDashboard(sessions, roles, classes, clock),
        ProjectorDemo(bank, roles),
    )
