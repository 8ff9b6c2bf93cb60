"""The shipped question bank as a product: broad, stable, distinct, complete and self-consistent."""

from __future__ import annotations

import itertools
import re

import pytest

from interviewsim import text as tx
from interviewsim.bank import DEFAULT_DATA_DIR, Bank, Category, load_bank
from interviewsim.scoring import HeuristicScorer

from ..conftest import PROJECT_ROOT

STABLE_IDS = PROJECT_ROOT / "tests" / "fixtures" / "bank_ids.txt"
PLACEHOLDER = re.compile(r"\b(todo|tbd|fixme|lorem|ipsum|xxx|placeholder)\b|\.\.\.|<fill", re.I)
NEAR_DUPLICATE = 0.6  # Jaccard similarity of prompt content stems


@pytest.fixture(scope="module")
def shipped() -> Bank:
    return load_bank(DEFAULT_DATA_DIR)


def test_published_ids_never_disappear(shipped: Bank) -> None:
    """History rows refer to question ids: once shipped, an id must stay (new ones may be added)."""
    published = [line.strip() for line in STABLE_IDS.read_text().splitlines() if line.strip()]
    missing = [qid for qid in published if qid not in shipped]
    assert not missing, f"ids removed or renamed: {missing}"


def test_no_text_is_empty_or_a_placeholder(shipped: Bank) -> None:
    problems = []
    for q in shipped.questions:
        texts = [
            q.prompt,
            q.model_answer,
            *q.follow_up_texts,
            *(p for kp in q.key_points for p in kp.phrasings),
        ]
        problems += [f"{q.id}: {t[:60]!r}" for t in texts if not t.strip() or PLACEHOLDER.search(t)]
    assert not problems


def test_no_two_questions_are_near_duplicates(shipped: Bank) -> None:
    stems = {q.id: set(tx.content_stems(q.prompt)) for q in shipped.questions}
    pairs = []
    for a, b in itertools.combinations(stems, 2):
        union = stems[a] | stems[b]
        if union and len(stems[a] & stems[b]) / len(union) >= NEAR_DUPLICATE:
            pairs.append((a, b))
    assert not pairs, f"near-duplicate prompts: {pairs}"


def test_every_question_is_complete_for_its_category(shipped: Bank) -> None:
    problems = []
    for q in shipped.questions:
        words = len(q.model_answer.split())
        if not 1 <= len(q.follow_ups) <= len(q.key_points) + 3:
            problems.append(f"{q.id}: {len(q.follow_ups)} follow-ups")
        probed = {n for f in q.follow_ups for n in f.probes}
        unprobed = [n for n in range(1, len(q.key_points) + 1) if n not in probed]
        if unprobed:
            problems.append(f"{q.id}: no follow-up probes key point(s) {unprobed}")
        if not q.tags:
            problems.append(f"{q.id}: no tags")
        if q.category == Category.behavioral:
            if not (q.competency and q.strong_answer):
                problems.append(f"{q.id}: behavioral question without competency/strong_answer")
        elif not 3 <= len(q.key_points) <= 6:
            problems.append(f"{q.id}: {len(q.key_points)} key points")
        if not 60 <= words <= 200:
            problems.append(f"{q.id}: model answer of {words} words")
    assert not problems, "\n".join(problems)


def test_every_model_answer_scores_high_against_its_own_rubric(shipped: Bank) -> None:
    """A model answer must cover its own key points: otherwise the scorer cannot grade the question."""
    scorer = HeuristicScorer()
    low = []
    for q in shipped.questions:
        result = scorer.score(q, shipped.rubric_for(q.category), q.model_answer)
        if q.category != Category.behavioral and result.missing_points:
            low.append(f"{q.id}: misses its own key point(s) {list(result.missing_points)}")
        elif result.overall < 70:
            low.append(f"{q.id}: model answer scores {result.overall}")
    assert not low, "\n".join(low)


def test_the_bank_is_broad_enough_to_practise_with(shipped: Bank) -> None:
    stats = shipped.stats()
    assert stats["tracks"] >= 10
    for track, s in stats["by_track"].items():
        assert s["questions"] >= 30, f"{track} has {s['questions']} questions"
        assert set(s["by_difficulty"]) == {"1", "2", "3"}, f"{track} lacks a difficulty"
