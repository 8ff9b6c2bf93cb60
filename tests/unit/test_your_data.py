"""Own your data: a person downloads everything the store holds for them, and can delete their
profile or account with its whole history; neither reaches anyone else's rows. On both stores."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from interviewsim.bootstrap import App
from interviewsim.interview import InterviewError, InterviewSetup
from interviewsim.profiles import Owner
from interviewsim.store.models import CriterionScoreRow, Interview, Message, Profile, Turn
from interviewsim.views import EXPORT_FORMAT, my_data_json

ADAS_ANSWER = "Lists are mutable and tuples are immutable: Ada's analytical engine answer."
BOBS_ANSWER = "Tuples never change, so they can be keys: Bob's difference engine answer."
USAGE = {"model": "m-test", "calls": 2, "input_tokens": 300, "output_tokens": 40}


def finish(app: App, owner: Owner, interview_id: int, answer: str) -> None:
    for _ in range(20):
        if app.interviews.view(owner, interview_id).finished:
            return
        app.interviews.submit_answer(owner, interview_id, answer)
    raise AssertionError("the interview did not finish")


@pytest.fixture
def two_histories(app: App) -> tuple[Owner, Owner]:
    """Ada (an account) with a finished and an unfinished interview; Bob (local) with one."""
    ada = app.profiles.account("https://id.example", "ada-1", "ada@example.com", "Ada")
    bob = app.profiles.local("Bob")
    done = app.interviews.start(ada, InterviewSetup("sample", num_questions=2, seed=1))
    finish(app, ada, done, ADAS_ANSWER)
    app.interviews.start(ada, InterviewSetup("sample", num_questions=1, seed=2))
    bobs = app.interviews.start(bob, InterviewSetup("sample", num_questions=1, seed=3))
    app.interviews.submit_answer(bob, bobs, BOBS_ANSWER)
    with app.sessions() as s:
        s.get(Interview, done).usage = USAGE
        s.commit()
    return ada, bob


def rows_of(app: App, profile_id: int) -> dict[str, int]:
    """How many rows of each table belong to this profile."""
    with app.sessions() as s:
        interviews = select(Interview.id).where(Interview.profile_id == profile_id)
        turns = select(Turn.id).where(Turn.interview_id.in_(interviews))

        def count(model, *where) -> int:
            return s.scalar(select(func.count()).select_from(model).where(*where)) or 0

        return {
            "profiles": count(Profile, Profile.id == profile_id),
            "interviews": count(Interview, Interview.profile_id == profile_id),
            "turns": count(Turn, Turn.interview_id.in_(interviews)),
            "criterion_scores": count(CriterionScoreRow, CriterionScoreRow.turn_id.in_(turns)),
            "messages": count(Message, Message.interview_id.in_(interviews)),
        }


def test_the_download_holds_every_row_of_the_owners_history(app: App, two_histories) -> None:
    ada, _ = two_histories
    data = json.loads(my_data_json(app.history.all_my_data(ada)))
    rows = rows_of(app, ada.profile_id)
    assert data["format"] == EXPORT_FORMAT
    assert data["profile"] == {
        "name": "Ada",
        "kind": "account",
        "email": "ada@example.com",
        "sign_in_subject": "https://id.example|ada-1",
        "role": "student",
        "created_at": data["profile"]["created_at"],
    }
    interviews = data["interviews"]
    assert len(interviews) == rows["interviews"] == 2
    assert sum(len(i["turns"]) for i in interviews) == rows["turns"]
    assert (
        sum(len(t["criterion_scores"]) for i in interviews for t in i["turns"])
        == (rows["criterion_scores"])
    )
    assert sum(len(i["messages"]) for i in interviews) == rows["messages"]
    finished = interviews[0]
    assert finished["status"] == "completed" and finished["overall"] is not None
    assert finished["usage"] == USAGE
    answered = [t for t in finished["turns"] if t["answer"]]
    assert answered and all(t["answer"] == ADAS_ANSWER for t in answered)
    # Each exchange keeps the detail of its latest score (earlier ones keep only the number).
    detailed = [t for t in answered if t["result"] is not None]
    assert detailed and all(t["result"]["overall"] == t["overall"] for t in detailed)
    assert {m["role"] for m in finished["messages"]} >= {"interviewer", "candidate"}


def test_the_download_holds_nothing_of_anyone_else(app: App, two_histories) -> None:
    ada, bob = two_histories
    adas = my_data_json(app.history.all_my_data(ada))
    bobs = json.loads(my_data_json(app.history.all_my_data(bob)))
    assert "difference engine" not in adas and "Bob" not in adas
    assert [i["id"] for i in bobs["interviews"]] == [
        s.interview_id for s in app.history.interview_summaries(bob)
    ]
    assert "analytical engine" not in json.dumps(bobs)
    assert bobs["profile"]["kind"] == "local profile" and bobs["profile"]["email"] is None


def test_deleting_an_account_removes_its_rows_and_only_its_rows(app: App, two_histories) -> None:
    ada, bob = two_histories
    adas_interviews = [s.interview_id for s in app.history.interview_summaries(ada)]
    bobs_before = rows_of(app, bob.profile_id)
    assert app.profiles.delete(ada) == 2
    assert rows_of(app, ada.profile_id) == dict.fromkeys(bobs_before, 0)
    assert rows_of(app, bob.profile_id) == bobs_before
    assert app.history.interview_summaries(bob) != []
    again = app.profiles.account("https://id.example", "ada-1", "ada@example.com", "Ada")
    assert again.profile_id != ada.profile_id
    assert app.history.interview_summaries(again) == []
    for interview_id in adas_interviews:
        with pytest.raises(InterviewError, match="does not exist"):
            app.history.report(again, interview_id)


def test_deleting_a_local_profile_removes_it_from_the_picker(app: App, two_histories) -> None:
    ada, bob = two_histories
    adas_before = rows_of(app, ada.profile_id)
    assert app.profiles.delete(bob) == 1
    assert rows_of(app, bob.profile_id)["profiles"] == 0
    assert "Bob" not in app.profiles.local_names()
    assert rows_of(app, ada.profile_id) == adas_before
    assert app.history.interview_summaries(app.profiles.local("Bob")) == []
