"""A host's key is a shared budget: a daily allowance per person, the offline path past it, and a
rejected key that says whom it affects. The real client against the local test server."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from interviewsim.allowance import AllowanceBackend, allowance_of
from interviewsim.bank import Bank
from interviewsim.bootstrap import App, build_app
from interviewsim.config import get_settings, load_settings
from interviewsim.interview import InterviewSetup
from interviewsim.profiles import Owner
from interviewsim.store.usage import UsageQueries
from interviewsim.testing.fake_openai import FakeOpenAI, Reply
from interviewsim.testing.scripted import ScriptedModel

from .conftest import TEST_KEY

ANSWER = "Lists are mutable and tuples are immutable, so tuples can be dictionary keys."
EVENING = datetime(2030, 1, 2, 18, 48)  # 5 h 12 min before the allowance resets


class Clock:
    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


class Person:
    """Whose session this is: the owner lookup a browser session gives `build_app`."""

    def __init__(self) -> None:
        self.owner: Owner | None = None

    def __call__(self) -> Owner | None:
        return self.owner


@pytest.fixture
def clock() -> Clock:
    return Clock(EVENING)


@pytest.fixture
def person() -> Person:
    return Person()


def hosted(bank: Bank, clock: Clock, person: Person, monkeypatch, **limits: str) -> App:
    """The app on the host's key (the environment), with daily limits, for `person`."""
    for name, value in limits.items():
        monkeypatch.setenv(f"INTERVIEWSIM_DAILY_{name.upper()}", value)
    get_settings.cache_clear()
    return build_app(bank=bank, clock=clock, owner=person)


def as_(app: App, person: Person, name: str) -> Owner:
    person.owner = app.profiles.local(name)
    return person.owner


def begin(app: App, owner: Owner, questions: int = 3) -> int:
    return app.interviews.start(
        owner, InterviewSetup("sample", "technical", None, questions, seed=3)
    )


def notices(app: App, owner: Owner, interview_id: int) -> list[str]:
    view = app.interviews.view(owner, interview_id)
    return [m.content for m in view.messages if m.role == "notice"]


def answers(app: App, owner: Owner, interview_id: int) -> list[str]:
    view = app.interviews.view(owner, interview_id)
    return [m.content for m in view.messages if m.role == "candidate"]


def test_past_the_daily_call_limit_the_interview_carries_on_offline_and_says_when_it_resets(
    llm_env: FakeOpenAI, scripted: ScriptedModel, bank: Bank, clock: Clock, person, monkeypatch
) -> None:
    app = hosted(bank, clock, person, monkeypatch, model_calls="3")
    ada = as_(app, person, "Ada")
    interview_id = begin(app, ada)  # 1 call: the first question
    first = app.interviews.submit_answer(ada, interview_id, ANSWER)  # 2 more: score, follow-up
    assert first.result is not None and first.result.scorer == "llm"
    sent = len(llm_env.requests)
    assert sent == 3

    second = app.interviews.submit_answer(ada, interview_id, "Tuples are also smaller.")
    assert second.saved and second.result is not None
    assert second.result.scorer == "heuristic"
    assert len(llm_env.requests) == sent  # no call went out past the allowance
    said = " ".join(notices(app, ada, interview_id))
    assert "used today's AI allowance on this app (3 model calls)" in said
    assert "resets at 00:00 UTC, in 5 h 12 min" in said
    assert answers(app, ada, interview_id) == [ANSWER, "Tuples are also smaller."]
    assert app.interviews.view(ada, interview_id).awaiting is not None  # it goes on, offline


def test_a_token_limit_ends_the_model_calls_the_same_way(
    llm_env: FakeOpenAI, scripted: ScriptedModel, bank: Bank, clock: Clock, person, monkeypatch
) -> None:
    app = hosted(bank, clock, person, monkeypatch, tokens="1")
    ada = as_(app, person, "Ada")
    interview_id = begin(app, ada)  # the first call uses more than one token
    outcome = app.interviews.submit_answer(ada, interview_id, ANSWER)
    assert outcome.result is not None and outcome.result.scorer == "heuristic"
    assert len(llm_env.requests) == 1
    assert any("(1 tokens)" in n for n in notices(app, ada, interview_id))


def test_the_allowance_is_each_persons_own_and_comes_back_the_next_utc_day(
    llm_env: FakeOpenAI, scripted: ScriptedModel, bank: Bank, clock: Clock, person, monkeypatch
) -> None:
    app = hosted(bank, clock, person, monkeypatch, model_calls="3")
    ada = as_(app, person, "Ada")
    interview_id = begin(app, ada)
    app.interviews.submit_answer(ada, interview_id, ANSWER)
    assert app.interviews.submit_answer(ada, interview_id, ANSWER).result.scorer == "heuristic"

    bo = as_(app, person, "Bo")  # another person on the same server, same key
    other = begin(app, bo)
    assert app.interviews.submit_answer(bo, other, ANSWER).result.scorer == "llm"
    assert not notices(app, bo, other)

    person.owner = ada
    clock.now = EVENING.replace(hour=0, minute=0) + timedelta(days=1)  # midnight UTC
    tomorrow = begin(app, ada)
    assert app.interviews.submit_answer(ada, tomorrow, ANSWER).result.scorer == "llm"


