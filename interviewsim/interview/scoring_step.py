"""Scoring one answer inside a turn: the backend's scorer, or the heuristic one if it fails."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from interviewsim.bank import Question, Rubric
from interviewsim.scoring import Scorer, ScoreResult

log = logging.getLogger(__name__)
SCORER_DOWN = "The AI scorer was unavailable; this answer was scored offline."


def score_or_fall_back(
    scorer: Scorer, fallback: Scorer, question: Question, rubric: Rubric, replies: Sequence[str]
) -> ScoreResult:
    """Score an exchange's replies. A provider failure must not lose the turn: the offline scorer
    answers, with a notice."""
    try:
        return scorer.score_exchange(question, rubric, replies)
    except Exception as exc:
        log.warning(
            "scorer %s failed (%s); using the heuristic scorer", scorer.name, type(exc).__name__
        )
        return replace(fallback.score_exchange(question, rubric, replies), notice=SCORER_DOWN)


def criterion_rows(result: ScoreResult) -> list[dict[str, Any]]:
    """The per-criterion levels the store keeps beside the full result, for SQL aggregates (the
    evidence and suggestions live in the result only)."""
    return [
        {"criterion_id": c.criterion_id, "name": c.name, "level": c.level, "weight": c.weight}
        for c in result.criteria
    ]
