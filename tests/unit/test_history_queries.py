"""The store queries behind adaptive practice and the Progress page, and migration 0002."""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd
import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select, text

from interviewsim import analytics
from interviewsim.bank import Bank
from interviewsim.bootstrap import App, build_app
from interviewsim.config import get_settings
from interviewsim.interview import InterviewService, InterviewSetup
from interviewsim.profiles import Owner
from interviewsim.store import open_store
from interviewsim.store.db import alembic_config, make_engine, migrate
from interviewsim.store.history import HistoryQueries
from interviewsim.store.models import Base, CriterionScoreRow
from interviewsim.store.scored_turns import final_scored_turns
from interviewsim.store.selection_queries import SelectionQueries

GOOD = "Lists are mutable and tuples are immutable, so only tuples are hashable dictionary keys."
POOR = "I am not sure."
START = datetime(2026, 2, 2, 9, 0)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock(START)


@pytest.fixture
def timed(bank: Bank, db_url: str, clock: Clock) -> App:
    return build_app(get_settings(), bank=bank, sessions=open_store(db_url), clock=clock)


def criterion_levels(app: App, owner: Owner) -> list[dict]:
    """Every criterion level of each question's final scored turn, one row per score: the
    straightforward reading that the daily sums in SQL must agree with."""
    with app.sessions() as s:
        last = final_scored_turns(owner.profile_id)
        stmt = select(CriterionScoreRow.name, CriterionScoreRow.level).join(
            last, last.c.turn_id == CriterionScoreRow.turn_id
        )
        return [dict(row._mapping) for row in s.execute(stmt)]


def finish(
    service: InterviewService, owner: Owner, interview_id: int, answer: str, clock: Clock
) -> None:
    for _ in range(20):
        if service.view(owner, interview_id).finished:
            return
        clock.advance(seconds=30)
        service.submit_answer(owner, interview_id, answer)
    raise AssertionError("the interview never finished")


def interview(
    service: InterviewService, owner: Owner, clock: Clock, n: int, seed: int, answer: str = GOOD
) -> int:
    """A whole interview on the sample track, every answer 30 s after the last."""
    interview_id = service.start(owner, InterviewSetup("sample", num_questions=n, seed=seed))
    finish(service, owner, interview_id, answer, clock)
    return interview_id


# ------------------------------------------------------------------------------ the queries


def test_selection_history_has_one_row_per_scored_question_with_its_rubric_levels(
    timed: App, owner: Owner, clock: Clock
) -> None:
    interview(timed.interviews, owner, clock, n=2, seed=1)
    with timed.sessions() as s:
        rows = SelectionQueries(s).selection_history(owner.profile_id, "sample")
        legacy = HistoryQueries(s).progress_questions(owner.profile_id)
    assert [r["question_id"] for r in rows] == [r["question_id"] for r in legacy]
    assert [r["overall"] for r in rows] == [r["overall"] for r in legacy]
    assert all(r["criteria"] and all(1 <= v <= 5 for v in r["criteria"].values()) for r in rows)


def test_selection_history_can_keep_rubric_levels_for_only_the_latest_answers(
    timed: App, owner: Owner, clock: Clock
) -> None:
    interview(timed.interviews, owner, clock, n=3, seed=1)
    with timed.sessions() as s:
        rows = SelectionQueries(s).selection_history(
            owner.profile_id, "sample", criteria_for_last=1
        )
        other_track = SelectionQueries(s).selection_history(owner.profile_id, "python")
    assert [bool(r["criteria"]) for r in rows] == [False, False, True]
    assert other_track == []


def test_progress_rows_count_the_time_spent_on_follow_ups_too(
    timed: App, owner: Owner, clock: Clock
) -> None:
    interview_id = timed.interviews.start(
        owner, InterviewSetup("sample", "technical", num_questions=1, seed=1)
    )
    clock.advance(seconds=40)
    timed.interviews.submit_answer(
        owner, interview_id, "Tuples cannot be changed."
    )  # draws a follow-up
    assert timed.interviews.view(owner, interview_id).awaiting == "follow_up"
    clock.advance(seconds=25)
    timed.interviews.submit_answer(
        owner, interview_id, "Tuples are hashable so they can be dictionary keys."
    )
    finish(timed.interviews, owner, interview_id, GOOD, clock)
    questions, _ = timed.history.progress_history(owner)
    spent = timed.history.report(owner, interview_id).questions[0].time_taken_s
    assert questions[0]["time_taken_s"] == pytest.approx(spent)
    assert spent >= 65
    assert questions[0]["prompt"].startswith("What is the difference between a list")


