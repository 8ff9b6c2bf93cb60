"""Browser tests: a real `streamlit run` on 127.0.0.1 driven by Playwright in Debian's Chromium.

Locally, a missing Chromium skips these tests with the reason; in CI (INTERVIEWSIM_REQUIRE_BROWSER=1)
it fails them, so a green CI run always includes the browser.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ..conftest import FIXTURE_BANK, PROJECT_ROOT

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "INTERVIEWSIM_"))},
        "INTERVIEWSIM_DB_PATH": str(tmp / "history.sqlite3"),
        "INTERVIEWSIM_BANK_PATHS": str(FIXTURE_BANK),
        "INTERVIEWSIM_NO_DOTENV": "1",
        **(extra_env or {}),
    }
    log = tmp / "streamlit.log"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "streamlit_app.py",
            "--server.address",
            "127.0.0.1",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            *(args or []),
        ],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return StreamlitServer(url, tmp / "history.sqlite3", process, log)
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError(f"streamlit did not become healthy:\n{log.read_text()}")


def stop(server: StreamlitServer) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()


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
