"""A class, in a real browser with real sign-in (OIDC, against `oidc-provider-mock`): an instructor
uploads a bank and creates a class; a student joins by the code and answers an assigned question;
the instructor sees it on the dashboard, then runs the projector demo at 1920×1080.

The sign-in fixtures live here, apart from tests/e2e/conftest.py: a mock OpenID provider on a
thread, and `streamlit run` with an `[auth]` section in a secrets file of its own (its HOME is a
temporary folder, so the project's `.streamlit/` is left alone).
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from ..conftest import FIXTURE_BANK, PROJECT_ROOT
from .conftest import StreamlitServer, free_port, stop
from .driving import open_page as open_app_page

pytestmark = [
    pytest.mark.browser,
    # The mock provider's Authlib calls are deprecated upstream; nothing of ours.
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
]

TEACHER = {"sub": "teacher", "email": "teacher@example.org", "name": "Terry Teacher"}
STUDENT = {"sub": "student", "email": "student@example.org", "name": "Sam Student"}
TEMPLATE = PROJECT_ROOT / "data" / "templates" / "bank.yaml"
ANSWER = (
    "A 4xx status means the client sent something wrong, so repeating the same request fails "
    "again and the client must fix it. A 5xx status means the server failed, so the client may "
    "retry later with backoff; which class you return matters because clients and monitoring act "
    "on it."
)


@pytest.fixture(scope="module")
def oidc_provider() -> Iterator[str]:
    """A mock OpenID provider with a teacher and a student, on localhost; yields its issuer URL."""
    mock = pytest.importorskip("oidc_provider_mock", reason="pip install -r requirements-dev.txt")
    users = [
        mock.User(sub=u["sub"], claims={**u, "email_verified": True}) for u in (TEACHER, STUDENT)
    ]
    with mock.run_server_in_thread(user_claims=users) as server:
        yield f"http://localhost:{server.server_port}"


def wait_idle(page) -> None:
    """Streamlit shows a running indicator while the script runs; wait until it is gone."""
    page.wait_for_timeout(300)
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=30_000)


def chat_messages(page) -> list[str]:
    return page.locator('[data-testid="stChatMessage"]').all_inner_texts()


def send(page, text: str) -> None:
    """Send an answer and wait until it is read back from the store (its "Answered in")."""
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


def start_on(port: int, tmp: Path, extra_env: dict[str, str]) -> StreamlitServer:
    """`streamlit run` on a port chosen beforehand (the provider redirects back to it)."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "INTERVIEWSIM_"))},
        "INTERVIEWSIM_DB_PATH": str(tmp / "history.sqlite3"),
        "INTERVIEWSIM_BANK_PATHS": str(FIXTURE_BANK),
        "INTERVIEWSIM_NO_DOTENV": "1",
        **extra_env,
    }
    log = tmp / "streamlit.log"
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "streamlit", "run", "streamlit_app.py"),
            *("--server.address", "127.0.0.1", "--server.port", str(port)),
            *("--server.headless", "true", "--browser.gatherUsageStats", "false"),
        ],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    server = StreamlitServer(url, tmp / "history.sqlite3", process, log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
    stop(server)
    raise RuntimeError(f"streamlit did not become healthy:\n{log.read_text()}")


@pytest.fixture
def signed_in_server(tmp_path: Path, oidc_provider: str) -> Iterator[StreamlitServer]:
    port = free_port()
    home = tmp_path / "home"
    (home / ".streamlit").mkdir(parents=True)
    (home / ".streamlit" / "secrets.toml").write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(16)}"\n'
        'client_id = "interviewsim"\n'
        'client_secret = "not-a-secret"\n'
        f'server_metadata_url = "{oidc_provider}/.well-known/openid-configuration"\n'
    )
    server = start_on(
        port, tmp_path, {"HOME": str(home), "INTERVIEWSIM_INSTRUCTORS": TEACHER["email"]}
    )
    yield server
    stop(server)


