"""One settings object: typed fields, one lookup order, and bad values that say what to fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr

from interviewsim import config
from interviewsim.cli import main
from interviewsim.config import ENVIRONMENT, SECRETS, TYPED, SettingsError, load_settings

from ..conftest import PROJECT_ROOT


def test_nothing_set_gives_working_offline_defaults() -> None:
    settings = load_settings()
    assert settings.sqlalchemy_url.startswith("sqlite:///")
    assert settings.max_answer_chars == config.MAX_ANSWER_CHARS
    assert not settings.llm_configured
    assert settings.source("model") == config.DEFAULT


def test_a_value_that_is_not_a_number_names_the_variable_and_the_type(monkeypatch) -> None:
    monkeypatch.setenv("INTERVIEWSIM_MAX_ANSWER_CHARS", "abc")
    with pytest.raises(SettingsError) as caught:
        load_settings()
    message = str(caught.value)
    assert "INTERVIEWSIM_MAX_ANSWER_CHARS must be a whole number" in message
    assert "'abc'" in message
    assert "Traceback" not in message


def test_a_price_needs_two_numbers_and_says_so(monkeypatch) -> None:
    monkeypatch.setenv("INTERVIEWSIM_LLM_PRICE", "0.4")
    with pytest.raises(SettingsError, match="INTERVIEWSIM_LLM_PRICE must be two numbers"):
        load_settings()
    monkeypatch.setenv("INTERVIEWSIM_LLM_PRICE", "0.4, 1.6")
    assert load_settings().llm_price == (0.4, 1.6)


def test_an_unknown_choice_lists_the_ones_that_work(monkeypatch) -> None:
    monkeypatch.setenv("INTERVIEWSIM_STRUCTURED_OUTPUT", "xml")
    with pytest.raises(SettingsError, match="one of function_calling, json_schema, json_mode"):
        load_settings()


def test_every_bad_setting_is_reported_at_once(monkeypatch) -> None:
    monkeypatch.setenv("INTERVIEWSIM_LLM_TIMEOUT", "soon")
    monkeypatch.setenv("INTERVIEWSIM_LLM_RETRIES", "-1")
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert "INTERVIEWSIM_LLM_TIMEOUT must be a number" in str(caught.value)
    assert "INTERVIEWSIM_LLM_RETRIES must be a whole number" in str(caught.value)


def test_values_come_typed_then_secrets_then_environment_then_dotenv(
    monkeypatch, tmp_path: Path
) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text("INTERVIEWSIM_MODEL=from-dotenv\nINTERVIEWSIM_LLM_RETRIES=4\n")
    monkeypatch.setattr(config, "DOTENV", dotenv)
    monkeypatch.delenv("INTERVIEWSIM_NO_DOTENV")
    for name in ("INTERVIEWSIM_LLM_RETRIES", "INTERVIEWSIM_MODEL"):
        # python-dotenv writes into os.environ: set-then-delete makes monkeypatch remove what
        # it writes, so the .env values do not leak into later tests.
        monkeypatch.setenv(name, "unset")
        monkeypatch.delenv(name)
    assert load_settings().model == "from-dotenv"  # .env fills in what is not set
    monkeypatch.setenv("INTERVIEWSIM_MODEL", "from-env")
    settings = load_settings()
    assert settings.model == "from-env" and settings.llm_retries == 4
    assert settings.source("model") == ENVIRONMENT
    secrets = {"INTERVIEWSIM_MODEL": "from-secrets"}
    assert load_settings(secrets=secrets).model == "from-secrets"
    assert load_settings(secrets=secrets).source("model") == SECRETS
    typed = load_settings({"model": "typed"}, secrets)
    assert typed.model == "typed" and typed.source("model") == TYPED


def test_a_typed_key_is_held_as_a_secret_and_never_printed() -> None:
    settings = load_settings({"api_key": SecretStr("sk-test-typed-secret")})
    assert isinstance(settings.openai_api_key, SecretStr)
    assert "sk-test-typed-secret" not in repr(settings) + str(settings)


def test_blank_values_mean_unset(monkeypatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "  ")
    monkeypatch.setenv("INTERVIEWSIM_MAX_ANSWER_CHARS", "")
    settings = load_settings()
    assert settings.openai_api_key is None and not settings.llm_configured
    assert settings.max_answer_chars == config.MAX_ANSWER_CHARS


def test_env_example_lists_every_setting() -> None:
    example = (PROJECT_ROOT / ".env.example").read_text()
    missing = [name for name in config.VARIABLES if name not in example]
    assert not missing


def test_the_command_line_prints_one_line_for_a_bad_setting(monkeypatch, capsys) -> None:
    monkeypatch.setenv("INTERVIEWSIM_MAX_ANSWER_CHARS", "abc")
    code = main(["practice", "--track", "sample"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("error: INTERVIEWSIM_MAX_ANSWER_CHARS must be a whole number")
    assert "Traceback" not in err and err.count("\n") == 1


def test_a_server_typed_without_a_key_never_receives_the_hosts_key(monkeypatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-host-secret")
    elsewhere = load_settings({"base_url": "http://their-server.example:8000/v1"})
    assert elsewhere.openai_api_key is None and elsewhere.source("openai_api_key") == config.DEFAULT
    other_provider = load_settings({"provider": "anthropic"}, {})
    assert other_provider.openai_api_key is None
    same_place = load_settings({"provider": "openai", "model": "gpt-5-mini"})
    assert same_place.openai_api_key is not None  # only the model changed: still the host's key


def test_model_calls_are_the_hosts_to_pay_unless_the_key_or_server_was_typed(monkeypatch) -> None:
    assert not load_settings().host_pays  # offline: nothing to pay
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-host-secret")
    assert load_settings().host_pays
    assert load_settings({"model": "gpt-5-mini"}).host_pays
    assert not load_settings({"api_key": "sk-test-mine"}).host_pays
    assert not load_settings({"base_url": "http://127.0.0.1:11434/v1"}).host_pays


def test_daily_limits_are_off_unless_set_and_must_be_whole_numbers(monkeypatch) -> None:
    settings = load_settings()
    assert settings.daily_model_calls is None and settings.daily_tokens is None
    monkeypatch.setenv("INTERVIEWSIM_DAILY_TOKENS", "lots")
    with pytest.raises(SettingsError, match="INTERVIEWSIM_DAILY_TOKENS must be a whole number"):
        load_settings()
