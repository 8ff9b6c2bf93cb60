"""Token, cost and latency accounting for model calls, collected per interview step.

A step (starting an interview, answering, skipping, ending) opens a meter; every model call made
while it is open, in the same thread or context, is recorded into it by the LLM backends. The
session folds each step's calls into `Interview.usage`. Pure Python: the offline path imports this
module and simply never records anything.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Call:
    """One request to a model."""

    purpose: str  # score | ask | follow_up | wrap_up | tailor | test
    model: str
    input_tokens: int
    output_tokens: int
    seconds: float  # from sending the request to the last byte of the reply
    cost_usd: float | None = None  # None when the model's price is unknown
    question_id: str | None = None


@dataclass
class Meter:
    calls: list[Call] = field(default_factory=list)
    # What has been found or said about this step's usage, so that it is said once a step.
    notes: set[str] = field(default_factory=set)

    def take(self) -> list[Call]:
        """The calls recorded so far, removing them from the meter."""
        taken, self.calls = self.calls, []
        return taken


# A ContextVar, not an attribute: the service is shared by every browser session's thread.
_current: ContextVar[Meter | None] = ContextVar("interviewsim_usage_meter", default=None)


@contextmanager
def metering() -> Iterator[Meter]:
    """Record model calls made inside the block (nested blocks share the outer meter)."""
    outer = _current.get()
    if outer is not None:
        yield outer
        return
    meter = Meter()
    token = _current.set(meter)
    try:
        yield meter
    finally:
        _current.reset(token)


def record(call: Call) -> None:
    """Called by the LLM backends after each model call; a no-op outside `metering()`."""
    meter = _current.get()
    if meter is not None:
        meter.calls.append(call)


def pending() -> list[Call]:
    """The calls recorded by the open meter so far: made in this step, not yet in any
    interview's stored usage."""
    meter = _current.get()
    return list(meter.calls) if meter is not None else []


def step_notes() -> set[str]:
    """The open step's notes (see `Meter.notes`); outside a step, an empty set that is kept
    nowhere."""
    meter = _current.get()
    return meter.notes if meter is not None else set()


def add_step(usage: dict[str, Any] | None, step: str, calls: Sequence[Call]) -> dict[str, Any]:
    """A new usage dict with one step's calls added and the interview totals updated.

    Returns a new dict so SQLAlchemy sees the JSON column change.
    """
    usage = dict(usage or {})
    if not calls:
        return usage
    costs = [c.cost_usd for c in calls]
    entry: dict[str, Any] = {
        "step": step,
        "question_id": next((c.question_id for c in calls if c.question_id), None),
        "calls": len(calls),
        "purposes": [c.purpose for c in calls],
        "input_tokens": sum(c.input_tokens for c in calls),
        "output_tokens": sum(c.output_tokens for c in calls),
        "seconds": round(sum(c.seconds for c in calls), 3),
        "cost_usd": None if None in costs else round(sum(costs), 6),  # type: ignore[arg-type]
    }
    known = usage.get("cost_usd")
    usage.update(
        model=calls[-1].model,
        calls=usage.get("calls", 0) + entry["calls"],
        input_tokens=usage.get("input_tokens", 0) + entry["input_tokens"],
        output_tokens=usage.get("output_tokens", 0) + entry["output_tokens"],
        seconds=round(usage.get("seconds", 0.0) + entry["seconds"], 3),
        # The total cost is shown only while every call's price was known.
        cost_usd=None
        if entry["cost_usd"] is None or ("cost_usd" in usage and known is None)
        else round((known or 0.0) + entry["cost_usd"], 6),
        steps=[*usage.get("steps", []), entry],
    )
    return usage
