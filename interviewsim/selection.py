"""Choosing an interview's questions from the bank and the person's history. Pure: data in, data out.

A new person gets a balanced mix over the track's categories. A returning person gets, in order:

1. questions that are **due for review**: each answered question sits in a Leitner box; a bad answer
   puts it back in the first box (review after a day), a good one moves it up a box, and each box
   waits longer (1, 3, 7, 14, 30 days);
2. **new** questions, each slot going to a category with a probability proportional to how weak the
   person is there (its average and its weakest rubric criterion); within a category, questions at
   the target difficulty first, then those on the weakest tags. The target difficulty steps up after
   consistently high scores and down after low ones;
3. only if the bank runs short: questions seen before but not yet due, then ones asked recently.

Questions asked in the person's last few interviews never come back unless they are due. "Practise
my weak spots" (WEAK_SPOTS) takes every due review and squares each category's need; `topics`
puts questions on those tags or categories first. The same seed and history give the same
interview. Each question carries the reason it was chosen ("due for review", "weak area: joins",
"new", "step up", ...).
"""

from __future__ import annotations

import math
import random
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from interviewsim.bank import Bank, Category, Question
from interviewsim.learner import (
    PRIOR_SCORE,
    Area,
    Learner,
    criteria_of,
    criterion_key,
    read_history,
)

MIXED = "mixed"
BALANCED = "balanced"  # the usual adaptive interview
WEAK_SPOTS = "weak_spots"  # "Practise my weak spots": weakness counts for more, every due review
WEAK_SPOTS_COUNT = 5  # questions in a one-click weak-spots interview

REVIEW_SHARE = 0.5  # at most half of a usual interview is reviews; the rest is new practice

STEP_WINDOW = 4  # answers at one difficulty that decide a step
STEP_UP_SCORE = 80.0  # every one of them at or above: step up
STEP_DOWN_SCORE = 45.0  # their average below: step down
MIN_DIFFICULTY, MAX_DIFFICULTY = 1, 3

MIN_NEED = 5.0  # even the strongest category keeps a small share


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
    difficulty: int | None = None  # None: any for a new person, the person's level afterwards
    seed: int = 0
    now: datetime | None = None  # None: the time of the last answer in the history
    focus: str = BALANCED  # BALANCED or WEAK_SPOTS
    topics: tuple[str, ...] = ()  # tags or category values to practise; empty: the whole track


# ------------------------------------------------------------------------------ the history, read

# --------------------------------------------------------------------------------- difficulty


@dataclass(frozen=True)
class DifficultyStep:
    target: int | None  # None: any difficulty
    step: str | None = None  # "up", "down" or None

    @property
    def reason(self) -> str | None:
        return f"step {self.step}" if self.step else None


def adapt_difficulty(scores: Sequence[tuple[int, float]], requested: int | None) -> DifficultyStep:
    """The difficulty to practise at, stepped from the requested one (or, if none was requested,
    from the level of the person's recent answers) after STEP_WINDOW answers at that level."""
    answered = [(d, s) for d, s in scores if d]
    if requested is None:
        if not answered:
            return DifficultyStep(None)
        recent = [d for d, _ in answered[-STEP_WINDOW:]]
        base = round(statistics.median(recent))
    else:
        base = requested
    at_base = [s for d, s in answered if d == base][-STEP_WINDOW:]
    if len(at_base) == STEP_WINDOW:
        if base < MAX_DIFFICULTY and min(at_base) >= STEP_UP_SCORE:
            return DifficultyStep(base + 1, "up")
        if base > MIN_DIFFICULTY and statistics.fmean(at_base) < STEP_DOWN_SCORE:
            return DifficultyStep(base - 1, "down")
    return DifficultyStep(base)


# ---------------------------------------------------------------------------------- choosing


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


def _pool(bank: Bank, request: SelectionRequest) -> list[Question]:
    category = None if request.interview_type == MIXED else Category(request.interview_type)
    return bank.filter(track=request.track, category=category)


def _on_topic(question: Question, topics: Iterable[str]) -> bool:
    wanted = set(topics)
    return bool(wanted & set(question.tags)) or question.category.value in wanted


