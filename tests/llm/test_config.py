"""Provider settings: one lookup order, a missing key that says how to fix it, offline otherwise."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from interviewsim.bootstrap import build_app
from interviewsim.config import load_settings
from interviewsim.interview import InterviewSetup
from interviewsim.llm import (
    DEFAULT_MODEL,
    LLMConfig,
    LLMConfigError,
    MissingKeyError,
    resolve_config,
    test_connection,
)
from interviewsim.testing.fake_openai import FakeOpenAI, Reply

from .conftest import TEST_KEY


def test_nothing_configured_means_the_offline_product(monkeypatch) -> None:
    settings = load_settings()
    assert not settings.llm_configured
    app = build_app()
    assert not app.capabilities.can_tailor and app.backend.scorer.name == "heuristic"


def test_the_key_is_looked_up_typed_then_secrets_then_environment(monkeypatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-from-env")
    secrets = {"OPENAI_API_KEY": "sk-test-from-secrets"}
    typed = {"api_key": SecretStr("sk-test-typed")}

    def key(config: LLMConfig) -> str:
        assert config.api_key is not None
        return config.api_key.get_secret_value()

    assert key(resolve_config(load_settings(typed, secrets))) == "sk-test-typed"
    assert key(resolve_config(load_settings({}, secrets))) == "sk-test-from-secrets"
    env_config = resolve_config(load_settings({}, {}))
    assert key(env_config) == "sk-test-from-env"
    assert env_config.source("api_key") == "environment or .env"
    assert env_config.provider == "openai" and env_config.model == DEFAULT_MODEL


def test_provider_model_and_base_url_follow_the_same_order(monkeypatch) -> None:
    monkeypatch.setenv("INTERVIEWSIM_MODEL", "env-model")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://env.example:8000/v1")
    config = resolve_config(
        load_settings({"model": "typed-model"}, {"OPENAI_BASE_URL": "http://secret.example/v1"})
    )
    assert config.model == "typed-model"
    assert config.base_url == "http://secret.example/v1"
    assert config.where == "secret.example"


def test_a_missing_key_for_openai_says_the_three_ways_to_provide_one(monkeypatch) -> None:
    monkeypatch.setenv("INTERVIEWSIM_PROVIDER", "openai")
    with pytest.raises(MissingKeyError) as caught:
        resolve_config(load_settings())
    message = str(caught.value)
    assert "OPENAI_API_KEY" in message
    assert ".streamlit/secrets.toml" in message
    assert "Settings page" in message


def test_a_named_but_unusable_provider_runs_offline_with_a_notice_at_the_start(
    monkeypatch, bank
) -> None:
    monkeypatch.setenv("INTERVIEWSIM_PROVIDER", "openai")
    app = build_app(bank=bank)
    assert app.backend.scorer.name == "heuristic"
    owner = app.profiles.local("Ada")
    interview_id = app.interviews.start(owner, InterviewSetup("sample", num_questions=1))
    notices = [
        m.content for m in app.interviews.view(owner, interview_id).messages if m.role == "notice"
    ]
    assert any("No API key" in n for n in notices)


def test_a_local_server_needs_no_key(monkeypatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:11434/v1")
    config = resolve_config(load_settings())
    assert config.api_key is None and config.where == "127.0.0.1:11434"


def test_a_base_url_without_a_scheme_is_refused_with_an_example(monkeypatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "localhost:11434")
    with pytest.raises(LLMConfigError, match="http://"):
        resolve_config(load_settings())


def test_the_key_never_appears_in_the_configs_repr_or_label() -> None:
    config = LLMConfig(api_key=SecretStr(TEST_KEY), base_url="http://user:pw@host.example/v1")
    assert TEST_KEY not in repr(config)
    assert "pw" not in config.label and config.where == "host.example"


def test_cost_is_estimated_only_where_the_price_is_known() -> None:
    assert LLMConfig(model="gpt-4o-mini").cost(1_000_000, 0) == pytest.approx(0.15)
    assert LLMConfig(model="gpt-4.1-mini-2025-04-14").cost(0, 1_000_000) == pytest.approx(1.6)
    assert LLMConfig(model="llama3", base_url="http://127.0.0.1:1/v1").cost(10, 10) is None
    priced = LLMConfig(model="llama3", base_url="http://x/v1", price_per_mtok=(1.0, 2.0))
    assert priced.cost(1_000_000, 1_000_000) == pytest.approx(3.0)


def test_the_connection_test_reports_success_and_a_rejected_key_plainly(
    fake_llm: FakeOpenAI,
) -> None:
    config = LLMConfig(model="fake-model", base_url=fake_llm.url, api_key=SecretStr(TEST_KEY))
    fake_llm.script(Reply(text="OK"))
    ok = test_connection(config)
    assert ok.ok and "fake-model" in ok.message

    fake_llm.script(Reply(status=401, echo_key=True))
    refused = test_connection(config)
    assert not refused.ok and "401" in refused.message
    assert TEST_KEY not in refused.message


def test_a_provider_without_its_langchain_package_says_what_to_install(monkeypatch) -> None:
    monkeypatch.setenv("INTERVIEWSIM_PROVIDER", "anthropic")
    monkeypatch.setenv("OPENAI_API_KEY", TEST_KEY)
    check = test_connection(resolve_config(load_settings()))
    assert not check.ok
    assert "pip install" in check.message
