"""What a 0-100 score means, in words the Report and Practice pages can show.

Pure data and two small functions, no UI: the pages render these strings as plain text. The scale
is calibrated (and measured by `bench/scoring.py`) so that 60 is the line between an answer a
careful interviewer would accept and one they would not.
"""

from __future__ import annotations

from dataclasses import dataclass

LINE = 60  # accepted from here up

LINE_EXPLANATION = (
    "60 is the line between an answer a careful interviewer would accept as correct and complete "
    "enough and one they would not; 80 and above is strong."
)


@dataclass(frozen=True)
class Band:
    name: str
    floor: int  # the lowest score in the band
    meaning: str


BANDS: tuple[Band, ...] = (
    Band("strong", 80, "Correct, complete and well supported."),
    Band("accepted", LINE, "Correct and complete enough to pass; some points could be sharper."),
    Band("not yet", 40, "Part of it is right, but something essential is missing or wrong."),
    Band("needs work", 0, "Mostly missing, off the question or wrong."),
)

OFFLINE_LABEL = (
    "Scored offline by the built-in scorer, which matches your words against the question's key "
    "points; an AI grader, when one is set up, reads the answer more closely."
)
AI_LABEL = "Scored by the AI grader; every quote it gives is checked against your answer."


def band_for(score: float) -> Band:
    """The band a 0-100 score falls in (scores outside the scale are clamped)."""
    for band in BANDS:
        if score >= band.floor:
            return band
    return BANDS[-1]


def scorer_label(scorer: str) -> str:
    """How an answer was scored, for a line under its score ("heuristic" or "llm")."""
    return AI_LABEL if scorer == "llm" else OFFLINE_LABEL
