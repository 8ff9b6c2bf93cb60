"""A person's whole visit, in a real browser: practise, reload mid-interview, read the report,
see the progress chart, on a desktop and on a phone-width screen."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import StreamlitServer, tall_screenshot
from .driving import answer_until_done, chat_messages, choose, send, wait_idle

pytestmark = pytest.mark.browser

ANSWERS = [
    "Lists are mutable and tuples are immutable, so a tuple of hashable values can be a dictionary "
    "key. I use tuples for fixed records like coordinates and lists for collections that grow.",
    "Tuples are also slightly smaller and faster to create than lists.",
    "At my last job I was responsible for a PDF export. I read the docs, built a prototype and "
    "shipped it a day early; as a result support tickets dropped by 30 percent.",
]


def test_a_three_question_interview_resumes_after_reload_and_shows_report_and_progress(
    browser, streamlit_server: StreamlitServer, screenshots: Path
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{streamlit_server.url}/?profile=Robin")
    page.get_by_role("button", name="Start interview").wait_for(timeout=30_000)

    choose(page, "Track", "Sample (tests)")
    page.get_by_text("Advanced").click()
    page.get_by_label("Seed (same seed, same questions)").fill("3")
    page.get_by_label("Seed (same seed, same questions)").press("Tab")
    page.get_by_role("button", name="Start interview").click()
    page.locator('[data-testid="stChatInputTextArea"]').wait_for(timeout=30_000)
    wait_idle(page)
    assert (
        "3 Sample (tests) questions" in " ".join(chat_messages(page))
        or "3" in chat_messages(page)[0]
    )

    send(page, ANSWERS[0])
    transcript = chat_messages(page)
    page.screenshot(path=str(screenshots / "practice-desktop.png"), full_page=True)

    page.reload()  # mid-interview: the same interview comes back, nothing lost
    page.locator('[data-testid="stChatInputTextArea"]').wait_for(timeout=30_000)
    page.wait_for_function(
        "(n) => document.querySelectorAll('[data-testid=\"stChatMessage\"]').length >= n",
        arg=len(transcript),
        timeout=30_000,
    )
    wait_idle(page)
    assert chat_messages(page) == transcript

    answer_until_done(page, ANSWERS[1:] * 4)
    page.screenshot(path=str(screenshots / "practice-finished-desktop.png"), full_page=True)

    page.get_by_role("button", name="Open the report").click()
    page.get_by_text("Download Markdown").wait_for(timeout=30_000)
    wait_idle(page)
    assert page.locator('[data-testid="stMetricValue"]').first.inner_text().endswith("/100")
    page.screenshot(path=str(screenshots / "report-desktop.png"), full_page=True)

    page.locator('[data-testid="stTopNav"]').get_by_text("Progress").click()
    page.locator('[data-testid="stPlotlyChart"]').first.wait_for(timeout=30_000)
    wait_idle(page)
    assert page.locator('[data-testid="stPlotlyChart"]').count() >= 3
    page.screenshot(path=str(screenshots / "progress-desktop.png"), full_page=True)

    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    small = phone.new_page()
    small.goto(f"{streamlit_server.url}/report?profile=Robin")
    small.get_by_text("Download Markdown").wait_for(timeout=30_000)
    wait_idle(small)
    width = small.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1, f"the report overflows a phone screen ({width}px wide)"
    small.screenshot(path=str(screenshots / "report-phone.png"), full_page=True)
    small.goto(f"{streamlit_server.url}/progress?profile=Robin")
    small.locator('[data-testid="stPlotlyChart"]').first.wait_for(timeout=30_000)
    wait_idle(small)
    width = small.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1, f"Progress overflows a phone screen ({width}px wide)"
    tall_screenshot(small, screenshots / "progress-phone.png")
    small.goto(f"{streamlit_server.url}/?profile=Robin")
    small.get_by_role("button", name="Start interview").wait_for(timeout=30_000)
    wait_idle(small)
    small.screenshot(path=str(screenshots / "practice-phone.png"), full_page=True)
    assert re.search(r"Practice", small.content())
    phone.close()
    context.close()
