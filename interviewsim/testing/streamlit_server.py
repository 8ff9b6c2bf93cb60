"""A real `streamlit run` of the app on 127.0.0.1, as the browser tests and the server benchmarks
start it: the same options, a fresh history and the fixture bank, a health check, a clean stop.
Standard library only, so a benchmark can start an older commit of the app with it."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

# Debian's Chromium under Playwright, headless in a container, with nothing phoning home.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def app_env(db_path: Path, bank_paths: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """This process's environment less any OpenAI key or InterviewSim setting of the person running
    it, with a history of its own and the given banks; `extra` adds or overrides."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "INTERVIEWSIM_"))}
    return {
        **keep,
        "INTERVIEWSIM_DB_PATH": str(db_path),
        "INTERVIEWSIM_BANK_PATHS": str(bank_paths),
        "INTERVIEWSIM_NO_DOTENV": "1",
        **(extra or {}),
    }


def server_options(port: int, extra: list[str] | None = None) -> list[str]:
    """The command-line options after `streamlit run streamlit_app.py`."""
    return [
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        *(extra or []),
    ]


def wait_healthy(
    url: str, process: subprocess.Popen[bytes], log: Path, timeout: float = 60, poll: float = 0.05
) -> None:
    """Return once the server answers its health check; raise with its log when it exits first
    or does not answer in `timeout` seconds (then it is stopped)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(poll)
    stop(process)
    raise RuntimeError(f"streamlit did not become healthy:\n{log.read_text()}")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
