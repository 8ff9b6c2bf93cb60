"""Reacting to what the candidate said, through the service: "not sure", "hint", "can you repeat?",
a wrong statement, an answer to another question, a name or none."""

from __future__ import annotations

import re

from interviewsim.interview import InterviewService, InterviewSetup
from interviewsim.interviewer import MAX_FOLLOW_UPS
from interviewsim.profiles import Owner

PRAISE = re.compile(r"\b(good|great|nice|helpful|like where|solid|well done)\b", re.I)


def one_question(service: InterviewService, owner: Owner, seed: int = 11) -> int:
    setup = InterviewSetup("sample", "technical", num_questions=2, seed=seed)
    return service.start(owner, setup)


def said_last(service: InterviewService, owner: Owner, interview_id: int) -> str:
    return service.view(owner, interview_id).messages[-1].content


def asked_prompt(service: InterviewService, owner: Owner, interview_id: int, bank) -> str:
    first = service.view(owner, interview_id).messages[1].content
    return next(q.prompt for q in bank.filter(track="sample") if q.prompt in first)


def test_not_sure_offers_a_hint_and_the_hint_keeps_the_question_open(service, owner) -> None:
    interview_id = one_question(service, owner)
    service.submit_answer(owner, interview_id, "Sorry, I'm not sure.")
    offer = said_last(service, owner, interview_id)
    assert "hint" in offer.lower() and "skip" in offer.lower()
    assert not PRAISE.search(offer)
    view = service.view(owner, interview_id)
    assert view.awaiting == "follow_up" and view.question_index == 0

    service.submit_answer(owner, interview_id, "hint")
    view = service.view(owner, interview_id)
    assert view.messages[-1].meta.get("target") == "hint"
    assert view.awaiting == "follow_up" and view.question_index == 0  # the same question, open

    service.submit_answer(owner, interview_id, "hint")  # the follow-up limit is reached
    assert service.view(owner, interview_id).question_index == 1


def test_moving_on_after_not_sure_goes_to_the_next_question_without_praise(service, owner) -> None:
    interview_id = one_question(service, owner)
    service.submit_answer(owner, interview_id, "I don't know.")
    service.submit_answer(owner, interview_id, "move on")
    view = service.view(owner, interview_id)
    assert view.question_index == 1 and view.awaiting == "main"
    moved_on = [m.content for m in view.messages if m.role == "interviewer"][-2]
    assert not PRAISE.search(moved_on)


def test_requests_never_loop_and_never_pass_the_follow_up_limit(service, owner, history) -> None:
    interview_id = one_question(service, owner)
    for reply in ["Can you repeat the question?", "Can you repeat the question?", "hint", "hint"]:
        if service.view(owner, interview_id).question_index > 0:
            break
        service.submit_answer(owner, interview_id, reply)
    report = history.report(owner, interview_id)
    first = report.questions[0]
    assert len([e for e in first.exchanges if e.kind == "follow_up"]) <= MAX_FOLLOW_UPS
    assert service.view(owner, interview_id).question_index == 1


def test_can_you_repeat_asks_again_in_other_words(service, owner, bank) -> None:
    interview_id = one_question(service, owner)
    prompt = asked_prompt(service, owner, interview_id, bank)
    service.submit_answer(owner, interview_id, "Sorry, can you repeat that?")
    again = said_last(service, owner, interview_id)
    assert prompt not in again
    assert service.view(owner, interview_id).messages[-1].meta.get("target") == "repeat"


def test_a_request_adds_nothing_to_the_score(app) -> None:
    service, history = app.interviews, app.history
    answer = "Lists are mutable and tuples are immutable, so tuples can be dictionary keys."
    ada, bea = app.profiles.local("Ada"), app.profiles.local("Bea")  # the same first question
    plain = one_question(service, ada)
    service.submit_answer(ada, plain, answer)
    with_request = one_question(service, bea)
    service.submit_answer(bea, with_request, "Can you repeat the question?")
    service.submit_answer(bea, with_request, answer)
    first = history.report(ada, plain).questions[0]
    second = history.report(bea, with_request).questions[0]
    assert first.question.id == second.question.id
    assert first.result is not None and second.result is not None
    assert first.result.overall == second.result.overall


def test_skip_typed_as_the_reply_skips_the_question_as_the_button_does(app) -> None:
    service, history = app.interviews, app.history
    ada, bea = app.profiles.local("Ada"), app.profiles.local("Bea")
    typed, pressed = one_question(service, ada), one_question(service, bea)
    service.submit_answer(ada, typed, "skip")
    service.skip(bea, pressed)
    for owner, interview_id in ((ada, typed), (bea, pressed)):
        first = history.report(owner, interview_id).questions[0]
        assert first.skipped and first.result is None
        assert service.view(owner, interview_id).question_index == 1


def test_a_question_that_got_only_requests_has_no_score_and_no_delivery(app) -> None:
    service, history = app.interviews, app.history
    owner = app.profiles.local("Ada")
    interview_id = one_question(service, owner)
    service.submit_answer(owner, interview_id, "Can you give me a hint?")
    service.submit_answer(owner, interview_id, "let's move on")
    service.submit_answer(owner, interview_id, "Lists are mutable and tuples are immutable.")
    service.end_early(owner, interview_id)
    first, second = history.report(owner, interview_id).questions[:2]
    assert first.skipped and first.result is None
    assert [e.insights for e in first.exchanges] == [None, None]
    said = second.exchanges[0].insights
    assert second.result is not None and said is not None and said.word_count == 7
    assert history.report(owner, interview_id).overall == second.result.overall


def test_a_wrong_statement_is_challenged(service, owner, bank) -> None:
    interview_id = service.start(owner, InterviewSetup("sample", "technical", 2, seed=3))
    for _ in range(2):
        if "index" in said_last(service, owner, interview_id):
            break
        service.skip(owner, interview_id)
    service.submit_answer(
        owner, interview_id, "An index makes writes faster because nothing else needs updating."
    )
    challenge = said_last(service, owner, interview_id)
    assert "Are you sure an index makes writes faster?" in challenge
    assert not PRAISE.search(challenge)


def test_an_answer_to_another_question_is_said_to_be_one(service, owner, bank) -> None:
    interview_id = service.start(owner, InterviewSetup("sample", "technical", 2, seed=3))
    prompt = asked_prompt(service, owner, interview_id, bank)
    other = next(q for q in bank.filter(track="sample", category="technical") if q.prompt != prompt)
    service.submit_answer(owner, interview_id, other.model_answer)
    words = said_last(service, owner, interview_id)
    assert "different question" in words or "another question" in words
    assert service.view(owner, interview_id).messages[-1].meta.get("target") == "other"


def test_guest_is_not_greeted_by_that_name(app) -> None:
    guest = app.profiles.local("Guest")
    interview_id = app.interviews.start(guest, InterviewSetup("sample", seed=5, style="neutral"))
    greeting = app.interviews.view(guest, interview_id).messages[0].content
    assert "Guest" not in greeting and greeting.startswith(("Hello.", "Good day."))
