"""One interview through the service: every answer saved first, then scored, then what comes next."""

from __future__ import annotations

import pytest

from interviewsim.backends import Backend
from interviewsim.bank import Bank, Question, Rubric
from interviewsim.interview import InterviewError, InterviewService, InterviewSetup
from interviewsim.profiles import Owner
from interviewsim.scoring import Scorer, ScoreResult

FULL = "Lists are mutable and tuples are immutable, so only tuples are hashable dictionary keys."


def start(service: InterviewService, owner: Owner, n: int = 2, **kw) -> int:
    return service.start(owner, InterviewSetup("sample", num_questions=n, seed=11, **kw))


def answer_until_done(
    service: InterviewService, owner: Owner, interview_id: int, text: str
) -> None:
    for _ in range(20):
        if service.view(owner, interview_id).finished:
            return
        service.submit_answer(owner, interview_id, text)
    raise AssertionError("the interview never finished")


def test_a_new_interview_greets_and_asks_the_first_question(service, owner) -> None:
    view = service.view(owner, start(service, owner))
    assert [m.role for m in view.messages] == ["interviewer", "interviewer"]
    assert "Ada" in view.messages[0].content
    assert view.awaiting == "main" and view.question_index == 0


def test_a_whole_interview_ends_with_a_wrap_up_and_an_overall_score(
    service, history, owner
) -> None:
    interview_id = start(service, owner)
    answer_until_done(service, owner, interview_id, FULL)
    report = history.report(owner, interview_id)
    assert report.status == "completed"
    assert report.overall is not None
    assert len(report.answered) == 2
    assert "concludes" in service.view(owner, interview_id).messages[-1].content


def test_an_empty_answer_asks_again_and_saves_nothing(service, owner) -> None:
    interview_id = start(service, owner)
    outcome = service.submit_answer(owner, interview_id, "  \n ")
    view = service.view(owner, interview_id)
    assert outcome.saved is False
    assert view.awaiting == "main" and view.question_index == 0
    assert "candidate" not in [m.role for m in view.messages]
    assert "skip" in view.messages[-1].content.lower()


def test_a_missing_key_point_leads_to_a_follow_up_on_the_same_question(service, owner) -> None:
    interview_id = start(service, owner, n=1)
    service.submit_answer(owner, interview_id, "Tuples cannot be changed.")
    view = service.view(owner, interview_id)
    assert view.awaiting == "follow_up" and view.question_index == 0


def test_a_follow_up_answer_is_scored_together_with_the_first_answer(service, owner) -> None:
    interview_id = start(service, owner, n=1)
    first = service.submit_answer(
        owner, interview_id, "Lists are mutable and tuples are immutable."
    )
    second = service.submit_answer(
        owner, interview_id, "Tuples are hashable so they can be dict keys."
    )
    assert second.result.overall > first.result.overall


def test_a_very_long_answer_is_kept_up_to_the_cap_with_a_notice(
    bank, db_url, history, owner
) -> None:
    from interviewsim.store import open_store

    capped = InterviewService(open_store(db_url), bank, max_answer_chars=500)
    interview_id = start(capped, owner)
    outcome = capped.submit_answer(owner, interview_id, "word " * 2000)
    assert outcome.saved
    assert any("500" in n for n in outcome.notices)
    report = history.report(owner, interview_id)
    assert len(report.questions[0].exchanges[0].answer) == 500
    assert report.questions[0].exchanges[0].truncated


def test_unicode_and_markup_are_stored_exactly_as_typed(service, owner) -> None:
    interview_id = start(service, owner)
    text = "Les tuples sont immuables 👍 — <script>alert(1)</script> **bold** `code` 日本語"
    service.submit_answer(owner, interview_id, text)
    candidate = [m for m in service.view(owner, interview_id).messages if m.role == "candidate"]
    assert candidate[0].content == text


def test_time_taken_is_measured_from_when_the_question_was_asked(
    bank, db_url, history, owner
) -> None:
    from datetime import datetime, timedelta

    from interviewsim.store import open_store

    now = [datetime(2026, 1, 1, 9, 0, 0)]
    timed = InterviewService(open_store(db_url), bank, clock=lambda: now[0])
    interview_id = start(timed, owner)
    now[0] += timedelta(seconds=42)
    timed.submit_answer(owner, interview_id, FULL)
    assert history.report(owner, interview_id).questions[0].exchanges[0].time_taken_s == 42


def test_skipping_moves_on_and_leaves_the_question_unscored(service, history, owner) -> None:
    interview_id = start(service, owner)
    service.skip(owner, interview_id)
    assert service.view(owner, interview_id).question_index == 1
    assert history.report(owner, interview_id).questions[0].result is None


def test_ending_early_finishes_the_interview_and_keeps_what_was_answered(
    service, history, owner
) -> None:
    interview_id = start(service, owner, n=3)
    service.submit_answer(owner, interview_id, FULL)
    service.end_early(owner, interview_id)
    report = history.report(owner, interview_id)
    assert report.status == "ended"
    assert service.active_interview(owner) is None
    with pytest.raises(InterviewError, match="finished"):
        service.submit_answer(owner, interview_id, "too late")


class BrokenScorer(Scorer):
    name = "broken"

    def score(
        self, question: Question, rubric: Rubric, answer: str, *, latest: str | None = None
    ) -> ScoreResult:
        raise ConnectionError("provider is down")


def test_an_answer_survives_a_scorer_failure_and_is_scored_offline(
    bank: Bank, db_url, owner
) -> None:
    from interviewsim.store import open_store

    flaky = InterviewService(open_store(db_url), bank, Backend(scorer=BrokenScorer()))
    interview_id = start(flaky, owner)
    outcome = flaky.submit_answer(owner, interview_id, FULL)
    assert outcome.saved and outcome.result.scorer == "heuristic"
    assert any("scored offline" in n for n in outcome.notices)
    roles = [m.role for m in flaky.view(owner, interview_id).messages]
    assert "candidate" in roles and "notice" in roles


def test_profiles_keep_their_histories_apart(app) -> None:
    service, history = app.interviews, app.history
    ada, bob = app.profiles.local("Ada"), app.profiles.local("Bob")
    interview_id = start(service, ada)
    answer_until_done(service, ada, interview_id, FULL)
    assert history.interview_summaries(bob) == []
    assert [s.interview_id for s in history.interview_summaries(ada)] == [interview_id]
    assert history.progress_history(bob)[0] == []


def test_the_same_seed_gives_the_same_questions(service, history, owner) -> None:
    first = history.report(owner, start(service, owner))
    service.end_early(owner, first.interview_id)
    second = history.report(owner, start(service, owner))
    assert [q.question.id for q in first.questions] == [q.question.id for q in second.questions]


def test_the_offline_interviewer_replies_whole_so_the_page_need_not_stream(service) -> None:
    assert service.backend.replies_stream is False
