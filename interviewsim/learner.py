"""What a person's history says about them, read from their scored answers. Pure: data in, data out.

Each answered question sits in a Leitner box (a bad answer puts it back in the first box, a good one
moves it up; each box waits longer before review), and each category, tag and rubric criterion has
a score that says how weak the person is there, judged on their recent answers. Selection
(`interviewsim.selection`) chooses the next interview from this.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from interviewsim.bank import Bank, Category

GOOD_SCORE = 70.0  # at or above: answered well, the question moves up a box
BAD_SCORE = 50.0  # below: answered badly, the question goes back to the first box
REVIEW_DAYS = (1, 3, 7, 14, 30)  # wait before review, for boxes 1..5
RECENT_INTERVIEWS = 3  # a question asked in the last 3 interviews of a track waits, unless due
PRIOR_SCORE = 60.0  # what an area with no answers is assumed to score
PRIOR_ANSWERS = 2  # how many answers that assumption is worth (pulls small samples to the middle)
WEAK_SCORE = 60.0  # an answered area scoring below this is named a "weak area"
AREA_WINDOW = 200  # weakness is judged on the most recent answers: people improve


@dataclass(frozen=True)
class Memory:
    """What the history says about one question: its Leitner box and when it is next due."""

    question_id: str
    box: int  # 1..len(REVIEW_DAYS)
    answers: int
    last_score: float
    last_answered: datetime
    last_interview: int

    @property
    def due_at(self) -> datetime:
        return self.last_answered + timedelta(days=REVIEW_DAYS[self.box - 1])


def next_box(box: int, score: float) -> int:
    """The Leitner step: a bad answer goes back to box 1, a good one moves up, others stay."""
    if score < BAD_SCORE:
        return 1
    if score >= GOOD_SCORE:
        # A first good answer skips box 1: a question already known need not return tomorrow.
        return min(max(box, 1) + 1, len(REVIEW_DAYS))
    return max(box, 1)


@dataclass(frozen=True)
class Area:
    """A category, tag or rubric criterion, and how the person scores in it (0-100)."""

    kind: str  # category | tag | criterion
    key: str
    label: str
    mean: float
    answers: int

    @property
    def smoothed(self) -> float:
        """The mean pulled towards PRIOR_SCORE, so one unlucky answer does not define an area."""
        total = self.mean * self.answers + PRIOR_SCORE * PRIOR_ANSWERS
        return total / (self.answers + PRIOR_ANSWERS)

    @property
    def need(self) -> float:
        """How much practice the area needs: 100 minus the smoothed score."""
        return 100.0 - self.smoothed

    @property
    def weak(self) -> bool:
        return self.answers > 0 and self.smoothed < WEAK_SCORE


@dataclass
class _Tally:
    total: float = 0.0
    count: int = 0
    label: str = ""

    def add(self, value: float) -> None:
        self.total += value
        self.count += 1


@dataclass(frozen=True)
class Learner:
    """Everything selection knows about one person on one track."""

    memories: dict[str, Memory]
    categories: dict[str, Area]
    tags: dict[str, Area]
    # "category/criterion id" -> level scaled to 0-100. Rubrics reuse ids ("coverage" in
    # several), so a criterion is judged within its category's rubric.
    criteria: dict[str, Area]
    recent_interviews: frozenset[int]
    scores: list[tuple[int, float]] = field(
        default_factory=list
    )  # (difficulty, score), oldest first

    def area(self, kind: str, key: str) -> Area:
        known = {"category": self.categories, "tag": self.tags, "criterion": self.criteria}[kind]
        return known.get(key) or Area(kind, key, key.replace("_", " "), PRIOR_SCORE, 0)


def _level_as_score(level: float) -> float:
    return (level - 1) / 4 * 100


def _areas(kind: str, tallies: dict[str, _Tally]) -> dict[str, Area]:
    return {
        key: Area(kind, key, t.label or key.replace("_", " "), t.total / t.count, t.count)
        for key, t in tallies.items()
        if t.count
    }


def read_history(
    rows: Sequence[dict[str, Any]],
    bank: Bank | None = None,
    stored: Sequence[dict[str, Any]] | None = None,
) -> Learner:
    """Summarise scored-question rows (oldest first) into a Learner.

    Each row needs `question_id`, `interview_id`, `overall`, `answered_at`, and optionally
    `criteria` ({criterion id: level}). A question's category, difficulty and tags come from
    the `bank` (what it is now), or from the row's own fields for a question the bank lacks.

    `stored` holds the per-question memories the store keeps as interviews finish (question_id,
    box, answers, last_score, last_answered, last_interview_id): with them, `rows` need only be
    the recent answers (areas and difficulty are judged on those); rows newer than a stored
    memory, from an interview not finished yet, are added on top of it.
    """
    facts = [_facts(row, bank) for row in rows]
    boxes: dict[str, int] = {}
    answers: dict[str, int] = {}
    latest: dict[str, tuple[float, datetime, int]] = {}
    for m in stored or ():
        boxes[m["question_id"]], answers[m["question_id"]] = m["box"], m["answers"]
        latest[m["question_id"]] = (m["last_score"], m["last_answered"], m["last_interview_id"])
    interviews: list[int] = []
    for row in rows:
        qid = row["question_id"]
        if qid in latest and row["answered_at"] <= latest[qid][1]:
            pass  # already in the stored memory
        else:
            boxes[qid] = next_box(boxes.get(qid, 0), float(row["overall"]))
            answers[qid] = answers.get(qid, 0) + 1
            latest[qid] = (float(row["overall"]), row["answered_at"], row["interview_id"])
        if not interviews or interviews[-1] != row["interview_id"]:
            interviews.append(row["interview_id"])
    memories = {
        qid: Memory(qid, boxes[qid], answers[qid], score, when, interview_id)
        for qid, (score, when, interview_id) in latest.items()
    }
    recent: list[int] = []
    for interview_id in reversed(interviews):  # the last RECENT_INTERVIEWS distinct ones
        if interview_id not in recent:
            recent.append(interview_id)
        if len(recent) == RECENT_INTERVIEWS:
            break

    categories: dict[str, _Tally] = {}
    tags: dict[str, _Tally] = {}
    criteria: dict[str, _Tally] = {}
    for row, (category, _, question_tags) in zip(
        rows[-AREA_WINDOW:], facts[-AREA_WINDOW:], strict=True
    ):
        score = float(row["overall"])
        categories.setdefault(category, _Tally()).add(score)
        for tag in question_tags:
            tags.setdefault(tag, _Tally()).add(score)
        for criterion_id, level in (row.get("criteria") or {}).items():
            key = criterion_key(category, criterion_id)
            criteria.setdefault(key, _Tally()).add(_level_as_score(level))
    for key, tally in criteria.items():
        tally.label = _criterion_name(bank, key)
    categories.pop("", None)
    return Learner(
        memories,
        _areas("category", categories),
        _areas("tag", tags),
        _areas("criterion", criteria),
        frozenset(recent),
        [
            (difficulty, float(r["overall"]))
            for r, (_, difficulty, _) in zip(rows, facts, strict=True)
        ],
    )


def _facts(row: dict[str, Any], bank: Bank | None) -> tuple[str, int, tuple[str, ...]]:
    """(category, difficulty, tags) of the row's question."""
    if bank is not None and row["question_id"] in bank:
        q = bank.get(row["question_id"])
        return q.category.value, q.difficulty, q.tags
    tags = tuple(row.get("tags") or ())
    return str(row.get("category") or ""), int(row.get("difficulty") or 0), tags


def criterion_key(category: str, criterion_id: str) -> str:
    return f"{category}/{criterion_id}"


def _criterion_name(bank: Bank | None, key: str) -> str:
    category, _, criterion_id = key.partition("/")
    if bank is not None and category in Category.__members__:
        for criterion in criteria_of(bank, Category(category)):
            if criterion.id == criterion_id:
                return criterion.name
    return criterion_id.replace("_", " ")


def criteria_of(bank: Bank, category: Category) -> tuple[Any, ...]:
    try:
        return bank.rubric_for(category).criteria
    except KeyError:  # a bank without rubrics still gets questions chosen
        return ()
