"""One LLM interview in a real browser: `streamlit run` configured through the same environment
variables a user would set, talking to the local OpenAI-compatible test server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from interviewsim.testing.fake_openai import FakeOpenAI, serve
from interviewsim.testing.scripted import FOLLOW_UP_TEXT, ScriptedModel

from .conftest import StreamlitServer, start_streamlit, stop

pytestmark = pytest.mark.browser

TEST_KEY = "sk-test-not-a-real-key"
ANSWERS = [
    "Lists are mutable and tuples are immutable, so a tuple can be a dictionary key.",
    "Tuples are also slightly smaller and faster to create than lists.",
]


@pytest.fixture
def fake_llm() -> Iterator[FakeOpenAI]:
    with serve() as server:
        server.responder = ScriptedModel()
        yield server


@pytest.fixture
def llm_streamlit(tmp_path: Path, fake_llm: FakeOpenAI) -> Iterator[StreamlitServer]:
    server = start_streamlit(
        tmp_path,
        {
            "OPENAI_BASE_URL": fake_llm.url,
            "OPENAI_API_KEY": TEST_KEY,
            "INTERVIEWSIM_MODEL": "fake-model",
        },
    )
    yield server
    stop(server)


def wait_idle(page) -> None:
    page.wait_for_timeout(300)
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=30_000)
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=30_000
    )


def chat_messages(page) -> list[str]:
    return page.locator('[data-testid="stChatMessage"]').all_inner_texts()


def send(page, text: str) -> None:
    """Send an answer and wait until the page shows it read back from the store (its "Answered
    in" caption): the running indicator alone can come too late on a busy machine."""
    before = sum("Answered in" in m for m in chat_messages(page))
    box = page.locator('[data-testid="stChatInputTextArea"]')
    box.fill(text)
    box.press("Enter")
    page.wait_for_function(
        "(n) => [...document.querySelectorAll('[data-testid=\"stChatMessage\"]')]"
        ".filter(m => m.innerText.includes('Answered in')).length > n",
        arg=before,
        timeout=30_000,
    )
    wait_idle(page)


def test_an_llm_interview_streams_follow_ups_and_the_report_shows_ai_usage(
    browser, llm_streamlit: StreamlitServer, fake_llm: FakeOpenAI, screenshots: Path
) -> None:
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{llm_streamlit.url}/?profile=Robin")
    page.get_by_role("button", name="Start interview").wait_for(timeout=30_000)
    page.locator('[data-testid="stSelectbox"]').filter(has_text="Track").click()
    page.get_by_role("option", name="Sample (tests)").click()
    page.locator('[data-testid="stSelectbox"]').filter(has_text="Interview type").click()
    page.get_by_role("option", name="Technical").click()
    assert page.get_by_text("Tailor to a job (AI)").count() == 1  # offered with a provider
    page.get_by_role("button", name="Start interview").click()
    page.locator('[data-testid="stChatInputTextArea"]').wait_for(timeout=30_000)
    wait_idle(page)
    assert "Next, please:" in chat_messages(page)[-1]

    send(page, ANSWERS[0])
    assert FOLLOW_UP_TEXT in chat_messages(page)[-1]
    page.screenshot(path=str(screenshots / "practice-llm-desktop.png"), full_page=True)
    for answer in ANSWERS[1:] + ANSWERS * 2:
        if page.get_by_role("button", name="Open the report").count():
            break
        send(page, answer)
    page.get_by_role("button", name="Open the report").click()
    page.get_by_text("Download Markdown").wait_for(timeout=30_000)
    wait_idle(page)
    assert page.get_by_text("AI usage").count() == 1
    assert page.get_by_text("Tokens in / out").count() == 1
    page.screenshot(path=str(screenshots / "report-llm-desktop.png"), full_page=True)

    assert any(r.streamed for r in fake_llm.requests)
    assert any(r.structured for r in fake_llm.requests)
    assert TEST_KEY not in page.content()
    assert TEST_KEY not in llm_streamlit.log.read_text()
    assert TEST_KEY.encode() not in llm_streamlit.db_path.read_bytes()
