"""The Progress page's frames and figures from `ProgressFacts`: aggregates over the whole window,
raw points over a bounded recent one. Pure functions, like `interviewsim.analytics` (whose figure
makers they reuse); the page calls `build_summary` once and shows what comes back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from interviewsim import analytics
from interviewsim.analytics import RADAR, TREND_WINDOW, Streak
from interviewsim.views import ProgressFacts

TOPIC_COLUMNS = ["track", "topic", "label", "overall", "answers", "change", "latest"]


@dataclass(frozen=True)
class ProgressSummary:
    """Everything the Progress page shows for one window."""

    answers: int
    interviews: int
    average: float | None
    streak: Streak
    focus_track: str | None
    topics: pd.DataFrame
    weakest: pd.DataFrame
    improved: pd.DataFrame
    figures: dict[str, go.Figure]
    waiting: dict[str, str] = field(default_factory=dict)  # figure -> what it waits for
    captions: dict[str, str] = field(default_factory=dict)  # figure -> what part it shows

    @property
    def radars(self) -> dict[str, go.Figure]:
        """One radar of rubric levels per rubric, keyed by the rubric's name."""
        return {k.removeprefix(RADAR): f for k, f in self.figures.items() if k.startswith(RADAR)}

    @property
    def empty(self) -> bool:
        return self.answers == 0


def kinds_frame(facts: ProgressFacts) -> pd.DataFrame:
    """Answers and score sums per track and question category (`category` readable)."""
    rows = [
        {
            "track": r["track"],
            "category": facts.versions.get(r["version_id"], ("", []))[0].replace("_", " "),
            "answers": int(r["answers"]),
            "score_sum": float(r["score_sum"] or 0.0),
        }
        for r in facts.by_version
    ]
    return pd.DataFrame(rows, columns=["track", "category", "answers", "score_sum"])


def averages(kinds: pd.DataFrame, column: str) -> pd.DataFrame:
    """Mean score and answers per value of `column`, weakest first (as `analytics.average_by`)."""
    totals = kinds.groupby(column, as_index=False).agg(
        answers=("answers", "sum"), score_sum=("score_sum", "sum")
    )
    totals["overall"] = totals["score_sum"] / totals["answers"]
    return totals[[column, "overall", "answers"]].sort_values(["overall", column])


