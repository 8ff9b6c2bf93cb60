"""Progress analytics: pandas frames and plotly figures from history rows. Pure functions.

The Progress page calls `build_progress` once with the rows the store returns and shows what comes
back; every frame and figure here is tested without Streamlit or a database.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, cast

import pandas as pd
import plotly.graph_objects as go

from interviewsim.durations import duration_text
from interviewsim.history_export import EXPORT_COLUMNS, TEXT_COLUMNS
from interviewsim.spreadsheet import defuse
from interviewsim.store.progress_queries import period_for_span

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
CRITERION_DAY_COLUMNS = [
    "day",
    "track",
    "category",
    "criterion_id",
    "name",
    "level_sum",
    "scores",
]
TREND_WINDOW = 5  # interviews in the rolling average
MIN_TOPIC_ANSWERS = 2  # a topic with fewer answers is not ranked
MIN_IMPROVEMENT_ANSWERS = 4  # first half against second half needs at least two in each
CALENDAR_WEEKS = 53
FEW_POINTS = 20  # a category with this many answers or fewer shows every answer as a dot
MIN_CALENDAR_WEEKS = 12  # a short history still looks like a calendar
_LAYOUT = {"margin": {"l": 10, "r": 10, "t": 50, "b": 10}, "height": 340}
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
PERIOD_LABELS = {"D": "%d %b %Y", "W": "wk of %d %b %Y", "M": "%b %Y"}
RADAR = "radar:"  # figure keys "radar:<rubric name>", one per rubric


# ---------------------------------------------------------------------------------- frames


def question_frame(rows: Sequence[dict[str, Any]]) -> pd.DataFrame:
    """One row per scored question, with `category` made readable (`category_key` keeps the id)."""
    columns = QUESTION_COLUMNS + (["prompt"] if rows and "prompt" in rows[0] else [])
    df = pd.DataFrame(list(rows), columns=columns)
    df["category_key"] = df["category"].fillna("")
    df["category"] = df["category_key"].str.replace("_", " ")
    df["answered_at"] = pd.to_datetime(df["answered_at"])
    df["started_at"] = pd.to_datetime(df["started_at"])
    df["overall"] = df["overall"].astype(float)
    df["time_taken_s"] = pd.to_numeric(df["time_taken_s"], errors="coerce")
    df["tags"] = df["tags"].apply(lambda t: list(t) if isinstance(t, list | tuple) else [])
    return df


def criterion_day_frame(
    rows: Sequence[dict[str, Any]], rubric_names: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Criterion levels summed per day (what `HistoryQueries.progress_criteria` returns), each
    with the `rubric` its question's category is scored by (`rubric_names`: category -> name)."""
    df = pd.DataFrame(list(rows), columns=CRITERION_DAY_COLUMNS)
    df["category"] = [c if isinstance(c, str) else "" for c in df["category"]]
    names = rubric_names or {}
    df["rubric"] = [names.get(c) or c.replace("_", " ").capitalize() for c in df["category"]]
    df["day"] = pd.to_datetime(df["day"])
    df["level_sum"] = df["level_sum"].astype(float)
    df["scores"] = df["scores"].astype(int)
    return df


def interview_frame(questions: pd.DataFrame, window: int = TREND_WINDOW) -> pd.DataFrame:
    """One row per interview: when, which track, mean score, and the rolling mean over the last
    `window` interviews (all tracks shown)."""
    if questions.empty:
        return pd.DataFrame(
            columns=["interview_id", "started_at", "track", "overall", "answered", "rolling"]
        )
    interviews = (
        questions.groupby(["interview_id", "started_at", "track"], as_index=False)
        .agg(overall=("overall", "mean"), answered=("question_id", "count"))
        .sort_values(["started_at", "interview_id"], ignore_index=True)
    )
    interviews["rolling"] = interviews["overall"].rolling(window, min_periods=1).mean()
    return interviews


