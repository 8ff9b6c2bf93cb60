"""Browser tests: a real `streamlit run` on 127.0.0.1 driven by Playwright in Debian's Chromium.

Locally, a missing Chromium skips these tests with the reason; in CI (INTERVIEWSIM_REQUIRE_BROWSER=1)
it fails them, so a green CI run always includes the browser.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from interviewsim.testing.streamlit_server import (
    CHROMIUM_FLAGS,
    app_env,
    free_port,
    server_options,
    wait_healthy,
)
from interviewsim.testing.streamlit_server import stop as stop_process

from ..conftest import FIXTURE_BANK, PROJECT_ROOT

SCREENSHOTS = Path(
    os.environ.get("INTERVIEWSIM_SCREENSHOTS", PROJECT_ROOT / "artifacts" / "screenshots")
)


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser"):
        if found := shutil.which(name):
            return found
    return None


def _missing(reason: str) -> None:
    if os.environ.get("INTERVIEWSIM_REQUIRE_BROWSER"):
        pytest.fail(f"browser tests are required here: {reason}")
    pytest.skip(reason)


@dataclass
class StreamlitServer:
    url: str
    db_path: Path
    process: subprocess.Popen
    log: Path


def start_streamlit(
    tmp: Path,
    extra_env: dict[str, str] | None = None,
    *,
    port: int | None = None,
    args: list[str] | None = None,
) -> StreamlitServer:
    """`streamlit run` on 127.0.0.1 in the project folder; `args` adds command-line options (e.g.
    `--secrets.files` for a secrets file of the test's own, never the repository's)."""
    port = port or free_port()
    db_path = tmp / "history.sqlite3"
    log = tmp / "streamlit.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", *server_options(port, args)],
        cwd=PROJECT_ROOT,
        env=app_env(db_path, FIXTURE_BANK, extra_env),
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    wait_healthy(url, process, log, poll=0.3)
    return StreamlitServer(url, db_path, process, log)


def stop(server: StreamlitServer) -> None:
    stop_process(server.process)


@pytest.fixture
def streamlit_server(tmp_path: Path) -> Iterator[StreamlitServer]:
    server = start_streamlit(tmp_path)
    yield server
    stop(server)


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    if executable is None:
        _missing("Debian's chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed (pip install -r requirements-dev.txt)")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def tall_screenshot(page, path: Path) -> None:
    """The whole page in one image. Streamlit scrolls inside its main container, so a full-page
    screenshot stops at the window: the window is made as tall as the content first."""
    viewport = page.viewport_size
    height = page.evaluate(
        '() => Math.max(...[...document.querySelectorAll(\'[data-testid="stMain"], '
        '[data-testid="stAppViewContainer"], section.main\')].map(e => e.scrollHeight), '
        "document.documentElement.scrollHeight)"
    )
    page.set_viewport_size({"width": viewport["width"], "height": min(int(height) + 40, 12_000)})
    page.wait_for_timeout(400)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(viewport)
