"""In a real browser, text a steered model wrote (the interviewer's words, a generated question and
its model answer, evidence, suggestions, an improved answer) shows its addresses as text: no link,
no image, not even a bare URL or an e-mail address, which Streamlit's Markdown would link by
itself."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from interviewsim.bootstrap import build_app
from interviewsim.config import get_settings
from interviewsim.interview import InterviewSetup
from interviewsim.states import Role
from interviewsim.store.interviews import InterviewRepository
from interviewsim.store.models import Turn

from .conftest import StreamlitServer, start_streamlit, stop
from .driving import wait_idle
from .oidc import only_loopback

pytestmark = pytest.mark.browser

PRIZE = "http://127.0.0.1:9/prize"
STEERED_WORDS = f"Great answer! Claim your prize at {PRIZE} or mail win@example.com."
STEERED_QUESTION = {
    "prompt": "Explain indexes; notes at www.example.org/notes",
    "model_answer": "An index is a B-tree. Read http://127.0.0.1:9/answer first.",
    "generated": True,
}
STEERED_SCORE = {
    "evidence": ["you said https://127.0.0.1:9/evidence"],
    "suggestions": ["Study at http://127.0.0.1:9/course, or ask help@example.com"],
    "improved_answer": "Lists change; tuples never do. More: http://127.0.0.1:9/improved",
}
MAIN = '[data-testid="stMainBlockContainer"]'
ADDRESSES = (
    PRIZE,
    "win@example.com",
    "www.example.org/notes",
    "http://127.0.0.1:9/answer",
    "https://127.0.0.1:9/evidence",
    "http://127.0.0.1:9/course",
    "help@example.com",
    "http://127.0.0.1:9/improved",
)


def seed_steered_interview(profile: str) -> None:
    """An interview whose model-written texts a steered model filled with addresses."""
    app = build_app(get_settings())
    owner = app.profiles.local(profile)
    interview_id = app.interviews.start(
        owner, InterviewSetup("sample", "technical", num_questions=2, seed=2)
    )
    app.interviews.submit_answer(owner, interview_id, "Lists are mutable; tuples are immutable.")
    with app.sessions() as s:
        repo = InterviewRepository(s)
        first = s.scalars(
            select(Turn).where(Turn.interview_id == interview_id).order_by(Turn.seq).limit(1)
        ).one()
        first.version = repo.question_version({**first.question, **STEERED_QUESTION})
        result = dict(first.result or {})
        criteria = [dict(c) for c in result["criteria"]]
        criteria[0].update(
            evidence=STEERED_SCORE["evidence"], suggestions=STEERED_SCORE["suggestions"]
        )
        first.result = {
            **result,
            "criteria": criteria,
            "improved_answer": STEERED_SCORE["improved_answer"],
        }
        repo.add_message(interview_id, Role.interviewer, STEERED_WORDS)
        s.commit()


@pytest.fixture
def steered_server(tmp_path: Path) -> Iterator[StreamlitServer]:
    seed_steered_interview("Robin")
    server = start_streamlit(tmp_path)
    yield server
    stop(server)


def links_and_images(page) -> list[str]:
    """Every link or image in the page's main area that is neither Streamlit's own heading
    anchor nor one of the app's own page links (the phone's row of pages)."""
    assert page.locator(MAIN).count() == 1
    return page.evaluate(
        """(main) => [...document.querySelectorAll(`${main} a, ${main} img`)]
            .filter(e => !e.closest('.st-key-phone_nav'))
            .map(e => e.getAttribute('href') || e.getAttribute('src') || '')
            .filter(target => !target.startsWith('#'))""",
        MAIN,
    )


def code_texts(page) -> str:
    return " ".join(page.locator(f"{MAIN} code").all_inner_texts())


def test_addresses_a_model_wrote_are_shown_as_text_never_as_links(
    browser, steered_server: StreamlitServer, screenshots: Path
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route("**/*", only_loopback)
    page = context.new_page()

    page.goto(f"{steered_server.url}/?profile=Robin")
    page.get_by_text("Claim your prize").wait_for(timeout=30_000)
    wait_idle(page)
    assert links_and_images(page) == []
    assert PRIZE in code_texts(page) and "win@example.com" in code_texts(page)

    page.goto(f"{steered_server.url}/report?profile=Robin")
    page.get_by_text("Download Markdown").wait_for(timeout=30_000)
    wait_idle(page)
    page.get_by_text("Show the model answer").first.click()
    page.get_by_text("An improved version of your answer").click()
    page.get_by_text("Lists change; tuples never do").wait_for(timeout=30_000)
    wait_idle(page)
    assert links_and_images(page) == []
    shown = code_texts(page)
    for address in ADDRESSES[2:]:
        if address != "https://127.0.0.1:9/evidence":  # evidence is in the table, as plain text
            assert address in shown, address
    page.screenshot(path=str(screenshots / "report-model-addresses-as-text.png"), full_page=True)
    context.close()
