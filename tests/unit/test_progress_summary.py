"""The Progress page's data from SQL aggregates and bounded windows: the same numbers, topics and
charts as reading the whole history, a bounded number of raw points, periods on both stores."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import pandas as pd
import pytest

from interviewsim import analytics
from interviewsim.bank import Bank
from interviewsim.bootstrap import App
from interviewsim.interview import InterviewSetup
from interviewsim.profiles import Owner
from interviewsim.progress_summary import build_summary
from interviewsim.store.progress_queries import ProgressQueries, question_versions
from interviewsim.testing.history_rows import (
    HistoryWriter,
    PastAnswer,
    PastInterview,
    spread_history,
)

FIRST = datetime(2026, 1, 5, 8, 0)  # a Monday
TODAY = date(2026, 3, 1)
TRACKS = ("python", "sql")


def write(app: App, owner: Owner, bank: Bank, interviews: int, days: int, seed: int = 1) -> None:
    questions = [q for q in bank.questions if q.track in TRACKS]
    past = spread_history(questions, interviews, FIRST, days, per_interview=4, seed=seed)
    HistoryWriter(app.sessions.kw["bind"], bank, owner.profile_id).write(past)


def rubric_names(bank: Bank) -> dict[str, str]:
    return {c: r.name for r in bank.rubrics.values() for c in r.categories}


def both(app: App, owner: Owner, bank: Bank, **window):
    """The page's summary now, and the whole-history reading it replaces, for one window."""
    names = rubric_names(bank)
    old = analytics.build_progress(*app.history.progress_history(owner, **window), TODAY, names)
    new = build_summary(app.history.progress_summary(owner, **window), TODAY, names)
    return old, new


@pytest.mark.parametrize(
    "window",
    [
        {},
        {"track": "sql"},
        {"since": FIRST + timedelta(days=10), "until": FIRST + timedelta(days=30)},
    ],
)
def test_the_summary_from_sql_aggregates_agrees_with_reading_the_whole_history(
    app: App, owner: Owner, bank: Bank, window: dict
) -> None:
    write(app, owner, bank, interviews=40, days=45)
    old, new = both(app, owner, bank, **window)
    assert new.answers == len(old.questions) > 0
    assert new.interviews == len(old.interviews)
    assert new.average == pytest.approx(old.average)
    assert new.streak == old.streak
    assert new.focus_track == old.focus_track
    assert set(new.figures) == set(old.figures) and new.waiting == old.waiting
    for name in ("by_track", "by_category"):
        if name in old.figures:
            assert list(new.figures[name].data[0].y) == list(old.figures[name].data[0].y)
            assert list(new.figures[name].data[0].x) == pytest.approx(
                list(old.figures[name].data[0].x)
            )
    for rubric, radar in old.radars.items():
        assert list(new.radars[rubric].data[0].r) == pytest.approx(list(radar.data[0].r))
    heat_old, heat_new = (
        old.figures["criteria_over_time"].data[0],
        new.figures["criteria_over_time"].data[0],
    )
    assert list(heat_new.x) == list(heat_old.x) and list(heat_new.y) == list(heat_old.y)
    calendar = old.figures["calendar"].data[0]
    assert new.figures["calendar"].data[0].z.tolist() == calendar.z.tolist()


def test_topics_from_sql_rank_as_the_whole_history_did(app: App, owner: Owner, bank: Bank) -> None:
    write(app, owner, bank, interviews=30, days=20)
    old, new = both(app, owner, bank)
    key = ["track", "topic"]
    expected = old.topics.sort_values(key, ignore_index=True)
    got = new.topics.sort_values(key, ignore_index=True)
    assert got[key].values.tolist() == expected[key].values.tolist()
    assert got["answers"].tolist() == expected["answers"].tolist()
    for column in ("overall", "latest", "change"):
        assert got[column].tolist() == pytest.approx(expected[column].tolist(), nan_ok=True)
    assert new.weakest["topic"].tolist() == old.weakest["topic"].tolist()
    assert new.improved["topic"].tolist() == old.improved["topic"].tolist()


def test_raw_points_come_from_a_bounded_recent_window_and_the_captions_say_so(
    app: App, owner: Owner, bank: Bank
) -> None:
    write(app, owner, bank, interviews=12, days=12)
    facts = app.history.progress_summary(owner, recent_answers=5, recent_interviews=3)
    assert len(facts.recent_answers) == 5
    times = [r["answered_at"] for r in facts.recent_answers]
    assert times == sorted(times, reverse=True)  # the newest
    summary = build_summary(facts, TODAY, rubric_names(bank))
    assert summary.answers == 48 and summary.interviews == 12  # the whole window still
    assert len(summary.figures["trend"].data[-1].x) == 3
    assert summary.captions["trend"] == "The most recent 3 of 12 interviews."
    assert summary.captions["time"] == "The most recent 5 of 48 answers."
    assert "last 3 interviews" in summary.captions["topics"]


