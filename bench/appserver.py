"""Starting and measuring a real `streamlit run` for the server benchmarks (serve, cold_start).

A server runs from a folder of the app: this checkout, or a baseline commit unpacked with
`git archive` into a temporary folder (it uses this checkout's virtualenv). Each server gets a
fresh SQLite history in a temporary folder and the fixture bank beside the shipped one, as the
browser tests do. Only 127.0.0.1 is used.
"""

from __future__ import annotations

import io
import os
import statistics
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from interviewsim.testing import streamlit_server
from interviewsim.testing.streamlit_server import CHROMIUM_FLAGS, free_port, server_options

ROOT = Path(__file__).resolve().parent.parent
LAUNCHER = Path(__file__).resolve().parent / "launch_app.py"
FIXTURE_BANK = ROOT / "tests" / "fixtures" / "bank"
CHROMIUM = "/usr/bin/chromium"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def unpack(ref: str, into: Path) -> Path:
    """The app as it was at `ref`, unpacked into `into` (no git metadata)."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", ref],
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def resolve(ref: str) -> str | None:
    """The short commit id of `ref`, or None when this checkout does not have it."""
    done = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", f"{ref}^{{commit}}"],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip() if done.returncode == 0 else None


def app_env(tmp: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    return streamlit_server.app_env(tmp / "history.sqlite3", FIXTURE_BANK, extra)


def migrate_history(app: Path, env: dict[str, str]) -> None:
    """Create the history at the head of the schema, as a server restarted on an existing
    history finds it (only the very first start of a deployment migrates)."""
    # The settings name the store's URL `sqlalchemy_url` since the shape issue; the baseline's
    # older settings call it `database_url`.
    code = "from interviewsim.config import get_settings; from interviewsim.store import open_store"
    code += "; s = get_settings(); open_store(getattr(s, 'sqlalchemy_url', None) or s.database_url)"
    subprocess.run([sys.executable, "-c", code], cwd=app, env=env, check=True)


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: Path
    started: float  # time.perf_counter() just before the process was started

    def cpu_seconds(self) -> float:
        return process_cpu_seconds(self.process.pid)


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU of the process and of all its children, live or waited for, from
    /proc (what the kernel charged them, whatever else runs on the machine)."""
    total = 0.0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        # utime stime cutime cstime are fields 14-17 of stat; [0] here is field 3.
        total += sum(int(f) for f in fields[11:15]) / CLOCK_TICKS
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            pending += [int(c) for c in task.read_text().split()]
    return total


def start(app: Path, env: dict[str, str], log: Path, flags: list[str] | None = None) -> Server:
    """`streamlit run streamlit_app.py` (through bench/launch_app.py) on 127.0.0.1."""
    port = free_port()
    # a watcher thread costs CPU that no deployment would spend
    quiet = ["--server.fileWatcherType", "none", *(flags or [])]
    command = [sys.executable, str(LAUNCHER), "streamlit_app.py", *server_options(port, quiet)]
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=app, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT
    )
    return Server(f"http://127.0.0.1:{port}", process, log, started)


def wait_healthy(server: Server, timeout: float = 60) -> None:
    streamlit_server.wait_healthy(server.url, server.process, server.log, timeout)


def stop(server: Server) -> None:
    streamlit_server.stop(server.process)


@contextmanager
def running(
    app: Path, env: dict[str, str], log: Path, flags: list[str] | None = None
) -> Iterator[Server]:
    server = start(app, env, log, flags)
    try:
        wait_healthy(server)
        yield server
    finally:
        stop(server)


@contextmanager
def chromium() -> Iterator[object]:
    """One headless Debian Chromium for all sessions (each session is its own context)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100), interpolated; the value itself for a single sample."""
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]