def sign_in(page, url: str, who: dict[str, str], joining: str | None = None) -> None:
    page.goto(url)
    if joining:
        page.get_by_text(f"You are joining a class with the code {joining}").wait_for()
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name=who["sub"], exact=True).click()  # the provider's page
    page.get_by_text(f"Signed in as {who['name']}").wait_for(timeout=30_000)
    wait_idle(page)


def upload(page, path: Path) -> None:
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    page.locator('[data-testid="stFileUploader"]').get_by_text(path.name, exact=True).wait_for()
    wait_idle(page)


def cell(page, text: str):
    """A table cell (tables draw on a canvas; their cells are in the page, hidden)."""
    return page.locator('[role="gridcell"]').filter(has_text=text).first


TEACHING = {"Banks", "Classes", "Class dashboard", "Projector demo"}


def open_page(page, title: str) -> None:
    open_app_page(page, title, menu="Teach" if title in TEACHING else None)
    page.get_by_role("heading", name=title if title != "Banks" else "Question banks").wait_for(
        timeout=30_000
    )
    wait_idle(page)


def test_an_instructor_runs_a_class_that_a_student_joins_and_practises_in(
    browser, signed_in_server: StreamlitServer, screenshots: Path, tmp_path: Path
) -> None:
    url = signed_in_server.url
    teacher = browser.new_context(viewport={"width": 1280, "height": 900})
    desk = teacher.new_page()
    sign_in(desk, url, TEACHER)

    # A bank with a mistake: every problem listed, nothing saved. Then the fixed file.
    open_page(desk, "Banks")
    broken = tmp_path / "week1.yaml"
    broken.write_text(TEMPLATE.read_text().replace("difficulty: 1 ", "difficulty: 9 "))
    upload(desk, broken)
    desk.get_by_role("button", name="Check and save").click()
    desk.get_by_text("1 problem to fix; nothing was saved.").wait_for(timeout=30_000)
    wait_idle(desk)
    desk.screenshot(path=str(screenshots / "instructor-bank-problems-desktop.png"), full_page=True)
    upload(desk, TEMPLATE)
    desk.get_by_role("button", name="Check and save").click()
    desk.get_by_text("version 1: 2 questions").wait_for(timeout=30_000)
    wait_idle(desk)
    desk.screenshot(path=str(screenshots / "instructor-banks-desktop.png"), full_page=True)

    # A class on that bank, and an assignment: one question from it.
    open_page(desk, "Classes")
    desk.get_by_label("Name").fill("Bootcamp A")
    desk.locator('[data-testid="stMultiSelect"]').filter(has_text="Banks").click()
    desk.get_by_role("option", name="My course, week 1 (my-course-week-1)").click()
    desk.keyboard.press("Escape")
    desk.get_by_role("button", name="Create class").click()
    desk.get_by_text("Its join code:").wait_for(timeout=30_000)
    wait_idle(desk)
    code = desk.locator('[data-testid="stCode"]').first.inner_text().strip()
    assert len(code) == 10, code
    desk.get_by_text("New assignment").click()
    desk.get_by_label("Title").fill("Week 1: one question")
    desk.get_by_label("Questions").fill("1")
    desk.get_by_label("Questions").press("Tab")
    desk.get_by_role("button", name="Set assignment").click()
    cell(desk, "Week 1: one question").wait_for(state="attached", timeout=30_000)
    wait_idle(desk)
    instructors = desk.locator('[data-testid="stMarkdownContainer"]').filter(has_text="Terry")
    assert instructors.locator("a").count() == 0  # an e-mail address is text, not a link
    desk.set_viewport_size({"width": 1280, "height": 1400})
    desk.screenshot(path=str(screenshots / "instructor-classes-desktop.png"))
    desk.set_viewport_size({"width": 1280, "height": 900})

    # The student follows the join link: signs in (which comes back without the link), follows
    # it again, and finds the class first on Practice.
    learner = browser.new_context(viewport={"width": 1280, "height": 900})
    laptop = learner.new_page()
    sign_in(laptop, f"{url}/?join={code}", STUDENT, joining=code)
    laptop.goto(f"{url}/?join={code}")
    laptop.get_by_text("You followed a class's join link").wait_for(timeout=30_000)
    wait_idle(laptop)
    laptop.get_by_role("button", name="Join").click()  # a link alone does not join
    laptop.get_by_text("You joined Bootcamp A").wait_for(timeout=30_000)
    wait_idle(laptop)
    open_app_page(laptop, "Practice")
    laptop.locator('[data-testid="stSelectbox"]').filter(has_text="Track").click()
    offered = laptop.get_by_role("option").all_inner_texts()
    assert offered[0] == "My course, week 1 (Bootcamp A)", offered[:3]  # the class's track first
    laptop.get_by_role("option").first.click()
    wait_idle(laptop)
    laptop.screenshot(path=str(screenshots / "student-practice-class-first-desktop.png"))
    laptop.get_by_text("Advanced").click()
    laptop.get_by_label("Seed (same seed, same questions)").fill("2")
    laptop.get_by_label("Seed (same seed, same questions)").press("Tab")
    laptop.get_by_role("button", name="Start interview").click()
    laptop.locator('[data-testid="stChatInputTextArea"]').wait_for(timeout=30_000)
    wait_idle(laptop)
    for _ in range(4):
        if laptop.get_by_role("button", name="Open the report").count():
            break
        send(laptop, ANSWER)
    laptop.get_by_role("button", name="Open the report").wait_for(timeout=30_000)
    assert any("4xx" in m for m in chat_messages(laptop))
    open_page(laptop, "My classes")
    cell(laptop, "done (1 of 1)").wait_for(state="attached", timeout=30_000)
    laptop.screenshot(path=str(screenshots / "student-my-classes-desktop.png"), full_page=True)

    # The instructor sees it on the dashboard, down to the answer.
    open_page(desk, "Class dashboard")
    cell(desk, "Sam Student").wait_for(state="attached", timeout=30_000)
    assert int(desk.locator('[data-testid="stMetricValue"]').nth(1).inner_text()) >= 1  # answers
    wait_idle(desk)
    question = desk.locator('[data-testid="stSelectbox"]').filter(has_text="Read the answers to")
    question.locator("input").click()
    desk.keyboard.type("What do the 4xx")
    desk.keyboard.press("Enter")
    markdown = desk.locator('[data-testid="stMarkdownContainer"]')
    markdown.filter(has_text="Sam Student").first.wait_for(timeout=30_000)
    desk.get_by_text("A 4xx status means the client sent something wrong").wait_for()
    wait_idle(desk)
    desk.set_viewport_size({"width": 1280, "height": 2000})  # the page scrolls inside the app
    desk.locator('[data-testid="stMain"]').evaluate("main => main.scrollTo(0, 0)")
    desk.wait_for_timeout(300)
    desk.screenshot(path=str(screenshots / "class-dashboard-desktop.png"))

    # The projector: 1920×1080, large type, no names on screen.
    desk.set_viewport_size({"width": 1920, "height": 1080})
    open_app_page(desk, "Projector demo", menu="Teach")
    desk.get_by_role("heading", name="One question, three answers").wait_for(timeout=30_000)
    wait_idle(desk)
    body = desk.locator("body").inner_text()
    assert "Terry" not in body and "Sam Student" not in body and "@" not in body
    assert not desk.locator('[data-testid="stSidebar"]').is_visible()
    desk.screenshot(path=str(screenshots / "projector-demo-1920.png"))
    desk.get_by_text("Side by side").click()
    desk.locator('[data-testid="stMetricValue"]').nth(2).wait_for(timeout=30_000)
    wait_idle(desk)
    scores = desk.locator('[data-testid="stMetricValue"]').all_inner_texts()
    assert len(scores) == 3 and len(set(scores)) == 3
    desk.screenshot(path=str(screenshots / "projector-demo-side-by-side-1920.png"))
    learner.close()
    teacher.close()
