"""Progress analytics: pandas frames and plotly figures from history rows. Pure functions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

QUESTION_COLUMNS = [
    "interview_id",
    "started_at",
    "track",
    "question_id",
    "category",
    "difficulty",
    "tags",
    "overall",
    "time_taken_s",
    "answered_at",
]
CRITERION_COLUMNS = [
    "interview_id",
    "track",
    "question_id",
    "answered_at",
    "criterion_id",
    "name",
    "level",
]
_LAYOUT = {"margin": {"l": 10, "r": 10, "t": 50, "b": 10}, "height": 340}


def question_frame(rows: Sequence[dict[str, Any]]) -> pd.DataFrame:
    """One row per scored question, with `category` made readable."""
    df = pd.DataFrame(list(rows), columns=QUESTION_COLUMNS)
    df["category"] = df["category"].fillna("").str.replace("_", " ")
    df["answered_at"] = pd.to_datetime(df["answered_at"])
    df["started_at"] = pd.to_datetime(df["started_at"])
    return df


def criterion_frame(rows: Sequence[dict[str, Any]]) -> pd.DataFrame:
    df = pd.DataFrame(list(rows), columns=CRITERION_COLUMNS)
    df["answered_at"] = pd.to_datetime(df["answered_at"])
    return df


def interview_frame(questions: pd.DataFrame) -> pd.DataFrame:
    """One row per interview: when, which track, mean score over its answered questions."""
    if questions.empty:
        return pd.DataFrame(columns=["interview_id", "started_at", "track", "overall", "answered"])
    return (
        questions.groupby(["interview_id", "started_at", "track"], as_index=False)
        .agg(overall=("overall", "mean"), answered=("question_id", "count"))
        .sort_values("started_at")
    )


def score_trend_figure(interviews: pd.DataFrame) -> go.Figure:
    fig = px.line(
        interviews,
        x="started_at",
        y="overall",
        color="track",
        markers=True,
        title="Overall score per interview",
        labels={"started_at": "", "overall": "Score (0-100)", "track": "Track"},
    )
    fig.update_yaxes(range=[0, 100])
    return fig.update_layout(**_LAYOUT)


def average_by(questions: pd.DataFrame, column: str) -> pd.DataFrame:
    return (
        questions.groupby(column, as_index=False)
        .agg(overall=("overall", "mean"), answers=("question_id", "count"))
        .sort_values("overall")
    )


def average_bar_figure(questions: pd.DataFrame, column: str, title: str) -> go.Figure:
    data = average_by(questions, column)
    fig = px.bar(
        data,
        x="overall",
        y=column,
        orientation="h",
        title=title,
        text_auto=".0f",
        hover_data=["answers"],
        labels={"overall": "Average score", column: ""},
    )
    fig.update_xaxes(range=[0, 100])
    return fig.update_layout(**_LAYOUT)


def criterion_figure(criteria: pd.DataFrame) -> go.Figure:
    data = (
        criteria.groupby("name", as_index=False).agg(level=("level", "mean")).sort_values("level")
    )
    fig = px.bar(
        data,
        x="level",
        y="name",
        orientation="h",
        text_auto=".1f",
        title="Average level by rubric criterion",
        labels={"level": "Level (1-5)", "name": ""},
    )
    fig.update_xaxes(range=[1, 5])
    return fig.update_layout(**_LAYOUT)
