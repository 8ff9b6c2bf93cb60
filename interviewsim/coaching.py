"""Feedback in the moment and attempts side by side: what a score means, which key points an answer
hit and missed, one thing to do next, and what changed from one attempt to the next. Pure.

Coach mode shows a `Verdict` in the chat after each scored answer; the Report compares the attempts
at a question with `compare_attempts`. Both read only the `ScoreResult`: its overall score, the key
points found, missing and (when the scorer reports it) contradicted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from interviewsim.scoring.bands import band_for
from interviewsim.scoring.base import ScoreResult


def band_of(score: float) -> str:
    """What a 0-100 score means, in a word or two ("Accepted"): the band from
    `interviewsim.scoring.bands`, where 60 is the line a careful human grader would accept."""
    return band_for(score).name.capitalize()


class Mark(StrEnum):
    hit = "hit"
    missed = "missed"
    contradicted = "contradicted"  # the answer said the opposite


SO_FAR = "for the question so far"

# Why a guard of the scorer held an answer down, in a coach's words (by the scorer's flag).
REASONS = {
    "repeats itself": "the answer repeats itself; repeated content earns nothing more and "
    "padding costs marks.",
    "keyword list": "a list of terms is not an answer: say how they fit together.",
    "word salad": "the words do not form sentences that say something.",
    "off-topic": "most of the answer is about something other than the question.",
    "repeats the question": "the answer mostly says the question back.",
    "instruction to the grader": "instructions to the grader are ignored and cost marks.",
    "answers another question": "it reads as an answer to another question of this track.",
    "contradicts a key point": "it states a key point the wrong way round (marked ✗).",
    # true of an answer that touches every point and of "I don't know" alike
    "covers no key point in full": "it states none of the key points in full (marked ✗), so it "
    "cannot pass yet.",
}

SYMBOL = {Mark.hit: "✓", Mark.missed: "✗", Mark.contradicted: "✗"}


@dataclass(frozen=True)
class PointMark:
    text: str  # the key point, as the bank words it
    mark: Mark

    @property
    def symbol(self) -> str:
        return SYMBOL[self.mark]


def contradicted_points(result: ScoreResult) -> tuple[str, ...]:
    # The reworked scorer adds this field; results stored before it do not have it.
    return tuple(getattr(result, "contradicted_points", ()) or ())


def point_marks(result: ScoreResult) -> list[PointMark]:
    """Each key point once, in the order the scorer listed them: hit, missed or contradicted."""
    against = set(contradicted_points(result))
    marks = [PointMark(p, Mark.hit) for p in result.found_points if p not in against]
    seen = {m.text for m in marks}
    for point in (*result.missing_points, *contradicted_points(result)):
        if point not in seen:
            seen.add(point)
            marks.append(PointMark(point, Mark.contradicted if point in against else Mark.missed))
    return marks


def suggestion_for(result: ScoreResult) -> str | None:
    """One thing to do next: the first suggestion of the weakest criterion (the heaviest among
    equally weak ones), or of the next weakest that has one."""
    ranked = sorted(result.criteria, key=lambda c: (c.level, -c.weight))
    return next((c.suggestions[0] for c in ranked if c.suggestions), None)


@dataclass(frozen=True)
class Verdict:
    """Coach mode's feedback on one scored answer."""

    overall: int
    band: str
    points: tuple[PointMark, ...]
    suggestion: str | None
    attempt: int = 1
    previous: int | None = None  # the previous attempt's score, when this is a retry
    # After a follow-up: the score is the whole question's, what the exchange has covered so far.
    so_far: bool = False
    reasons: tuple[str, ...] = ()  # why a guard held the score down (`REASONS`)

    @property
    def change(self) -> int | None:
        return None if self.previous is None else self.overall - self.previous

    @property
    def headline(self) -> str:
        """The one line: band, score, and the change from the previous attempt."""
        line = f"{self.band} · {self.overall}/100"
        if self.so_far:
            line += f" {SO_FAR}"
        if self.change is not None:
            line += f" ({self.change:+d} on attempt {self.attempt - 1})"
        return line

    @property
    def text(self) -> str:
        """The whole verdict as plain text, as the transcript keeps it."""
        parts = [self.headline]
        parts += [f"{p.symbol} {p.text}" for p in self.points]
        parts += [f"Why: {reason}" for reason in self.reasons]
        if self.suggestion:
            parts.append(f"Next time: {self.suggestion}")
        return "\n".join(parts)

    def to_meta(self) -> dict[str, Any]:
        return {
            "overall": self.overall,
            "band": self.band,
            "points": [[p.text, p.mark.value] for p in self.points],
            "suggestion": self.suggestion,
            "attempt": self.attempt,
            "previous": self.previous,
            "so_far": self.so_far,
            "reasons": list(self.reasons),
        }

    @classmethod
    def from_meta(cls, meta: dict[str, Any]) -> Verdict:
        return cls(
            overall=int(meta["overall"]),
            band=str(meta["band"]),
            points=tuple(PointMark(str(t), Mark(m)) for t, m in meta.get("points", [])),
            suggestion=meta.get("suggestion"),
            attempt=int(meta.get("attempt", 1)),
            previous=meta.get("previous"),
            so_far=bool(meta.get("so_far")),
            reasons=tuple(str(r) for r in meta.get("reasons") or ()),
        )


def verdict_for(
    result: ScoreResult,
    attempt: int = 1,
    previous: ScoreResult | None = None,
    so_far: bool = False,
) -> Verdict:
    return Verdict(
        overall=result.overall,
        band=band_of(result.overall),
        points=tuple(point_marks(result)),
        suggestion=suggestion_for(result),
        attempt=attempt,
        previous=None if previous is None else previous.overall,
        so_far=so_far,
        reasons=tuple(REASONS[f] for f in result.flags if f in REASONS),
    )


# ------------------------------------------------------------------------- attempts compared


@dataclass(frozen=True)
class AttemptChange:
    """One attempt beside the one before it."""

    number: int
    overall: int | None  # None: skipped
    change: int | None  # from the previous scored attempt
    points: tuple[PointMark, ...]
    newly_covered: tuple[str, ...]  # key points this attempt hit that the previous one did not
    lost: tuple[str, ...]  # key points the previous attempt hit that this one did not

    @property
    def band(self) -> str | None:
        return None if self.overall is None else band_of(self.overall)


def compare_attempts(results: Sequence[ScoreResult | None]) -> list[AttemptChange]:
    """Each attempt (in order; None for a skipped one) with its score, the change from the last
    scored attempt before it, its key points, and the points newly covered or lost."""
    out: list[AttemptChange] = []
    before: ScoreResult | None = None
    for number, result in enumerate(results, start=1):
        if result is None:
            out.append(AttemptChange(number, None, None, (), (), ()))
            continue
        marks = tuple(point_marks(result))
        hit = [m.text for m in marks if m.mark is Mark.hit]
        if before is None:
            out.append(AttemptChange(number, result.overall, None, marks, (), ()))
        else:
            had = [m.text for m in point_marks(before) if m.mark is Mark.hit]
            out.append(
                AttemptChange(
                    number,
                    result.overall,
                    result.overall - before.overall,
                    marks,
                    tuple(p for p in hit if p not in had),
                    tuple(p for p in had if p not in hit),
                )
            )
        before = result
    return out
