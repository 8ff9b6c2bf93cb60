"""The Progress page never loads the whole history: rendered through AppTest for a history of N
answers and of 4N answers on the same days, it reads about as many rows for both (sums per day,
track, question, criterion and topic, and bounded recent windows), far fewer than the answers."""

from __future__ import annotations

from datetime import datetime, timedelta

from streamlit.testing.v1 import AppTest

from interviewsim.bootstrap import App
from interviewsim.interview import InterviewSetup
from interviewsim.testing.history_rows import HistoryWriter, spread_history
from interviewsim.testing.rows_read import rows_read
from interviewsim.views import RECENT_ANSWERS, RECENT_INTERVIEWS
from interviewsim.webapp import progress_cache

from ..conftest import PROJECT_ROOT

PER_INTERVIEW = 4
DAYS = 12
# Enough interviews that the smaller history already fills every bounded window.
INTERVIEWS = RECENT_INTERVIEWS + 50
assert INTERVIEWS * PER_INTERVIEW > RECENT_ANSWERS


def history_of(app: App, name: str, interviews: int) -> None:
    owner = app.profiles.local(name)
    questions = [q for q in app.bank.questions if q.track in ("python", "sql")]
    first = datetime.now().replace(microsecond=0) - timedelta(days=DAYS)
    past = spread_history(questions, interviews, first, DAYS, PER_INTERVIEW, seed=3)
    HistoryWriter(app.sessions.kw["bind"], app.bank, owner.profile_id).write(past)


def rows_to_render(page: str, profile: str) -> int:
    at = AppTest.from_file(str(PROJECT_ROOT / "streamlit_app.py"), default_timeout=60)
    at.query_params["profile"] = profile
    at.run()
    progress_cache.clear()  # the page's own reads, not a cached result
    with rows_read() as counted:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return counted.rows


def test_the_progress_page_reads_as_many_rows_for_four_times_the_history(app: App) -> None:
    history_of(app, "Ada", INTERVIEWS)
    history_of(app, "Bob", 4 * INTERVIEWS)
    small = rows_to_render("pages/progress.py", "Ada")
    large = rows_to_render("pages/progress.py", "Bob")
    answers = 4 * INTERVIEWS * PER_INTERVIEW
    assert large <= small + 30, (small, large)  # a few more of the bank's questions answered
    assert large < answers / 3, (large, answers)  # nowhere near one row per answer


def test_the_practice_page_reads_as_many_rows_for_four_times_the_history(app: App) -> None:
    history_of(app, "Ada", INTERVIEWS)
    history_of(app, "Bob", 4 * INTERVIEWS)
    small = rows_to_render("pages/practice.py", "Ada")
    large = rows_to_render("pages/practice.py", "Bob")
    assert large <= small + 20, (small, large)


def practised(app: App, name: str, interviews: int) -> int:
    """`interviews` finished two-question interviews on the sample track (three questions, so
    each is asked again and again); the newest one's id."""
    owner = app.profiles.local(name)
    newest = 0
    for n in range(interviews):
        newest = app.interviews.start(owner, InterviewSetup("sample", num_questions=2, seed=n))
        for _ in range(8):
            if app.interviews.view(owner, newest).finished:
                break
            app.interviews.submit_answer(owner, newest, "A list is mutable and a tuple is not.")
    return newest


def test_a_report_reads_as_many_rows_for_four_times_the_history_of_its_questions(
    app: App,
) -> None:
    counts = {}
    for name, interviews in (("Ada", 6), ("Bob", 24)):
        newest = practised(app, name, interviews)
        report = app.history.report(app.profiles.local(name), newest)
        assert all(q.earlier is not None for q in report.questions)  # each asked before
        at = AppTest.from_file(str(PROJECT_ROOT / "streamlit_app.py"), default_timeout=60)
        at.query_params["profile"] = name
        at.run()
        at.query_params["interview"] = str(newest)
        with rows_read() as counted:
            at.switch_page("pages/report.py").run()
        assert not at.exception, at.exception
        counts[name] = counted.rows - interviews  # the picker lists every one of them (<= 100)
    assert counts["Bob"] <= counts["Ada"] + 5, counts
