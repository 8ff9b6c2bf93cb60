"""Time spans as a person reads them. Kept apart from `analytics` so that pages which only show
a time never load pandas or plotly."""

from __future__ import annotations


def duration_text(seconds: float | None) -> str:
    """A time span as a person reads it: "45 s", "1 min 20 s", "12 min"."""
    if seconds is None or seconds != seconds:  # None or NaN
        return "-"
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    minutes, rest = divmod(whole, 60)
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"
