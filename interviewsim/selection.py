"""Choosing an interview's questions from the bank and the person's history. Pure: data in, data out."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from interviewsim.bank import Bank, Category, Question

MIXED = "mixed"


@dataclass(frozen=True)
class PlannedQuestion:
    id: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "reason": self.reason}


@dataclass(frozen=True)
class SelectionRequest:
    track: str
    count: int
    interview_type: str = MIXED  # a Category value or "mixed"
    difficulty: int | None = None  # None: any
    seed: int = 0


def _round_robin(groups: dict[str, list[Question]], count: int) -> list[Question]:
    """Take one from each group in turn, so a mixed interview is balanced over categories."""
    out: list[Question] = []
    queues = {k: list(v) for k, v in groups.items() if v}
    while len(out) < count and queues:
        for key in list(queues):
            if len(out) >= count:
                break
            out.append(queues[key].pop(0))
            if not queues[key]:
                del queues[key]
    return out


def choose_questions(
    bank: Bank, request: SelectionRequest, history: Sequence[dict[str, Any]] = ()
) -> list[PlannedQuestion]:
    """Questions for a new interview, each with the reason it was chosen.

    Questions at the requested difficulty come first, then the nearest difficulties. Within a
    difficulty the order is a seeded shuffle, so the same seed gives the same interview; questions
    the person has answered before go after ones they have not seen.
    """
    rng = random.Random(request.seed)
    pool = bank.filter(
        track=request.track,
        category=None if request.interview_type == MIXED else Category(request.interview_type),
    )
    seen = {row["question_id"] for row in history}

    def rank(q: Question) -> tuple[int, int, float]:
        distance = abs(q.difficulty - request.difficulty) if request.difficulty else 0
        return (distance, q.id in seen, rng.random())

    ordered = sorted(pool, key=rank)
    groups: dict[str, list[Question]] = {}
    for q in ordered:
        groups.setdefault(q.category.value, []).append(q)
    chosen = _round_robin(groups, request.count) if request.interview_type == MIXED else ordered
    return [
        PlannedQuestion(q.id, "seen before" if q.id in seen else "new")
        for q in chosen[: request.count]
    ]
