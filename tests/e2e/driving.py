"""Driving the app in the browser: choosing, answering, and waiting until the page has settled."""

from __future__ import annotations


def wait_idle(page) -> None:
    """Wait until the script run is over: the app says so on its root element (the running
    indicator alone shows only for longer runs, so a short run could still be drawing)."""
    page.wait_for_timeout(300)
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=30_000)
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=30_000
    )


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


TOP_BAR = '[data-testid="stTopNav"]'


def open_page(page, title: str, menu: str | None = None) -> None:
    """Go to one of the app's pages from the bar along the top, as a person would: a page in a
    menu of its own ("Teach") is one click on the menu, then one on the page."""
    bar = page.locator(TOP_BAR)
    if menu is not None:
        bar.locator('[data-testid="stTopNavSection"]').filter(has_text=menu).click()
        page.locator('[data-testid="stTopNavPopoverBody"]').get_by_text(title, exact=True).click()
    else:
        bar.get_by_text(title, exact=True).click()
    wait_idle(page)
