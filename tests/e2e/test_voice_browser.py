"""Answering by voice in a real browser: Chromium's fake microphone plays a WAV made by espeak-ng
into `st.audio_input`, the local server transcribes it, the transcript is sent from the text area,
and coach mode shows the delivery insights (fillers, pace); screenshots at desktop and 390 px
width go to docs/screenshots/."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from interviewsim.testing.fake_openai import FakeOpenAI, Reply, serve

from ..conftest import PROJECT_ROOT
from .conftest import (
    CHROMIUM_FLAGS,
    StreamlitServer,
    chromium_path,
    start_streamlit,
    stop,
    tall_screenshot,
)
from .driving import wait_idle
from .test_coach_browser import start_one_question

pytestmark = pytest.mark.browser

DOCS_SCREENSHOTS = PROJECT_ROOT / "docs" / "screenshots"
SPOKEN = "Um, so, lists are mutable and, like, tuples are immutable, so a tuple can be a key."


@pytest.fixture
def spoken_wav(tmp_path: Path) -> Path:
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        pytest.skip("espeak-ng is not installed")
    path = tmp_path / "answer.wav"
    subprocess.run(
        [espeak, "-v", "en-us", "-s", "150", "-w", str(path), "--stdin"],
        input=SPOKEN.encode(),
        check=True,
        capture_output=True,
    )
    return path


@pytest.fixture
def transcriber() -> Iterator[FakeOpenAI]:
    with serve() as server:
        server.transcriber = lambda request: Reply(text=SPOKEN)
        yield server


@pytest.fixture
def voice_server(tmp_path: Path, transcriber: FakeOpenAI) -> Iterator[StreamlitServer]:
    server = start_streamlit(
        tmp_path,
        {"INTERVIEWSIM_STT_BASE_URL": transcriber.url, "INTERVIEWSIM_STT_API_KEY": "sk-test"},
    )
    yield server
    stop(server)


@pytest.fixture
def microphone_browser(browser, spoken_wav: Path):  # type: ignore[no-untyped-def]
    """A second Chromium, from the session's Playwright, whose microphone plays `spoken_wav`
    (granted without asking)."""
    flags = [
        *CHROMIUM_FLAGS,
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-audio-capture={spoken_wav}",
    ]
    chromium = browser.browser_type.launch(
        executable_path=chromium_path(), headless=True, args=flags
    )
    yield chromium
    chromium.close()


def record_and_send(page) -> None:  # type: ignore[no-untyped-def]
    recorder = page.locator('[data-testid="stAudioInput"]')
    recorder.get_by_role("button", name="Record").click()
    page.wait_for_timeout(6500)  # the WAV is about five seconds long
    recorder.get_by_role("button", name="Stop recording").click()
    page.get_by_label("Your answer as heard", exact=False).wait_for(timeout=30_000)
    wait_idle(page)
    page.get_by_role("button", name="Send this answer").click()
    page.get_by_text("How you said it").wait_for(timeout=30_000)
    wait_idle(page)


def insights_shot(page, path: Path) -> None:  # type: ignore[no-untyped-def]
    """The window with the coach's verdict and its insights at the top (the chat scrolls inside
    Streamlit's own container, so a full-page screenshot would show only its end)."""
    verdict = page.locator('[data-testid="stChatMessage"]').filter(has_text="How you said it")
    for _ in range(3):  # Streamlit may still be settling its own scroll position
        verdict.last.evaluate("(el) => el.scrollIntoView({block: 'start'})")
        page.wait_for_timeout(500)
    page.screenshot(path=str(path))


def test_a_spoken_answer_in_coach_mode_shows_its_insights_at_desktop_and_phone_width(
    microphone_browser, voice_server: StreamlitServer, transcriber: FakeOpenAI
) -> None:
    DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    desktop = microphone_browser.new_context(
        viewport={"width": 1280, "height": 900}, permissions=["microphone"]
    )
    page = desktop.new_page()
    start_one_question(page, voice_server.url)
    assert page.get_by_text("then discarded").count()
    try:
        record_and_send(page)
    except Exception:
        tall_screenshot(page, DOCS_SCREENSHOTS / "FAILED-voice.png")
        raise
    upload = next(r for r in transcriber.requests if r.files).files["file"]
    assert upload.wav is not None and upload.wav.duration_s > 1  # a real recording arrived
    coach = page.locator('[data-testid="stChatMessage"]').filter(has_text="How you said it")
    text = coach.inner_text()
    assert "filler" in text and "words per minute" in text
    assert "spoken," in page.locator('[data-testid="stChatMessage"]').all_inner_texts()[2]
    insights_shot(page, DOCS_SCREENSHOTS / "voice-insights-desktop.png")

    phone = microphone_browser.new_context(
        viewport={"width": 390, "height": 844}, permissions=["microphone"]
    )
    small = phone.new_page()
    small.goto(f"{voice_server.url}/?profile=Robin")
    small.get_by_text("How you said it").wait_for(timeout=30_000)
    wait_idle(small)
    width = small.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390  # nothing runs off the side of a phone
    insights_shot(small, DOCS_SCREENSHOTS / "voice-insights-phone.png")
    desktop.close()
    phone.close()
