"""Progress charts of how answers were said: filler rate, pace and job-related terms, per day.

Built from `store.delivery_queries.DeliveryDay` rows (already added up in SQL). A chart appears
once there are two days to compare; until then `delivery_waiting` says what it needs.
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from interviewsim.insights import FAST_WPM, SLOW_WPM
from interviewsim.store.delivery_queries import DeliveryDay

MIN_DAYS = 2  # a trend needs two points
_LAYOUT = {"margin": {"l": 10, "r": 10, "t": 50, "b": 10}, "height": 300, "showlegend": False}


def _line(x: Sequence[str], y: Sequence[float], hover: str, title: str, axis: str) -> go.Figure:
    fig = go.Figure(go.Scatter(x=list(x), y=list(y), mode="lines+markers", hovertemplate=hover))
    fig.update_layout(title=title, yaxis_title=axis, xaxis_type="date", **_LAYOUT)
    fig.update_yaxes(rangemode="tozero", automargin=True)
    return fig


def delivery_figures(days: Sequence[DeliveryDay]) -> dict[str, go.Figure]:
    """ "fillers", "pace" (spoken answers only) and "terms", each when it has two days."""
    figures: dict[str, go.Figure] = {}
    if len(days) >= MIN_DAYS:
        figures["fillers"] = _line(
            [d.day for d in days],
            [d.filler_rate for d in days],
            "%{x|%d %b %Y}: %{y:.1f} fillers per 100 words<extra></extra>",
            "Filler words per 100 words",
            "per 100 words",
        )
        figures["terms"] = _line(
            [d.day for d in days],
            [d.terms_per_answer for d in days],
            "%{x|%d %b %Y}: %{y:.1f} job-related terms per answer<extra></extra>",
            "Job-related terms per answer",
            "terms",
        )
    spoken = [d for d in days if d.pace_wpm is not None]
    if len(spoken) >= MIN_DAYS:
        fig = _line(
            [d.day for d in spoken],
            [d.pace_wpm or 0.0 for d in spoken],
            "%{x|%d %b %Y}: %{y:.0f} words per minute<extra></extra>",
            "Speaking pace (spoken answers)",
            "words per minute",
        )
        # The steady band, so a point outside it reads as too slow or too fast at a glance.
        fig.add_hrect(y0=SLOW_WPM, y1=FAST_WPM, fillcolor="green", opacity=0.08, line_width=0)
        figures["pace"] = fig
    return {name: figures[name] for name in ("fillers", "pace", "terms") if name in figures}


def delivery_waiting(days: Sequence[DeliveryDay]) -> list[str]:
    """What each missing chart needs, in words."""
    waiting = []
    if len(days) < MIN_DAYS:
        waiting.append("filler words and job-related terms over time: answers on two days")
    if len([d for d in days if d.pace_wpm is not None]) < MIN_DAYS:
        waiting.append("speaking pace over time: spoken answers on two days")
    return waiting