def test_a_new_interview_past_the_limit_says_so_at_its_start_and_offers_no_tailoring(
    llm_env: FakeOpenAI, scripted: ScriptedModel, bank: Bank, clock: Clock, person, monkeypatch
) -> None:
    app = hosted(bank, clock, person, monkeypatch, model_calls="1")
    ada = as_(app, person, "Ada")
    begin(app, ada, questions=1)
    assert app.capabilities.can_tailor is False
    assert app.interviews.notice is not None and "resets at 00:00 UTC" in app.interviews.notice
    sent = len(llm_env.requests)
    later = app.interviews.start(
        ada, InterviewSetup("sample", "technical", None, 1, seed=4), job_description="Kafka"
    )
    assert len(llm_env.requests) == sent
    said = notices(app, ada, later)
    assert said[0].startswith("You have used today's AI allowance")
    assert len([n for n in said if "AI allowance" in n]) == 1  # said once, not per message


def test_running_out_in_the_middle_of_an_answer_is_said_once_by_the_interviewer(
    llm_env: FakeOpenAI, scripted: ScriptedModel, bank: Bank, clock: Clock, person, monkeypatch
) -> None:
    app = hosted(bank, clock, person, monkeypatch, model_calls="2")
    ada = as_(app, person, "Ada")
    interview_id = begin(app, ada)  # call 1
    outcome = app.interviews.submit_answer(ada, interview_id, ANSWER)  # call 2 scores it
    assert outcome.result is not None and outcome.result.scorer == "llm"
    said = notices(app, ada, interview_id)
    assert len(said) == 1 and "AI allowance" in said[0]  # the follow-up was worded offline
    assert len(llm_env.requests) == 2


def test_a_key_the_person_typed_is_their_own_and_has_no_daily_limit(
    llm_env: FakeOpenAI, scripted: ScriptedModel, bank: Bank, clock: Clock, person, monkeypatch
) -> None:
    monkeypatch.setenv("INTERVIEWSIM_DAILY_MODEL_CALLS", "1")
    settings = load_settings({"api_key": "sk-mine", "base_url": llm_env.url, "model": "m"})
    assert not settings.host_pays
    app = build_app(settings, bank=bank, clock=clock, owner=person)
    assert not isinstance(app.backend, AllowanceBackend) and app.backend.name == "llm"
    ada = as_(app, person, "Ada")
    interview_id = begin(app, ada)
    app.interviews.submit_answer(ada, interview_id, ANSWER)
    assert app.interviews.submit_answer(ada, interview_id, ANSWER).result.scorer == "llm"


def test_usage_is_summed_per_person_for_the_utc_day_the_interview_started(
    llm_env: FakeOpenAI, scripted: ScriptedModel, bank: Bank, clock: Clock, person, monkeypatch
) -> None:
    app = hosted(bank, clock, person, monkeypatch, model_calls="100")
    ada = as_(app, person, "Ada")
    interview_id = begin(app, ada)
    app.interviews.submit_answer(ada, interview_id, ANSWER)
    clock.now = EVENING - timedelta(days=1)
    begin(app, ada)  # yesterday's call does not count today
    bo = as_(app, person, "Bo")
    begin(app, bo)

    usage = app.history.report(ada, interview_id).usage
    with app.sessions() as session:
        today = UsageQueries(session).model_usage(
            ada.profile_id, datetime(2030, 1, 2), datetime(2030, 1, 3)
        )
    assert today.calls == usage["calls"] == 3
    assert today.tokens == usage["input_tokens"] + usage["output_tokens"] > 0
    clock.now = EVENING
    person.owner = ada
    allowance = allowance_of(app.backend)
    assert allowance is not None
    assert allowance.summary() == (
        "Your AI allowance on this app's key today: 3 of 100 model calls used. It resets at "
        "00:00 UTC, in 5 h 12 min."
    )


def test_a_rejected_host_key_tells_every_person_it_is_off_for_everyone_and_until_when(
    llm_env: FakeOpenAI, scripted: ScriptedModel, bank: Bank, clock: Clock, person, monkeypatch
) -> None:
    app = hosted(bank, clock, person, monkeypatch)  # the host's key, no limits
    ada = as_(app, person, "Ada")
    interview_id = begin(app, ada)
    llm_env.script(Reply(status=401))
    app.interviews.submit_answer(ada, interview_id, ANSWER)
    sent = len(llm_env.requests)

    bo = as_(app, person, "Bo")
    other = begin(app, bo)  # the shared client is paused: nothing is sent for Bo either
    assert len(llm_env.requests) == sent
    for owner, which in ((ada, interview_id), (bo, other)):
        said = " ".join(notices(app, owner, which))
        assert "rejected the API key (401) this app is set up with" in said
        assert "AI features are off for everyone using this app's provider settings until" in said
        assert TEST_KEY not in said
