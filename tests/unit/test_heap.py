"""The server's start-up heap is frozen once, so full collections skip it afterwards."""

from __future__ import annotations

import gc
import textwrap
from pathlib import Path

from interviewsim.store import open_store
from interviewsim.webapp.heap import freeze_start_up

from ..conftest import run_clean_python


def test_the_objects_alive_after_start_up_are_frozen_once_per_process() -> None:
    freeze_start_up()
    frozen = gc.get_freeze_count()
    assert frozen > 0
    later = [[n] for n in range(1_000)]  # made after start-up: left to the collector
    assert freeze_start_up() is False
    assert gc.get_freeze_count() == frozen
    assert later[-1] == [999]


SCRIPT = textwrap.dedent(
    """
    import gc
    import time
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file("streamlit_app.py", default_timeout=30)
    at.query_params["profile"] = "Ada"
    assert gc.get_freeze_count() == 0
    at.run()
    assert not at.exception, at.exception
    deadline = time.monotonic() + 20
    while not gc.get_freeze_count() and time.monotonic() < deadline:
        time.sleep(0.05)
    print(gc.get_freeze_count())
    """
)


def test_the_app_freezes_its_start_up_heap_just_after_its_first_page(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite3"
    open_store(f"sqlite:///{db}")
    done = run_clean_python(SCRIPT, tmp_path)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.strip().splitlines()[-1]) > 100_000
