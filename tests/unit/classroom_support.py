"""Small builders shared by the classroom tests: bank files written for the tests, an instructor."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import yaml

from interviewsim.bootstrap import App
from interviewsim.profiles import Owner
from interviewsim.roles import Roles

GOOD_ANSWER = (
    "GROUP BY collapses rows that share the grouping values into one row per group, and "
    "aggregates such as COUNT or SUM are computed per group."
)


def question(qid: str, **fields: Any) -> dict[str, Any]:
    """A valid technical question, written for these tests."""
    return {
        "id": qid,
        "category": "technical",
        "difficulty": 1,
        "prompt": f"Explain what a GROUP BY does ({qid}).",
        "key_points": [
            {"text": "it collapses rows that share values into one row per group"},
            "aggregates are computed per group",
        ],
        "model_answer": GOOD_ANSWER,
        "follow_ups": [
            {"text": "What happens to the columns that are not grouped?", "probes": [1]}
        ],
        "tags": ["aggregation"],
        **fields,
    }


def bank_yaml(key: str, *ids: str, track: str | None = None, title: str | None = None) -> bytes:
    document = {
        "bank": key,
        "title": title or f"Bank {key}",
        "track": track or key,
        "questions": [question(i) for i in ids or (f"{key}-q1",)],
    }
    return yaml.safe_dump(document, sort_keys=False).encode("utf-8")


def instructor(app: App, name: str = "Teach") -> Owner:
    """A local profile acting as an instructor (as the command line does)."""
    return Roles.command_line(app.profiles.local(name))


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)
