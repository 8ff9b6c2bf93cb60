"""The time left on a question with a suggested time, ticking once a second in a fragment: only
the countdown reruns, never the page (what the person is typing stays where it is)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import streamlit as st

from interviewsim.durations import duration_text


def clock_text(seconds: float) -> str:
    """ "1:05" for 65 seconds."""
    whole = max(0, int(seconds + 0.999))  # round up: 0:00 only when the time is really up
    return f"{whole // 60}:{whole % 60:02d}"


def time_left_text(left: float, limit_s: int) -> str:
    if left > 0:
        return f":material/timer: **{clock_text(left)}** left of the suggested {duration_text(limit_s)}"
    return (
        f":material/timer_off: The suggested {duration_text(limit_s)} is up: finish your thought "
        "and send your answer (there is no penalty for going over)."
    )


def show_countdown(asked_at: datetime, limit_s: int, clock: Callable[[], datetime]) -> None:
    """A countdown from the moment the question was asked (so a reload keeps the time)."""

    def left() -> float:
        return limit_s - (clock() - asked_at).total_seconds()

    # Once the time is up nothing changes any more, so the fragment stops ticking.
    @st.fragment(run_every=1 if left() > 0 else None)
    def tick() -> None:
        st.markdown(time_left_text(left(), limit_s))

    tick()
