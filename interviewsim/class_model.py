"""What classes and assignments are, as the core hands them out: join codes, class and assignment
facts, an assignment's status for one student.

A join code is drawn with `secrets` from an alphabet without look-alikes (no 0/O, 1/I/L), long
enough that guessing one is hopeless (31**10, about 8e14 codes); it stops working when the class
ends.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import quote

from interviewsim.store.models import Assignment

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # 31 symbols, none mistaken for another
CODE_LENGTH = 10  # 31**10 ≈ 8e14 codes
CLASS_NAME_MAX = 80
ASSIGNMENT_TITLE_MAX = 120
MAX_ASSIGNED = 50
JOIN_PARAM = "join"


class ClassError(ValueError):
    """A class request that cannot be honoured; the message says why and what to do."""


def new_join_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(typed: str) -> str:
    """A typed code as stored: upper case, without the spaces or dashes people add."""
    return re.sub(r"[\s\-_.]", "", typed).upper()


def join_link(base_url: str, code: str) -> str:
    return f"{base_url.rstrip('/')}/?{JOIN_PARAM}={quote(code)}"


@dataclass(frozen=True)
class AssignmentInfo:
    id: int
    class_id: int
    title: str
    questions: int
    tracks: tuple[str, ...]
    banks: tuple[str, ...]
    due_on: date
    created_at: datetime


@dataclass(frozen=True)
class ClassInfo:
    id: int
    name: str
    code: str
    starts_on: date | None
    ends_on: date | None
    banks: tuple[str, ...]
    tracks: tuple[str, ...]  # named directly
    members: int
    ended: bool
    created_at: datetime


@dataclass(frozen=True)
class AssignmentStatus:
    assignment: AssignmentInfo
    answered: int  # questions answered on its tracks between its creation and the end of its day
    state: str  # done | in progress | not started | missed

    @property
    def label(self) -> str:
        a = self.assignment
        return f"{self.state} ({min(self.answered, a.questions)} of {a.questions})"


@dataclass(frozen=True)
class MyClass:
    """A class as its student sees it."""

    id: int
    name: str
    instructor: str
    joined_at: datetime
    tracks: tuple[str, ...]  # every track the class practises (and its instructor can read)
    ends_on: date | None
    ended: bool
    assignments: tuple[AssignmentStatus, ...]


def status_of(assignment: AssignmentInfo, answered: int, today: date) -> str:
    if answered >= assignment.questions:
        return "done"
    if today > assignment.due_on:
        return "missed"
    return "in progress" if answered else "not started"


def ended(ends_on: date | None, today: date) -> bool:
    """True once the class's last day is over."""
    return ends_on is not None and today > ends_on


def assignment_info(a: Assignment) -> AssignmentInfo:
    return AssignmentInfo(
        a.id,
        a.class_id,
        a.title,
        a.questions,
        tuple(a.tracks),
        tuple(a.banks),
        a.due_on,
        a.created_at,
    )
