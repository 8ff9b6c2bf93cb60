"""Runs `streamlit run ARGS...` in this very process, for the server benchmarks.

The same as `python -m streamlit run ARGS...`, plus one thing for `bench/serve.py --explore`: on
SIGUSR1 the process collects once and then freezes every object alive (`gc.freeze()`: the
collector skips them from then on) and writes how many to the file named by BENCH_FREEZE_REPORT.
serve.py sends it after a warm-up session, where an app would do it at the end of its first
script run. Run from the folder of the app under test, so a baseline checkout imports its own
code.

    python bench/launch_app.py streamlit_app.py --server.port 8501 ...
"""

from __future__ import annotations

import gc
import os
import signal
import sys
from pathlib import Path
from types import FrameType


def _freeze(_signum: int, _frame: FrameType | None) -> None:
    gc.collect()  # start-up garbage is not kept for ever
    gc.freeze()
    report = os.environ.get("BENCH_FREEZE_REPORT")
    if report:
        Path(report).write_text(str(gc.get_freeze_count()))


def main() -> None:
    sys.path.insert(0, os.getcwd())  # the app under test, not the checkout this file is in
    signal.signal(signal.SIGUSR1, _freeze)
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", *sys.argv[1:]]
    cli.main()


if __name__ == "__main__":
    main()