def average_by(questions: pd.DataFrame, column: str) -> pd.DataFrame:
    return (
        questions.groupby(column, as_index=False)
        .agg(overall=("overall", "mean"), answers=("question_id", "count"))
        .sort_values("overall")
    )


def criterion_averages(days: pd.DataFrame) -> pd.DataFrame:
    """Average level (1-5) per rubric and criterion name, weakest first."""
    columns = ["rubric", "name", "level", "scores"]
    if days.empty:
        return pd.DataFrame(columns=columns)
    if "rubric" not in days:
        days = days.assign(rubric="")
    totals = days.groupby(["rubric", "name"], as_index=False).agg(
        level_sum=("level_sum", "sum"), scores=("scores", "sum")
    )
    totals["level"] = totals["level_sum"] / totals["scores"]
    return totals[columns].sort_values("level", ignore_index=True)


def heatmap_period(days: pd.Series) -> str:
    """Day, week or month columns, so the heatmap stays readable however long the history is."""
    if days.empty:
        return "D"
    return period_for_span((days.max() - days.min()).days)


def criterion_periods(days: pd.DataFrame, period: str | None = None) -> pd.DataFrame:
    """Average level per criterion per period (day, week or month: `period`, else by the span
    of the history). Rows summed per period already (in SQL) stay one column each."""
    if days.empty:
        return pd.DataFrame(columns=["period", "label", "name", "level"])
    period = period or heatmap_period(days["day"])
    starts = days["day"].dt.to_period(period).dt.start_time
    grouped = days.assign(period=starts).groupby(["period", "name"], as_index=False)
    totals = grouped.agg(level_sum=("level_sum", "sum"), scores=("scores", "sum"))
    totals["level"] = totals["level_sum"] / totals["scores"]
    totals["label"] = totals["period"].dt.strftime(PERIOD_LABELS[period])
    return totals[["period", "label", "name", "level"]]


# ----------------------------------------------------------------------------- practice days


@dataclass(frozen=True)
class Streak:
    current: int  # consecutive practice days ending today (or yesterday, until today is over)
    longest: int
    days_practised: int


def practice_days(questions: pd.DataFrame) -> pd.Series:
    """Answers per calendar day, indexed by date."""
    if questions.empty:
        return pd.Series(dtype=int)
    return questions.groupby(questions["answered_at"].dt.date).size()


def streak(questions: pd.DataFrame, today: date) -> Streak:
    return streak_of_days(practice_days(questions).index, today)


def streak_of_days(practised: Iterable[date], today: date) -> Streak:
    """The streak from the days with at least one answer."""
    days = set(practised)
    if not days:
        return Streak(0, 0, 0)
    longest = run = 0
    previous: date | None = None
    for day in sorted(days):
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        longest, previous = max(longest, run), day
    current = 0
    day = today if today in days else today - timedelta(days=1)
    while day in days:
        current, day = current + 1, day - timedelta(days=1)
    return Streak(current, longest, len(days))


def calendar_frame(questions: pd.DataFrame, today: date) -> pd.DataFrame:
    """One row per day of the calendar's weeks (Monday first), with the answers given that day."""
    counts = practice_days(questions)
    return calendar_of_days({cast(date, d): int(n) for d, n in counts.items()}, today)


def calendar_of_days(counts: Mapping[date, int], today: date) -> pd.DataFrame:
    """The calendar from the answers given per day (`counts`: day -> answers)."""
    last_monday = today - timedelta(days=today.weekday())
    first = min(counts) if counts else today
    weeks = (last_monday - (first - timedelta(days=first.weekday()))).days // 7 + 1
    weeks = min(max(weeks, MIN_CALENDAR_WEEKS), CALENDAR_WEEKS)
    start = last_monday - timedelta(weeks=weeks - 1)
    days = [start + timedelta(days=n) for n in range(weeks * 7)]
    return pd.DataFrame(
        {
            "day": days,
            "week": [d - timedelta(days=d.weekday()) for d in days],
            "weekday": [WEEKDAYS[d.weekday()] for d in days],
            "answers": [int(counts.get(d, 0)) if d <= today else None for d in days],
        }
    )


