"""Private by default: every read and write takes its owner, and an id never reaches someone else's
interview; profile names are checked, not cut; the same profile created twice is one row."""

from __future__ import annotations

import threading

import pytest

from interviewsim.bootstrap import App
from interviewsim.interview import InterviewError, InterviewSetup
from interviewsim.profiles import ProfileError

ANSWER = "Lists are mutable and tuples are immutable, so only tuples can be dictionary keys."


@pytest.fixture
def adas_interview(app: App) -> int:
    ada = app.profiles.local("Ada")
    interview_id = app.interviews.start(ada, InterviewSetup("sample", num_questions=2, seed=1))
    app.interviews.submit_answer(ada, interview_id, ANSWER)
    return interview_id


@pytest.fixture
def bob(app: App):
    return app.profiles.local("Bob")


NOT_FOUND = r"Interview \d+ does not exist"


def test_someone_else_cannot_see_an_interview_by_its_id(app: App, adas_interview, bob) -> None:
    with pytest.raises(InterviewError, match=NOT_FOUND):
        app.interviews.view(bob, adas_interview)


def test_someone_else_cannot_answer_into_an_interview(app: App, adas_interview, bob) -> None:
    with pytest.raises(InterviewError, match=NOT_FOUND):
        app.interviews.submit_answer(bob, adas_interview, "I am not Ada.")
    ada = app.profiles.local("Ada")
    answers = [
        m for m in app.interviews.view(ada, adas_interview).messages if m.role == "candidate"
    ]
    assert [m.content for m in answers] == [ANSWER]


def test_someone_else_cannot_skip_or_end_an_interview(app: App, adas_interview, bob) -> None:
    with pytest.raises(InterviewError, match=NOT_FOUND):
        app.interviews.skip(bob, adas_interview)
    with pytest.raises(InterviewError, match=NOT_FOUND):
        app.interviews.end_early(bob, adas_interview)
    assert not app.interviews.view(app.profiles.local("Ada"), adas_interview).finished


def test_someone_else_cannot_read_the_report(app: App, adas_interview, bob) -> None:
    with pytest.raises(InterviewError, match=NOT_FOUND):
        app.history.report(bob, adas_interview)


def test_lists_and_progress_hold_only_the_owners_interviews(app: App, adas_interview, bob) -> None:
    ada = app.profiles.local("Ada")
    assert app.interviews.active_interview(bob) is None
    assert app.interviews.active_interview(ada) == adas_interview
    assert app.history.interview_summaries(bob) == []
    assert app.history.progress_history(bob) == ([], [])
    assert app.history.history_bounds(bob) == []
    assert [s.interview_id for s in app.history.interview_summaries(ada)] == [adas_interview]


def test_a_new_interview_is_chosen_from_the_owners_history_only(app: App, bob) -> None:
    ada = app.profiles.local("Ada")
    first = app.interviews.start(ada, InterviewSetup("sample", num_questions=3, seed=1))
    for _ in range(20):
        if app.interviews.view(ada, first).finished:
            break
        app.interviews.submit_answer(ada, first, "I do not know.")
    adas_next = app.interviews.start(ada, InterviewSetup("sample", num_questions=3, seed=1))
    bobs_first = app.interviews.start(bob, InterviewSetup("sample", num_questions=3, seed=1))
    assert app.history.report(ada, adas_next).questions[0].reason.startswith("asked recently")
    assert app.history.report(bob, bobs_first).questions[0].reason == "new"


def test_an_account_and_a_local_profile_with_the_same_name_are_different_people(
    app: App, adas_interview
) -> None:
    account = app.profiles.account("https://id.example", "sub-123", "ada@example.com", "Ada")
    assert account.account and account.name == "Ada"
    assert account.profile_id != app.profiles.local("Ada").profile_id
    assert app.history.interview_summaries(account) == []
    again = app.profiles.account("https://id.example", "sub-123", "ada@example.com", "Ada L.")
    assert again.profile_id == account.profile_id


def test_a_blank_profile_name_is_refused_with_a_message(app: App) -> None:
    with pytest.raises(ProfileError, match="needs a name"):
        app.profiles.local("   ")


def test_an_over_long_profile_name_is_refused_rather_than_cut(app: App) -> None:
    long = "Alexandra " * 5
    with pytest.raises(ProfileError, match="up to 40 characters"):
        app.profiles.local(long)
    assert app.profiles.local_names() == []


def test_the_same_profile_created_twice_at_once_is_one_row(app: App) -> None:
    ids: list[int] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def create() -> None:
        barrier.wait()
        try:
            ids.append(app.profiles.local("Guest").profile_id)
        except BaseException as exc:  # pragma: no cover - what the test guards against
            errors.append(exc)

    threads = [threading.Thread(target=create) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(ids) == 8 and len(set(ids)) == 1
    assert app.profiles.local_names() == ["Guest"]
