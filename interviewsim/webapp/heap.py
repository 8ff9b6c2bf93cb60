"""Keeping Python's full garbage collections short on a long-running server.

After start-up the process holds a large heap that lives as long as it does: Streamlit,
SQLAlchemy, the parsed bank, the scorer's lexicons (~170k objects). Each full collection walks
all of it (~100 ms of CPU; bench/serve.py saw one every dozen answers, ~12 ms per answer) although
none of it is ever garbage. Moving it once into the permanent generation (`gc.freeze()`) leaves the
full collections only what was made since; start-up's own garbage is collected first.
"""

from __future__ import annotations

import gc
import threading

AFTER_FIRST_PAGE_S = 0.5  # the first page's elements are sent by then; a collection holds the GIL
_lock = threading.Lock()
_state = {"frozen": False, "scheduled": False}


def freeze_start_up() -> bool:
    """Collect, then freeze every object alive, the first time in this process only. True when
    this call froze."""
    with _lock:
        if _state["frozen"]:
            return False
        gc.collect()
        gc.freeze()
        _state["frozen"] = True
        return True


def freeze_soon(delay_s: float = AFTER_FIRST_PAGE_S) -> None:
    """`freeze_start_up` on a background thread `delay_s` from now, the first time only: run at
    the end of the first page, the ~100 ms collection neither delays that page's elements (the
    server sends them while the script thread holds the GIL) nor anyone's next click."""
    with _lock:
        if _state["scheduled"] or _state["frozen"]:
            return
        _state["scheduled"] = True
    timer = threading.Timer(delay_s, freeze_start_up)
    timer.daemon = True
    timer.start()
