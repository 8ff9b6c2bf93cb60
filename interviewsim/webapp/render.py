"""Rendering helpers shared by pages. User and model text always go through `plain()` before display."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import streamlit as st

from interviewsim.durations import duration_text
from interviewsim.markdown_text import escape
from interviewsim.scoring.bands import LINE_EXPLANATION, band_for, scorer_label
from interviewsim.scoring.base import ScoreResult

if TYPE_CHECKING:
    import pandas as pd


@lru_cache(maxsize=4096)  # a page run escapes the whole transcript again: ~70 texts per run
def plain(text: str) -> str:
    """Markdown that shows the text exactly as it was typed or generated: escaped, line breaks
    kept, and addresses as inline code, so a bare URL or e-mail address is never a link."""
    return escape(text, streamlit=True)


# Plotly's tool bar, cut to saving a picture: its eight buttons sat over the charts' titles on a
# phone, and zooming a bar chart or a radar helps nobody (Streamlit adds its own full screen).
CHART_CONFIG = {
    "displaylogo": False,
    "modeBarButtonsToRemove": [
        "zoom2d",
        "pan2d",
        "select2d",
        "lasso2d",
        "zoomIn2d",
        "zoomOut2d",
        "autoScale2d",
        "resetScale2d",
    ],
}


def level_badge(level: int) -> str:
    return "●" * level + "○" * (5 - level)


_BAND_COLOURS = {"strong": "green", "accepted": "green", "not yet": "orange", "needs work": "red"}


def score_color(overall: float) -> str:
    """Green from the line up (accepted or strong), orange just below it, red far below."""
    return _BAND_COLOURS[band_for(overall).name]


def score_line(result: ScoreResult) -> str:
    """ "72/100 · Accepted: correct and complete enough…" (Markdown), coloured by band."""
    band = band_for(result.overall)
    meaning = band.meaning[0].lower() + band.meaning[1:]
    return (
        f":{score_color(result.overall)}[**{result.overall}/100 · {band.name.capitalize()}**]"
        f" — {meaning}"
    )


def criteria_frame(result: ScoreResult) -> pd.DataFrame:
    import pandas as pd  # here, not at the top: the Practice page draws no frame (~0.4 s to load)

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


def show_criteria(result: ScoreResult) -> None:
    """Each rubric criterion as a block: its level, weight and the evidence in full (quotes from
    the answer, so plain text), readable on a phone as on a desktop."""
    for c in result.criteria:
        with st.container(border=True):
            st.markdown(
                f"**{plain(c.name)}** · {c.level}/5 {level_badge(c.level)} · weight {c.weight:.0%}"
            )
            if c.evidence:
                st.markdown("  \n".join(f"– {plain(e)}" for e in c.evidence))
            else:
                st.caption("No evidence found for this criterion.")


def show_result(result: ScoreResult) -> None:
    """The rubric levels, evidence and suggestions for one scored answer."""
    st.markdown(f"**Score:** {score_line(result)}")
    st.caption(f"{scorer_label(result.scorer)} {LINE_EXPLANATION}")
    if result.notice:
        st.info(result.notice, icon=":material/info:")
    show_criteria(result)
    suggestions = list(dict.fromkeys(s for c in result.criteria for s in c.suggestions))
    if suggestions:
        st.markdown("**What to do next time**")
        for s in suggestions[:6]:
            st.markdown(f"- {plain(s)}")
    if result.improved_answer:
        with st.expander("An improved version of your answer", icon=":material/auto_awesome:"):
            st.markdown(plain(result.improved_answer))
    if result.dropped_quotes:
        st.caption(
            f"{result.dropped_quotes} quote(s) the AI scorer gave as evidence were not in your "
            "answer and were left out."
        )


def format_seconds(seconds: float | None) -> str:
    """ "45 s", "1 min 20 s": the same units the Progress charts use."""
    return duration_text(seconds)


def stream_reply(chunks: Iterator[str]) -> str:
    """The interviewer's words in a chat bubble as they arrive, shown as plain text (a model's
    words can be steered by an answer, so they never become links or images); returns them."""
    with st.chat_message("assistant", avatar=":material/support_agent:"):
        box, words = st.empty(), ""
        for chunk in chunks:
            words += chunk
            box.markdown(plain(words) + " ▌")
        box.markdown(plain(words))
        return words


def show_candidate(answer: str) -> None:
    """The answer just sent, shown at once while it is scored."""
    with st.chat_message("user", avatar=":material/person:"):
        st.markdown(plain(answer))


def usage_frame(usage: dict[str, Any], question_numbers: dict[str, int]) -> pd.DataFrame:
    """One row per interview step that called the model: calls, tokens, time and cost."""
    rows = []
    for step in usage.get("steps", []):
        number = question_numbers.get(step.get("question_id") or "")
        cost = step.get("cost_usd")
        rows.append(
            {
                "Step": step["step"].replace("_", " ").capitalize()
                + (f" (Q{number})" if number else ""),
                "Model calls": step["calls"],
                "Tokens in": step["input_tokens"],
                "Tokens out": step["output_tokens"],
                "Model time": f"{step['seconds']:.1f} s",
                "Cost": "-" if cost is None else f"${cost:.4f}",
            }
        )
    import pandas as pd

    return pd.DataFrame(rows)


def show_usage(usage: dict[str, Any], question_numbers: dict[str, int]) -> None:
    """Tokens, estimated cost and model time of an interview that used an AI provider."""
    if not usage.get("calls"):
        return
    st.markdown(f"**AI usage** · {plain(str(usage.get('model', '')))}")
    c1, c2, c3 = st.columns(3)
    c1.metric("Tokens in / out", f"{usage['input_tokens']:,} / {usage['output_tokens']:,}")
    cost = usage.get("cost_usd")
    c2.metric(
        "Estimated cost",
        "unknown" if cost is None else f"${cost:.4f}",
        help="From the model's list price; unknown for models whose price is not known "
        "(set INTERVIEWSIM_LLM_PRICE).",
    )
    c3.metric("Model calls", f"{usage['calls']} · {usage.get('seconds', 0):.1f} s")
    with st.expander("Per turn"):
        st.dataframe(usage_frame(usage, question_numbers), hide_index=True, width="stretch")
