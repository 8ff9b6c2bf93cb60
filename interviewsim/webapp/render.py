"""Rendering helpers shared by pages. User text always goes through `plain()` before display."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from interviewsim.scoring.base import ScoreResult

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def plain(text: str) -> str:
    """Escape Markdown (and HTML) so the text is shown exactly as it was typed."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return escaped.replace("\n", "  \n")  # keep the person's line breaks


def level_badge(level: int) -> str:
    return "●" * level + "○" * (5 - level)


def score_color(overall: float) -> str:
    return "green" if overall >= 70 else "orange" if overall >= 40 else "red"


def criteria_frame(result: ScoreResult) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Criterion": c.name,
                "Level": f"{c.level}/5",
                "": level_badge(c.level),
                "Weight": f"{c.weight:.0%}",
                "Evidence": "\n".join(c.evidence) or "-",
            }
            for c in result.criteria
        ]
    )


def show_result(result: ScoreResult) -> None:
    """The rubric table, evidence and suggestions for one scored answer."""
    st.markdown(f"**Score: :{score_color(result.overall)}[{result.overall}/100]**")
    if result.notice:
        st.info(result.notice, icon=":material/info:")
    st.dataframe(criteria_frame(result), hide_index=True, width="stretch")
    suggestions = list(dict.fromkeys(s for c in result.criteria for s in c.suggestions))
    if suggestions:
        st.markdown("**What to do next time**")
        for s in suggestions[:6]:
            st.markdown(f"- {plain(s)}")


def format_seconds(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    seconds = round(seconds)
    return f"{seconds // 60} min {seconds % 60:02d} s" if seconds >= 60 else f"{seconds} s"
