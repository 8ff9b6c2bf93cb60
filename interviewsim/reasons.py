"""Why a question was chosen, in words a candidate understands.

Selection records short reasons in each interview's plan ("due for review", "weak area: joins",
"step up", ...; see `interviewsim.selection`); this module is the one place that says them to a
person. A reason it does not know (a tailored question's, say) is shown as it was written.
"""

from __future__ import annotations

CHOSEN = "chosen by you"  # "Practise this question" from the Report or the Question bank
WEAK_AREA = "weak area: "

_SENTENCES = {
    "due for review": "You answered this one before, and it is due for review: practising it "
    "again now helps it stick.",
    "new": "A question you have not been asked yet.",
    "seen before": "You have answered this one before; it comes back to build on that answer.",
    "step up": "A step up in difficulty: your recent answers at this level scored high.",
    "step down": "A step down in difficulty, to build up again after some tough answers.",
    "asked recently: few other questions left": "You were asked this recently, but few other "
    "questions on this track are left.",
    CHOSEN: "You chose to practise this question.",
}


def friendly_reason(reason: str | None) -> str:
    """A sentence or two for the reason(s) selection gave, joined with " · " in the plan."""
    if not reason:
        return ""
    return " ".join(_sentence(part.strip()) for part in reason.split(" · ") if part.strip())


def _sentence(part: str) -> str:
    if part.startswith(WEAK_AREA):
        area = part.removeprefix(WEAK_AREA)
        return f"It practises {area}, where your answers have scored lowest so far."
    return _SENTENCES.get(part, part)
