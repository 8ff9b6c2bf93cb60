"""Provider failures: a clear notice, the offline path for that turn, and the answer already saved.
The key never reaches the database file, a log, or a message shown to the person."""

from __future__ import annotations

import logging
import socket
from pathlib import Path

import pytest

from interviewsim.bank import Bank
from interviewsim.bootstrap import App, build_app
from interviewsim.config import get_settings
from interviewsim.testing.fake_openai import FakeOpenAI, Reply
from interviewsim.testing.scripted import ScriptedModel

from .conftest import TEST_KEY, ada, finish, start

ANSWER = "Lists are mutable and tuples are immutable, so tuples can be dictionary keys."


def notices(app: App, interview_id: int) -> list[str]:
    return [
        m.content
        for m in app.interviews.view(ada(app), interview_id).messages
        if m.role == "notice"
    ]


def saved_answers(app: App, interview_id: int) -> list[str]:
    return [
        m.content
        for m in app.interviews.view(ada(app), interview_id).messages
        if m.role == "candidate"
    ]


def test_a_rejected_key_scores_offline_continues_and_says_how_to_fix_it(
    llm_app: App, llm_env: FakeOpenAI
) -> None:
    interview_id = start(llm_app, questions=2)
    llm_env.script(Reply(status=401, echo_key=True))
    outcome = llm_app.interviews.submit_answer(ada(llm_app), interview_id, ANSWER)

    assert outcome.saved and saved_answers(llm_app, interview_id) == [ANSWER]
    assert outcome.result is not None and outcome.result.scorer == "heuristic"
    said = notices(llm_app, interview_id)
    assert any("rejected the API key (401)" in n and "Settings page" in n for n in said)
    assert any("interviewer continues offline" in n for n in said)  # it did not wait again
    assert (
        llm_app.interviews.view(ada(llm_app), interview_id).awaiting is not None
    )  # the interview goes on
    assert all(TEST_KEY not in n for n in said)


def test_a_rate_limit_is_retried_after_the_servers_wait_and_then_succeeds(
    llm_app: App, llm_env: FakeOpenAI
) -> None:
    interview_id = start(llm_app, questions=1)
    llm_env.script(Reply(status=429, headers={"retry-after-ms": "5"}))
    outcome = llm_app.interviews.submit_answer(ada(llm_app), interview_id, ANSWER)
    assert outcome.result is not None and outcome.result.scorer == "llm"
    assert not notices(llm_app, interview_id)
    statuses = [r.structured for r in llm_env.requests]
    assert statuses.count(True) == 2  # the scoring request, then its retry


def test_a_lasting_rate_limit_falls_back_offline_with_a_notice(
    llm_app: App, llm_env: FakeOpenAI
) -> None:
    interview_id = start(llm_app, questions=1)
    limited = Reply(status=429, headers={"retry-after-ms": "5"})
    llm_env.script(limited, limited, limited)  # the first try and both retries
    outcome = llm_app.interviews.submit_answer(ada(llm_app), interview_id, ANSWER)
    assert outcome.saved and outcome.result is not None
    assert outcome.result.scorer == "heuristic"
    assert any("limiting requests (429)" in n for n in notices(llm_app, interview_id))


def test_a_timeout_falls_back_offline_without_losing_the_answer(
    llm_env: FakeOpenAI, scripted: ScriptedModel, bank: Bank, monkeypatch
) -> None:
    monkeypatch.setenv("INTERVIEWSIM_LLM_TIMEOUT", "0.3")
    get_settings.cache_clear()
    app = build_app(bank=bank)
    interview_id = start(app, questions=1)
    llm_env.script(Reply(delay=1.5, data={}))
    outcome = app.interviews.submit_answer(ada(app), interview_id, ANSWER)
    assert outcome.saved and saved_answers(app, interview_id) == [ANSWER]
    assert outcome.result is not None and outcome.result.scorer == "heuristic"
    assert any("did not answer within 0.3 s" in n for n in notices(app, interview_id))


def test_a_server_that_is_down_still_gives_a_complete_offline_interview(
    bank: Bank, monkeypatch
) -> None:
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://127.0.0.1:{port}/v1")
    monkeypatch.setenv("OPENAI_API_KEY", TEST_KEY)
    monkeypatch.setenv("INTERVIEWSIM_LLM_RETRIES", "1")
    get_settings.cache_clear()
    app = build_app(bank=bank)
    interview_id = start(app, questions=2)
    finish(app, interview_id, ANSWER)
    report = app.history.report(ada(app), interview_id)
    assert report.status == "completed" and len(report.answered) == 2
    assert any("Could not reach the AI provider at 127.0.0.1" in n for n in notices(app, 1))
    assert all(q.question.prompt for q in report.questions)  # the bank questions, asked offline


def test_a_stream_cut_off_mid_reply_keeps_what_was_said_and_asks_offline(
    llm_app: App, llm_env: FakeOpenAI
) -> None:
    interview_id = start(llm_app, questions=2)
    scripted_sheet = llm_env.responder
    # The scoring reply comes from the script's model; the follow-up stream breaks after 2 words.
    llm_env.responder = lambda r: (
        scripted_sheet(r)
        if r.structured
        else Reply(text="Interesting. Now tell me more.", malformed=True)
    )
    outcome = llm_app.interviews.submit_answer(ada(llm_app), interview_id, ANSWER)
    assert outcome.saved and outcome.result is not None and outcome.result.scorer == "llm"
    follow_up = llm_app.interviews.view(ada(llm_app), interview_id).messages[-1].content
    assert follow_up.startswith("Interesting. Now")
    assert len(follow_up) > len("Interesting. Now ")  # the offline wording completes it
    assert any("could not be read" in n for n in notices(llm_app, interview_id))


def test_the_key_is_absent_from_the_database_file_and_every_log_line(
    llm_app: App,
    llm_env: FakeOpenAI,
    db_file: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)  # the SDK's and HTTP client's debug logs included
    interview_id = start(llm_app, questions=2, job_description="Python and Kafka")
    llm_env.script(Reply(status=401, echo_key=True))  # a provider that echoes the key back
    finish(llm_app, interview_id, ANSWER)

    assert caplog.records, "expected the LLM path to log something"
    assert TEST_KEY not in caplog.text
    assert TEST_KEY.encode() not in db_file.read_bytes()
    for extra in db_file.parent.glob(db_file.name + "*"):  # -wal / -journal files too
        assert TEST_KEY.encode() not in extra.read_bytes()
    assert any(r.authorization == f"Bearer {TEST_KEY}" for r in llm_env.requests)  # it was used
