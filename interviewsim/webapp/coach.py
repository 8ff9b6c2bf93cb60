"""Drawing coach mode's verdicts and the Report's attempts side by side. Key points, answers and
suggestions are bank, user or model text: every one goes through `plain()`."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from interviewsim.coaching import SO_FAR, AttemptChange, Mark, PointMark, Verdict, band_of
from interviewsim.insights import Insights
from interviewsim.report import Attempt, QuestionReport
from interviewsim.webapp.delivery import insights_markdown
from interviewsim.webapp.render import format_seconds, plain, score_color

MAX_SIDE_BY_SIDE = 3  # attempts in columns; earlier ones are listed above them


def band_badge(score: int) -> str:
    """The score and what it means, coloured by band (Markdown)."""
    return f":{score_color(score)}-badge[{band_of(score)} · {score}/100]"


def point_lines(points: Sequence[PointMark]) -> str:
    lines = []
    for p in points:
        said = " (you said the opposite)" if p.mark is Mark.contradicted else ""
        colour = "green" if p.mark is Mark.hit else "red"
        lines.append(f":{colour}[{p.symbol}] {plain(p.text)}{said}")
    return "  \n".join(lines)


def show_verdict(verdict: Verdict, delivery: Insights | None = None) -> None:
    """Coach mode's one-line verdict, then the key points hit and missed, one suggestion, and how
    the answer was said: one element, paragraph by paragraph (the chat redraws every verdict on
    every run, and each element is a message to the browser)."""
    change = ""
    if verdict.change is not None:
        change = f" · {verdict.change:+d} on attempt {verdict.attempt - 1}"
    so_far = f" {SO_FAR}" if verdict.so_far else ""
    paragraphs = [f"**Coach:** {band_badge(verdict.overall)}{so_far}{change}"]
    if verdict.points:
        paragraphs.append(point_lines(verdict.points))
    paragraphs += [f":material/info: **Why:** {plain(reason)}" for reason in verdict.reasons]
    if verdict.suggestion:
        paragraphs.append(f":material/lightbulb: **Next time:** {plain(verdict.suggestion)}")
    if delivery is not None:
        paragraphs.append(insights_markdown(delivery))
    st.markdown("\n\n".join(paragraphs))


def _attempt_column(attempt: Attempt, change: AttemptChange) -> None:
    if change.overall is None:
        st.markdown(f"**Attempt {attempt.number}** · skipped")
        return
    delta = f" ({change.change:+d})" if change.change is not None else ""
    st.markdown(f"**Attempt {attempt.number}**{delta}  \n{band_badge(change.overall)}")
    with st.container(border=True):
        st.markdown(plain(attempt.answer) or "-")
        st.caption(f"Answered in {format_seconds(attempt.time_taken_s)}")
    st.markdown(point_lines(change.points))
    if change.change is not None:
        newly = ", ".join(plain(p) for p in change.newly_covered) or "nothing new"
        lost = ", ".join(plain(p) for p in change.lost) or "nothing"
        st.markdown(f"**What changed:** newly covered: {newly}. Lost: {lost}.")


def show_comparison(q: QuestionReport, model_answer: bool) -> None:
    """The attempts at a question side by side (and, when asked for, the model answer beside
    them); the last time it was answered in an earlier interview comes first."""
    st.markdown("#### Attempts compared")
    if q.earlier is not None:
        e = q.earlier
        st.markdown(
            f"**Last time** (interview #{e.interview_id}, {e.started_at:%d %b %Y}): "
            f"{band_badge(e.result.overall)}"
        )
        with st.expander("What you said last time"):
            st.markdown(plain(e.answer) or "-")
    pairs = list(zip(q.attempts, q.comparison, strict=True))
    hidden, shown = pairs[:-MAX_SIDE_BY_SIDE], pairs[-MAX_SIDE_BY_SIDE:]
    for attempt, change in hidden:
        score = f"{change.overall}/100" if change.overall is not None else "skipped"
        st.caption(f"Attempt {attempt.number}: {score}")
    columns = st.columns(len(shown) + (1 if model_answer else 0))
    for column, (attempt, change) in zip(columns, shown, strict=False):
        with column:
            _attempt_column(attempt, change)
    if model_answer:
        with columns[-1]:
            st.markdown("**Model answer**")
            with st.container(border=True):
                st.markdown(plain(q.question.model_answer))
