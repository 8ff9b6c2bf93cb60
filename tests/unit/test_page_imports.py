"""The Practice page loads only what it draws: no pandas, no plotly of ours, no Alembic.

Every module a page loads stays in memory for the life of the server, and Streamlit's collection
after each script run walks all of them; pandas alone is ~0.4 s of the first page.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from interviewsim.store import open_store

from ..conftest import run_clean_python

SCRIPT = textwrap.dedent(
    """
    import sys
    import streamlit  # Streamlit sets up its plotly theme on import when plotly is installed
    from streamlit.testing.v1 import AppTest

    def plotly_modules():
        return {m for m in sys.modules if m.split(".")[0] in {"plotly", "_plotly_utils"}}

    streamlits_own = plotly_modules()
    at = AppTest.from_file("streamlit_app.py", default_timeout=30)
    at.query_params["profile"] = "Ada"
    at.run()
    at.selectbox(key="practice_track").set_value("sample")
    at.number_input(key="practice_seed").set_value(3)
    next(b for b in at.button if b.label == "Start interview").click()
    at.run()
    at.chat_input[0].set_value("Lists are mutable and tuples are immutable.").run()
    assert not at.exception, at.exception
    assert at.chat_message, "the interview did not start"
    loaded = sorted(m for m in ("pandas", "numpy", "pyarrow", "alembic") if m in sys.modules)
    loaded += sorted(plotly_modules() - streamlits_own)[:3]
    print(",".join(loaded) or "none")
    """
)


def test_an_interview_on_the_practice_page_loads_no_pandas_plotly_or_alembic(
    tmp_path: Path,
) -> None:
    db = tmp_path / "h.sqlite3"
    open_store(f"sqlite:///{db}")  # a server normally starts on a history already at the head
    done = run_clean_python(SCRIPT, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "none"
