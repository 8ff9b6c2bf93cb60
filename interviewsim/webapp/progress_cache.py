"""The Progress page's data, cached per owner and window until the owner's history changes.

A rerun that changes nothing (a click elsewhere on the page, a widget that does not filter)
reads one cheap stamp (`HistoryViews.progress_stamp`) instead of the aggregates. The key holds
the store, the profile id and that stamp, so one person's figures never reach another, and a
new answer, a finished or deleted interview gives a new key.

`st.cache_resource` rather than `st.cache_data`: the same keying, but a hit hands back the
summary itself instead of an unpickled copy; unpickling its plotly figures took longer (about
340 ms at 50,000 answers) than reading and building them. Nothing downstream changes them
(`st.plotly_chart` serialises a copy).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

import streamlit as st

from interviewsim.bootstrap import App
from interviewsim.profiles import Owner
from interviewsim.progress_summary import ProgressSummary, build_summary
from interviewsim.views import HistoryViews


def summary_key(
    app: App, owner: Owner, track: str | None, since: datetime | None, until: datetime | None
) -> tuple[Any, ...]:
    """What the cached data depends on (besides the day it is drawn for and the rubric names)."""
    return (
        app.settings.sqlalchemy_url,
        owner.profile_id,
        app.history.progress_stamp(owner),
        track,
        since,
        until,
    )


@st.cache_resource(show_spinner=False, max_entries=64, ttl=timedelta(hours=1))
def _summary(
    key: tuple[Any, ...],
    today: date,
    rubric_names: Mapping[str, str],
    _history: HistoryViews,
    _owner: Owner,
) -> ProgressSummary:
    _, profile_id, _, track, since, until = key
    if _owner.profile_id != profile_id:  # the key names whose data this is
        raise ValueError("the cache key is for another profile")
    facts = _history.progress_summary(_owner, track, since, until)
    return build_summary(facts, today, rubric_names)


def progress_summary(
    app: App,
    owner: Owner,
    track: str | None,
    since: datetime | None,
    until: datetime | None,
    today: date,
    rubric_names: Mapping[str, str],
) -> ProgressSummary:
    """The page's summary for the window, from the cache while the owner's history is as it was."""
    key = summary_key(app, owner, track, since, until)
    return _summary(key, today, dict(rubric_names), app.history, owner)


def clear() -> None:
    """Forget every cached summary (for tests and benchmarks that time the reads themselves)."""
    _summary.clear()
