"""The pages on the LLM path, through AppTest: Settings, a streamed interview, usage on the report."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from interviewsim.testing.fake_openai import FakeOpenAI
from interviewsim.testing.scripted import FOLLOW_UP_TEXT, ScriptedModel
from interviewsim.webapp.render import plain

from ..conftest import PROJECT_ROOT, hold_every_interview
from .conftest import TEST_KEY

ANSWER = "Lists are mutable and tuples are immutable, so tuples can be dictionary keys."


def app() -> AppTest:
    at = AppTest.from_file(str(PROJECT_ROOT / "streamlit_app.py"), default_timeout=30)
    at.query_params["profile"] = "Ada"
    return at


def start_sample_interview(at: AppTest, questions: int | None = None) -> AppTest:
    """A technical interview on the sample track, started from the Practice page."""
    at.run()
    at.selectbox(key="practice_track").set_value("sample")
    at.selectbox(key="practice_type").set_value("technical")
    if questions is not None:
        at.slider(key="practice_count").set_value(questions)
    next(b for b in at.button if b.label == "Start interview").click().run()
    return at


def settings_page(at: AppTest) -> AppTest:
    at.run()
    return at.switch_page("pages/settings.py").run()


def everything_shown(at: AppTest) -> str:
    parts = [
        e.value
        for kind in ("markdown", "caption", "info", "success", "error", "warning")
        for e in at.get(kind)
        if isinstance(getattr(e, "value", None), str)
    ]
    return "\n".join(parts)


def chat_texts(at: AppTest) -> list[str]:
    return [m.markdown[0].value for m in at.chat_message if m.markdown]


def test_the_settings_page_says_the_app_runs_offline_without_a_provider() -> None:
    at = settings_page(app())
    assert not at.exception
    assert at.title[0].value == "Settings"
    assert "run offline" in at.info[0].value


def test_settings_typed_for_the_session_connect_and_the_key_is_never_shown(
    fake_llm: FakeOpenAI, scripted: ScriptedModel
) -> None:
    at = settings_page(app())
    at.text_input(key="settings_model").set_value("fake-model")
    at.text_input(key="settings_base_url").set_value(fake_llm.url)
    at.text_input(key="settings_api_key").set_value(TEST_KEY)
    next(b for b in at.button if b.label == "Use for this session").click().run()
    assert not at.exception
    assert "fake-model via 127.0.0.1" in at.success[0].value
    assert "typed on the Settings page" in everything_shown(at)
    assert at.text_input(key="settings_api_key").value == ""  # not left in the page to read back

    next(b for b in at.button if b.label == "Test connection").click().run()
    assert any("Connected" in s.value for s in at.success)
    assert fake_llm.requests[-1].authorization == f"Bearer {TEST_KEY}"
    assert TEST_KEY not in everything_shown(at)
    assert at.session_state["settings_llm_typed"]["api_key"].get_secret_value() == TEST_KEY

    next(b for b in at.button if b.label == "Forget what I typed").click().run()
    assert "run offline" in at.info[0].value


def test_a_failed_connection_test_turns_the_settings_banner_into_a_warning() -> None:
    at = settings_page(app())
    at.text_input(key="settings_model").set_value("fake-model")
    at.text_input(key="settings_base_url").set_value("http://127.0.0.1:9/v1")
    at.text_input(key="settings_api_key").set_value(TEST_KEY)
    next(b for b in at.button if b.label == "Use for this session").click().run()
    assert "fake-model via 127.0.0.1" in at.success[0].value

    next(b for b in at.button if b.label == "Test connection").click().run()
    assert not at.exception
    assert not at.success
    assert "the last connection test failed" in at.warning[0].value
    assert at.error  # what the provider said, under the buttons
    assert TEST_KEY not in everything_shown(at)


def test_a_provider_named_without_a_key_is_explained_on_settings_and_practice(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("INTERVIEWSIM_PROVIDER", "openai")
    at = app().run()
    assert not at.exception
    assert any("No API key for OpenAI" in w.value for w in at.warning)  # on Practice
    at.switch_page("pages/settings.py").run()
    assert "OPENAI_API_KEY" in at.warning[0].value


def test_a_whole_interview_on_the_llm_path_streams_and_the_report_shows_usage(
    llm_env: FakeOpenAI, scripted: ScriptedModel
) -> None:
    at = start_sample_interview(app(), questions=1)
    assert not at.exception
    assert plain("Next, please:") in chat_texts(at)[-1]  # model text is shown as typed

    at.chat_input[0].set_value(ANSWER).run()
    assert not at.exception
    assert chat_texts(at)[-1] == plain(FOLLOW_UP_TEXT)
    assert llm_env.requests[-1].streamed
    at.chat_input[0].set_value("Tuples are also smaller and faster to create.").run()
    assert any(b.label == "Open the report" for b in at.button)

    next(b for b in at.button if b.label == "Open the report").click().run()
    assert not at.exception
    labels = {m.label: m.value for m in at.metric}
    assert "Tokens in / out" in labels and labels["Estimated cost"] == "unknown"
    assert labels["Model calls"].startswith(f"{len(llm_env.requests)} ·")
    assert any("improved version" in e.label for e in at.expander)


def test_an_answer_sent_while_the_last_one_is_still_being_worked_on_is_handed_back(
    llm_env: FakeOpenAI, scripted: ScriptedModel
) -> None:
    at = start_sample_interview(app())
    hold_every_interview()  # another tab or server, still working on the last answer

    at.chat_input[0].set_value(ANSWER).run()
    assert not at.exception
    assert "still being worked on" in at.error[0].value
    assert at.code[0].value == ANSWER  # not saved, and not lost: shown to copy or send again
    assert ANSWER not in chat_texts(at)


def test_tailoring_fields_appear_only_when_an_ai_provider_is_in_use(
    llm_env: FakeOpenAI, scripted: ScriptedModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = app().run()
    assert at.text_area(key="practice_job") is not None
    monkeypatch.delenv("OPENAI_BASE_URL")
    monkeypatch.delenv("OPENAI_API_KEY")
    from interviewsim.config import get_settings

    get_settings.cache_clear()
    offline = app().run()
    assert not [t for t in offline.text_area if t.key == "practice_job"]


def test_a_provider_in_st_secrets_is_used_and_named_as_the_source(
    fake_llm: FakeOpenAI, scripted: ScriptedModel
) -> None:
    at = app()
    at.secrets["OPENAI_BASE_URL"] = fake_llm.url
    at.secrets["OPENAI_API_KEY"] = TEST_KEY
    at.secrets["INTERVIEWSIM_MODEL"] = "secret-model"
    settings_page(at)
    assert not at.exception
    assert "secret-model via 127.0.0.1" in at.success[0].value
    assert "API key: set (st.secrets)" in everything_shown(at)
    assert TEST_KEY not in everything_shown(at)
