"""LLM tests: the real openai/LangChain client against a local OpenAI-compatible server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from interviewsim.bank import Bank
from interviewsim.bootstrap import App, build_app
from interviewsim.config import get_settings
from interviewsim.interview import InterviewSetup
from interviewsim.profiles import Owner
from interviewsim.states import TurnKind
from interviewsim.testing.fake_openai import FakeOpenAI, serve
from interviewsim.testing.scripted import ScriptedModel

TEST_KEY = "sk-test-not-a-real-key"


@pytest.fixture
def fake_llm() -> Iterator[FakeOpenAI]:
    with serve() as server:
        yield server


@pytest.fixture
def scripted(fake_llm: FakeOpenAI) -> ScriptedModel:
    model = ScriptedModel()
    fake_llm.responder = model
    return model


@pytest.fixture
def llm_env(fake_llm: FakeOpenAI, monkeypatch: pytest.MonkeyPatch) -> FakeOpenAI:
    """The settings a user would set to use a local OpenAI-compatible server."""
    monkeypatch.setenv("OPENAI_BASE_URL", fake_llm.url)
    monkeypatch.setenv("OPENAI_API_KEY", TEST_KEY)
    monkeypatch.setenv("INTERVIEWSIM_MODEL", "fake-model")
    monkeypatch.setenv("INTERVIEWSIM_LLM_TIMEOUT", "5")
    get_settings.cache_clear()
    return fake_llm


@pytest.fixture
def llm_app(llm_env: FakeOpenAI, scripted: ScriptedModel, bank: Bank) -> App:
    return build_app(bank=bank)


@pytest.fixture
def db_file(isolated_settings: Path) -> Path:
    return isolated_settings


def ada(app: App) -> Owner:
    return app.profiles.local("Ada")


def start(app: App, questions: int = 2, kind: str = "technical", **kw) -> int:
    setup = InterviewSetup("sample", kind, None, questions, seed=3)
    return app.interviews.start(ada(app), setup, **kw)


# A follow-up is answered with something new, as a person would: the same words again add nothing
# to the exchange the scorer reads.
FOLLOW_UP_REPLY = "To add to that, the difference also shows in what each one is used for."


def finish(app: App, interview_id: int, answer: str) -> None:
    service, owner = app.interviews, ada(app)
    for _ in range(20):
        view = service.view(owner, interview_id)
        if view.finished:
            return
        said = FOLLOW_UP_REPLY if view.awaiting == TurnKind.follow_up else answer
        app.interviews.submit_answer(owner, interview_id, said)
    raise AssertionError("the interview never finished")