def _balanced_plan(
    pool: Sequence[Question], request: SelectionRequest, rng: random.Random
) -> list[PlannedQuestion]:
    """A first interview: the requested difficulty first, balanced over categories, seeded."""

    def rank(q: Question) -> tuple[int, float]:
        distance = abs(q.difficulty - request.difficulty) if request.difficulty else 0
        return (distance, rng.random())

    ordered = sorted(pool, key=rank)
    if request.topics:  # the chosen topics first, still balanced within them
        ordered.sort(key=lambda q: not _on_topic(q, request.topics))
    groups: dict[str, list[Question]] = {}
    for q in ordered:
        groups.setdefault(q.category.value, []).append(q)
    chosen = _round_robin(groups, request.count) if request.interview_type == MIXED else ordered
    return [PlannedQuestion(q.id, "new") for q in chosen[: request.count]]


def _weakest_area(question: Question, learner: Learner, bank: Bank) -> Area | None:
    """The weakest answered area the question practises, if any is weak."""
    category = question.category.value
    areas = [learner.area("tag", t) for t in question.tags]
    areas.append(learner.area("category", category))
    areas += [
        learner.area("criterion", criterion_key(category, c.id))
        for c in criteria_of(bank, question.category)
    ]
    weak = [a for a in areas if a.weak]
    return min(weak, key=lambda a: (a.smoothed, a.kind, a.key)) if weak else None


def category_need(category: str, learner: Learner, bank: Bank) -> float:
    """How much a category needs practice: its score, and its weakest rubric criterion."""
    overall = learner.area("category", category).need
    keys = [criterion_key(category, c.id) for c in criteria_of(bank, Category(category))]
    criteria = [learner.criteria[k].need for k in keys if k in learner.criteria]
    need = (overall + max(criteria)) / 2 if criteria else overall
    return max(need, MIN_NEED)


def _tag_need(question: Question, learner: Learner) -> float:
    return max((learner.area("tag", t).need for t in question.tags), default=100 - PRIOR_SCORE)


def _category_weights(
    questions: Sequence[Question], learner: Learner, bank: Bank, weak_spots: bool
) -> dict[str, float]:
    weights = {c: category_need(c, learner, bank) for c in {q.category.value for q in questions}}
    # "Practise my weak spots" squares the need, so the weakest categories dominate.
    return {c: w**2 for c, w in weights.items()} if weak_spots else weights


def _share_out(
    questions: Sequence[Question], weights: dict[str, float], slots: int, rng: random.Random
) -> list[Question]:
    """Fill `slots` from the questions (best first within each category): each slot goes to a
    category drawn with probability proportional to its weight, so over many interviews each
    category's share follows its need; a category with no questions left drops out."""
    queues: dict[str, list[Question]] = {}
    for q in questions:
        queues.setdefault(q.category.value, []).append(q)
    out: list[Question] = []
    while len(out) < slots and queues:
        keys = sorted(queues)
        pick = rng.choices(keys, weights=[weights[k] for k in keys])[0]
        out.append(queues[pick].pop(0))
        if not queues[pick]:
            del queues[pick]
    return out


def _reason(
    question: Question, learner: Learner, bank: Bank, level: DifficultyStep, topics: Sequence[str]
) -> str:
    step = level.reason if level.step and question.difficulty == level.target else None
    on_topic = [t for t in topics if t in question.tags or t == question.category.value]
    if on_topic:
        main = f"weak area: {on_topic[0].replace('_', ' ')}"
    elif weak := _weakest_area(question, learner, bank):
        main = f"weak area: {weak.label}"
    elif step:
        return step
    else:
        main = "seen before" if question.id in learner.memories else "new"
    return f"{main} · {step}" if step else main


