"""The interviewer: one interface, an offline (default, deterministic) and an LLM backend."""

from interviewsim.interviewer.base import (
    MAX_FOLLOW_UPS,
    STYLES,
    Acknowledge,
    Ask,
    AskAgain,
    Cue,
    FollowUp,
    Greeting,
    Interviewer,
    WrapUp,
    plan_follow_up,
)
from interviewsim.interviewer.offline import OfflineInterviewer

__all__ = [
    "MAX_FOLLOW_UPS",
    "STYLES",
    "Acknowledge",
    "Ask",
    "AskAgain",
    "Cue",
    "FollowUp",
    "Greeting",
    "Interviewer",
    "OfflineInterviewer",
    "WrapUp",
    "plan_follow_up",
]
