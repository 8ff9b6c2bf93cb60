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

from interviewsim.assignments import Assignments
from interviewsim.backends import Backend, Capabilities
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


def offline_notice(problem: object) -> Backend:
    """The offline backend, saying (at each interview's start) why the AI provider is not used."""
    return Backend(notice=f"{problem} Running offline for now.")


def build_backend(settings: Settings) -> Backend:
    """Offline when no provider is named; the LLM backend when one is and can be used."""
    if not settings.llm_configured:
        return Backend()
    from interviewsim.llm import ChatClient, LLMConfigError, resolve_config
    from interviewsim.llm.backend import LLMBackend

    try:
        return LLMBackend.for_client(ChatClient(resolve_config(settings)))
    except LLMConfigError as exc:
        log.warning("AI provider not used: %s", exc)
        return offline_notice(exc)


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
    backend = backend or build_backend(settings)
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
