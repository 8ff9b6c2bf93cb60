"""One interview's lifecycle (start, answer, skip, end, resume) and the types it speaks in."""

from interviewsim.interview.model import (
    MAX_QUESTIONS,
    ChatMessage,
    InterviewError,
    InterviewSetup,
    InterviewView,
    SubmitOutcome,
    utcnow,
)
from interviewsim.interview.service import InterviewService
from interviewsim.interview.unit_of_work import InterviewUnit, Speaker

__all__ = [
    "MAX_QUESTIONS",
    "ChatMessage",
    "InterviewError",
    "InterviewService",
    "InterviewSetup",
    "InterviewUnit",
    "InterviewView",
    "Speaker",
    "SubmitOutcome",
    "utcnow",
]
