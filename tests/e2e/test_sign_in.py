"""Sign-in in a real browser against a real OpenID Connect provider on 127.0.0.1: two people each see
only their own history, one cannot open the other's interview by its address, and signing out
goes back to the sign-in screen."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import StreamlitServer, free_port, start_streamlit, stop
from .driving import TOP_BAR, chat_messages, choose, send, wait_idle
from .oidc import Person, oidc_provider, only_loopback, write_auth_secrets

pytestmark = pytest.mark.browser

ADA = Person(sub="ada-0001", name="Ada Lovelace", email="ada@example.com")
BOB = Person(sub="bob-0002", name="Bob Babbage", email="bob@example.com")
ADAS_ANSWER = (
    "Lists are mutable and tuples are immutable, so a tuple of hashable values can be a "
    "dictionary key. Ada's own words: analytical engine."
)
BOBS_ANSWER = (
    "Tuples cannot change after they are made, so they can be keys. Bob's difference engine."
)


@pytest.fixture
def signed_in_app(tmp_path: Path) -> Iterator[StreamlitServer]:
    """The app with `[auth]` pointing at a provider that knows Ada and Bob. The secrets file is
    the test's own (`--secrets.files`): the repository's `.streamlit/` is never touched."""
    with oidc_provider([ADA, BOB]) as issuer:
        port = free_port()
        secrets = write_auth_secrets(tmp_path / "secrets.toml", issuer, port)
        server = start_streamlit(tmp_path, port=port, args=["--secrets.files", str(secrets)])
        try:
            yield server
        finally:
            stop(server)


def new_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route("**/*", only_loopback)
    return context, context.new_page()


def sign_in(page, url: str, person: Person) -> None:
    page.goto(url)
    page.get_by_role("button", name="Sign in").click()
    # The provider's own page: a button per known user.
    page.get_by_role("button", name=person.sub, exact=True).click()
    page.get_by_text(f"Signed in as {person.name}").wait_for(timeout=30_000)
    wait_idle(page)


def answer_one_question(page, answer: str) -> None:
    page.get_by_role("button", name="Start interview").wait_for(timeout=30_000)
    choose(page, "Track", "Sample (tests)")
    page.get_by_role("button", name="Start interview").click()
    page.locator('[data-testid="stChatInputTextArea"]').wait_for(timeout=30_000)
    wait_idle(page)
    send(page, answer)


def open_report(page, url: str, showing: str) -> None:
    """Open a report address and wait until the page shows `showing` (the report's own answer,
    or the no-history notice): only then can the absence of anything else mean something."""
    page.goto(url)
    page.get_by_role("heading", name="Report").wait_for(timeout=30_000)
    page.get_by_text(showing).first.wait_for(timeout=30_000)
    wait_idle(page)


def interview_id_in(page) -> int:
    page.wait_for_url(re.compile(r"interview=\d+"), timeout=30_000)
    found = re.search(r"interview=(\d+)", page.url)
    assert found, page.url
    return int(found.group(1))


def test_two_people_see_only_their_own_history_and_sign_out_ends_the_session(
    browser, signed_in_app: StreamlitServer, screenshots: Path
) -> None:
    url = signed_in_app.url
    ada_context, ada = new_page(browser)
    bob_context, bob = new_page(browser)

    ada.goto(url)
    ada.get_by_role("button", name="Sign in").wait_for(timeout=30_000)
    wait_idle(ada)
    assert not ada.get_by_role("button", name="Start interview").count()
    sidebar = ada.locator('[data-testid="stSidebar"]')
    assert not sidebar.get_by_text("Profile").count()
    assert not ada.locator(TOP_BAR).count()  # no pages before sign-in
    ada.screenshot(path=str(screenshots / "sign-in-screen.png"), full_page=True)

    sign_in(ada, url, ADA)
    assert ada.locator(TOP_BAR).get_by_text("Report").count()
    answer_one_question(ada, ADAS_ANSWER)
    assert any("analytical engine" in m for m in chat_messages(ada))
    ada.screenshot(path=str(screenshots / "signed-in-practice.png"), full_page=True)
    open_report(ada, f"{url}/report", "analytical engine")
    adas_interview = interview_id_in(ada)
    assert "analytical engine" in ada.content()

    # Bob signs in in his own browser: no trace of Ada, not even through a profile in the URL.
    sign_in(bob, f"{url}/?profile=Ada%20Lovelace", BOB)
    assert not bob.get_by_text("analytical engine").count()
    answer_one_question(bob, BOBS_ANSWER)
    assert not any("analytical engine" in m for m in chat_messages(bob))

    open_report(bob, f"{url}/report?interview={adas_interview}", "difference engine")
    bob.wait_for_url(lambda u: f"interview={adas_interview}" not in u, timeout=30_000)
    bobs_interview = interview_id_in(bob)
    assert bobs_interview != adas_interview
    assert "difference engine" in bob.content()
    assert "analytical engine" not in bob.content()
    bob.screenshot(path=str(screenshots / "signed-in-report-other-id.png"), full_page=True)

    # Ada's report still holds only hers.
    open_report(ada, f"{url}/report?interview={bobs_interview}", "analytical engine")
    ada.wait_for_url(lambda u: f"interview={bobs_interview}" not in u, timeout=30_000)
    assert interview_id_in(ada) == adas_interview
    assert "difference engine" not in ada.content()

    # Signing out goes through the provider's end-session page and back to the sign-in screen.
    ada.get_by_role("button", name="Sign out").click()
    ada.get_by_role("button", name="End session").click()
    ada.get_by_role("button", name="Sign in").wait_for(timeout=30_000)
    wait_idle(ada)
    ada.goto(f"{url}/report?interview={adas_interview}")
    ada.get_by_role("button", name="Sign in").wait_for(timeout=30_000)
    wait_idle(ada)
    assert "analytical engine" not in ada.content()
    ada.screenshot(path=str(screenshots / "signed-out.png"), full_page=True)

    # Bob, in his own browser, is still signed in: he downloads all his data, then deletes his
    # account, which signs him out; signing in again starts an empty history.
    bob.goto(f"{url}/settings")
    bob.get_by_text(f"Signed in as {BOB.name}").wait_for(timeout=30_000)
    bob.get_by_role("button", name="Download all my data (JSON)").wait_for(timeout=30_000)
    wait_idle(bob)
    with bob.expect_download() as download:
        bob.get_by_role("button", name="Download all my data (JSON)").click()
    data = json.loads(Path(download.value.path()).read_text())
    assert data["profile"]["name"] == BOB.name and data["profile"]["kind"] == "account"
    assert [i["id"] for i in data["interviews"]] == [bobs_interview]
    assert "difference engine" in json.dumps(data) and "analytical engine" not in json.dumps(data)

    bob.get_by_role("button", name="Delete my account and history").click()
    dialog = bob.get_by_role("dialog")
    dialog.get_by_text("1 interview").wait_for(timeout=30_000)
    assert dialog.get_by_role("button", name="Delete for good").is_disabled()
    dialog.get_by_role("textbox").fill("delete")
    dialog.get_by_role("textbox").press("Enter")
    bob.wait_for_function(
        "() => ![...document.querySelectorAll('[role=dialog] button')]"
        ".find(b => b.innerText.includes('Delete for good')).disabled",
        timeout=30_000,
    )
    bob.screenshot(path=str(screenshots / "delete-account-dialog.png"), full_page=True)
    dialog.get_by_role("button", name="Delete for good").click()
    bob.get_by_role("button", name="End session").click()
    bob.get_by_role("button", name="Sign in").wait_for(timeout=30_000)
    sign_in(bob, url, BOB)
    open_report(bob, f"{url}/report", "No interviews yet")
    assert "difference engine" not in bob.content()

    ada_context.close()
    bob_context.close()
