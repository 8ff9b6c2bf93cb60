"""The host's key on the pages, through AppTest: the daily allowance said on Practice and Settings,
and a rejected key typed in one browser session that leaves every other session on the AI."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from interviewsim.config import get_settings
from interviewsim.testing.fake_openai import FakeOpenAI, Reply, Request
from interviewsim.testing.scripted import ScriptedModel

from ..conftest import PROJECT_ROOT
from .conftest import TEST_KEY

ANSWER = "Lists are mutable and tuples are immutable, so tuples can be dictionary keys."
TYPED_KEY = "sk-typed-by-one-person"


def session(profile: str) -> AppTest:
    """One browser session on the shared server (AppTest runs share the cached resources)."""
    at = AppTest.from_file(str(PROJECT_ROOT / "streamlit_app.py"), default_timeout=30)
    at.query_params["profile"] = profile
    return at.run()


def start_interview(at: AppTest) -> AppTest:
    at.selectbox(key="practice_track").set_value("sample")
    at.selectbox(key="practice_type").set_value("technical")
    at.slider(key="practice_count").set_value(2)
    return next(b for b in at.button if b.label == "Start interview").click().run()


def shown(at: AppTest) -> str:
    return "\n".join(
        e.value for kind in ("info", "warning", "caption") for e in at.get(kind) if e.value
    )


def test_past_the_limit_practice_says_so_before_an_interview_and_settings_shows_the_count(
    llm_env: FakeOpenAI, scripted: ScriptedModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INTERVIEWSIM_DAILY_MODEL_CALLS", "1")
    get_settings.cache_clear()
    at = start_interview(session("Ada"))  # its first question is the one call allowed
    assert not at.exception
    at.chat_input[0].set_value(ANSWER).run()
    assert "This answer was scored offline. You have used today's AI allowance" in shown(at)
    next(b for b in at.button if b.label == "End interview").click().run()
    next(b for b in at.button if b.label == "Yes, end it").click().run()
    next(b for b in at.button if b.label == "Start another interview").click().run()
    assert not at.exception
    assert any("resets at 00:00 UTC" in w.value for w in at.warning)  # before starting
    assert not [t for t in at.text_area if t.key == "practice_job"]  # no tailoring offered

    at.switch_page("pages/settings.py").run()
    assert "Your AI allowance on this app's key today: 1 of 1 model calls used" in shown(at)
    assert len(llm_env.requests) == 1


def test_a_rejected_key_typed_in_one_session_pauses_that_session_only_and_says_so(
    llm_env: FakeOpenAI, scripted: ScriptedModel
) -> None:
    def by_key(request: Request) -> Reply:
        return Reply(status=401) if TYPED_KEY in request.authorization else scripted(request)

    llm_env.responder = by_key
    mine = session("Ada").switch_page("pages/settings.py").run()
    mine.text_input(key="settings_api_key").set_value(TYPED_KEY)
    next(b for b in mine.button if b.label == "Use for this session").click().run()
    start_interview(mine.switch_page("pages/practice.py").run())
    assert not mine.exception
    said = shown(mine)
    assert "rejected the API key (401) you typed" in said
    assert "AI features are off in this browser session until" in said
    assert TYPED_KEY not in said

    other = start_interview(session("Bo"))  # the app's own key, on the shared client
    other.chat_input[0].set_value(ANSWER).run()
    assert not other.exception
    assert "rejected" not in shown(other) and "offline" not in shown(other)
    assert llm_env.requests[-1].authorization == f"Bearer {TEST_KEY}"
    assert any(r.structured for r in llm_env.requests if TEST_KEY in r.authorization)
