"""Coach mode in a real browser: a verdict after the answer, a retry, the two attempts compared on
the Report at desktop and phone width, the countdown ticking without disturbing what is being
typed, the confirmation before ending, and phone navigation that leaves the page in view."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import SCREENSHOTS, StreamlitServer, tall_screenshot
from .test_browser import chat_messages, choose, send, wait_idle

pytestmark = pytest.mark.browser

PARTIAL = "Lists are mutable and tuples are immutable."
FULL = (
    "Lists are mutable and tuples are immutable, so a tuple can be a dictionary key or go in a "
    "set. I use a tuple for a fixed record like coordinates and a list for similar items that "
    "grow; tuples are also slightly smaller and faster to create."
)
SIDEBAR_BOX = """() => {
  const s = document.querySelector('[data-testid="stSidebar"]');
  if (!s) return null;
  const r = s.getBoundingClientRect();
  return {left: r.left, right: r.right, width: r.width};
}"""
UNCOVERED = """(selector) => {
  const el = document.querySelector(selector);
  const r = el.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + Math.min(r.width, 40) / 2, r.top + r.height / 2);
  return {top: r.top, bottom: r.bottom, left: r.left, uncovered: el.contains(hit)};
}"""


def start_one_question(page, url: str) -> None:
    """The sample track's list-or-tuple question (technical, seed 3), in coach mode."""
    page.goto(f"{url}/?profile=Robin")
    page.get_by_role("button", name="Start interview").wait_for(timeout=30_000)
    choose(page, "Track", "Sample (tests)")
    choose(page, "Interview type", "Technical")
    slider = page.get_by_role("slider")
    slider.focus()
    for _ in range(2):
        slider.press("ArrowLeft")  # 3 -> 1 question
    page.get_by_text("Advanced").click()
    page.get_by_label("Seed (same seed, same questions)").fill("3")
    page.get_by_label("Seed (same seed, same questions)").press("Tab")
    page.get_by_role("button", name="Start interview").click()
    page.locator('[data-testid="stChatInputTextArea"]').wait_for(timeout=30_000)
    wait_idle(page)


def answer_until_finished(page, text: str) -> None:
    try:
        for _ in range(4):
            if page.get_by_role("button", name="Open the report").count():
                return
            send(page, text)
        page.get_by_role("button", name="Open the report").wait_for(timeout=30_000)
    except Exception:
        tall_screenshot(page, SCREENSHOTS / "FAILED-answering.png")
        raise


def test_a_retry_in_coach_mode_is_compared_on_the_report_at_desktop_and_phone_width(
    browser, streamlit_server: StreamlitServer, screenshots: Path
) -> None:
    desktop = browser.new_context(viewport={"width": 1280, "height": 900})
    page = desktop.new_page()
    start_one_question(page, streamlit_server.url)

    # The countdown ticks in its fragment: what is being typed stays as it is.
    timer = page.get_by_text("left of the suggested 2 min")
    before = timer.inner_text()
    box = page.locator('[data-testid="stChatInputTextArea"]')
    box.fill("half a thought")
    page.wait_for_timeout(2500)
    assert timer.inner_text() != before
    assert box.input_value() == "half a thought"
    box.fill("")

    send(page, PARTIAL)
    answer_until_finished(page, PARTIAL)
    assert any(m.startswith("school") or "Coach:" in m for m in chat_messages(page))
    tall_screenshot(page, screenshots / "coach-verdict-desktop.png")

    page.get_by_role("button", name="Try this question again").click()
    page.get_by_text("again (attempt 2)").wait_for(timeout=30_000)
    wait_idle(page)
    answer_until_finished(page, FULL)
    assert "on attempt 1" in " ".join(chat_messages(page))

    page.get_by_role("button", name="Open the report").click()
    page.get_by_text("Attempts compared").wait_for(timeout=30_000)
    wait_idle(page)
    page.get_by_text("Show the model answer").first.click()
    page.get_by_text("Model answer", exact=True).wait_for(timeout=30_000)
    wait_idle(page)
    assert page.get_by_text("What changed:").count() == 1
    tall_screenshot(page, screenshots / "comparison-desktop.png")
    report_url = page.url

    # Progress after this one interview: only what one interview can support.
    page.locator('[data-testid="stTopNav"]').get_by_text("Progress").click()
    page.get_by_text("More charts appear as your history grows").wait_for(timeout=30_000)
    page.locator('[data-testid="stPlotlyChart"] .main-svg').first.wait_for(timeout=30_000)
    wait_idle(page)
    assert page.locator('[data-testid="stPlotlyChart"]').count() <= 3
    tall_screenshot(page, screenshots / "progress-one-interview-desktop.png")
    desktop.close()

    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    small = phone.new_page()
    small.goto(report_url)
    small.get_by_text("Attempts compared").wait_for(timeout=30_000)
    wait_idle(small)
    width = small.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1, f"the comparison overflows a phone screen ({width}px wide)"
    tall_screenshot(small, screenshots / "comparison-phone.png")
    phone.close()


