"""False contradictions and denials that earned credit, found by a tester on main (issue 10,
part 4): a sentence about another compared thing does not reverse a point; a denial in a clause of
its own ("you never need X") reverses the point it denies, and only that one; calling an action
pointless denies it; calling a thing useless may agree with a point."""

from __future__ import annotations

from interviewsim.bank import Bank, Category, KeyPoint, Question
from interviewsim.scoring import HeuristicScorer, bands

COPIES = (
    "Assignment just binds another name to the same object, so changes show through both names. "
    "A shallow copy like copy.copy or list(x) makes a new outer container but the nested objects "
    "inside are still shared. A deep copy with copy.deepcopy recursively copies nested objects "
    "too, so nothing is shared."
)
WEAKREF = (
    "Weak references work out of the box with __slots__; you never need a __weakref__ slot, "
    "because slotted classes keep their weak references in the class __dict__ instead of per "
    "instance."
)
RESTARTS = (
    "Graphing memory over time is a waste of effort, and restarting workers with max-requests is "
    "pointless because it only hides the leak. I would just call gc.collect() in a loop."
)


def score(bank: Bank, question_id: str, answer: str):
    question = bank.get(question_id)
    return HeuristicScorer(bank=bank).score(question, bank.rubric_for(question.category), answer)


def test_a_sentence_about_a_shallow_copy_does_not_contradict_a_point_about_assignment(
    bank: Bank,
) -> None:
    result = score(bank, "py-shallow-vs-deep-copy", COPIES)
    assert result.contradicted_points == ()
    assert result.overall >= bands.LINE


def test_never_needing_a_weakref_slot_contradicts_that_point_and_no_other(bank: Bank) -> None:
    result = score(bank, "py-slots", WEAKREF)
    assert result.contradicted_points == ("weak references need a __weakref__ slot",)
    assert "weak references need a __weakref__ slot" not in result.found_points
    assert result.overall < bands.LINE


def test_calling_a_mitigation_pointless_denies_it(bank: Bank) -> None:
    point = "confirm the growth pattern with metrics and mitigate, for example by restarting workers periodically"
    result = score(bank, "py-sit-memory-leak", RESTARTS)
    assert point in result.contradicted_points
    assert point not in result.found_points


def test_calling_a_thing_useless_can_agree_with_a_point_that_it_misleads(bank: Bank) -> None:
    question = Question(
        id="t-useless",
        track="adhoc",
        category=Category.technical,
        difficulty=2,
        prompt="Why is accuracy a poor metric for fraud detection?",
        key_points=(KeyPoint(text="accuracy misleads on imbalanced data"),),
        model_answer="Accuracy misleads on imbalanced data.",
    )
    result = HeuristicScorer().score(
        question,
        bank.rubric_for(question.category),
        "Accuracy is useless on imbalanced data: a model that never flags fraud is 99% accurate.",
    )
    assert result.contradicted_points == ()
    assert "accuracy misleads on imbalanced data" in result.found_points


def test_a_cue_on_the_verb_after_a_long_subject_negates_the_claim(bank: Bank) -> None:
    point = "native extensions and allocator fragmentation leak memory outside Python objects"
    question = Question(
        id="t-leaks",
        track="adhoc",
        category=Category.technical,
        difficulty=2,
        prompt="Why can a long-running service keep growing?",
        key_points=(KeyPoint(text=point),),
        model_answer="Native extensions and allocator fragmentation leak memory outside Python objects.",
    )
    rubric = bank.rubric_for(question.category)
    said = "Native extensions and allocator fragmentation in a Python service leak memory."
    denied = said.replace("leak", "never leak")
    assert point in HeuristicScorer().score(question, rubric, said).found_points
    denial = HeuristicScorer().score(question, rubric, denied)
    assert denial.contradicted_points == (point,)
    assert denial.overall < bands.LINE
