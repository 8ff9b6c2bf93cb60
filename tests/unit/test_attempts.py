"""Answering a question again: the retry command, attempts in the history store, the comparison on
the Report and in both exports, Progress counting the latest attempt; coach mode's verdicts and the
remembered choice; "Practise this question"; weak spots with no history yet."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect, select

from interviewsim.bank import DEFAULT_DATA_DIR, Bank, load_bank
from interviewsim.bootstrap import App, build_app
from interviewsim.coaching import SO_FAR, Mark
from interviewsim.config import get_settings
from interviewsim.interview import InterviewError, InterviewService, InterviewSetup
from interviewsim.interview.coaching_steps import NO_WEAK_SPOTS_YET
from interviewsim.profiles import Owner, ProfileService
from interviewsim.reasons import CHOSEN
from interviewsim.report import to_json, to_markdown
from interviewsim.scoring.exchange import exchange_text
from interviewsim.selection import WEAK_SPOTS
from interviewsim.states import Role, TurnKind
from interviewsim.store import open_store
from interviewsim.store.db import alembic_config, make_engine, migrate
from interviewsim.store.models import Interview, Profile, Turn
from interviewsim.store.selection_queries import SelectionQueries
from interviewsim.views import HistoryViews

from ..conftest import FIXTURE_BANK, PROJECT_ROOT

LIST_VS_TUPLE = "sample-list-vs-tuple"
PARTIAL = "Lists are mutable and tuples are immutable."
FULL = (
    "Lists are mutable and tuples are immutable, so a tuple can be a dictionary key or go in a "
    "set. I use a tuple for a fixed record like coordinates and a list for similar items that "
    "grow; tuples are also slightly smaller and faster to create."
)
POOR = "I am not sure."


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 0)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def timed(bank: Bank, db_url: str, clock: Clock) -> App:
    return build_app(get_settings(), bank=bank, sessions=open_store(db_url), clock=clock)


def one_question(service: InterviewService, owner: Owner, coach: bool | None = True) -> int:
    return service.start(
        owner, InterviewSetup("sample", question_ids=(LIST_VS_TUPLE,), coach=coach)
    )


def answer_until_done(
    service: InterviewService,
    owner: Owner,
    interview_id: int,
    answer: str,
    clock: Clock | None = None,
    question_index: int | None = None,
) -> None:
    """Answer every turn (follow-ups too) until the interview is over or, when
    `question_index` is given, until it has moved past that question."""
    for _ in range(12):
        view = service.view(owner, interview_id)
        if view.finished or (question_index is not None and view.question_index != question_index):
            return
        if clock:
            clock.advance(30)
        service.submit_answer(owner, interview_id, answer)
    raise AssertionError("the interview never moved on")


# ---------------------------------------------------------------------------- the retry command


def test_retry_creates_a_second_attempt_and_the_comparison_shows_both(
    service: InterviewService, history, owner: Owner
) -> None:
    interview_id = one_question(service, owner)
    answer_until_done(service, owner, interview_id, PARTIAL)
    assert service.view(owner, interview_id).finished

    assert service.retry(owner, interview_id, 0, seen_attempt=1) == 2
    view = service.view(owner, interview_id)
    assert not view.finished and view.attempt == 2 and view.awaiting == TurnKind.main
    assert "again (attempt 2)" in view.messages[-1].content
    answer_until_done(service, owner, interview_id, FULL)

    report = history.report(owner, interview_id)
    question = report.questions[0]
    assert [a.number for a in question.attempts] == [1, 2]
    first, second = question.comparison
    assert first.overall == question.attempts[0].result.overall
    assert second.overall == question.result.overall == question.attempts[1].result.overall
    assert second.change == second.overall - first.overall > 0
    assert "tuples are hashable so they can be dictionary keys or set members" in (
        second.newly_covered
    )
    assert not second.lost
    assert report.status == "completed" and report.overall == question.result.overall


def test_a_retry_is_scored_on_its_own_not_with_the_earlier_attempt(
    service: InterviewService, history, owner: Owner
) -> None:
    interview_id = one_question(service, owner)
    answer_until_done(service, owner, interview_id, FULL)
    service.retry(owner, interview_id, 0)
    answer_until_done(service, owner, interview_id, POOR)
    first, second = history.report(owner, interview_id).questions[0].comparison
    assert second.overall < first.overall
    assert "lists are mutable and tuples are immutable" in second.lost


def test_a_retry_mid_interview_takes_back_the_next_question_and_asks_it_afterwards(
    service: InterviewService, history, owner: Owner
) -> None:
    interview_id = service.start(
        owner, InterviewSetup("sample", "technical", num_questions=2, seed=1, coach=True)
    )
    answer_until_done(service, owner, interview_id, FULL, question_index=0)
    assert service.view(owner, interview_id).question_index == 1  # the next one is waiting

    service.retry(owner, interview_id, 0)
    assert service.view(owner, interview_id).question_index == 0
    answer_until_done(service, owner, interview_id, FULL, question_index=0)
    assert service.view(owner, interview_id).question_index == 1
    answer_until_done(service, owner, interview_id, FULL)

    report = history.report(owner, interview_id)
    assert [len(q.attempts) for q in report.questions] == [2, 1]
    with service.sessions() as s:
        unanswered = s.scalars(select(Turn).where(Turn.answered_at.is_(None))).all()
    assert unanswered == []  # the withdrawn question left no dangling turn


def test_a_second_click_on_try_again_asks_the_question_only_once(
    service: InterviewService, owner: Owner
) -> None:
    interview_id = one_question(service, owner)
    answer_until_done(service, owner, interview_id, PARTIAL)
    assert service.retry(owner, interview_id, 0, seen_attempt=1) == 2
    assert service.retry(owner, interview_id, 0, seen_attempt=1) == 2
    with service.sessions() as s:
        attempts = s.scalars(select(Turn.attempt).where(Turn.kind == TurnKind.main)).all()
    assert sorted(attempts) == [1, 2]


def test_an_interview_ended_early_or_someone_elses_is_not_retried(
    app: App, service: InterviewService, owner: Owner
) -> None:
    interview_id = one_question(service, owner)
    service.submit_answer(owner, interview_id, PARTIAL)
    service.end_early(owner, interview_id)
    with pytest.raises(InterviewError, match="ended early"):
        service.retry(owner, interview_id, 0)
    mine = one_question(service, owner)
    answer_until_done(service, owner, mine, PARTIAL)
    with pytest.raises(InterviewError, match="does not exist"):
        service.retry(app.profiles.local("Mallory"), mine, 0)
    with pytest.raises(InterviewError, match="not been asked"):
        service.retry(owner, mine, 3)


def test_a_finished_interview_is_not_taken_up_while_another_is_in_progress(
    service: InterviewService, owner: Owner
) -> None:
    done = one_question(service, owner)
    answer_until_done(service, owner, done, PARTIAL)
    one_question(service, owner)  # now in progress
    with pytest.raises(InterviewError, match="in progress"):
        service.retry(owner, done, 0)
    assert service.view(owner, done).finished


# ------------------------------------------------------------------- Progress and the exports


def test_progress_counts_the_latest_attempt_with_its_own_time(
    timed: App, owner: Owner, clock: Clock
) -> None:
    service = timed.interviews
    interview_id = one_question(service, owner, coach=False)
    answer_until_done(service, owner, interview_id, PARTIAL, clock)
    before, _ = timed.history.progress_history(owner)
    service.retry(owner, interview_id, 0)
    clock.advance(75)
    service.submit_answer(owner, interview_id, FULL)
    answer_until_done(service, owner, interview_id, FULL, clock)

    rows, criteria = timed.history.progress_history(owner)
    report = timed.history.report(owner, interview_id)
    assert len(before) == len(rows) == 1
    assert rows[0]["overall"] == report.questions[0].result.overall > before[0]["overall"]
    assert rows[0]["time_taken_s"] == pytest.approx(report.questions[0].attempts[1].time_taken_s)
    assert sum(c["scores"] for c in criteria) == len(report.questions[0].result.criteria)
    with timed.sessions() as s:
        chosen = SelectionQueries(s).selection_history(owner.profile_id, "sample")
    assert [r["overall"] for r in chosen] == [rows[0]["overall"]]


def test_both_exports_carry_every_attempt_and_the_comparison(
    service: InterviewService, history, owner: Owner
) -> None:
    interview_id = one_question(service, owner)
    answer_until_done(service, owner, interview_id, PARTIAL)
    service.retry(owner, interview_id, 0)
    answer_until_done(service, owner, interview_id, FULL)
    report = history.report(owner, interview_id)

    markdown = to_markdown(report)
    assert "### Attempt 1 ·" in markdown and "### Attempt 2 ·" in markdown
    assert f"```text\n{PARTIAL}\n```" in markdown and f"```text\n{FULL}\n```" in markdown
    assert "| Attempt | Score | Change | Key points | Newly covered | Lost |" in markdown
    assert "✓ tuples are hashable" in markdown

    data = json.loads(to_json(report))
    question = data["questions"][0]
    assert [a["number"] for a in question["attempts"]] == [1, 2]
    assert question["comparison"][1]["change"] == report.questions[0].comparison[1].change
    assert {e["attempt"] for e in question["exchanges"]} == {1, 2}


# ---------------------------------------------------------------------------------- coach mode


def test_coach_mode_adds_a_verdict_after_each_scored_answer_and_interview_mode_does_not(
    service: InterviewService, owner: Owner
) -> None:
    coached = one_question(service, owner, coach=True)
    service.submit_answer(owner, coached, PARTIAL)
    verdicts = [m for m in service.view(owner, coached).messages if m.role == Role.coach]
    assert len(verdicts) == 1
    verdict = verdicts[0]
    assert verdict.meta["band"] in {"Strong", "Accepted", "Not yet", "Needs work"}
    assert verdict.content.startswith(f"{verdict.meta['band']} · {verdict.meta['overall']}/100")
    marks = dict(verdict.meta["points"])
    assert marks["lists are mutable and tuples are immutable"] == Mark.hit
    assert Mark.missed in marks.values()
    assert verdict.meta["suggestion"]

    plain_interview = one_question(service, owner, coach=False)
    service.submit_answer(owner, plain_interview, PARTIAL)
    messages = service.view(owner, plain_interview).messages
    assert not any(m.role == Role.coach for m in messages)


def test_a_hint_asked_for_on_the_last_question_with_none_left_is_told_so_before_the_wrap_up(
    service: InterviewService, owner: Owner
) -> None:
    interview_id = one_question(service, owner)
    service.submit_answer(owner, interview_id, "I don't know.")  # an offer of a hint
    service.submit_answer(owner, interview_id, "hint")  # the hint: both follow-ups used
    service.submit_answer(owner, interview_id, "Another hint, please.")
    view = service.view(owner, interview_id)
    assert view.finished
    said = [m.content for m in view.messages if m.role == Role.interviewer]
    assert "all the help" in said[-2] and "Next question" not in said[-2]


def test_yes_to_an_offered_hint_is_a_request_and_gets_no_verdict(
    service: InterviewService, owner: Owner
) -> None:
    interview_id = one_question(service, owner)
    service.submit_answer(owner, interview_id, "I don't know.")
    before = [m for m in service.view(owner, interview_id).messages if m.role == Role.coach]
    service.submit_answer(owner, interview_id, "yes please")  # to "a hint, or move on?"
    after = [m for m in service.view(owner, interview_id).messages if m.role == Role.coach]
    assert len(after) == len(before)


@pytest.mark.parametrize("request_", ["hint", "Could you repeat the question?"])
def test_a_request_instead_of_an_answer_gets_no_verdict_so_nothing_unanswered_is_marked(
    service: InterviewService, owner: Owner, request_: str
) -> None:
    interview_id = one_question(service, owner)
    service.submit_answer(owner, interview_id, request_)
    assert not [m for m in service.view(owner, interview_id).messages if m.role == Role.coach]
    service.submit_answer(owner, interview_id, PARTIAL)  # the answer itself gets its verdict
    verdicts = [m for m in service.view(owner, interview_id).messages if m.role == Role.coach]
    assert len(verdicts) == 1 and verdicts[0].meta["overall"] > 0


@pytest.mark.parametrize("request_", ["hint", "Sorry, could you repeat the question?"])
def test_a_request_after_an_answer_gets_no_verdict_and_no_answer_time(
    service: InterviewService, owner: Owner, request_: str
) -> None:
    # The points found in the answer before it are not the request's: a second verdict repeated
    # the first one word for word, and the chat put "Answered in 10 s" under "hint".
    interview_id = one_question(service, owner)
    service.submit_answer(owner, interview_id, PARTIAL)
    assert service.view(owner, interview_id).awaiting == TurnKind.follow_up
    service.submit_answer(owner, interview_id, request_)
    messages = service.view(owner, interview_id).messages
    assert len([m for m in messages if m.role == Role.coach]) == 1
    answer, request = [m for m in messages if m.role == Role.candidate]
    assert answer.meta["time_taken_s"] is not None
    assert request.content == request_ and request.meta["time_taken_s"] is None


def test_i_dont_know_gets_no_verdict_so_the_key_points_are_not_given_away_before_the_hint(
    service: InterviewService, owner: Owner
) -> None:
    interview_id = one_question(service, owner)
    service.submit_answer(owner, interview_id, "Sorry, I don't know.")
    assert not [m for m in service.view(owner, interview_id).messages if m.role == Role.coach]
    unsure_but_right = one_question(service, owner)
    service.submit_answer(owner, unsure_but_right, f"I'm not sure, but {PARTIAL.lower()}")
    verdicts = [m for m in service.view(owner, unsure_but_right).messages if m.role == Role.coach]
    assert len(verdicts) == 1 and verdicts[0].meta["overall"] > 0


def test_the_verdict_after_a_follow_up_answer_says_it_is_for_the_question_so_far(
    service: InterviewService, owner: Owner
) -> None:
    interview_id = one_question(service, owner)
    service.submit_answer(owner, interview_id, PARTIAL)
    assert service.view(owner, interview_id).awaiting == TurnKind.follow_up
    service.submit_answer(owner, interview_id, "I am not sure what else to add.")
    first, second = [m for m in service.view(owner, interview_id).messages if m.role == Role.coach]
    assert not first.meta["so_far"] and "so far" not in first.content.splitlines()[0]
    assert second.meta["so_far"] and second.content.splitlines()[0].endswith(SO_FAR)


def test_a_follow_up_reply_that_says_the_first_answer_again_does_not_lower_the_score(
    service: InterviewService, owner: Owner
) -> None:
    # In a conversation, saying it again is not padding one answer: the question's score was
    # falling from 45 to 20 on "repeats itself".
    interview_id = one_question(service, owner)
    first = service.submit_answer(owner, interview_id, PARTIAL)
    assert service.view(owner, interview_id).awaiting == TurnKind.follow_up
    again = service.submit_answer(owner, interview_id, PARTIAL)
    assert first.result is not None and again.result is not None
    assert again.result.overall >= first.result.overall
    assert "repeats itself" not in again.result.flags


def test_a_follow_up_reply_that_takes_the_first_answer_back_lowers_the_score_and_says_so(
    service: InterviewService, owner: Owner
) -> None:
    interview_id = one_question(service, owner)
    first = service.submit_answer(owner, interview_id, PARTIAL)
    assert service.view(owner, interview_id).awaiting == TurnKind.follow_up
    back = service.submit_answer(
        owner,
        interview_id,
        "Actually a tuple can be changed after creation, just like a list.",
    )
    assert first.result is not None and back.result is not None
    assert "lists are mutable and tuples are immutable" in back.result.contradicted_points
    assert back.result.overall < first.result.overall


def test_an_exchange_keeps_each_sentence_once_in_the_order_first_said() -> None:
    said = exchange_text(
        ["Lists are mutable. Tuples are not.", "tuples are NOT!  And tuples can be dict keys."]
    )
    assert said == "Lists are mutable. Tuples are not.\nAnd tuples can be dict keys."


def test_a_retry_verdict_gives_the_change_from_the_previous_attempt(
    service: InterviewService, owner: Owner
) -> None:
    interview_id = one_question(service, owner)
    answer_until_done(service, owner, interview_id, PARTIAL)
    first = [m for m in service.view(owner, interview_id).messages if m.role == Role.coach][-1]
    service.retry(owner, interview_id, 0)
    service.submit_answer(owner, interview_id, FULL)
    verdict = [m for m in service.view(owner, interview_id).messages if m.role == Role.coach][-1]
    assert verdict.meta["attempt"] == 2 and verdict.meta["previous"] == first.meta["overall"]
    assert "on attempt 1)" in verdict.content.splitlines()[0]


def test_coach_mode_is_on_for_a_new_profile_and_the_last_choice_is_remembered(
    app: App, service: InterviewService, owner: Owner
) -> None:
    assert app.profiles.coach_mode(owner) is True
    first = one_question(service, owner, coach=None)
    assert service.view(owner, first).coach is True
    service.end_early(owner, first)

    second = one_question(service, owner, coach=False)
    service.end_early(owner, second)
    assert app.profiles.coach_mode(owner) is False
    third = one_question(service, owner, coach=None)  # e.g. from the Progress page
    assert service.view(owner, third).coach is False
    assert app.profiles.coach_mode(app.profiles.local("Grace")) is True


# ------------------------------------------------------------------ practising one question


def test_practise_this_question_starts_a_one_question_interview_compared_with_the_last_time(
    timed: App, owner: Owner, clock: Clock
) -> None:
    service = timed.interviews
    earlier = one_question(service, owner)
    answer_until_done(service, owner, earlier, PARTIAL, clock)
    clock.advance(3600)
    again = one_question(service, owner)
    view = service.view(owner, again)
    assert view.total == 1
    ask = next(m for m in view.messages if m.meta.get("question_index") == 0)
    assert ask.meta["reason"] == CHOSEN
    answer_until_done(service, owner, again, FULL, clock)

    question = timed.history.report(owner, again).questions[0]
    assert question.earlier is not None and question.earlier.interview_id == earlier
    assert question.earlier.answer.startswith(PARTIAL)
    assert question.earlier.result.overall < question.result.overall
    assert timed.history.report(owner, earlier).questions[0].earlier is None


def test_a_chosen_question_must_be_in_the_bank_and_on_the_track(
    service: InterviewService, owner: Owner
) -> None:
    with pytest.raises(InterviewError, match="no question"):
        service.start(owner, InterviewSetup("sample", question_ids=("nope",)))
    with pytest.raises(InterviewError, match="not on the track"):
        service.start(owner, InterviewSetup("python", question_ids=(LIST_VS_TUPLE,)))


def test_practise_my_weak_spots_with_no_history_says_it_is_a_balanced_mix(
    service: InterviewService, owner: Owner
) -> None:
    setup = InterviewSetup("sample", num_questions=1, seed=1, focus=WEAK_SPOTS)
    first = service.start(owner, setup)
    notices = [m.content for m in service.view(owner, first).messages if m.role == Role.notice]
    assert NO_WEAK_SPOTS_YET in notices
    answer_until_done(service, owner, first, PARTIAL)
    second = service.start(owner, setup)
    notices = [m.content for m in service.view(owner, second).messages if m.role == Role.notice]
    assert NO_WEAK_SPOTS_YET not in notices


# ---------------------------------------------------------------------------------- migration

MADE_BEFORE = PROJECT_ROOT / "tests" / "fixtures" / "history-0003"


def holds(old: object, new: object) -> bool:
    """Whether `new` keeps everything `old` had (new keys may be added beside it)."""
    if isinstance(old, dict):
        return isinstance(new, dict) and all(k in new and holds(v, new[k]) for k, v in old.items())
    if isinstance(old, list):
        return (
            isinstance(new, list)
            and len(old) == len(new)
            and all(holds(a, b) for a, b in zip(old, new, strict=True))
        )
    return old == new


@pytest.mark.sqlite_only
def test_a_history_file_made_before_attempts_migrates_without_loss(tmp_path: Path) -> None:
    """tests/fixtures/history-0003 was written by the previous version (schema 0003, commit
    f6550fa; `made_by.py` beside it): three interviews, with a follow-up, a skip, one ended early
    and one still running, and their reports and Progress rows as that version exported them."""
    db = tmp_path / "history.sqlite3"
    shutil.copyfile(MADE_BEFORE / "history-0003.sqlite", db)
    expected = json.loads((MADE_BEFORE / "history-0003.json").read_text(encoding="utf-8"))
    sessions = open_store(f"sqlite:///{db}")
    views = HistoryViews(sessions)
    ada = ProfileService(sessions).local("Ada")

    for interview_id, old in expected["reports"].items():
        new = json.loads(to_json(views.report(ada, int(interview_id))))
        assert holds(old, new), interview_id
        assert all(len(q["attempts"]) == 1 for q in new["questions"])
    rows, _ = views.progress_history(ada)
    assert holds(expected["progress_questions"], json.loads(json.dumps(rows, default=str)))
    with sessions() as s:
        assert set(s.scalars(select(Turn.attempt))) == {1}
        assert set(s.scalars(select(Interview.coach))) == {False}
        assert s.scalars(select(Profile.coach_mode)).all() == [True]
    # The interview left running carries on where it was.
    service = InterviewService(sessions, load_bank(DEFAULT_DATA_DIR, FIXTURE_BANK))
    running = service.active_interview(ada)
    assert running == 3 and service.view(ada, running).awaiting is not None
    sessions.kw["bind"].dispose()


def test_migration_0005_downgrades_to_0003_and_back_keeping_the_history(
    db_url: str, bank: Bank
) -> None:
    engine = make_engine(db_url)
    migrate(engine)
    sessions = open_store(db_url)
    owner = ProfileService(sessions).local("Ada")
    service = InterviewService(sessions, bank)
    answer_until_done(service, owner, one_question(service, owner), FULL)
    sessions.kw["bind"].dispose()

    def interviews() -> int:
        with engine.connect() as conn:
            return len(conn.execute(select(Interview.id)).all())

    def columns(table: str) -> set[str]:
        with engine.connect() as conn:
            return {c["name"] for c in inspect(conn).get_columns(table)}

    added = {("turns", "attempt"), ("interviews", "coach"), ("profiles", "coach_mode")}
    assert all(column in columns(table) for table, column in added)
    command.downgrade(alembic_config(engine), "0003")
    assert not any(column in columns(table) for table, column in added)
    assert interviews() == 1
    command.upgrade(alembic_config(engine), "head")
    assert all(column in columns(table) for table, column in added)
    assert interviews() == 1
    engine.dispose()


def test_key_points_in_the_exported_comparison_are_inert_text(
    service: InterviewService, history, owner: Owner
) -> None:
    """A generated question's key points are model text: no link or tag survives the export."""
    interview_id = one_question(service, owner)
    answer_until_done(service, owner, interview_id, PARTIAL)
    service.retry(owner, interview_id, 0)
    answer_until_done(service, owner, interview_id, FULL)
    report = history.report(owner, interview_id)
    question = report.questions[0]
    sneaky = "see [this](http://evil.example) <img src=x onerror=alert(1)> | cell"
    attempts = [
        replace(a, result=replace(a.result, found_points=(sneaky,))) for a in question.attempts
    ]
    markdown = to_markdown(replace(report, questions=[replace(question, attempts=attempts)]))
    row = next(line for line in markdown.splitlines() if line.startswith("| 2 |"))
    assert "\\[this\\]" in row and "`http://evil.example`" in row  # no link, the address as code
    assert "\\<img" in row and "\\| cell" in row
    assert "](http://" not in row and "<img" not in row.replace("\\<img", "")