def topic_frame(facts: ProgressFacts) -> pd.DataFrame:
    """`analytics.topic_frame`'s columns from the topic sums read in SQL."""
    frame = pd.DataFrame(
        facts.topics, columns=["track", "topic", "answers", "overall", "early", "late"]
    )
    if frame.empty:
        return pd.DataFrame(columns=TOPIC_COLUMNS)
    for column in ("overall", "early", "late"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    frame["answers"] = frame["answers"].astype(int)
    frame["latest"] = frame["late"]
    frame["change"] = frame["late"] - frame["early"]
    frame.loc[frame["answers"] < analytics.MIN_IMPROVEMENT_ANSWERS, "change"] = float("nan")
    frame["label"] = frame["topic"].astype(str).str.replace("_", " ")
    return frame[TOPIC_COLUMNS]


def interview_points(facts: ProgressFacts, shown: int) -> pd.DataFrame:
    """The trend's points: the last `shown` interviews, each with the rolling mean over the
    TREND_WINDOW interviews up to it (those read before the first shown one included)."""
    frame = pd.DataFrame(
        facts.recent_interviews,
        columns=["interview_id", "started_at", "track", "overall", "answered"],
    )
    frame["started_at"] = pd.to_datetime(frame["started_at"])
    frame["overall"] = frame["overall"].astype(float)
    frame["rolling"] = frame["overall"].rolling(TREND_WINDOW, min_periods=1).mean()
    return frame.tail(shown).reset_index(drop=True)


def recent_answer_frame(facts: ProgressFacts) -> pd.DataFrame:
    frame = pd.DataFrame(
        facts.recent_answers,
        columns=["interview_id", "category", "overall", "time_taken_s", "answered_at"],
    )
    frame["category"] = frame["category"].fillna("").str.replace("_", " ")
    frame["time_taken_s"] = pd.to_numeric(frame["time_taken_s"], errors="coerce")
    return frame


def build_summary(
    facts: ProgressFacts, today: date, rubric_names: Mapping[str, str] | None = None
) -> ProgressSummary:
    """Frames and figures for the Progress page: only the figures the history can support
    (`waiting` says what the others wait for); `captions` say where a chart shows only the
    most recent part of the window."""
    kinds = kinds_frame(facts)
    per_day = {date.fromisoformat(r["day"]): int(r["answers"]) for r in facts.days}
    practice = analytics.streak_of_days(per_day, today)
    topics = topic_frame(facts)
    answers = int(kinds["answers"].sum()) if len(kinds) else 0
    average = float(kinds["score_sum"].sum()) / answers if answers else None
    by_track = averages(kinds, "track") if answers else pd.DataFrame()
    summary = ProgressSummary(
        answers=answers,
        interviews=facts.interviews,
        average=average,
        streak=practice,
        focus_track=str(by_track.iloc[0]["track"]) if answers else None,
        topics=topics,
        weakest=analytics.weakest_topics(topics),
        improved=analytics.most_improved_topics(topics),
        figures={},
    )
    if not answers:
        return summary

    days = analytics.criterion_day_frame(facts.criteria, rubric_names)
    points = interview_points(facts, facts.shown_interviews)
    recent = recent_answer_frame(facts)
    waiting = waits(kinds, days, practice, facts.interviews, recent)
    makers = {
        "trend": lambda: analytics.score_trend_figure(points),
        "by_track": lambda: analytics.bar_figure(by_track, "track", "Average by track"),
        "by_category": lambda: analytics.bar_figure(
            averages(kinds, "category"), "category", "Average by category"
        ),
        "criteria_over_time": lambda: analytics.criterion_heatmap_figure(days, facts.period),
        "calendar": lambda: analytics.practice_calendar_figure(
            analytics.calendar_of_days(per_day, today), practice.current
        ),
        "time": lambda: analytics.time_per_answer_figure(recent),
    }
    figures = {name: make() for name, make in makers.items() if name not in waiting}
    for rubric, radar in analytics.criterion_radar_figures(days).items():
        figures[f"{RADAR}{rubric}"] = radar
    captions = {}
    if len(points) < facts.interviews:
        captions["trend"] = f"The most recent {len(points):,} of {facts.interviews:,} interviews."
    if len(recent) < answers:
        captions["time"] = f"The most recent {len(recent):,} of {answers:,} answers."
    if facts.interviews > facts.shown_interviews:
        captions["topics"] = f"Over your last {facts.shown_interviews:,} interviews."
    return replace(summary, figures=figures, waiting=waiting, captions=captions)


def waits(
    kinds: pd.DataFrame, days: pd.DataFrame, practice: Streak, interviews: int, recent: pd.DataFrame
) -> dict[str, str]:
    """As `analytics.supported_figures`, from the sums: for each figure this much history cannot
    support yet, what it waits for (in words for the page)."""
    found: dict[str, str] = {}
    if interviews < 2:
        found["trend"] = "your score trend, after your second interview"
    if kinds["track"].nunique() < 2:
        found["by_track"] = "tracks compared, once you practise a second track"
    if kinds["category"].nunique() < 2:
        found["by_category"] = "question types compared, once you answer a second type"
    if days.empty or practice.days_practised < 2:
        found["criteria_over_time"] = "rubric levels over time, after a second day of practice"
    if practice.days_practised < 2:
        found["calendar"] = "a practice calendar, after a second day of practice"
    if recent["time_taken_s"].notna().sum() < 2:
        found["time"] = "time per answer, after two timed answers"
    return found
