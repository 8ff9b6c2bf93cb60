"""The Progress page through AppTest: every chart, the filters, the export, one-click practice."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from streamlit.testing.v1 import AppTest

from interviewsim.bank import Bank
from interviewsim.bootstrap import App
from interviewsim.interview import InterviewService, InterviewSetup, utcnow
from interviewsim.profiles import Owner
from interviewsim.store import open_store
from interviewsim.testing.history_rows import HistoryWriter, spread_history
from interviewsim.views import PAGE_SIZE

from ..conftest import PROJECT_ROOT
from .downloads import downloads

GOOD = "Lists are mutable and tuples are immutable, so only tuples can be dictionary keys."
POOR = "I am not sure."
LONG_HISTORY_TITLES = [  # in page order; a radar per rubric answered comes after the bars
    "Overall score per interview",
    "Average by category",
    "Rubric levels · ",
    "Rubric criteria over time",
    "Practice calendar",
    "Time per answer",
]


def seed_history(bank: Bank, db_url: str, owner: Owner, days: int) -> None:
    """One finished interview a day for `days` days up to today, alternating good and poor.

    Each day's interview starts just after midnight, so the clock's steps never carry it into the
    next day however late the test runs (at 23:59 they used to land tomorrow, ending the streak).
    """
    midnight = utcnow().replace(hour=0, minute=0, second=0, microsecond=0)
    first = midnight - timedelta(days=days - 1) + timedelta(minutes=1)
    now = [first]

    def clock() -> datetime:
        now[0] += timedelta(seconds=20)
        return now[0]

    service = InterviewService(open_store(db_url), bank, clock=clock)
    for day in range(days):
        now[0] = first + timedelta(days=day)
        interview_id = service.start(owner, InterviewSetup("sample", num_questions=2, seed=day))
        for _ in range(10):
            if service.view(owner, interview_id).finished:
                break
            service.submit_answer(owner, interview_id, GOOD if day % 2 else POOR)


def chart_titles(at: AppTest) -> list[str]:
    """The title of every plotly chart on the page, read from the figure sent to the browser."""
    return [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]


def progress_page() -> AppTest:
    at = AppTest.from_file(str(PROJECT_ROOT / "streamlit_app.py"), default_timeout=30)
    at.query_params["profile"] = "Ada"
    at.run()
    return at.switch_page("pages/progress.py").run()


def test_after_one_interview_the_page_shows_only_what_a_short_history_supports(
    bank: Bank, db_url: str, owner: Owner
) -> None:
    seed_history(bank, db_url, owner, days=1)
    at = progress_page()
    assert not at.exception
    titles = chart_titles(at)
    assert titles and len(titles) <= 4, titles
    assert not any(
        t.startswith(("Overall score per interview", "Practice calendar")) for t in titles
    )
    assert not any(t.startswith(("Average by track", "Rubric criteria over time")) for t in titles)
    radars = [t for t in titles if t.startswith("Rubric levels · ")]
    assert radars and len(set(radars)) == len(radars)  # one radar per rubric
    assert any(
        "More charts appear" in c.value and "second interview" in c.value for c in at.caption
    )
    assert at.metric[0].value == "1" and at.metric[3].value == "1 d"


def test_six_days_of_practice_draw_the_trend_calendar_and_criteria_over_time(
    bank: Bank, db_url: str, owner: Owner
) -> None:
    seed_history(bank, db_url, owner, days=6)
    at = progress_page()
    assert not at.exception
    titles = chart_titles(at)
    expected = iter(LONG_HISTORY_TITLES)
    wanted = next(expected)
    for title in titles:  # every expected chart, in page order (radars may repeat)
        if title.startswith(wanted):
            wanted = next(expected, None)
            if wanted is None:
                break
    assert wanted is None, titles
    assert [m.label for m in at.metric] == [
        "Interviews",
        "Answers scored",
        "Average score",
        "Streak",
    ]
    assert at.metric[0].value == "6"
    assert at.metric[3].value == "6 d"  # one interview a day, up to today
    assert downloads(at) == {"Download history (CSV)": True}
    assert any(b.label.startswith("Practise my weak spots") for b in at.button)
    assert any(b.label == "Practise" for b in at.button)  # one per weak topic


def test_without_history_the_progress_page_points_to_practice() -> None:
    at = progress_page()
    assert not at.exception
    assert "first scored answer" in at.info[0].value
    assert not at.get("plotly_chart")


def test_the_date_and_track_filters_narrow_the_page(bank: Bank, db_url: str, owner: Owner) -> None:
    seed_history(bank, db_url, owner, 3)
    at = progress_page()
    first = at.date_input(key="progress_dates").value[0]
    at.date_input(key="progress_dates").set_value((first, first)).run()
    assert not at.exception
    assert at.metric[0].value == "1"  # only the first day's interview

    at.selectbox(key="progress_track").set_value("sample").run()
    assert not at.exception and at.metric[0].value == "1"


def test_practising_a_weak_topic_opens_an_interview_on_that_topic_with_the_reason_shown(
    bank: Bank, db_url: str, owner: Owner
) -> None:
    seed_history(bank, db_url, owner, 2)
    at = progress_page()
    next(b for b in at.button if b.label == "Practise").click().run()
    assert not at.exception
    assert at.title[0].value == "Practice"
    assert at.chat_input  # the new interview is waiting for an answer
    reasons = [c.value for c in at.caption if c.value.startswith("Why this question")]
    assert reasons


def test_the_weak_spots_button_on_the_practice_page_starts_an_adaptive_interview(
    bank: Bank, db_url: str, owner: Owner
) -> None:
    seed_history(bank, db_url, owner, 2)
    at = AppTest.from_file(str(PROJECT_ROOT / "streamlit_app.py"), default_timeout=30)
    at.query_params["profile"] = "Ada"
    at.run()
    at.selectbox(key="practice_track").set_value("sample")
    at.slider(key="practice_count").set_value(2)
    next(b for b in at.button if b.label == "Practise my weak spots").click().run()
    assert not at.exception
    assert at.chat_input
    assert any(c.value.startswith("Why this question") for c in at.caption)


def test_the_weak_spot_buttons_wait_while_an_interview_is_in_progress(
    bank: Bank, db_url: str, owner: Owner, service: InterviewService
) -> None:
    seed_history(bank, db_url, owner, 2)
    service.start(owner, InterviewSetup("sample", num_questions=1, seed=1))
    at = progress_page()
    assert not at.exception
    assert not any(b.label.startswith("Practise my weak spots") for b in at.button)
    assert all(b.disabled for b in at.button if b.label == "Practise")


def test_past_interviews_show_a_page_at_a_time_and_older_ones_on_request(
    app: App, owner: Owner
) -> None:
    questions = [q for q in app.bank.questions if q.track == "sample"]
    first = utcnow().replace(microsecond=0) - timedelta(days=5)
    past = spread_history(questions, PAGE_SIZE + 5, first, 5, per_interview=1)
    HistoryWriter(app.sessions.kw["bind"], app.bank, owner.profile_id).write(past)
    at = progress_page()
    assert not at.exception
    reports = [b for b in at.button if b.label == "Report"]
    assert len(reports) == PAGE_SIZE
    assert any(
        c.value == f"Interviews 1–{PAGE_SIZE} of {PAGE_SIZE + 5}, newest first." for c in at.caption
    )
    at.button(key="progress_older").click().run()
    assert not at.exception
    assert len([b for b in at.button if b.label == "Report"]) == 5
    assert any(c.value.startswith(f"Interviews {PAGE_SIZE + 1}–") for c in at.caption)
    assert at.button(key="progress_older").disabled
    at.button(key="progress_newer").click().run()
    assert len([b for b in at.button if b.label == "Report"]) == PAGE_SIZE
