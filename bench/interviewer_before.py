"""The offline interviewer as it was before issue 11 (commit b4d3c07), for the baseline of
bench/interview_quality.py: its follow-up policy and its wording after an answer, kept here
verbatim in behaviour so the benchmark can put both side by side on the same answers and scores.

Not used by the app.
"""

from __future__ import annotations

import random

from interviewsim import text as tx
from interviewsim.bank import Category, Question
from interviewsim.scoring.base import ScoreResult

MAX_FOLLOW_UPS = 2
SHORT_ANSWER_WORDS = 25

_PHRASES: dict[str, dict[str, tuple[str, ...]]] = {
    "friendly": {
        "next": (
            "Nice, let's move on.",
            "Thanks, that's helpful. Next one:",
            "Great, on to the next question.",
        ),
        "point": (
            "Good start! One more angle: what can you tell me about “{topic}”?",
            "I like where that's going. Where do “{topic}” come into it?",
        ),
        "star": ("Thanks for sharing that. {hint}", "That's a good example. {hint}"),
        "short": (
            "Could you expand on that a little? An example would help.",
            "Can you tell me a bit more? Walk me through your thinking.",
        ),
    },
    "neutral": {
        "next": ("Thank you. Next question.", "Understood. Moving on.", "Okay. Next."),
        "point": ("What about “{topic}”?", "Can you also address “{topic}”?"),
        "star": ("{hint}",),
        "short": ("Please elaborate.", "Can you go into more detail?"),
    },
    "demanding": {
        "next": ("Fine. Next.", "Noted. Moving on.", "Next question."),
        "point": (
            "You haven't covered “{topic}”. Address it.",
            "That leaves out “{topic}”. Explain.",
        ),
        "star": ("That's not enough. {hint}", "Be specific. {hint}"),
        "short": ("That's too thin. Give me the details.", "Too brief. Go deeper - specifics."),
    },
}
_STAR_PROMPTS = {
    "situation": "What was the situation - where were you and what was at stake?",
    "task": "What exactly were you responsible for?",
    "action": "What did you personally do, step by step?",
    "result": "What was the result? Can you put a number on it?",
}


def plan(question: Question, answer: str, result: ScoreResult) -> tuple[str, str] | None:
    """The old policy for a first answer: (kind, detail) of the follow-up, or None."""
    if "empty answer" in result.flags:
        return None
    if not result.missing_points and not result.star_missing:
        return None
    if question.category == Category.behavioral:
        candidates = [("star", part) for part in result.star_missing]
    else:
        candidates = [("point", p) for p in result.missing_points]
    if len(answer.split()) < SHORT_ANSWER_WORDS:
        candidates.append(("short", ""))
    return candidates[0] if candidates else None


def _topic_of(key_point: str, answer: str, limit: int = 3) -> str:
    said = set(tx.content_stems(answer))
    candidates = [w for w in tx.content_words(key_point) if not w.endswith("ly")]
    fresh = [w for w in candidates if tx.stem(w) not in said]
    return ", ".join(list(dict.fromkeys(fresh or candidates))[:limit])


def say_after(question: Question, answer: str, result: ScoreResult, style: str, seed: int):
    """What the old interviewer said after a first answer: (follow-up kind or None, text)."""
    count = 0

    def pick(key: str) -> str:
        nonlocal count
        count += 1
        options = _PHRASES.get(style, _PHRASES["neutral"])[key]
        return random.Random(f"{seed}:{count}:{key}").choice(options)

    target = plan(question, answer, result)
    if target is None:
        return None, pick("next")
    kind, detail = target
    if kind == "star":
        return kind, pick("star").format(hint=_STAR_PROMPTS[detail])
    if kind == "point":
        wanted = set(tx.content_stems(detail))
        authored = question.follow_up_texts
        best = max(authored, key=lambda f: len(wanted & set(tx.content_stems(f))), default="")
        shared = len(wanted & set(tx.content_stems(best))) if best else 0
        if shared >= 2 and shared >= 0.4 * len(wanted):
            return kind, best
        return kind, pick("point").format(topic=_topic_of(detail, answer))
    return kind, pick("short")
