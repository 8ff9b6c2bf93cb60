"""What a page offers to download, read from the elements an `AppTest` run drew."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def downloads(at: AppTest) -> dict[str, bool]:
    """Each download button's label, and whether a click downloads without rerunning the page.

    A download needs no rerun, and a rerun started by the click can drop the reply that carries
    a lazily built file's address, so the browser never downloads it (Streamlit clears the
    outgoing queue when a run starts)."""
    return {d.label: d.proto.ignore_rerun for d in at.get("download_button")}