# ------------------------------------------------------------------------------------ topics


def topic_frame(questions: pd.DataFrame) -> pd.DataFrame:
    """Per track and topic (a tag; the category for a question with no tags): average score,
    answers, and the change from the first half of its answers to the second half."""
    columns = ["track", "topic", "label", "overall", "answers", "change", "latest"]
    if questions.empty:
        return pd.DataFrame(columns=columns)
    data = questions[["track", "tags", "category_key", "overall", "answered_at"]].copy()
    data["topic"] = [
        list(tags) if len(tags) else [key]
        for tags, key in zip(data["tags"], data["category_key"], strict=True)
    ]
    data = data.explode("topic").sort_values("answered_at", kind="stable")
    grouped = data.groupby(["track", "topic"], sort=True)["overall"]
    # The rank within a topic says which half of its answers each one falls in.
    position = grouped.cumcount()
    size = grouped.transform("size")
    late = position >= size // 2
    frame = grouped.agg(overall="mean", answers="size").reset_index()
    early_mean = data[~late].groupby(["track", "topic"])["overall"].mean()
    late_mean = data[late].groupby(["track", "topic"])["overall"].mean()
    keys = pd.MultiIndex.from_frame(frame[["track", "topic"]])
    frame["latest"] = late_mean.reindex(keys).to_numpy()
    frame["change"] = (late_mean - early_mean).reindex(keys).to_numpy()
    frame.loc[frame["answers"] < MIN_IMPROVEMENT_ANSWERS, "change"] = float("nan")
    frame["label"] = frame["topic"].astype(str).str.replace("_", " ")
    return frame[columns]


