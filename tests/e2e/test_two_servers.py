"""Two app servers on one PostgreSQL, as replicas behind a load balancer would be: an interview
started in a browser on one is finished in a browser on the other, with nothing lost."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import StreamlitServer, start_streamlit, stop
from .driving import chat_messages, choose, send, wait_idle
from .test_browser import ANSWERS

pytestmark = pytest.mark.browser


@pytest.fixture
def two_servers(tmp_path: Path, postgres_url: str) -> Iterator[tuple[StreamlitServer, ...]]:
    servers: list[StreamlitServer] = []
    try:
        for name in ("a", "b"):
            folder = tmp_path / name
            folder.mkdir()
            servers.append(start_streamlit(folder, {"DATABASE_URL": postgres_url}))
        yield tuple(servers)
    finally:
        for server in servers:
            stop(server)


def candidate_answers(messages: list[str]) -> list[str]:
    """The answers in a transcript: the chat messages that carry an "Answered in" caption, without
    that caption and the avatar icon's name."""
    return [
        m.split("\nAnswered in")[0].strip().removeprefix("person").strip()
        for m in messages
        if "Answered in" in m
    ]


RETRY = "replay\n\nTry this question again"


def without_retry(message: str) -> str:
    # The button follows the verdict's last block (a list of insights ends in one line break).
    return message.removesuffix(RETRY).rstrip("\n")


def test_an_interview_started_on_one_server_is_finished_on_the_other_with_nothing_lost(
    browser, two_servers: tuple[StreamlitServer, StreamlitServer], screenshots: Path
) -> None:
    a, b = two_servers
    on_a = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    on_a.goto(f"{a.url}/?profile=Robin")
    on_a.get_by_role("button", name="Start interview").wait_for(timeout=30_000)
    choose(on_a, "Track", "Sample (tests)")
    on_a.get_by_text("Advanced").click()
    on_a.get_by_label("Seed (same seed, same questions)").fill("3")
    on_a.get_by_label("Seed (same seed, same questions)").press("Tab")
    on_a.get_by_role("button", name="Start interview").click()
    on_a.locator('[data-testid="stChatInputTextArea"]').wait_for(timeout=30_000)
    wait_idle(on_a)
    send(on_a, ANSWERS[0])
    shown_on_a = chat_messages(on_a)
    assert candidate_answers(shown_on_a) == [ANSWERS[0]]

    # The load balancer sends the next visit to the other server: a new browser session there.
    on_b = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    on_b.goto(f"{b.url}/?profile=Robin")
    on_b.locator('[data-testid="stChatInputTextArea"]').wait_for(timeout=30_000)
    wait_idle(on_b)
    assert chat_messages(on_b) == shown_on_a  # the same interview, exactly as A left it

    sent = [ANSWERS[0]]
    for answer in ANSWERS[1:] * 4:
        if on_b.get_by_role("button", name="Open the report").count():
            break
        send(on_b, answer)
        sent.append(answer)
    on_b.get_by_role("button", name="Open the report").wait_for(timeout=30_000)
    finished_on_b = chat_messages(on_b)
    # Nothing before was changed (only the latest feedback offers "Try this question again").
    assert finished_on_b[: len(shown_on_a)] == [without_retry(m) for m in shown_on_a]
    assert candidate_answers(finished_on_b) == sent  # and every later answer is there
    on_b.screenshot(path=str(screenshots / "two-servers-finished-on-b.png"), full_page=True)

    on_b.get_by_role("button", name="Open the report").click()
    on_b.get_by_text("Download Markdown").wait_for(timeout=30_000)
    wait_idle(on_b)
    report = on_b.locator('[data-testid="stMain"]').text_content() or ""
    assert all(answer in report for answer in sent)
    answered = on_b.locator('[data-testid="stMetric"]').filter(has_text="Answered")
    assert answered.locator('[data-testid="stMetricValue"]').inner_text() == "3 of 3"

    on_a.reload()  # back on the first server: the interview is over there too, nothing stuck
    on_a.get_by_role("button", name="Start interview").wait_for(timeout=30_000)
