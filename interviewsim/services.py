"""Wiring: settings -> store, bank, scorer and interviewer -> an InterviewService.

The app, the command line and the benchmarks all build their service here, so they behave alike.
"""

from __future__ import annotations

from interviewsim.bank import Bank, default_bank
from interviewsim.config import Settings, get_settings
from interviewsim.scoring import HeuristicScorer, Scorer
from interviewsim.session import InterviewService, offline_interviewer
from interviewsim.store import open_store


def default_scorer(settings: Settings | None = None) -> Scorer:
    """The offline scorer; the LLM scorer is used only when the settings name a provider."""
    return HeuristicScorer()


def build_service(settings: Settings | None = None, bank: Bank | None = None) -> InterviewService:
    settings = settings or get_settings()
    return InterviewService(
        open_store(settings.database_url),
        bank or default_bank(),
        scorer=default_scorer(settings),
        interviewer_factory=offline_interviewer,
        max_answer_chars=settings.max_answer_chars,
    )
