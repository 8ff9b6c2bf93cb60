"""Coach mode's words, pure: what a score means, the key points hit and missed, the one suggestion,
attempts compared, and why a question was chosen."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pytest

from interviewsim.bank import Bank
from interviewsim.coaching import (
    REASONS,
    Mark,
    Verdict,
    band_of,
    compare_attempts,
    point_marks,
    suggestion_for,
    verdict_for,
)
from interviewsim.reasons import CHOSEN, friendly_reason
from interviewsim.scoring import CriterionScore, HeuristicScorer, ScoreResult

COVERAGE = CriterionScore("coverage", "Key points covered", 2, 0.5, suggestions=("Name X.",))
DEPTH = CriterionScore("depth", "Depth", 2, 0.3, suggestions=("Give an example.", "Go deeper."))
CLARITY = CriterionScore("clarity", "Clarity", 4, 0.2, suggestions=("Shorter sentences.",))


def result(overall: int, found: tuple[str, ...], missing: tuple[str, ...]) -> ScoreResult:
    return ScoreResult(overall, (COVERAGE, DEPTH, CLARITY), found, missing)


@dataclass(frozen=True)
class WithContradictions(ScoreResult):
    """A result as the reworked scorer will return it."""

    contradicted_points: tuple[str, ...] = ()


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (100, "Strong"),
        (80, "Strong"),
        (79, "Accepted"),
        (60, "Accepted"),
        (59, "Not yet"),
        (40, "Not yet"),
        (39, "Needs work"),
        (0, "Needs work"),
    ],
)
def test_a_score_is_named_by_its_band_with_60_as_the_line_a_grader_accepts(
    score: int, band: str
) -> None:
    assert band_of(score) == band


def test_the_key_points_are_marked_hit_missed_or_contradicted_each_once() -> None:
    plain = point_marks(result(50, ("a",), ("b", "c")))
    assert [(p.text, p.mark, p.symbol) for p in plain] == [
        ("a", Mark.hit, "✓"),
        ("b", Mark.missed, "✗"),
        ("c", Mark.missed, "✗"),
    ]
    against = WithContradictions(
        30, (COVERAGE,), ("a",), ("b", "c"), contradicted_points=("c", "d")
    )
    assert [(p.text, p.mark) for p in point_marks(against)] == [
        ("a", Mark.hit),
        ("b", Mark.missed),
        ("c", Mark.contradicted),
        ("d", Mark.contradicted),
    ]


def test_the_one_suggestion_is_the_first_of_the_weakest_and_heaviest_criterion() -> None:
    assert suggestion_for(result(40, (), ())) == "Name X."  # level 2, weight 0.5 beats 0.3
    silent = CriterionScore("coverage", "Key points covered", 1, 0.5)
    assert suggestion_for(ScoreResult(20, (silent, DEPTH), (), ())) == "Give an example."
    assert suggestion_for(ScoreResult(20, (silent,), (), ())) is None


def test_a_verdict_says_band_score_and_change_in_one_line_and_survives_the_store() -> None:
    first = result(45, ("a",), ("b",))
    verdict = verdict_for(result(72, ("a", "b"), ()), attempt=2, previous=first)
    assert verdict.headline == "Accepted · 72/100 (+27 on attempt 1)"
    assert verdict.text.splitlines() == [
        "Accepted · 72/100 (+27 on attempt 1)",
        "✓ a",
        "✓ b",
        "Next time: Name X.",
    ]
    assert Verdict.from_meta(verdict.to_meta()) == verdict
    assert verdict_for(first).headline == "Not yet · 45/100"


def test_a_verdict_after_a_follow_up_says_it_scores_the_whole_question_so_far() -> None:
    # A follow-up answer is scored with what was said before it: "not sure" after a good first
    # answer still reads "Accepted", which must not look like praise for the reply itself.
    verdict = verdict_for(result(66, ("a",), ("b",)), so_far=True)
    assert verdict.headline == "Accepted · 66/100 for the question so far"
    assert Verdict.from_meta(verdict.to_meta()) == verdict
    assert Verdict.from_meta({**verdict.to_meta(), "so_far": None}).so_far is False


def test_a_verdict_says_why_a_guard_held_the_score_down() -> None:
    # A padded answer scored 20 with every point ticked and no reason given in the chat.
    padded = replace(result(20, ("a", "b"), ()), flags=("repeats itself",))
    verdict = verdict_for(padded)
    assert verdict.reasons == (REASONS["repeats itself"],)
    assert f"Why: {REASONS['repeats itself']}" in verdict.text.splitlines()
    assert Verdict.from_meta(verdict.to_meta()) == verdict
    assert verdict_for(result(72, ("a", "b"), ())).reasons == ()
    assert verdict_for(replace(padded, flags=("empty answer",))).reasons == ()


def test_the_reason_an_answer_without_a_point_in_full_cannot_pass_is_true_of_i_dont_know(
    bank: Bank,
) -> None:
    question = bank.get("sample-index")
    nothing = HeuristicScorer().score(question, bank.rubric_for(question.category), "I don't know")
    reasons = verdict_for(nothing).reasons
    assert reasons == (REASONS["covers no key point in full"],)
    assert "touches" not in reasons[0] and "states none of the key points" in reasons[0]


def test_attempts_compared_give_the_change_and_the_points_newly_covered_or_lost() -> None:
    one = result(40, ("a", "b"), ("c",))
    two = result(70, ("a", "c"), ("b",))
    changes = compare_attempts([one, None, two])
    assert [c.overall for c in changes] == [40, None, 70]
    assert changes[0].change is None and changes[1].band is None
    third = changes[2]
    assert third.change == 30 and third.band == "Accepted"
    assert third.newly_covered == ("c",) and third.lost == ("b",)


@pytest.mark.parametrize(
    ("reason", "words"),
    [
        ("due for review", "due for review"),
        ("weak area: joins", "It practises joins, where your answers have scored lowest"),
        ("step up", "A step up in difficulty"),
        ("new", "A question you have not been asked yet."),
        (CHOSEN, "You chose to practise this question."),
        ("Written for this interview from your job description", "Written for this interview"),
    ],
)
def test_why_a_question_was_chosen_reads_as_a_sentence(reason: str, words: str) -> None:
    assert words in friendly_reason(reason)
    assert friendly_reason(reason)[0].isupper()


def test_combined_reasons_become_one_sentence_each() -> None:
    said = friendly_reason("weak area: indexes · step up")
    assert said.startswith("It practises indexes") and "A step up in difficulty" in said
    assert friendly_reason("") == friendly_reason(None) == ""