def weakest_topics(topics: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """The lowest-scoring topics with enough answers to judge (recent answers weigh in via
    `latest`, so a topic the person has since improved at drops out). None from a history too
    short to judge: one answer does not make a weak spot."""
    judged = topics[topics["answers"] >= MIN_TOPIC_ANSWERS]
    score = judged["latest"].fillna(judged["overall"])
    return judged.assign(score=score).sort_values(["score", "topic"]).head(n)


def most_improved_topics(topics: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    improved = topics[topics["change"] > 0]
    return improved.sort_values(["change", "topic"], ascending=[False, True]).head(n)


def focus_track(questions: pd.DataFrame) -> str | None:
    """The track with the lowest average score: where "Practise my weak spots" starts."""
    if questions.empty:
        return None
    return str(average_by(questions, "track").iloc[0]["track"])


# ----------------------------------------------------------------------------------- figures


def score_trend_figure(interviews: pd.DataFrame) -> go.Figure:
    """Each interview's score by track, with the rolling average over all of them.

    Built with graph_objects rather than plotly.express: several times faster on long histories.
    """
    fig = go.Figure()
    for track, rows in interviews.groupby("track", sort=True):
        fig.add_trace(
            go.Scatter(
                x=rows["started_at"],
                y=rows["overall"],
                mode="markers",
                name=str(track),
                hovertemplate="%{x|%d %b %Y}: %{y:.0f}/100<extra>%{fullData.name}</extra>",
            )
        )
    if "rolling" in interviews:
        fig.add_trace(
            go.Scatter(
                x=interviews["started_at"],
                y=interviews["rolling"],
                mode="lines",
                name=f"Average of last {TREND_WINDOW}",
                line={"color": "#111827", "width": 2},
                hovertemplate="%{x|%d %b %Y}: %{y:.0f}/100<extra>rolling average</extra>",
            )
        )
    fig.update_yaxes(range=[0, 100], title="Score (0-100)", automargin=True)
    if len(interviews):
        first, last = interviews["started_at"].min(), interviews["started_at"].max()
        if last - first < pd.Timedelta(days=2):  # a day or two: show whole days, not seconds
            # From midnight to midnight, each day named at its noon: a tick at midnight put an
            # evening's interview beside the next day's name.
            days = pd.date_range(first.normalize(), last.normalize(), freq="D")
            fig.update_xaxes(
                range=[days[0], days[-1] + pd.Timedelta(days=1)],
                tickvals=list(days + pd.Timedelta(hours=12)),
            )
    fig.update_xaxes(tickformat="%d %b")
    fig.update_layout(title="Overall score per interview", legend_title="Track", **_LAYOUT)
    return fig


def average_bar_figure(questions: pd.DataFrame, column: str, title: str) -> go.Figure:
    """Average score per value of `column` (track, category, ...), weakest at the bottom."""
    return bar_figure(average_by(questions, column), column, title)


def bar_figure(data: pd.DataFrame, column: str, title: str) -> go.Figure:
    """Averages already computed (`column`, `overall`, `answers`; weakest first) as bars."""
    fig = go.Figure(
        go.Bar(
            x=data["overall"],
            y=data[column].astype(str),
            orientation="h",
            text=data["overall"].round().astype(int).astype(str),
            customdata=data["answers"],
            hovertemplate="%{y}: %{x:.0f}/100 over %{customdata} answers<extra></extra>",
        )
    )
    fig.update_xaxes(range=[0, 100], title="Average score")
    fig.update_layout(title=title, **_LAYOUT)
    return fig


RADAR_LABEL_CHARS = 12  # a radar's labels sit outside the circle: longer names wrap (phones)


def axis_label(name: str) -> str:
    """A criterion's name as a radar label: shown as written (plotly reads a few HTML tags in
    labels, so < and > are escaped), wrapped onto lines of about RADAR_LABEL_CHARS."""
    text = html.escape(str(name), quote=False)
    lines = textwrap.wrap(text, RADAR_LABEL_CHARS, break_long_words=False, break_on_hyphens=False)
    return "<br>".join(lines) or text


def criterion_radar_figure(
    days: pd.DataFrame, rubric: str | None = None, averages: pd.DataFrame | None = None
) -> go.Figure:
    """Average level per criterion of one rubric on a radar: the dents are the weak criteria.
    Criteria of different rubrics measure different things, so each rubric gets its own.
    `averages` (from `criterion_averages(days)`) saves computing them again for each rubric."""
    data = criterion_averages(days) if averages is None else averages
    if rubric is not None:
        data = data[data["rubric"] == rubric]
    data = data.sort_values("name")
    names, levels = [axis_label(n) for n in data["name"]], list(data["level"])
    fig = go.Figure(
        go.Scatterpolar(
            r=[*levels, *levels[:1]],
            theta=[*names, *names[:1]],
            fill="toself",
            name="Average level",
            hovertemplate="%{theta}: %{r:.1f} of 5<extra></extra>",
        )
    )
    fig.update_layout(
        title=f"Rubric levels · {rubric}" if rubric else "Average level by rubric criterion",
        polar={
            "radialaxis": {"range": [0, 5], "tickvals": [1, 2, 3, 4, 5]},
            # the first label at the top, where it has the width; at 0° (the right) it ran off
            # a phone's screen
            "angularaxis": {"rotation": 90, "direction": "clockwise"},
        },
        showlegend=False,
        **{**_LAYOUT, "margin": {"l": 90, "r": 90, "t": 60, "b": 30}, "height": 380},
    )
    return fig


def criterion_radar_figures(days: pd.DataFrame) -> dict[str, go.Figure]:
    """One radar per rubric with scores in the window, keyed by the rubric's name."""
    if days.empty:
        return {}
    averages = criterion_averages(days)
    rubrics = sorted(averages.loc[averages["scores"] > 0, "rubric"].unique())
    return {str(r): criterion_radar_figure(days, str(r), averages) for r in rubrics}


def criterion_heatmap_figure(days: pd.DataFrame, period: str | None = None) -> go.Figure:
    """Criterion levels over time: one row per criterion, one column per day, week or month.
    With several rubrics, each row names its rubric (their criteria measure different things)."""
    if "rubric" in days and days["rubric"].nunique() > 1:
        days = days.assign(name=days["rubric"] + " · " + days["name"])
    data = criterion_periods(days, period)
    grid = data.pivot(index="name", columns="period", values="level").sort_index()
    labels = data.drop_duplicates("period").set_index("period")["label"]
    fig = go.Figure(
        go.Heatmap(
            z=grid.to_numpy(),
            x=[labels[p] for p in grid.columns],  # labelled columns: one period reads as one
            y=list(grid.index),
            zmin=1,
            zmax=5,
            colorscale="RdYlGn",
            colorbar={"title": "Level"},
            hovertemplate="%{y}<br>%{x}: %{z:.1f}<extra></extra>",
        )
    )
    fig.update_xaxes(type="category")
    fig.update_layout(title="Rubric criteria over time", **_LAYOUT)
    return fig


def practice_calendar_figure(calendar: pd.DataFrame, current_streak: int) -> go.Figure:
    """A contribution-style calendar: one column per week, one row per weekday."""
    grid = calendar.pivot(index="weekday", columns="week", values="answers").reindex(WEEKDAYS)
    fig = go.Figure(
        go.Heatmap(
            z=grid.to_numpy(dtype=float),
            x=list(grid.columns),
            y=WEEKDAYS,
            colorscale=[[0, "#e5e7eb"], [0.01, "#bfdbfe"], [1, "#1d4ed8"]],
            xgap=2,
            ygap=2,
            showscale=False,
            hovertemplate="Week of %{x|%d %b}, %{y}: %{z} answers<extra></extra>",
        )
    )
    days = "day" if current_streak == 1 else "days"
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(title=f"Practice calendar · streak: {current_streak} {days}", **_LAYOUT)
    return fig


def _time_ticks(top_s: float) -> list[float]:
    """Round steps (30 s, 1 min, 2 min, 5 min, ...) up to just past the longest answer."""
    step = next((s for s in (15, 30, 60, 120, 300, 600, 900, 1800) if top_s / s <= 6), 3600)
    return [float(step * n) for n in range(int(top_s // step) + 2)]


def time_per_answer_figure(questions: pd.DataFrame) -> go.Figure:
    """Time spent per answer (follow-ups included), by category, labelled in minutes and
    seconds ("1 min 20 s"), never in decimal minutes."""
    data = questions.dropna(subset=["time_taken_s"])
    fig = go.Figure(
        [
            go.Box(
                y=rows["time_taken_s"],
                name=str(category),
                text=[duration_text(t) for t in rows["time_taken_s"]],
                hovertemplate="%{x}: %{text}<extra></extra>",
                # Few answers: show each one; many: the box, and only the outliers as dots.
                boxpoints="all" if len(rows) <= FEW_POINTS else "outliers",
                jitter=0.3,
            )
            for category, rows in data.groupby("category", sort=True)
        ]
    )
    top = float(data["time_taken_s"].max()) if len(data) else 60.0
    ticks = _time_ticks(top)
    fig.update_yaxes(
        title="Time taken",
        automargin=True,  # the margin grows to fit the title beside long tick labels (phones)
        range=[0, max(top * 1.15, ticks[1])],
        tickvals=ticks,
        ticktext=[duration_text(t) for t in ticks],
    )
    fig.update_layout(title="Time per answer", showlegend=False, **_LAYOUT)
    return fig


# ------------------------------------------------------------------------- the page, in one go


@dataclass(frozen=True)
class ProgressView:
    """Everything the Progress page shows, computed from one filtered window of history."""

    questions: pd.DataFrame
    interviews: pd.DataFrame
    topics: pd.DataFrame
    weakest: pd.DataFrame
    improved: pd.DataFrame
    streak: Streak
    focus_track: str | None
    figures: dict[str, go.Figure]
    waiting: dict[str, str] = field(default_factory=dict)  # figure -> what it waits for

    @property
    def radars(self) -> dict[str, go.Figure]:
        """One radar of rubric levels per rubric, keyed by the rubric's name."""
        return {k.removeprefix(RADAR): f for k, f in self.figures.items() if k.startswith(RADAR)}

    @property
    def empty(self) -> bool:
        return self.questions.empty

    @property
    def average(self) -> float | None:
        return None if self.empty else float(self.questions["overall"].mean())


def supported_figures(
    questions: pd.DataFrame, days: pd.DataFrame, practice: Streak
) -> dict[str, str]:
    """Which figures this much history can support; for each one it cannot yet, what it waits
    for (in words for the page). A trend needs two interviews, a comparison two of its kind."""
    waits: dict[str, str] = {}
    if questions["interview_id"].nunique() < 2:
        waits["trend"] = "your score trend, after your second interview"
    if questions["track"].nunique() < 2:
        waits["by_track"] = "tracks compared, once you practise a second track"
    if questions["category"].nunique() < 2:
        waits["by_category"] = "question types compared, once you answer a second type"
    if days.empty or days["day"].nunique() < 2:
        waits["criteria_over_time"] = "rubric levels over time, after a second day of practice"
    if practice.days_practised < 2:
        waits["calendar"] = "a practice calendar, after a second day of practice"
    if questions["time_taken_s"].notna().sum() < 2:
        waits["time"] = "time per answer, after two timed answers"
    return waits


def build_progress(
    question_rows: Sequence[dict[str, Any]],
    criterion_day_rows: Sequence[dict[str, Any]],
    today: date,
    rubric_names: Mapping[str, str] | None = None,
) -> ProgressView:
    """Frames and figures for the Progress page: only the figures the history can support
    (`waiting` says what the others wait for); none when there is no history. `rubric_names`
    maps a question category to the name of the rubric that scores it (one radar each)."""
    questions = question_frame(question_rows)
    days = criterion_day_frame(criterion_day_rows, rubric_names)
    interviews = interview_frame(questions)
    topics = topic_frame(questions)
    practice = streak(questions, today)
    figures: dict[str, go.Figure] = {}
    waiting: dict[str, str] = {}
    if not questions.empty:
        waiting = supported_figures(questions, days, practice)
        makers = {
            "trend": lambda: score_trend_figure(interviews),
            "by_track": lambda: average_bar_figure(questions, "track", "Average by track"),
            "by_category": lambda: average_bar_figure(questions, "category", "Average by category"),
            "criteria_over_time": lambda: criterion_heatmap_figure(days),
            "calendar": lambda: practice_calendar_figure(
                calendar_frame(questions, today), practice.current
            ),
            "time": lambda: time_per_answer_figure(questions),
        }
        figures = {name: make() for name, make in makers.items() if name not in waiting}
        for rubric, radar in criterion_radar_figures(days).items():
            figures[f"{RADAR}{rubric}"] = radar
    return ProgressView(
        questions=questions,
        interviews=interviews,
        topics=topics,
        weakest=weakest_topics(topics),
        improved=most_improved_topics(topics),
        streak=practice,
        focus_track=focus_track(questions),
        figures=figures,
        waiting=waiting,
    )


def history_csv(questions: pd.DataFrame) -> bytes:
    """The answers as CSV (UTF-8 with a BOM, so spreadsheet apps read accents right)."""
    data = questions.reindex(columns=EXPORT_COLUMNS).copy()
    data["tags"] = data["tags"].apply(lambda t: " ".join(t) if isinstance(t, list) else "")
    for column in TEXT_COLUMNS:
        data[column] = data[column].fillna("").astype(str).map(defuse)
    return data.to_csv(index=False).encode("utf-8-sig")


def date_window(
    picked: Sequence[date] | date | None,
) -> tuple[datetime | None, datetime | None]:
    """A date-range picker's value as [since, until) datetimes; an unfinished pick is open-ended."""
    if picked is None:
        return None, None
    if isinstance(picked, date):
        picked = [picked]
    if not picked:
        return None, None
    since = datetime.combine(picked[0], time.min)
    until = datetime.combine(picked[-1] + timedelta(days=1), time.min) if len(picked) > 1 else None
    return since, until
