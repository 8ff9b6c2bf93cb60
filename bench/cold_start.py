"""First page: from `streamlit run` to a rendered Practice page on a fresh server process.

Each trial starts `streamlit run streamlit_app.py` on 127.0.0.1 (through bench/launch_app.py, which
only runs Streamlit's own CLI in-process), polls its health endpoint, and opens the app in a new
headless Chromium context (an empty browser cache, as a first visit); the clock stops when the
Practice page's "Start interview" button is visible. Printed: the median of --trials starts (and
the time until the server answered its health check), for the baseline and this checkout in the
same run, trials interleaved so the load of a shared machine falls on both alike. One discarded
start of each warms the disk cache and the bytecode caches.

The history already exists at the head of the schema, as on every start but a deployment's very
first (--fresh-history migrates it inside the first page instead).

- baseline: the app at --baseline-ref (default: the commit before issue 13's levers);
- tuned: this checkout (libyaml bank parsing, no pandas or Alembic on the Practice page);
- floor: a one-button Streamlit app started and opened the same way, for scale: what Streamlit
  and Chromium alone take on this machine at this moment. No app can start faster than it.

Target (issue 13): tuned median <= 1.5 s.

    python bench/cold_start.py [--trials 5] [--baseline-ref REF] [--fresh-history]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import appserver  # beside this script in bench/
from serve import BASELINE_REF

TARGET_S = 1.5
FLOOR_APP = 'import streamlit as st\n\nst.button("Start interview")\n'


def one_start(app: Path, browser: Any, fresh_history: bool) -> tuple[float, float]:
    """Seconds from starting the process to (its health check answering, the page rendered)."""
    with tempfile.TemporaryDirectory(prefix="bench-cold-") as tmp_name:
        tmp = Path(tmp_name)
        env = appserver.app_env(tmp)
        if not fresh_history and (app / "interviewsim").is_dir():
            appserver.migrate_history(app, env)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        server = appserver.start(app, env, tmp / "streamlit.log")
        try:
            healthy = None
            deadline = time.monotonic() + 60
            while healthy is None and time.monotonic() < deadline:
                if server.process.poll() is not None:
                    raise RuntimeError(f"streamlit exited early:\n{server.log.read_text()}")
                try:
                    with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2):
                        healthy = time.perf_counter() - server.started
                except OSError:
                    time.sleep(0.02)
            if healthy is None:
                raise RuntimeError(f"streamlit did not become healthy:\n{server.log.read_text()}")
            page = context.new_page()
            page.goto(f"{server.url}/?profile=Cold")
            page.get_by_role("button", name="Start interview").wait_for(timeout=60_000)
            rendered = time.perf_counter() - server.started
        finally:
            context.close()
            appserver.stop(server)
    return healthy, rendered


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=5)
    parser.add_argument("--baseline-ref", default=BASELINE_REF)
    parser.add_argument(
        "--fresh-history", action="store_true", help="no history yet: the first page migrates it"
    )
    args = parser.parse_args()

    commit = appserver.resolve(args.baseline_ref)
    runs: dict[str, list[tuple[float, float]]] = {"baseline": [], "tuned": [], "floor": []}
    with tempfile.TemporaryDirectory(prefix="bench-app-") as apps, appserver.chromium() as browser:
        floor = Path(apps) / "floor"
        floor.mkdir()
        (floor / "streamlit_app.py").write_text(FLOOR_APP)
        apps_for = {
            "baseline": appserver.unpack(commit, Path(apps) / "baseline")
            if commit
            else appserver.ROOT,
            "tuned": appserver.ROOT,
            "floor": floor,
        }
        for app in apps_for.values():
            one_start(app, browser, args.fresh_history)  # warm-up, discarded
        for _ in range(args.trials):
            for name, app in apps_for.items():
                runs[name].append(one_start(app, browser, args.fresh_history))

    print("Cold start: `streamlit run` -> Practice page rendered in a new Chromium context")
    history = (
        "no history yet (migrated by the first page)"
        if args.fresh_history
        else ("history already at the head of the schema")
    )
    print(f"Median of {args.trials} fresh server starts each, interleaved; {history}.")
    print(
        "  baseline: "
        + (f"the app at {commit}" if commit else f"{args.baseline_ref} not found: this checkout")
    )
    print("  tuned:    this checkout")
    print("  floor:    a one-button Streamlit app (Streamlit and Chromium alone)")
    print()
    header = (
        f"{'config':<10}{'server up (median)':>20}{'page rendered (median)':>24}   all starts (s)"
    )
    print(header)
    print("-" * len(header))
    medians = {}
    for name, samples in runs.items():
        up = statistics.median(h for h, _ in samples)
        medians[name] = statistics.median(r for _, r in samples)
        every = " ".join(f"{r:.2f}" for _, r in samples)
        print(f"{name:<10}{up:>19.2f}s{medians[name]:>23.2f}s   {every}")
    ratio = medians["tuned"] / medians["baseline"]
    ok = medians["tuned"] <= TARGET_S
    print()
    print(
        f"Above the floor: baseline +{medians['baseline'] - medians['floor']:.2f} s, "
        f"tuned +{medians['tuned'] - medians['floor']:.2f} s."
    )
    print(
        f"tuned/baseline: {medians['tuned']:.2f}/{medians['baseline']:.2f} s = {ratio:.2f}x -> "
        f"{'meets' if ok else 'MISSES'} the target (first page <= {TARGET_S} s)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
