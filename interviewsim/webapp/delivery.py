"""Drawing an answer's delivery insights: fillers, hedges, most-used words, job terms, pace and
length. The words come from what the person said, so every line goes through `plain()`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from interviewsim.insights import Insights
from interviewsim.webapp.render import plain


def delivery_of(meta: Mapping[str, Any]) -> Insights | None:
    """The insights a chat message or turn carries, if any (older answers have none)."""
    stored = meta.get("delivery")
    if not isinstance(stored, Mapping):
        return None
    try:
        return Insights.from_dict(stored)
    except (KeyError, TypeError, ValueError):  # written by another version: show nothing
        return None


def show_insights(found: Insights, title: str = "How you said it") -> None:
    """The insights as a short list under a heading."""
    lines = [f"- {plain(line)}" for line in found.summary()]
    st.markdown(f":material/record_voice_over: **{title}**  \n" + "\n".join(lines))
