"""Delivery insights on a saved answer, typed or spoken, kept with its turn.

Computed offline when the answer is saved (see `interviewsim.insights`); the counts Progress adds
up per day go in their own columns, the whole insights in one compressed document.
"""

from __future__ import annotations

from interviewsim.bank import Bank, Question
from interviewsim.insights import Insights, insights, track_terms
from interviewsim.interviewer.replies import is_request
from interviewsim.store.models import Turn

MAX_DURATION_S = 3 * 60 * 60  # a recording longer than this is a mistake, not an answer


def spoken_duration(duration_s: float | None) -> float | None:
    """A recording's length in seconds, rounded, or None for a typed answer (or a bad value)."""
    if duration_s is None or not 0 < duration_s <= MAX_DURATION_S:
        return None
    return round(float(duration_s), 2)


def record_delivery(
    turn: Turn, question: Question, bank: Bank, duration_s: float | None
) -> Insights | None:
    """Compute the insights on `turn.answer` and store them on the turn. None for a request:
    "hint" is not an answer to count words or time in."""
    if is_request(turn.answer or ""):
        return None
    terms = track_terms(bank, question.track) if question.track in bank.tracks else None
    seconds = spoken_duration(duration_s)
    found = insights(turn.answer or "", question, terms, duration_s=seconds)
    turn.duration_s = seconds
    turn.word_count = found.word_count
    turn.filler_count = found.filler_count
    turn.term_count = len(found.terms_used)
    turn.insights = found.to_stored()
    return found
