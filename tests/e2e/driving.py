"""Driving the app in the browser: choosing, answering, and waiting until the page has settled."""

from __future__ import annotations


def wait_idle(page) -> None:
    """Streamlit shows a running indicator while the script runs; wait until it is gone."""
    page.wait_for_timeout(300)
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=30_000)


def choose(page, label: str, option: str) -> None:
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text=label)
    box.click()
    page.get_by_role("option", name=option).click()


def chat_messages(page) -> list[str]:
    return page.locator('[data-testid="stChatMessage"]').all_inner_texts()


def answered_count(page) -> int:
    return sum("Answered in" in m for m in chat_messages(page))


def send(page, text: str) -> None:
    """Send an answer and wait until the page shows it read back from the store (its "Answered
    in" caption), not only the echo drawn while it is scored: on a busy machine the echo can
    stand for a second or more before the rerun replaces it."""
    before = answered_count(page)
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


def answer_until_done(page, answers: list[str]) -> None:
    """Answer with each text in turn until the interview is over ("Open the report")."""
    for answer in answers:
        # The next question's input, or the finished interview's button: whichever comes.
        page.locator(
            '[data-testid="stChatInputTextArea"], button:has-text("Open the report")'
        ).first.wait_for(timeout=30_000)
        if page.get_by_role("button", name="Open the report").count():
            return
        send(page, answer)
    page.get_by_role("button", name="Open the report").wait_for(timeout=30_000)
