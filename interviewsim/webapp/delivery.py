"""Drawing an answer's delivery insights: fillers, hedges, most-used words, job terms, pace and
length. The words come from what the person said, so every line goes through `plain()`."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

import streamlit as st

from interviewsim.insights import Insights
from interviewsim.profiles import Owner
from interviewsim.store.delivery_queries import owner_delivery_days
from interviewsim.webapp.render import CHART_CONFIG, plain

if TYPE_CHECKING:
    from interviewsim.bootstrap import App


def delivery_of(meta: Mapping[str, Any]) -> Insights | None:
    """The insights a chat message or turn carries, if any (older answers have none)."""
    stored = meta.get("delivery")
    if not isinstance(stored, Mapping):
        return None
    try:
        return Insights.from_stored(stored)
    except (KeyError, TypeError, ValueError):  # written by another version: show nothing
        return None


def show_insights(found: Insights, title: str = "How you said it") -> None:
    """The insights as a short list under a heading."""
    st.markdown(insights_markdown(found, title))


def insights_markdown(found: Insights, title: str = "How you said it") -> str:
    lines = [f"- {plain(line)}" for line in found.summary()]
    return f":material/record_voice_over: **{title}**  \n" + "\n".join(lines)


def show_delivery_progress(
    app: App, owner: Owner, track: str | None, since: datetime | None, until: datetime | None
) -> None:
    """The Progress page's section on how answers were said (plotly is loaded only here)."""
    from interviewsim.delivery_charts import delivery_figures, delivery_waiting

    days = owner_delivery_days(app.sessions, owner, track, since, until)
    if not days:
        return
    st.subheader("How you say it")
    total = sum(d.answers for d in days)
    fillers = round(100 * sum(d.fillers for d in days) / max(1, sum(d.words for d in days)), 1)
    st.caption(
        f"{total} answer{'' if total == 1 else 's'} with delivery insights · {fillers:g} filler "
        "words per 100 words in this window"
    )
    figures = delivery_figures(days)
    for name, figure in figures.items():
        st.plotly_chart(figure, config=CHART_CONFIG, key=f"progress_delivery_{name}")
    waiting = delivery_waiting(days)
    if waiting:
        st.caption(
            ":material/hourglass_empty: More delivery charts as you practise:  \n"
            + "  \n".join(f"– {w}" for w in waiting)
        )