def test_on_a_phone_a_picked_page_is_in_view_and_not_covered_by_navigation(
    browser, streamlit_server: StreamlitServer, screenshots: Path
) -> None:
    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = phone.new_page()
    page.goto(f"{streamlit_server.url}/?profile=Robin")
    page.get_by_role("button", name="Start interview").wait_for(timeout=30_000)
    wait_idle(page)
    nav = page.locator(".st-key-phone_nav")
    assert nav.is_visible()
    for title in ("Progress", "Report", "Bank"):
        nav.get_by_text(title, exact=True).click()
        heading = "Question bank" if title == "Bank" else title
        page.get_by_role("heading", name=heading).first.wait_for(timeout=30_000)
        wait_idle(page)
        sidebar = page.evaluate(SIDEBAR_BOX)
        assert sidebar is None or sidebar["right"] <= 0 or sidebar["width"] == 0, sidebar
        seen = page.evaluate(UNCOVERED, "h1")
        assert seen["top"] >= 0 and seen["bottom"] <= 844, seen  # in view, no scrolling
        assert seen["uncovered"], f"something covers the {heading} page's title: {seen}"
    page.screenshot(path=str(screenshots / "navigation-phone.png"), full_page=False)

    # The profile controls are still in the sidebar, and nothing else is.
    page.locator('[data-testid="stExpandSidebarButton"]').click()
    page.locator('[data-testid="stSidebar"]').get_by_text("Profile", exact=True).wait_for(
        timeout=10_000
    )
    page.locator('[data-testid="stSidebarNav"]').wait_for(state="hidden", timeout=10_000)
    phone.close()

    desktop = browser.new_context(viewport={"width": 1280, "height": 900})
    wide = desktop.new_page()
    wide.goto(f"{streamlit_server.url}/?profile=Robin")
    wide.get_by_role("button", name="Start interview").wait_for(timeout=30_000)
    wait_idle(wide)
    assert wide.locator('[data-testid="stTopNav"]').is_visible()
    wide.locator(".st-key-phone_nav").wait_for(state="hidden", timeout=10_000)
    desktop.close()


def test_ending_an_interview_asks_first(
    browser, streamlit_server: StreamlitServer, screenshots: Path
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    start_one_question(page, streamlit_server.url)
    page.get_by_role("button", name="End interview").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_text("will be left out").wait_for(timeout=30_000)
    page.screenshot(path=str(screenshots / "end-dialog-desktop.png"))
    dialog.get_by_role("button", name="Keep going").click()
    dialog.wait_for(state="detached", timeout=30_000)
    wait_idle(page)
    assert page.locator('[data-testid="stChatInputTextArea"]').is_visible()
    page.get_by_role("button", name="End interview").click()
    page.get_by_role("dialog").get_by_role("button", name="Yes, end it").click()
    page.get_by_role("button", name="Open the report").wait_for(timeout=30_000)
    context.close()
