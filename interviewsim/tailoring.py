"""Questions written for one interview from a job description or résumé (with an AI provider).

The backend writes them (`Backend.tailor`); this module says what is asked for and how the plan
takes them: they replace the plan's last questions and are marked as generated.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from interviewsim.bank import Question

MAX_TAILORED = 2


@dataclass(frozen=True)
class TailorRequest:
    track: str
    track_title: str
    interview_type: str
    job_description: str
    resume: str
    count: int
    seed: int

    @property
    def wanted(self) -> bool:
        return bool(self.count and (self.job_description.strip() or self.resume.strip()))


@dataclass(frozen=True)
class Tailoring:
    questions: list[Question]
    notice: str | None = None


def tailored_count(planned: int) -> int:
    """How many planned questions make way for tailored ones: about half, one or two."""
    return min(MAX_TAILORED, max(1, planned // 2))


def with_tailored(
    planned: list[dict[str, Any]], made: Tailoring, job_description: str, resume: str
) -> list[dict[str, Any]]:
    """The plan with its last questions replaced by the tailored ones (which carry themselves
    whole: they are not in the bank)."""
    if not made.questions:
        return planned
    keep = planned[: len(planned) - len(made.questions)]
    reason = "Written for this interview from your " + " and ".join(
        name
        for name, text in (("job description", job_description), ("résumé", resume))
        if text.strip()
    )
    extra = [
        {"id": q.id, "reason": reason, "question": q.model_dump(mode="json"), "generated": True}
        for q in made.questions
    ]
    return keep + extra
