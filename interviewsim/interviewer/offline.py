"""The offline interviewer: deterministic wording from templates, varied by style and seed.

What a follow-up asks comes from `probes` (the bank's follow-up, a question written from the key
point, a challenge, a hint); this module only says it, with a lead-in that praises only an answer
that earned it (see `base.earned`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from interviewsim.interviewer.base import (
    Acknowledge,
    Ask,
    AskAgain,
    Cue,
    FollowUp,
    Greeting,
    Interviewer,
    WrapUp,
    earned,
    spoken_name,
)
from interviewsim.interviewer.probes import probe_for
from interviewsim.interviewer.rephrase import in_other_words
from interviewsim.interviewer.replies import Reply
from interviewsim.scoring.bands import band_for
from interviewsim.states import TargetKind
from interviewsim.text import counted

OFFER_HINT = "Would you like a hint, or shall we move on? (Type 'hint', or press Skip.)"

# Each style has several openers per moment; the seed picks one, so wording varies between
# interviews but a replay with the same seed is word-for-word identical. "{hello}" is the greeting
# with the person's name when they gave one ("Hi Ada"), without it otherwise ("Hi").
_PHRASES: dict[str, dict[str, tuple[str, ...]]] = {
    "friendly": {
        "greet": (
            "{hello}, thanks for making time today! We'll go through {total} {track} questions "
            "together. Take your time, think out loud, and don't worry about being perfect.",
            "{hello}, great to meet you. I've got {total} {track} questions for us - "
            "treat it as a conversation, and feel free to talk through your thinking.",
        ),
        "hello": ("Hi",),
        "first": ("Let's start with this one:", "Here's the first question:"),
        "next_earned": (
            "Nice, let's move on.",
            "Thanks, that's helpful. Next one:",
            "Great, on to the next question.",
        ),
        "next": ("Thanks. Let's move on to the next one.", "Okay, let's try the next question."),
        "next_unsure": ("No problem, let's move on.", "That's fine - on to the next one."),
        "lead_earned": ("Good answer. One more angle:", "Nice - I like where that's going.", ""),
        "lead": ("Thanks. Let me ask about one part:", "Okay, let's dig into one part.", "Thanks."),
        "challenge": ("Hmm, let me check one thing.", "Let me stop you there for a second."),
        "short": (
            "Could you expand on that a little? An example would help.",
            "Can you tell me a bit more? Walk me through your thinking.",
        ),
        "offer": ("No problem - that happens.", "That's okay, it's a hard one."),
        "hint": ("Here's a hint.", "Sure, here's a nudge."),
        "go": ("Have a go when you're ready.", "Take your time."),
        "repeat": ("Of course. Let me put it another way:", "Sure - in other words:"),
        "repeat_same": ("Of course - here it is again:", "Sure, here's the question again:"),
        "other": (
            "I think that answers a different question{other}. Let's come back to mine:",
            "That sounds like an answer to another question{other}. Back to what I asked:",
        ),
        "again": ("No rush - whenever you're ready, give it a go, or press Skip to move on.",),
        "skip": ("No problem, let's skip that one.",),
        "no_more_help": ("That's all the help I can give on this one - let's move on.",),
        "no_more_help_last": ("That's all the help I can give on this one.",),
    },
    "neutral": {
        "greet": (
            "{hello}. This is a {total}-question {track} interview. Answer as you would in "
            "a real interview; I'll ask follow-up questions where useful.",
            "{hello}. We have {total} {track} questions. I may follow up on your answers.",
        ),
        "hello": ("Hello", "Good day"),
        "first": ("First question:", "Let's begin."),
        "next_earned": ("Good. Next question.", "Thank you. Moving on."),
        "next": ("Thank you. Next question.", "Understood. Moving on.", "Okay. Next."),
        "next_unsure": ("All right. Moving on.", "That's fine. Next question."),
        "lead_earned": ("Good.", ""),
        "lead": ("", "A follow-up:"),
        "challenge": ("",),
        "short": ("Please elaborate.", "Can you go into more detail?"),
        "offer": ("That's fine.", "All right."),
        "hint": ("Here is a hint.",),
        "go": ("Please try again.", "Go ahead."),
        "repeat": ("Certainly. In other words:", "Let me rephrase:"),
        "repeat_same": ("Certainly. The question again:",),
        "other": ("That reads as an answer to a different question{other}. To come back to mine:",),
        "again": ("I didn't get an answer. Please answer the question, or skip it.",),
        "skip": ("Skipped.",),
        "no_more_help": ("That is all the help on this question. Next question.",),
        "no_more_help_last": ("That is all the help on this question.",),
    },
    "demanding": {
        "greet": (
            "{hello}. {total} {track} questions. Be precise, be concrete, and don't pad. "
            "I will push back where an answer is thin.",
            "{hello}. {total} {track} questions; I expect specifics.",
        ),
        "hello": ("Let's get started",),
        "first": ("Question one.", "First:"),
        "next_earned": ("Fine. Next.", "Acceptable. Next question."),
        "next": ("Noted. Moving on.", "Next question."),
        "next_unsure": ("Then we move on.", "Moving on."),
        "lead_earned": ("Fine.", "Go further."),
        "lead": ("That's not enough.", "That leaves a gap."),
        "challenge": ("Stop there.", ""),
        "short": ("That's too thin. Give me the details.", "Too brief. Go deeper - specifics."),
        "offer": ("All right.",),
        "hint": ("One hint.",),
        "go": ("Now answer.", "Try again."),
        "repeat": ("Once more, differently:",),
        "repeat_same": ("Once more:",),
        "other": ("That answers a different question{other}. Back to mine:",),
        "again": ("An answer, please. Or skip it and we move on.",),
        "skip": ("Skipped. That will count against you in a real interview.",),
        "no_more_help": ("No more help on this one. Moving on.",),
        "no_more_help_last": ("No more help on this one.",),
    },
}
_OFFERS = {
    "friendly": OFFER_HINT,
    "neutral": OFFER_HINT,
    "demanding": "A hint, or do we move on? (Type 'hint', or press Skip.)",
}


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
                hello = self._pick("hello")
                person = spoken_name(name)
                if person:
                    hello = (
                        f"{hello} {person}" if hello in ("Hi", "Hello") else f"{hello}, {person}"
                    )
                return self._pick("greet").format(hello=hello, total=total, track=track)
            case Ask(question=q, index=index):
                lead = self._pick("first") if index == 0 else ""
                return f"{lead}\n\n{q.prompt}".strip()
            case FollowUp() as f:
                return self.follow_up(f)
            case Acknowledge(result=None):
                return self._pick("skip")
            case Acknowledge(reply=reply) if reply in (Reply.dont_know, Reply.move_on):
                return self._pick("next_unsure")
            case Acknowledge(reply=Reply.hint | Reply.repeat, last=last):  # none left to give
                return self._pick("no_more_help_last" if last else "no_more_help")
            case Acknowledge(result=result):
                return self._pick("next_earned" if earned(result) else "next")
            case AskAgain():
                return self._pick("again")
            case WrapUp() as w:
                return wrap_up(w, self.style)
        raise TypeError(f"unknown cue {cue!r}")

    def follow_up(self, cue: FollowUp) -> str:
        kind = cue.target.kind
        probe = cue.probe or probe_for(cue.question, cue.target, cue.result, cue.answer)
        if kind is TargetKind.offer:
            return f"{self._pick('offer')} {_OFFERS.get(self.style, OFFER_HINT)}"
        if kind is TargetKind.hint:
            return _join(self._pick("hint"), probe.text, self._pick("go"))
        if kind is TargetKind.repeat:
            _, reworded = in_other_words(cue.question.prompt)
            return _join(self._pick("repeat" if reworded else "repeat_same"), probe.text)
        if kind is TargetKind.other:
            other = cue.target.detail
            named = f" (“{other}”)" if other else ""
            return _join(self._pick("other").format(other=named), probe.text)
        if kind is TargetKind.challenge:
            return _join(self._pick("challenge"), probe.text)
        if kind is TargetKind.short:
            return self._pick("short")
        lead = self._pick("lead_earned" if earned(cue.result) else "lead")
        return _join(lead, probe.text)


def _join(*parts: str) -> str:
    return " ".join(p.strip() for p in parts if p and p.strip())


# The wrap-up's opening follows the scores: praise for a strong interview, encouragement and a
# pointer to the report for a weak one, never "you did well" at 26/100.
_WRAP_OPENERS = {
    "friendly": {
        "strong": "That's a wrap - thank you, you did really well!",
        "accepted": "That's a wrap - thank you, that went well.",
        "not yet": "That's a wrap - thank you for sticking with it. There's a good base to build on.",
        "needs work": "That's a wrap - thank you for sticking with it. These were tough ones, "
        "and the report shows exactly what to practise next.",
    },
    "neutral": {
        "strong": "That concludes the interview. Thank you - a strong performance.",
        "accepted": "That concludes the interview. Thank you.",
        "not yet": "That concludes the interview. Thank you.",
        "needs work": "That concludes the interview. Thank you.",
    },
    "demanding": {
        "strong": "We're done. That was solid.",
        "accepted": "We're done. Acceptable.",
        "not yet": "We're done. Not there yet.",
        "needs work": "We're done. That needs work.",
    },
}


def wrap_up(w: WrapUp, style: str) -> str:
    if not w.answered:
        return "We're ending here without any answers scored. Come back any time to try again."
    band = band_for(w.average).name if w.average is not None else "accepted"
    opener = _WRAP_OPENERS.get(style, _WRAP_OPENERS["neutral"])[band]
    if w.ended_early:
        opener = "We'll stop here. " + opener
    parts = [
        opener,
        f"You answered {counted(w.answered, 'question')}"
        + (f" and skipped {w.skipped}" if w.skipped else "")
        + ".",
    ]
    if w.average is not None:
        parts.append(f"Your average score was {w.average:.0f}/100.")
    if w.strongest and w.weakest and w.strongest != w.weakest:
        parts.append(f"Strongest area: {w.strongest}. Most room to grow: {w.weakest}.")
    parts.append("Open the report for per-criterion feedback and model answers.")
    return " ".join(parts)