def test_the_trend_keeps_its_rolling_average_over_interviews_before_the_window(
    app: App, owner: Owner, bank: Bank
) -> None:
    write(app, owner, bank, interviews=12, days=12)
    whole = analytics.build_progress(*app.history.progress_history(owner), TODAY)
    facts = app.history.progress_summary(owner, recent_interviews=4)
    summary = build_summary(facts, TODAY)
    rolling = list(summary.figures["trend"].data[-1].y)
    assert rolling == pytest.approx(whole.interviews["rolling"].tail(4).tolist())


@pytest.mark.parametrize(
    ("period", "starts"),
    [
        ("D", ["2026-01-30", "2026-02-01", "2026-02-02"]),
        ("W", ["2026-01-26", "2026-02-02"]),  # a Sunday is the end of the week before
        ("M", ["2026-01-01", "2026-02-01"]),
    ],
)
def test_criterion_levels_sum_per_day_week_or_month_on_every_store(
    app: App, owner: Owner, bank: Bank, period: str, starts: list[str]
) -> None:
    question = next(q for q in bank.questions if q.track == "sql")
    days = [datetime(2026, 1, 30, 23, 10), datetime(2026, 2, 1, 9), datetime(2026, 2, 2, 0, 5)]
    past = [
        PastInterview("sql", d, [PastAnswer(question, 70, d + timedelta(minutes=1))]) for d in days
    ]
    HistoryWriter(app.sessions.kw["bind"], bank, owner.profile_id).write(past)
    with app.sessions() as s:
        q = ProgressQueries(s, owner.profile_id)
        versions = question_versions(s, (r["version_id"] for r in q.answers_by_version()))
        categories = {v: c for v, (c, _) in versions.items()}
        daily = q.criteria_per_period("D", categories)
        grouped = q.criteria_per_period(period, categories)
    assert sorted({r["day"] for r in grouped}) == starts
    assert sum(r["scores"] for r in grouped) == sum(r["scores"] for r in daily) > 0
    assert sum(r["level_sum"] for r in grouped) == sum(r["level_sum"] for r in daily)


def test_the_csv_export_streams_the_same_rows_the_whole_history_gave(
    app: App, owner: Owner, bank: Bank
) -> None:
    write(app, owner, bank, interviews=6, days=3)
    old = analytics.history_csv(analytics.question_frame(app.history.progress_history(owner)[0]))
    with app.sessions() as s:
        batches = list(ProgressQueries(s, owner.profile_id).export_rows(batch=7))
    assert len(batches) > 1 and all(len(b) <= 7 for b in batches)
    new = app.history.progress_csv(owner)
    assert new.startswith("\ufeff".encode())
    read = [pd.read_csv(io.BytesIO(data), encoding="utf-8-sig") for data in (old, new)]
    pd.testing.assert_frame_equal(read[1], read[0], check_dtype=False)


def test_past_interviews_come_a_page_at_a_time_with_the_total(
    app: App, owner: Owner, bank: Bank
) -> None:
    write(app, owner, bank, interviews=7, days=7)
    first = app.history.interview_page(owner, 0, 3)
    last = app.history.interview_page(owner, 6, 3)
    assert first.total == last.total == 7
    assert len(first.interviews) == 3 and len(last.interviews) == 1
    every = [s.interview_id for s in app.history.interview_summaries(owner)]
    assert [s.interview_id for s in first.interviews] == every[:3]
    assert [s.interview_id for s in last.interviews] == every[6:]
    bob = app.profiles.local("Bob")
    assert app.history.interview_page(bob).total == 0


def test_the_stamp_changes_with_each_scored_answer_and_each_finished_interview(
    app: App, owner: Owner
) -> None:
    stamps = [app.history.progress_stamp(owner)]
    interview_id = app.interviews.start(owner, InterviewSetup("sample", num_questions=1, seed=1))
    stamps.append(app.history.progress_stamp(owner))
    app.interviews.submit_answer(owner, interview_id, "Tuples are immutable; lists are not.")
    stamps.append(app.history.progress_stamp(owner))
    while not app.interviews.view(owner, interview_id).finished:
        app.interviews.submit_answer(owner, interview_id, "Tuples can be dictionary keys.")
        stamps.append(app.history.progress_stamp(owner))
    assert len(set(stamps)) == len(stamps)
    bob = app.profiles.local("Bob")
    assert app.history.progress_stamp(bob) == stamps[0]  # nothing of Ada's in Bob's