def choose_questions(
    bank: Bank,
    request: SelectionRequest,
    history: Sequence[dict[str, Any]] = (),
    stored: Sequence[dict[str, Any]] | None = None,
) -> list[PlannedQuestion]:
    """Questions for a new interview, each with the reason it was chosen.

    `history` holds one row per scored question, oldest first (see `read_history`; with `stored`
    memories, only the recent ones are needed); rows from other tracks are ignored. The same
    request, seed and history give the same interview.
    """
    rng = random.Random(request.seed)
    pool = _pool(bank, request)
    in_track = {q.id for q in bank.filter(track=request.track)}
    rows = [r for r in history if r.get("overall") is not None and r["question_id"] in in_track]
    if not rows:
        return _balanced_plan(pool, request, rng)

    learner = read_history(rows, bank, stored)
    now = request.now or max(r["answered_at"] for r in rows)
    level = adapt_difficulty(learner.scores, request.difficulty)
    weak_spots = request.focus == WEAK_SPOTS
    topics = request.topics
    tie = {q.id: rng.random() for q in pool}  # seeded tie-breaks: same seed, same interview

    def practice_order(q: Question) -> tuple[Any, ...]:
        distance = abs(q.difficulty - level.target) if level.target else 0
        if weak_spots:  # weakness before difficulty: the point is the weak spot
            return (-_tag_need(q, learner), distance, tie[q.id])
        return (distance, -_tag_need(q, learner), tie[q.id])

    due, waiting, recent, new = _sort_by_memory(pool, learner, now)
    new.sort(key=practice_order)
    review_cap = request.count if weak_spots else max(1, math.floor(request.count * REVIEW_SHARE))
    # Each tier is (questions, reason); reason None means "share out over the categories".
    tiers: list[tuple[list[Question], str | None]]
    if topics:  # the topic first, in every form; then the rest of the track tops it up
        on_due, off_due = _split_on_topic(due, topics)
        on_new, off_new = _split_on_topic(new, topics)
        on_waiting, off_waiting = _split_on_topic(waiting, topics)
        recent.sort(key=lambda q: not _on_topic(q, topics))
        tiers = [
            (on_due, "due for review"),
            (on_new, None),
            (on_waiting, "seen before"),
            (off_new, None),
            (off_due, "due for review"),
            (off_waiting, "seen before"),
        ]
    else:
        tiers = [
            (due[:review_cap], "due for review"),
            (new, None),
            (due[review_cap:], "due for review"),
            (waiting, "seen before"),
        ]
    # The bank ran short: a question from a recent interview beats a shorter interview.
    tiers.append((recent, "asked recently: few other questions left"))

    plan: list[PlannedQuestion] = []
    for questions, reason in tiers:
        room = request.count - len(plan)
        if room <= 0:
            break
        if reason is None:
            weights = _category_weights(questions, learner, bank, weak_spots)
            fresh = _share_out(questions, weights, room, rng)
            plan += [PlannedQuestion(q.id, _reason(q, learner, bank, level, topics)) for q in fresh]
        else:
            plan += [PlannedQuestion(q.id, reason) for q in questions[:room]]
    return plan


def _split_on_topic(
    questions: Sequence[Question], topics: Sequence[str]
) -> tuple[list[Question], list[Question]]:
    on = [q for q in questions if _on_topic(q, topics)]
    return on, [q for q in questions if not _on_topic(q, topics)]


def _sort_by_memory(
    pool: Sequence[Question], learner: Learner, now: datetime
) -> tuple[list[Question], list[Question], list[Question], list[Question]]:
    """Split the pool: due for review (lowest box, longest overdue first), seen and waiting
    (soonest due first), asked in a recent interview and not due (oldest first), and new."""
    due: list[Question] = []
    waiting: list[Question] = []
    recent: list[Question] = []
    new: list[Question] = []
    for q in pool:
        memory = learner.memories.get(q.id)
        if memory is None:
            new.append(q)
        elif memory.due_at <= now:
            due.append(q)
        elif memory.last_interview in learner.recent_interviews:
            recent.append(q)
        else:
            waiting.append(q)
    memories = learner.memories
    due.sort(key=lambda q: (memories[q.id].box, memories[q.id].due_at, q.id))
    waiting.sort(key=lambda q: (memories[q.id].due_at, q.id))
    recent.sort(key=lambda q: (memories[q.id].last_answered, q.id))
    return due, waiting, recent, new
