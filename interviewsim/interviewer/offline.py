"""The offline interviewer: deterministic wording from templates, varied by style and seed."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from interviewsim import text as tx
from interviewsim.interviewer.base import (
    Acknowledge,
    Ask,
    AskAgain,
    Cue,
    FollowUp,
    Greeting,
    Interviewer,
    WrapUp,
)
from interviewsim.states import FollowUpTarget, TargetKind

# Each style has several openers per moment; the seed picks one, so wording varies between
# interviews but a replay with the same seed is word-for-word identical.
_PHRASES: dict[str, dict[str, tuple[str, ...]]] = {
    "friendly": {
        "greet": (
            "Hi {name}, thanks for making time today! We'll go through {total} {track} questions "
            "together. Take your time, think out loud, and don't worry about being perfect.",
            "Hello {name}, great to meet you. I've got {total} {track} questions for us - "
            "treat it as a conversation, and feel free to talk through your thinking.",
        ),
        "first": ("Let's start with this one:", "Here's the first question:"),
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
        "again": ("No rush - whenever you're ready, give it a go, or press Skip to move on.",),
        "skip": ("No problem, let's skip that one.",),
    },
    "neutral": {
        "greet": (
            "Hello {name}. This is a {total}-question {track} interview. Answer as you would in "
            "a real interview; I'll ask follow-up questions where useful.",
            "Good day, {name}. We have {total} {track} questions. I may follow up on your answers.",
        ),
        "first": ("First question:", "Let's begin."),
        "next": ("Thank you. Next question.", "Understood. Moving on.", "Okay. Next."),
        "point": ("What about “{topic}”?", "Can you also address “{topic}”?"),
        "star": ("{hint}",),
        "short": ("Please elaborate.", "Can you go into more detail?"),
        "again": ("I didn't get an answer. Please answer the question, or skip it.",),
        "skip": ("Skipped.",),
    },
    "demanding": {
        "greet": (
            "{name}. {total} {track} questions. Be precise, be concrete, and don't pad. "
            "I will push back where an answer is thin.",
            "Let's get started, {name}. {total} {track} questions; I expect specifics.",
        ),
        "first": ("Question one.", "First:"),
        "next": ("Fine. Next.", "Noted. Moving on.", "Next question."),
        "point": (
            "You haven't covered “{topic}”. Address it.",
            "That leaves out “{topic}”. Explain.",
        ),
        "star": ("That's not enough. {hint}", "Be specific. {hint}"),
        "short": ("That's too thin. Give me the details.", "Too brief. Go deeper - specifics."),
        "again": ("An answer, please. Or skip it and we move on.",),
        "skip": ("Skipped. That will count against you in a real interview.",),
    },
}

_STAR_PROMPTS = {
    "situation": "What was the situation - where were you and what was at stake?",
    "task": "What exactly were you responsible for?",
    "action": "What did you personally do, step by step?",
    "result": "What was the result? Can you put a number on it?",
}


def topic_of(key_point: str, answer: str, limit: int = 3) -> str:
    """A few words naming what a missed key point is about, without giving the answer away.

    Prefers words the person has not said yet; adverbs ("slightly", "usually") are dropped
    because they name no topic.
    """
    said = set(tx.content_stems(answer))
    candidates = [w for w in tx.content_words(key_point) if not w.endswith("ly")]
    fresh = [w for w in candidates if tx.stem(w) not in said]
    return ", ".join(list(dict.fromkeys(fresh or candidates))[:limit])


@dataclass
class OfflineInterviewer(Interviewer):
    name: str = field(default="offline", init=False)
    _count: int = field(default=0, init=False, repr=False)

    def _pick(self, key: str) -> str:
        options = _PHRASES.get(self.style, _PHRASES["neutral"])[key]
        # Seeded by the call count so each moment of a replay gets the same choice.
        self._count += 1
        return random.Random(f"{self.seed}:{self._count}:{key}").choice(options)

    def say(self, cue: Cue) -> str:
        match cue:
            case Greeting(track_title=track, total=total, profile_name=name):
                return self._pick("greet").format(name=name, total=total, track=track)
            case Ask(question=q, index=index):
                lead = self._pick("first") if index == 0 else ""
                return f"{lead}\n\n{q.prompt}".strip()
            case FollowUp(question=q, target=target, answer=answer):
                return self._follow_up(q.follow_up_texts, target, answer)
            case Acknowledge(result=None):
                return self._pick("skip")
            case Acknowledge():
                return self._pick("next")
            case AskAgain():
                return self._pick("again")
            case WrapUp() as w:
                return _wrap_up(w, self.style)
        raise TypeError(f"unknown cue {cue!r}")

    def _follow_up(self, authored: tuple[str, ...], target: FollowUpTarget, answer: str) -> str:
        kind, detail = target.kind, target.detail
        if kind is TargetKind.star:
            return self._pick("star").format(hint=_STAR_PROMPTS[detail])
        if kind is TargetKind.point:
            # An authored follow-up that shares words with the missed point beats a template.
            wanted = set(tx.content_stems(detail))
            best = max(authored, key=lambda f: len(wanted & set(tx.content_stems(f))), default="")
            shared = len(wanted & set(tx.content_stems(best))) if best else 0
            if shared >= 2 and shared >= 0.4 * len(wanted):
                return best
            return self._pick("point").format(topic=topic_of(detail, answer))
        return self._pick("short")


def _wrap_up(w: WrapUp, style: str) -> str:
    if not w.answered:
        return "We're ending here without any answers scored. Come back any time to try again."
    opener = {
        "friendly": "That's a wrap - thank you, you did well to get through it!",
        "neutral": "That concludes the interview. Thank you.",
        "demanding": "We're done.",
    }.get(style, "That concludes the interview.")
    if w.ended_early:
        opener = "We'll stop here. " + opener
    parts = [
        opener,
        f"You answered {w.answered} question(s)"
        + (f" and skipped {w.skipped}" if w.skipped else "")
        + ".",
    ]
    if w.average is not None:
        parts.append(f"Your average score was {w.average:.0f}/100.")
    if w.strongest and w.weakest and w.strongest != w.weakest:
        parts.append(f"Strongest area: {w.strongest}. Most room to grow: {w.weakest}.")
    parts.append("Open the report for per-criterion feedback and model answers.")
    return " ".join(parts)
