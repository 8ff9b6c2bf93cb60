"""Adaptive question choice on plain data: no database, no Streamlit."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

import pytest

from interviewsim.bank import Bank, Category, Criterion, Question, Rubric, Track
from interviewsim.learner import REVIEW_DAYS, next_box, read_history
from interviewsim.selection import (
    STEP_WINDOW,
    WEAK_SPOTS,
    SelectionRequest,
    adapt_difficulty,
    choose_questions,
)

T0 = datetime(2026, 1, 5, 9, 0)
LEVELS = {n: f"level {n}" for n in range(1, 6)}


def criterion(cid: str, name: str, weight: float) -> Criterion:
    return Criterion(id=cid, name=name, weight=weight, signal=cid, levels=LEVELS)


def make_bank(per_category: int = 9, tags: dict[str, tuple[str, ...]] | None = None) -> Bank:
    """One track, `per_category` questions in each category, difficulties 1-3 in turn."""
    tags = tags or {}
    questions = tuple(
        Question(
            id=f"{category.value}-{n}",
            track="t",
            category=category,
            difficulty=1 + n % 3,
            prompt=f"{category.value} question {n}?",
            model_answer="An answer.",
            tags=tags.get(f"{category.value}-{n}", (category.value.replace("_", "-"),)),
        )
        for category in Category
        for n in range(per_category)
    )
    rubrics = {
        "behavioral": Rubric(
            id="behavioral",
            name="Behavioral",
            categories=(Category.behavioral,),
            criteria=(
                criterion("star", "STAR structure", 0.5),
                criterion("clarity", "Clarity", 0.5),
            ),
        ),
        "other": Rubric(
            id="other",
            name="Other",
            categories=(Category.technical, Category.system_design, Category.situational),
            criteria=(
                criterion("coverage", "Key points", 0.5),
                criterion("clarity", "Clarity", 0.5),
            ),
        ),
    }
    return Bank(questions, rubrics, {"t": Track("t", "Track")})


def row(
    bank: Bank,
    question_id: str,
    score: float,
    interview: int,
    when: datetime,
    criteria: dict[str, int] | None = None,
) -> dict:
    """A history row as `HistoryRepository.selection_history` returns it."""
    q = bank.get(question_id)
    return {
        "interview_id": interview,
        "track": q.track,
        "question_id": question_id,
        "overall": score,
        "answered_at": when,
        "criteria": criteria or {},
    }


def plan_ids(bank: Bank, history: list[dict], **request) -> list[str]:
    return [p.id for p in choose_questions(bank, SelectionRequest("t", **request), history)]


def category_of(bank: Bank, question_id: str) -> str:
    return bank.get(question_id).category.value


def history_by_category(
    bank: Bank, scores: dict[str, float], answers: int = 2, days_ago: float = 0.5
) -> list[dict]:
    """`answers` answered questions per category, at the category's score, one interview per
    round. Half a day ago (the default), none is due yet: the plan is all new practice."""
    rows, when = [], T0 - timedelta(days=days_ago)
    for n in range(answers):
        for category, score in scores.items():
            rows.append(row(bank, f"{category}-{n}", score, n + 1, when))
            when += timedelta(minutes=5)
    return rows


# --------------------------------------------------------------------------- a new person


def test_a_new_person_gets_a_balanced_mix_over_the_categories_at_the_chosen_difficulty() -> None:
    bank = make_bank()
    plan = choose_questions(bank, SelectionRequest("t", 8, difficulty=2, seed=4))
    categories = Counter(category_of(bank, p.id) for p in plan)
    assert set(categories.values()) == {2}  # two of each of the four categories
    assert all(bank.get(p.id).difficulty == 2 for p in plan)
    assert {p.reason for p in plan} == {"new"}


def test_history_from_another_track_leaves_a_new_person_new() -> None:
    bank = make_bank()
    elsewhere = [{**row(bank, "technical-0", 10, 1, T0), "question_id": "not-in-this-track"}]
    assert plan_ids(bank, elsewhere, count=6, seed=9) == plan_ids(bank, [], count=6, seed=9)


def test_the_same_seed_and_history_give_the_same_interview() -> None:
    bank = make_bank()
    history = history_by_category(bank, {"technical": 30, "behavioral": 90, "situational": 60})
    same = [plan_ids(bank, history, count=6, seed=21, now=T0) for _ in range(3)]
    assert same[0] == same[1] == same[2]
    others = {tuple(plan_ids(bank, history, count=6, seed=s, now=T0)) for s in range(10)}
    assert len(others) > 1  # the seed does matter


# ------------------------------------------------------------------------- weak areas first


def test_weak_categories_get_a_measurably_larger_share_than_strong_ones() -> None:
    bank = make_bank()
    history = history_by_category(
        bank, {"technical": 30, "behavioral": 90, "system_design": 85, "situational": 80}, 3
    )
    shares: Counter[str] = Counter()
    for seed in range(40):
        for qid in plan_ids(bank, history, count=8, seed=seed, now=T0):
            shares[category_of(bank, qid)] += 1
    total = sum(shares.values())
    assert shares["technical"] / total >= 0.35  # a balanced mix would give 0.25
    assert shares["technical"] >= 2 * shares["behavioral"]
    assert shares["behavioral"] > 0  # a strong category still gets some practice


def test_within_a_category_the_weakest_tag_comes_first_and_is_named() -> None:
    tags = {f"technical-{n}": ("joins",) if n % 2 else ("indexes",) for n in range(9)}
    bank = make_bank(tags=tags)
    history = [
        row(bank, "technical-1", 25, 1, T0 - timedelta(days=40)),
        row(bank, "technical-3", 30, 1, T0 - timedelta(days=40)),
        row(bank, "technical-0", 95, 1, T0 - timedelta(days=40)),
        row(bank, "technical-2", 90, 1, T0 - timedelta(days=40)),
    ]
    plan = choose_questions(
        bank, SelectionRequest("t", 2, interview_type="technical", seed=3, now=T0), history
    )
    fresh = [p for p in plan if p.reason != "due for review"]
    assert fresh and all("joins" in bank.get(p.id).tags for p in fresh)
    assert fresh[0].reason.startswith("weak area: joins")


def test_a_weak_rubric_criterion_lifts_its_category_and_is_named() -> None:
    bank = make_bank()
    history = []
    for n in range(4):
        when = T0 - timedelta(hours=12, minutes=-n)  # recent, not due: only new questions
        history.append(row(bank, f"behavioral-{n}", 65, 1, when, {"star": 1, "clarity": 5}))
        history.append(row(bank, f"technical-{n}", 65, 1, when, {"coverage": 4, "clarity": 4}))
    request = {"count": 6, "interview_type": "mixed"}
    shares: Counter[str] = Counter()
    reasons: set[str] = set()
    for seed in range(20):
        plan = choose_questions(bank, SelectionRequest("t", seed=seed, now=T0, **request), history)
        shares.update(category_of(bank, p.id) for p in plan)
        reasons.update(p.reason for p in plan if category_of(bank, p.id) == "behavioral")
    assert shares["behavioral"] > shares["technical"]
    assert "weak area: STAR structure" in reasons


# ----------------------------------------------------------------------- spaced repetition


def test_the_leitner_box_drops_to_one_on_a_bad_answer_and_climbs_on_good_ones() -> None:
    assert next_box(0, 20) == 1
    assert next_box(0, 90) == 2  # known at first sight: no need to see it tomorrow
    assert next_box(2, 90) == 3
    assert next_box(3, 60) == 3  # a middling answer keeps its place
    assert next_box(4, 30) == 1
    assert next_box(len(REVIEW_DAYS), 100) == len(REVIEW_DAYS)


def test_a_low_scored_question_comes_back_when_due_and_not_before() -> None:
    bank = make_bank()
    history = [row(bank, "technical-4", 20, 1, T0)]
    due_at = T0 + timedelta(days=REVIEW_DAYS[0])

    before = choose_questions(
        bank, SelectionRequest("t", 6, seed=1, now=due_at - timedelta(minutes=1)), history
    )
    assert "technical-4" not in [p.id for p in before]

    when_due = choose_questions(bank, SelectionRequest("t", 6, seed=1, now=due_at), history)
    assert when_due[0].id == "technical-4"
    assert when_due[0].reason == "due for review"


def test_each_good_answer_makes_the_next_review_wait_longer() -> None:
    bank = make_bank()
    history = [row(bank, "technical-4", 20, 1, T0)]
    waits = []
    when = T0
    for interview in range(2, 5):
        when = read_history(history, bank).memories["technical-4"].due_at
        history.append(row(bank, "technical-4", 90, interview, when))
        waits.append(read_history(history, bank).memories["technical-4"].due_at - when)
    assert waits == [timedelta(days=d) for d in REVIEW_DAYS[1:4]]
    # Two days after the last good answer it is not due; at its full wait it is.
    early = plan_ids(bank, history, count=6, seed=2, now=when + waits[-1] - timedelta(days=1))
    on_time = plan_ids(bank, history, count=6, seed=2, now=when + waits[-1])
    assert "technical-4" not in early
    assert "technical-4" in on_time


def test_no_question_repeats_within_the_recent_interviews_unless_due() -> None:
    bank = make_bank()
    # Three recent interviews of well-answered questions: none is due for days.
    history = [
        row(bank, f"{category.value}-{n}", 90, n + 1, T0 + timedelta(hours=n))
        for n in range(3)
        for category in Category
    ]
    now = T0 + timedelta(hours=4)
    for seed in range(10):
        plan = plan_ids(bank, history, count=8, seed=seed, now=now)
        assert not {r["question_id"] for r in history} & set(plan)


def test_when_new_questions_run_out_older_ones_come_before_recent_ones() -> None:
    bank = make_bank(per_category=2)
    older = ["technical-0", "behavioral-0"]
    # An older interview whose questions are well known (box 3: due in a week) ...
    history = [row(bank, qid, 90, 1, T0 - timedelta(days=9)) for qid in older]
    history += [row(bank, qid, 90, 2, T0 - timedelta(days=2)) for qid in older]
    # ... then three recent interviews over every other question (box 2: due in 3 days).
    others = [q.id for q in bank.questions if q.id not in older]
    history += [
        row(bank, qid, 90, 3 + n % 3, T0 - timedelta(hours=5 - n % 3))
        for n, qid in enumerate(others)
    ]
    history.sort(key=lambda r: r["answered_at"])
    plan = choose_questions(bank, SelectionRequest("t", 3, seed=1, now=T0), history)
    assert {p.id for p in plan[:2]} == set(older)
    recent = "asked recently: few other questions left"
    assert [p.reason for p in plan] == ["seen before", "seen before", recent]


def test_a_small_bank_repeats_recent_questions_last_and_says_why() -> None:
    bank = make_bank(per_category=1)
    history = [
        row(bank, f"{c.value}-0", 90, 1, T0 + timedelta(minutes=i)) for i, c in enumerate(Category)
    ]
    plan = choose_questions(
        bank, SelectionRequest("t", 4, seed=1, now=T0 + timedelta(hours=1)), history
    )
    assert len(plan) == 4
    assert {p.reason for p in plan} == {"asked recently: few other questions left"}


# ------------------------------------------------------------------------------ difficulty


def test_difficulty_steps_up_after_consistently_high_scores() -> None:
    bank = make_bank()
    easy = [q.id for q in bank.questions if q.difficulty == 1][:STEP_WINDOW]
    history = [
        row(bank, qid, 90, 1, T0 - timedelta(days=60, minutes=-i)) for i, qid in enumerate(easy)
    ]
    plan = choose_questions(bank, SelectionRequest("t", 4, difficulty=1, seed=5, now=T0), history)
    fresh = [p for p in plan if p.reason != "due for review"]
    assert fresh and all(bank.get(p.id).difficulty == 2 for p in fresh)
    assert all(p.reason.endswith("step up") for p in fresh)


def test_difficulty_steps_down_after_low_scores() -> None:
    bank = make_bank()
    hard = [q.id for q in bank.questions if q.difficulty == 3][:STEP_WINDOW]
    history = [
        row(bank, qid, 30, 1, T0 - timedelta(days=60, minutes=-i)) for i, qid in enumerate(hard)
    ]
    plan = choose_questions(bank, SelectionRequest("t", 6, difficulty=3, seed=5, now=T0), history)
    fresh = [p for p in plan if p.reason != "due for review"]
    assert fresh and all(bank.get(p.id).difficulty == 2 for p in fresh)
    assert all(p.reason.endswith("step down") for p in fresh)


@pytest.mark.parametrize(
    ("scores", "requested", "expected"),
    [
        ([(1, 90)] * (STEP_WINDOW - 1), 1, (1, None)),  # not yet consistent: stay
        ([(1, 90)] * (STEP_WINDOW - 1) + [(1, 70)], 1, (1, None)),  # one middling answer: stay
        ([(3, 95)] * STEP_WINDOW, 3, (3, None)),  # already at the top
        ([(1, 20)] * STEP_WINDOW, 1, (1, None)),  # already at the bottom
        ([(2, 90)] * STEP_WINDOW, None, (3, "up")),  # "any": from the level they work at
        ([], None, (None, None)),
    ],
)
def test_difficulty_only_steps_after_a_full_window_and_within_the_bounds(
    scores: list[tuple[int, float]], requested: int | None, expected: tuple
) -> None:
    step = adapt_difficulty(scores, requested)
    assert (step.target, step.step) == expected


# --------------------------------------------------------------------- weak spots, topics


def test_practise_my_weak_spots_leans_harder_on_the_weakest_category() -> None:
    bank = make_bank()
    history = history_by_category(
        bank, {"technical": 35, "behavioral": 80, "system_design": 75, "situational": 70}, 3
    )

    def technical_share(**extra: object) -> float:
        picks = [
            category_of(bank, qid)
            for seed in range(30)
            for qid in plan_ids(bank, history, count=6, seed=seed, now=T0, **extra)
        ]
        return picks.count("technical") / len(picks)

    assert technical_share(focus=WEAK_SPOTS) > technical_share() + 0.05


def test_practise_my_weak_spots_takes_every_due_review() -> None:
    bank = make_bank()
    history = [row(bank, f"technical-{n}", 20, n + 1, T0 + timedelta(minutes=n)) for n in range(5)]
    now = T0 + timedelta(days=2)
    usual = choose_questions(bank, SelectionRequest("t", 5, seed=1, now=now), history)
    weak = choose_questions(
        bank, SelectionRequest("t", 5, seed=1, now=now, focus=WEAK_SPOTS), history
    )
    assert [p.reason for p in weak] == ["due for review"] * 5
    assert [p.reason for p in usual].count("due for review") < 5  # the rest is new practice


def test_a_topic_practice_fills_from_the_topic_first() -> None:
    tags = {f"technical-{n}": ("joins",) for n in range(3)}
    bank = make_bank(tags=tags)
    history = history_by_category(bank, {"technical": 40, "behavioral": 40}, 1, days_ago=2)
    plan = choose_questions(
        bank, SelectionRequest("t", 5, seed=2, now=T0, topics=("joins",)), history
    )
    on_topic = [p for p in plan if "joins" in bank.get(p.id).tags]
    assert [p.id for p in plan[: len(on_topic)]] == [p.id for p in on_topic]
    assert len(on_topic) == 3  # every joins question, the one answered before included
    assert all(p.reason in ("weak area: joins", "seen before", "due for review") for p in on_topic)
    assert len(plan) == 5  # the rest of the track tops it up
