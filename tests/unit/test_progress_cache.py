"""The Progress page's cache: keyed on the store, the profile and its latest change, so a rerun
that changes nothing reads only the stamp, a new answer is shown at once, and one person's
figures never reach another."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from interviewsim.bootstrap import App
from interviewsim.interview import InterviewSetup
from interviewsim.profiles import Owner
from interviewsim.testing.history_rows import HistoryWriter, spread_history
from interviewsim.testing.rows_read import rows_read
from interviewsim.webapp import progress_cache
from interviewsim.webapp.progress_cache import progress_summary, summary_key

TODAY = date(2026, 3, 1)
NAMES: dict[str, str] = {}


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    progress_cache.clear()


def write(app: App, owner: Owner, interviews: int) -> None:
    questions = [q for q in app.bank.questions if q.track == "sql"]
    past = spread_history(questions, interviews, datetime(2026, 2, 1, 9), 10, per_interview=2)
    HistoryWriter(app.sessions.kw["bind"], app.bank, owner.profile_id).write(past)


def summary(app: App, owner: Owner):
    return progress_summary(app, owner, None, None, None, TODAY, NAMES)


def test_a_rerun_that_changes_nothing_reads_only_the_stamp(app: App, owner: Owner) -> None:
    write(app, owner, 30)
    with rows_read() as first:
        summary(app, owner)
    with rows_read() as again:
        assert summary(app, owner).answers == 60
    assert first.rows > 100
    assert again.rows <= 2  # the stamp's two one-row reads


def test_a_new_answer_changes_the_key_and_is_shown_at_once(app: App, owner: Owner) -> None:
    write(app, owner, 3)
    key = summary_key(app, owner, None, None, None)
    assert summary(app, owner).answers == 6
    interview_id = app.interviews.start(owner, InterviewSetup("sample", num_questions=2, seed=1))
    app.interviews.submit_answer(owner, interview_id, "Tuples are immutable; lists are not.")
    assert summary_key(app, owner, None, None, None) != key
    assert summary(app, owner).answers == 7


def test_another_owner_never_gets_a_cached_summary(app: App, owner: Owner) -> None:
    bob = app.profiles.local("Bob")
    assert summary_key(app, owner, None, None, None) != summary_key(app, bob, None, None, None)
    write(app, owner, 4)
    write(app, bob, 9)
    assert summary(app, owner).answers == 8
    assert summary(app, bob).answers == 18
    assert summary(app, owner).answers == 8


def test_the_window_is_part_of_the_key(app: App, owner: Owner) -> None:
    write(app, owner, 10)
    since = datetime(2026, 2, 6)
    whole = progress_summary(app, owner, None, None, None, TODAY, NAMES)
    later = progress_summary(app, owner, None, since, None, TODAY, NAMES)
    assert 0 < later.answers < whole.answers
    assert summary_key(app, owner, "sql", None, None) != summary_key(app, owner, None, None, None)
    assert summary_key(app, owner, None, since, since + timedelta(days=1)) != summary_key(
        app, owner, None, since, None
    )
