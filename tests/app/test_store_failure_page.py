"""A store that cannot be opened is reported on the page, in words, instead of a traceback."""

from __future__ import annotations

import socket

import pytest
from streamlit.testing.v1 import AppTest

from interviewsim.config import get_settings

from ..conftest import PROJECT_ROOT


@pytest.mark.sqlite_only  # names its own (unreachable) PostgreSQL server
def test_a_postgresql_server_that_is_down_is_named_on_the_page_with_what_to_do(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once the socket is closed
    monkeypatch.setenv("DATABASE_URL", f"postgresql://ada:s3cret@127.0.0.1:{port}/interviews")
    get_settings.cache_clear()
    at = AppTest.from_file(str(PROJECT_ROOT / "streamlit_app.py"), default_timeout=30).run()
    assert not at.exception
    shown = at.error[0].value
    assert "Could not reach" in shown and "Start the database server" in shown
    assert "s3cret" not in shown
