"""The daily allowance's rules on their own: which limit is reached, when it resets, and when the
backend is put under it at all."""

from __future__ import annotations

from datetime import datetime

from interviewsim.allowance import DailyLimits, resets_in, utc_day, with_allowance
from interviewsim.backends import Backend
from interviewsim.bootstrap import App
from interviewsim.config import load_settings
from interviewsim.store.usage import ModelUsage


def test_a_limit_is_reached_when_the_days_usage_gets_to_it() -> None:
    limits = DailyLimits(calls=10, tokens=1_000)
    assert limits.reached(ModelUsage(9, 999)) is None
    assert limits.reached(ModelUsage(10, 0)) == "10 model calls"
    assert limits.reached(ModelUsage(0, 1_000)) == "1,000 tokens"
    assert DailyLimits().reached(ModelUsage(10**6, 10**9)) is None and not DailyLimits().any


def test_the_allowance_resets_at_utc_midnight_and_says_how_long_that_is() -> None:
    assert utc_day(datetime(2030, 1, 2, 18, 48)) == (datetime(2030, 1, 2), datetime(2030, 1, 3))
    assert resets_in(datetime(2030, 1, 2, 18, 48)) == "at 00:00 UTC, in 5 h 12 min"
    assert resets_in(datetime(2030, 1, 2, 23, 59, 30)) == "at 00:00 UTC, in 1 min"
    assert resets_in(datetime(2030, 1, 2)) == "at 00:00 UTC, in 24 h 0 min"


def test_only_the_hosts_key_with_a_limit_set_is_put_under_an_allowance(
    app: App, monkeypatch
) -> None:
    llm_like = Backend()
    llm_like.name = "llm"  # any backend that calls a model

    def wrapped(settings) -> bool:
        backend = with_allowance(llm_like, settings, app.sessions, lambda: None, datetime.now)
        return backend is not llm_like

    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-host-secret")
    assert not wrapped(load_settings())  # no limit set
    monkeypatch.setenv("INTERVIEWSIM_DAILY_MODEL_CALLS", "50")
    assert wrapped(load_settings())
    assert not wrapped(load_settings({"api_key": "sk-test-mine"}))  # their own key
    offline = with_allowance(Backend(), load_settings(), app.sessions, lambda: None, datetime.now)
    assert offline.name == "offline" and not hasattr(offline, "allowance")
