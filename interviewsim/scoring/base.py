"""The scorer interface and the result every scorer returns."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from interviewsim.bank import Question, Rubric
from interviewsim.scoring.exchange import exchange_text


@dataclass(frozen=True)
class CriterionScore:
    criterion_id: str
    name: str
    level: int  # 1-5, as described by the rubric
    weight: float
    evidence: tuple[str, ...] = ()  # what was found, quoted from the answer where possible
    suggestions: tuple[str, ...] = ()  # concrete next steps


@dataclass(frozen=True)
class ScoreResult:
    overall: int  # 0-100
    criteria: tuple[CriterionScore, ...]
    found_points: tuple[str, ...] = ()  # key points the answer covers
    missing_points: tuple[str, ...] = ()  # key points it does not (contradicted ones included)
    contradicted_points: tuple[str, ...] = ()  # key points the answer states the other way round
    star_missing: tuple[str, ...] = ()  # for behavioral answers: the STAR parts not found
    flags: tuple[str, ...] = ()  # guards that fired, e.g. "keyword list", "repeats the question"
    scorer: str = "heuristic"
    notice: str | None = None  # shown to the person, e.g. "LLM scoring failed; heuristic used"
    improved_answer: str | None = None  # the LLM scorer's better version of the answer
    dropped_quotes: int = 0  # LLM evidence quotes dropped because the answer does not contain them

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ScoreResult:
        crit = tuple(
            CriterionScore(
                **{**c, "evidence": tuple(c["evidence"]), "suggestions": tuple(c["suggestions"])}
            )
            for c in data["criteria"]
        )
        rest: dict[str, Any] = {
            k: tuple(v) if isinstance(v, list) else v for k, v in data.items() if k != "criteria"
        }
        return cls(criteria=crit, **rest)


def overall_from_levels(criteria: tuple[CriterionScore, ...] | list[CriterionScore]) -> int:
    """Weighted mean of 1-5 levels mapped onto 0-100 (level 1 -> 0, level 5 -> 100)."""
    total = sum(c.weight for c in criteria) or 1.0
    mean = sum(c.level * c.weight for c in criteria) / total
    return round((mean - 1) / 4 * 100)


class Scorer(ABC):
    """Scores one answer against a rubric. Implementations: heuristic (offline), LLM."""

    name: str = "scorer"

    @abstractmethod
    def score(
        self, question: Question, rubric: Rubric, answer: str, *, latest: str | None = None
    ) -> ScoreResult:
        """Score `answer`. In an exchange `answer` holds every reply and `latest` is the last
        one: what it says the other way round stands, since the candidate left it there."""

    def score_exchange(
        self, question: Question, rubric: Rubric, replies: Sequence[str]
    ) -> ScoreResult:
        """Score an answer with the candidate's replies to its follow-ups, as one text."""
        latest = replies[-1] if len(replies) > 1 else None
        return self.score(question, rubric, exchange_text(replies), latest=latest)