def test_the_daily_criterion_sums_agree_with_the_per_score_history(
    timed: App, owner: Owner, clock: Clock
) -> None:
    interview(timed.interviews, owner, clock, n=2, seed=1)
    clock.advance(days=1)
    interview(timed.interviews, owner, clock, n=2, seed=2, answer=POOR)
    _, days = timed.history.progress_history(owner)
    from_sql = analytics.criterion_averages(analytics.criterion_day_frame(days))
    per_score = pd.DataFrame(criterion_levels(timed, owner))
    expected = per_score.groupby("name")["level"].mean()
    assert from_sql.set_index("name")["level"].to_dict() == pytest.approx(expected.to_dict())
    assert len({d["day"] for d in days}) == 2


def test_progress_rows_filter_by_track_and_by_start_date(
    timed: App, owner: Owner, clock: Clock
) -> None:
    interview(timed.interviews, owner, clock, n=1, seed=1)
    clock.advance(days=3)
    interview(timed.interviews, owner, clock, n=1, seed=2)
    since = START + timedelta(days=1)
    later, later_days = timed.history.progress_history(owner, "sample", since=since)
    earlier, _ = timed.history.progress_history(owner, until=since)
    assert len(later) == len(earlier) == 1
    assert later[0]["answered_at"] > since > earlier[0]["answered_at"]
    assert {d["day"] for d in later_days} == {f"{START + timedelta(days=3):%Y-%m-%d}"}
    assert timed.history.progress_history(owner, "python") == ([], [])
    bounds = timed.history.history_bounds(owner)
    assert [(b["track"], b["interviews"]) for b in bounds] == [("sample", 2)]
    assert bounds[0]["first"] == START and bounds[0]["last"] > START + timedelta(days=3)


# ------------------------------------------------------------------ choosing through the service


def test_a_question_answered_badly_is_asked_again_the_next_day_with_the_reason(
    timed: App, owner: Owner, clock: Clock
) -> None:
    first = timed.interviews.start(
        owner, InterviewSetup("sample", "technical", num_questions=1, seed=1)
    )
    asked = timed.history.report(owner, first).questions[0].question.id
    finish(timed.interviews, owner, first, POOR, clock)
    assert timed.history.report(owner, first).overall < 50

    clock.advance(hours=2)  # not due yet: the other technical question comes first
    soon = timed.interviews.start(
        owner, InterviewSetup("sample", "technical", num_questions=1, seed=1)
    )
    assert timed.history.report(owner, soon).questions[0].question.id != asked
    timed.interviews.end_early(owner, soon)

    clock.advance(days=1)
    again = timed.interviews.start(
        owner, InterviewSetup("sample", "technical", num_questions=1, seed=1)
    )
    assert timed.history.report(owner, again).questions[0].question.id == asked
    ask = next(
        m for m in timed.interviews.view(owner, again).messages if m.meta.get("question_index") == 0
    )
    assert ask.meta["reason"] == "due for review"


# -------------------------------------------------------------------------- migration 0002


def test_migration_0002_adds_the_history_indexes_and_downgrades_cleanly(db_url: str) -> None:
    engine = make_engine(db_url)
    migrate(engine)

    def index_names() -> set[str]:
        with engine.connect() as conn:
            found = inspect(conn)
            tables = ("turns", "criterion_scores", "interviews")
            return {i["name"] for t in tables for i in found.get_indexes(t)}

    added = {
        "ix_turns_interview_question",
        "ix_criterion_scores_turn_level",
        "ix_interviews_profile_track_started",
    }
    assert added <= index_names()
    assert "ix_criterion_scores_turn" not in index_names()  # the new one covers it
    command.downgrade(alembic_config(engine), "0001")
    assert not added & index_names() and "ix_criterion_scores_turn" in index_names()
    command.upgrade(alembic_config(engine), "head")
    assert added <= index_names()


@pytest.mark.sqlite_only  # EXPLAIN QUERY PLAN is SQLite's
def test_the_history_queries_read_the_covering_indexes(
    service: InterviewService, owner: Owner
) -> None:
    with service.sessions() as s:
        last = final_scored_turns(owner.profile_id, "sample")
        stmt = select(CriterionScoreRow.level).join(
            last, last.c.turn_id == CriterionScoreRow.turn_id
        )
        sql = str(stmt.compile(compile_kwargs={"literal_binds": True}))
        plan = " ".join(str(row[-1]) for row in s.execute(text(f"EXPLAIN QUERY PLAN {sql}")))
    assert "COVERING INDEX ix_turns_interview_question" in plan
    assert "COVERING INDEX ix_interviews_profile_track_started" in plan
    assert "COVERING INDEX ix_criterion_scores_turn_level" in plan


def test_the_models_and_the_migrations_describe_the_same_schema(db_url: str) -> None:
    engine = make_engine(db_url)
    migrate(engine)
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
