"""Progress analytics on plain rows: frames, streaks, topics, figures and the CSV export."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import pandas as pd
import pytest

from interviewsim import analytics

DAY0 = datetime(2026, 3, 2, 9, 0)  # a Monday
TODAY = date(2026, 3, 20)


def answer(
    interview: int,
    when: datetime,
    overall: float,
    category: str = "technical",
    tags: tuple[str, ...] = ("joins",),
    track: str = "sql",
    seconds: float | None = 90.0,
) -> dict:
    """A row as `HistoryRepository.progress_questions` returns it."""
    return {
        "interview_id": interview,
        "started_at": when,
        "track": track,
        "question_id": f"q-{interview}-{when:%H%M%S}",
        "category": category,
        "difficulty": 2,
        "tags": list(tags),
        "overall": overall,
        "time_taken_s": seconds,
        "answered_at": when,
        "prompt": "What is a join?",
    }


def criterion_day(
    day: str,
    name: str,
    level_sum: float,
    scores: int,
    track: str = "sql",
    category: str = "technical",
) -> dict:
    return {
        "day": day,
        "track": track,
        "category": category,
        "criterion_id": name.lower(),
        "name": name,
        "level_sum": level_sum,
        "scores": scores,
    }


def on_days(*offsets: int) -> pd.DataFrame:
    """One answer on each of the given days after DAY0."""
    rows = [answer(n, DAY0 + timedelta(days=d), 60) for n, d in enumerate(offsets)]
    return analytics.question_frame(rows)


# ----------------------------------------------------------------------------------- frames


def test_the_interview_frame_carries_a_rolling_average_over_the_last_interviews() -> None:
    scores = [10, 20, 30, 40, 50, 60]
    rows = [answer(n, DAY0 + timedelta(days=n), s) for n, s in enumerate(scores)]
    interviews = analytics.interview_frame(analytics.question_frame(rows), window=3)
    assert interviews["overall"].tolist() == scores
    assert interviews["rolling"].tolist() == [10, 15, 20, 30, 40, 50]


def test_the_question_frame_accepts_the_older_history_rows_without_a_prompt() -> None:
    row = answer(1, DAY0, 50)
    del row["prompt"]
    frame = analytics.question_frame([row])
    assert frame.loc[0, "category"] == "technical" and frame.loc[0, "tags"] == ["joins"]


# ---------------------------------------------------------------------------- practice days


@pytest.mark.parametrize(
    ("offsets", "today_offset", "current", "longest"),
    [
        ([0, 1, 2, 5, 6], 6, 2, 3),  # practised today: the run ending today
        ([0, 1, 2, 5, 6], 7, 2, 3),  # not yet today: yesterday's run still counts
        ([0, 1, 2, 5, 6], 8, 0, 3),  # a whole day missed: the streak is over
        ([3], 3, 1, 1),
    ],
)
def test_the_streak_counts_consecutive_practice_days_up_to_today(
    offsets: list[int], today_offset: int, current: int, longest: int
) -> None:
    today = (DAY0 + timedelta(days=today_offset)).date()
    streak = analytics.streak(on_days(*offsets), today)
    assert (streak.current, streak.longest, streak.days_practised) == (
        current,
        longest,
        len(offsets),
    )


def test_the_calendar_shows_answers_per_day_in_whole_weeks_and_nothing_in_the_future() -> None:
    questions = on_days(0, 0, 3)
    calendar = analytics.calendar_frame(questions, TODAY)
    assert len(calendar) == analytics.MIN_CALENDAR_WEEKS * 7
    assert calendar["day"].iloc[0].weekday() == 0  # weeks start on Monday
    by_day = dict(zip(calendar["day"], calendar["answers"], strict=True))
    assert by_day[DAY0.date()] == 2 and by_day[(DAY0 + timedelta(days=3)).date()] == 1
    assert by_day[TODAY] == 0
    assert pd.isna(by_day[TODAY + timedelta(days=1)])


def test_a_long_history_fills_at_most_a_year_of_calendar() -> None:
    questions = on_days(0, 500)
    calendar = analytics.calendar_frame(questions, (DAY0 + timedelta(days=500)).date())
    assert len(calendar) == analytics.CALENDAR_WEEKS * 7


# ----------------------------------------------------------------------------------- topics


def test_topics_rank_the_weakest_and_the_most_improved() -> None:
    rows = []
    for n, (joins, indexes) in enumerate([(20, 80), (30, 85), (60, 80), (70, 75)]):
        when = DAY0 + timedelta(days=n)
        rows.append(answer(n, when, joins, tags=("joins",)))
        rows.append(answer(n, when + timedelta(minutes=5), indexes, tags=("indexes",)))
        rows.append(answer(n, when + timedelta(minutes=9), 40, "behavioral", tags=()))
    topics = analytics.topic_frame(analytics.question_frame(rows))
    by_topic = topics.set_index("topic")
    assert by_topic.loc["joins", "change"] == pytest.approx(65 - 25)  # second half - first half
    assert by_topic.loc["indexes", "change"] == pytest.approx(77.5 - 82.5)
    assert by_topic.loc["behavioral", "answers"] == 4  # a question with no tags: its category

    weakest = analytics.weakest_topics(topics, n=2)
    assert weakest["topic"].tolist() == ["behavioral", "joins"]
    improved = analytics.most_improved_topics(topics)
    assert improved["topic"].tolist() == ["joins"]  # only topics that went up


def test_a_topic_needs_enough_answers_before_it_counts_as_improved() -> None:
    rows = [answer(n, DAY0 + timedelta(days=n), s) for n, s in enumerate([10, 90])]
    topics = analytics.topic_frame(analytics.question_frame(rows))
    assert analytics.most_improved_topics(topics).empty


def test_the_focus_track_for_weak_spots_is_the_lowest_scoring_one() -> None:
    rows = [answer(1, DAY0, 80, track="python"), answer(2, DAY0, 40, track="sql")]
    assert analytics.focus_track(analytics.question_frame(rows)) == "sql"
    assert analytics.focus_track(analytics.question_frame([])) is None


# ----------------------------------------------------------------------------- criteria


def test_criterion_averages_weigh_each_day_by_its_number_of_scores() -> None:
    days = analytics.criterion_day_frame(
        [criterion_day("2026-03-02", "Depth", 2, 2), criterion_day("2026-03-03", "Depth", 20, 5)]
    )
    averages = analytics.criterion_averages(days)
    assert averages.loc[0, "level"] == pytest.approx(22 / 7)


@pytest.mark.parametrize(("span_days", "period"), [(3, "D"), (60, "W"), (400, "M")])
def test_the_heatmap_uses_days_weeks_or_months_by_the_span_of_the_history(
    span_days: int, period: str
) -> None:
    first, last = DAY0, DAY0 + timedelta(days=span_days)
    days = analytics.criterion_day_frame(
        [
            criterion_day(f"{first:%Y-%m-%d}", "Depth", 3, 1),
            criterion_day(f"{last:%Y-%m-%d}", "Depth", 5, 1),
        ]
    )
    assert analytics.heatmap_period(days["day"]) == period
    assert len(analytics.criterion_periods(days)) == 2


# ---------------------------------------------------------------------------- the page data

RUBRICS = {"technical": "Technical answer", "behavioral": "Behavioral answer (STAR)"}
LONG_HISTORY_FIGURES = {
    "trend",
    "by_track",
    "by_category",
    "criteria_over_time",
    "calendar",
    "time",
    "radar:Technical answer",
}


def test_one_interview_shows_only_what_a_short_history_can_support() -> None:
    rows = [answer(1, DAY0, 55), answer(1, DAY0 + timedelta(minutes=3), 75, "behavioral")]
    days = [
        criterion_day(f"{DAY0:%Y-%m-%d}", "Depth", 3, 1, category="technical"),
        criterion_day(f"{DAY0:%Y-%m-%d}", "Ownership", 4, 1, category="behavioral"),
    ]
    view = analytics.build_progress(rows, days, DAY0.date(), RUBRICS)
    assert set(view.figures) == {
        "by_category",
        "time",
        "radar:Technical answer",
        "radar:Behavioral answer (STAR)",
    }
    assert set(view.waiting) == {"trend", "by_track", "criteria_over_time", "calendar"}
    assert "second interview" in view.waiting["trend"]
    assert view.average == pytest.approx(65)
    assert view.streak.current == 1
    for figure in view.figures.values():
        assert figure.to_json()  # each one serialises, as st.plotly_chart will need


def test_a_longer_history_gets_every_figure() -> None:
    rows = [
        answer(n, DAY0 + timedelta(days=n), 50 + n, category=c, track=t)
        for n, (c, t) in enumerate([("technical", "sql"), ("behavioral", "python")] * 2)
    ]
    days = [criterion_day(f"{DAY0 + timedelta(days=n):%Y-%m-%d}", "Depth", 3, 1) for n in range(4)]
    view = analytics.build_progress(rows, days, DAY0.date() + timedelta(days=4), RUBRICS)
    assert set(view.figures) == LONG_HISTORY_FIGURES and view.waiting == {}


def test_each_rubric_gets_its_own_radar_with_only_its_criteria() -> None:
    days = analytics.criterion_day_frame(
        [
            criterion_day("2026-03-02", "Clarity", 4, 1, category="technical"),
            criterion_day("2026-03-02", "Depth", 2, 1, category="technical"),
            criterion_day("2026-03-02", "Clarity", 2, 1, category="behavioral"),
            criterion_day("2026-03-02", "Ownership", 5, 1, category="behavioral"),
        ],
        RUBRICS,
    )
    radars = analytics.criterion_radar_figures(days)
    assert set(radars) == set(RUBRICS.values())
    technical = radars["Technical answer"].data[0]
    assert list(technical.theta) == ["Clarity", "Depth", "Clarity"]  # closed polygon
    assert list(technical.r) == [4, 2, 4]  # behavioral's Clarity (2) is not mixed in
    assert "Technical answer" in radars["Technical answer"].layout.title.text


def test_the_time_per_answer_chart_labels_its_axis_and_points_in_minutes_and_seconds() -> None:
    rows = [answer(1, DAY0, 60, seconds=80.3), answer(1, DAY0, 60, seconds=200)]
    figure = analytics.time_per_answer_figure(analytics.question_frame(rows))
    assert list(figure.data[0].text) == ["1 min 20 s", "3 min 20 s"]
    ticks = list(figure.layout.yaxis.ticktext)
    assert "1 min" in ticks and "3 min" in ticks
    assert all("." not in t for t in ticks)
    # at 390 px the margin held the tick labels and cut the axis title to "ime taken"
    assert figure.layout.yaxis.title.text == "Time taken" and figure.layout.yaxis.automargin


def test_no_history_gives_an_empty_view_with_no_figures() -> None:
    view = analytics.build_progress([], [], TODAY)
    assert view.empty and view.figures == {} and view.average is None
    assert view.weakest.empty and view.improved.empty


def test_the_trend_figure_draws_each_track_and_the_rolling_average() -> None:
    rows = [answer(n, DAY0 + timedelta(days=n), 50, track=t) for n, t in enumerate("abab")]
    figure = analytics.score_trend_figure(analytics.interview_frame(analytics.question_frame(rows)))
    names = [trace.name for trace in figure.data]
    assert names == ["a", "b", f"Average of last {analytics.TREND_WINDOW}"]


def test_an_evening_interview_sits_under_its_own_days_name_not_the_next_days() -> None:
    evening = datetime(2026, 12, 1, 21, 37)
    rows = [answer(n, evening + timedelta(minutes=10 * n), 50) for n in range(2)]
    figure = analytics.score_trend_figure(analytics.interview_frame(analytics.question_frame(rows)))
    axis = figure.layout.xaxis
    named = [pd.Timestamp(t) for t in axis.tickvals]
    assert [t.strftime("%d %b %H:%M") for t in named] == ["01 Dec 12:00"]  # the day, at its noon
    assert pd.Timestamp(axis.range[0]) <= evening < pd.Timestamp(axis.range[1])
    assert pd.Timestamp(axis.range[1]) == pd.Timestamp("2026-12-02")


def test_radar_labels_wrap_long_criterion_names_and_show_markup_as_text() -> None:
    # at 390 px "Requirements<br>and components" at the radar's right ran off the screen
    assert (
        analytics.axis_label("Requirements and components") == "Requirements<br>and<br>components"
    )
    assert analytics.axis_label("Reasoning and trade-offs") == "Reasoning<br>and<br>trade-offs"
    assert analytics.axis_label("Clarity") == "Clarity"
    assert analytics.axis_label('<a href="x">Depth</a>') == '&lt;a<br>href="x"&gt;Depth&lt;/a&gt;'


# ------------------------------------------------------------------------------- export


def test_the_csv_export_has_one_line_per_answer_and_defuses_spreadsheet_formulas() -> None:
    rows = [answer(1, DAY0, 50), answer(1, DAY0 + timedelta(minutes=2), 70, tags=("a", "b"))]
    rows[1]["prompt"] = "=HYPERLINK('http://evil')"
    data = analytics.history_csv(analytics.question_frame(rows))
    assert data.startswith("\ufeff".encode())  # spreadsheet apps read the accents right
    table = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert table.columns.tolist() == analytics.EXPORT_COLUMNS
    assert len(table) == 2
    assert table.loc[1, "prompt"].startswith("'=")
    assert table.loc[1, "tags"] == "a b"


@pytest.mark.parametrize(
    ("picked", "expected"),
    [
        ((date(2026, 3, 1), date(2026, 3, 3)), (datetime(2026, 3, 1), datetime(2026, 3, 4))),
        ((date(2026, 3, 1),), (datetime(2026, 3, 1), None)),  # the second date not picked yet
        ((), (None, None)),
        (None, (None, None)),
    ],
)
def test_a_picked_date_range_becomes_a_half_open_window(picked, expected) -> None:
    assert analytics.date_window(picked) == expected
