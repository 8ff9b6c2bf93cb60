"""Delivery insights kept with every answer: computed when it is saved (typed or spoken), stored on
its turn, carried by coach mode's verdict, the report, and both exports."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from interviewsim.delivery_charts import delivery_figures, delivery_waiting
from interviewsim.insights import Insights, insights
from interviewsim.interview import InterviewSetup
from interviewsim.report import to_json, to_markdown
from interviewsim.states import Role
from interviewsim.store.delivery_queries import owner_delivery_days
from interviewsim.store.models import Message, Turn

from .test_markdown_text import render, tags, visible_text

FILLED = "Um, basically lists are mutable and, um, tuples are immutable, like, you know, fixed."


def one_question(service, owner, coach: bool = False) -> int:  # type: ignore[no-untyped-def]
    setup = InterviewSetup("sample", "technical", num_questions=1, seed=2, coach=coach)
    return service.start(owner, setup)


def answered_turn(service, interview_id: int) -> Turn:  # type: ignore[no-untyped-def]
    with service.sessions() as session:
        return session.scalars(
            select(Turn).where(Turn.interview_id == interview_id, Turn.answer.is_not(None))
        ).first()


def test_a_typed_answer_keeps_its_fillers_and_terms_but_no_duration(service, owner) -> None:
    interview_id = one_question(service, owner)
    service.submit_answer(owner, interview_id, FILLED)
    turn = answered_turn(service, interview_id)
    assert turn.duration_s is None
    said = Insights.from_stored(turn.insights)
    assert turn.filler_count == said.filler_count >= 4
    assert {c.text: c.count for c in said.fillers}["um"] == 2
    assert turn.word_count == said.word_count
    assert turn.term_count == len(said.terms_used) > 0
    assert said.pace_wpm is None and not said.spoken


def test_a_spoken_answer_keeps_its_length_and_pace_and_the_chat_says_it_was_spoken(
    service, owner
) -> None:
    interview_id = one_question(service, owner)
    service.submit_answer(owner, interview_id, FILLED, duration_s=6.0)
    turn = answered_turn(service, interview_id)
    assert turn.duration_s == 6.0
    assert Insights.from_stored(turn.insights).pace_wpm == round(turn.word_count / 6.0 * 60, 1)
    candidate = next(m for m in service.view(owner, interview_id).messages if m.role == "candidate")
    assert candidate.meta["duration_s"] == 6.0


def test_a_request_is_not_an_answer_to_say_how_it_was_said(service, owner) -> None:
    interview_id = one_question(service, owner)
    outcome = service.submit_answer(owner, interview_id, "Can I get a hint?", duration_s=3.0)
    assert outcome.delivery is None  # the CLI prints it after each answer
    turn = answered_turn(service, interview_id)
    assert (turn.insights, turn.word_count, turn.duration_s) == (None, None, None)


def test_an_impossible_duration_is_not_taken_for_a_spoken_answer(service, owner) -> None:
    interview_id = one_question(service, owner)
    service.submit_answer(owner, interview_id, FILLED, duration_s=-3)
    assert answered_turn(service, interview_id).duration_s is None


def test_coach_mode_s_verdict_carries_the_answer_s_insights(service, owner) -> None:
    coached = one_question(service, owner, coach=True)
    service.submit_answer(owner, coached, FILLED)
    with service.sessions() as session:
        verdict = session.scalars(
            select(Message).where(Message.interview_id == coached, Message.role == Role.coach)
        ).one()
        assert verdict.details["delivery"]["f"]["um"] == 2


def test_the_report_and_both_exports_show_how_each_answer_was_said(service, history, owner) -> None:
    interview_id = one_question(service, owner)
    service.submit_answer(
        owner, interview_id, FILLED + " <b>hashable</b> **hashable**", duration_s=8
    )
    report = history.report(owner, interview_id)
    exchange = report.questions[0].exchanges[0]
    assert exchange.duration_s == 8 and exchange.insights is not None
    assert exchange.insights.fillers[0].text == "um"

    markdown = to_markdown(report)
    assert "*How it was said:*" in markdown and "spoken for 8 s" in markdown
    shown = visible_text(render(markdown))
    assert "Pace: " in shown and "words per minute" in shown
    assert "b" not in tags(render(markdown))  # the answer's markup stays text
    data = json.loads(to_json(report))
    said = data["questions"][0]["exchanges"][0]["insights"]
    assert said["filler_count"] == exchange.insights.filler_count
    assert {"text": "um", "count": 2} in said["fillers"]
    assert data["questions"][0]["exchanges"][0]["duration_s"] == 8


def test_progress_adds_up_fillers_pace_and_terms_per_day_for_the_owner_only(
    service, app, owner
) -> None:
    first = one_question(service, owner)
    service.submit_answer(owner, first, FILLED, duration_s=6.0)
    second = one_question(service, owner)
    service.submit_answer(owner, second, "Tuples are immutable and hashable; lists are mutable.")
    third = one_question(service, owner)
    service.submit_answer(owner, third, FILLED, duration_s=4.0)
    other = app.profiles.local("Grace")
    theirs = one_question(service, other)
    service.submit_answer(other, theirs, "Um um um um um.", duration_s=1.0)
    with service.sessions() as session:  # the first answer was given the day before
        turn = session.get(Turn, answered_turn(service, first).id)
        turn.answered_at -= timedelta(days=1)
        session.commit()

    days = owner_delivery_days(service.sessions, owner)
    assert [d.answers for d in days] == [1, 2]
    yesterday, today = days
    words = answered_turn(service, first).word_count
    assert yesterday.spoken_s == 6.0 and yesterday.pace_wpm == round(words / 0.1, 1)
    assert today.spoken_answers == 1 and today.spoken_s == 4.0
    assert today.filler_rate == round(100 * today.fillers / today.words, 1)
    assert delivery_figures(days).keys() == {"fillers", "pace", "terms"}
    assert delivery_waiting(days) == []
    assert delivery_waiting(days[:1])  # one day: the charts wait, and say for what


@pytest.mark.parametrize("duration_s", [None, 7.5])
def test_the_stored_form_gives_back_the_same_insights_in_fewer_bytes(
    bank, duration_s: float | None
) -> None:
    question = bank.get("sample-list-vs-tuple")
    found = insights(FILLED + " I think tuples are hashable.", question, None, duration_s)
    stored = found.to_stored()
    assert Insights.from_stored(json.loads(json.dumps(stored))) == found
    assert len(json.dumps(stored)) < len(json.dumps(found.to_dict())) / 1.5
