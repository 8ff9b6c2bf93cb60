"""The offline interviewer and the shared follow-up policy."""

from __future__ import annotations

from interviewsim.bank import Bank, Category
from interviewsim.interviewer import (
    MAX_FOLLOW_UPS,
    Ask,
    AskAgain,
    FollowUp,
    Greeting,
    OfflineInterviewer,
    WrapUp,
    plan_follow_up,
)
from interviewsim.scoring import HeuristicScorer
from interviewsim.states import FollowUpTarget, TargetKind

scorer = HeuristicScorer()


def _score(bank: Bank, question_id: str, answer: str):
    q = bank.get(question_id)
    return q, scorer.score(q, bank.rubric_for(q.category), answer)


def test_a_missing_key_point_gets_a_follow_up_about_it(bank: Bank) -> None:
    q, result = _score(bank, "sample-list-vs-tuple", "Lists are mutable and tuples are immutable.")
    target = plan_follow_up(q, "Lists are mutable and tuples are immutable.", result, [])
    assert target is not None and target.kind is TargetKind.point
    assert target.detail in result.missing_points


def test_no_follow_up_when_every_key_point_is_covered(bank: Bank) -> None:
    q, result = _score(bank, "sample-list-vs-tuple", bank.get("sample-list-vs-tuple").model_answer)
    assert result.missing_points == ()
    assert plan_follow_up(q, q.model_answer, result, []) is None


def test_never_more_than_two_follow_ups_and_never_the_same_one_twice(bank: Bank) -> None:
    q, result = _score(bank, "sample-list-vs-tuple", "Tuples are immutable.")
    asked: list[FollowUpTarget] = []
    while (target := plan_follow_up(q, "Tuples are immutable.", result, asked)) is not None:
        assert target not in asked
        asked.append(target)
    assert len(asked) == MAX_FOLLOW_UPS


def test_a_behavioral_answer_missing_its_result_is_asked_for_it(bank: Bank) -> None:
    answer = "At my last job I was responsible for a PDF export. I built it after reading the docs."
    q, result = _score(bank, "sample-beh-learned-new-library", answer)
    assert q.category == Category.behavioral
    star_result = FollowUpTarget(TargetKind.star, "result")
    assert plan_follow_up(q, answer, result, []) == star_result
    words = OfflineInterviewer(seed=1).say(FollowUp(q, star_result, answer, result))
    assert "result" in words.lower()


def test_the_question_is_asked_word_for_word(bank: Bank) -> None:
    q = bank.get("sample-list-vs-tuple")
    assert q.prompt in OfflineInterviewer(seed=3).say(Ask(q, 1, 3))


def test_wording_depends_on_style_and_is_repeatable_for_a_seed() -> None:
    cue = Greeting("Python", 3, "Ada")
    friendly = OfflineInterviewer(style="friendly", seed=7).say(cue)
    demanding = OfflineInterviewer(style="demanding", seed=7).say(cue)
    assert friendly != demanding
    assert friendly == OfflineInterviewer(style="friendly", seed=7).say(cue)
    assert "Ada" in friendly and "3" in friendly


def test_an_empty_answer_is_met_with_a_request_to_answer_or_skip(bank: Bank) -> None:
    words = OfflineInterviewer().say(AskAgain(bank.get("sample-list-vs-tuple"), "empty"))
    assert "skip" in words.lower()


def test_the_wrap_up_reports_answers_and_average() -> None:
    words = OfflineInterviewer().say(WrapUp(answered=3, skipped=1, average=64.2))
    assert "3 question" in words and "skipped 1" in words and "64/100" in words


def test_a_follow_up_target_keeps_the_stored_form_the_history_already_holds() -> None:
    for stored in ("point:tuples are hashable", "star:result", "short"):
        assert str(FollowUpTarget.parse(stored)) == stored
    assert FollowUpTarget.parse("point:a: b").detail == "a: b"
